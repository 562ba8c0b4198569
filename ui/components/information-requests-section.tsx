/** The dashboard's information requests: how many contacts, the share answered at first contact, and the counts by topic and by channel. */
import type { ContactReport } from '../../api/services/knowledge/knowledge-service';
import { CONTACT_CHANNELS } from '../../api/services/knowledge/knowledge-input';

type Row = ContactReport['byTopic'][number];

function CountTable({
  id,
  caption,
  first,
  rows,
  label,
}: {
  id: string;
  caption: string;
  first: string;
  rows: readonly Row[];
  label: (key: string) => string;
}) {
  return (
    <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby={`${id}-caption`}>
      <table class="usa-table usa-table--compact" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Contacts</th>
            <th scope="col">Answered at first contact</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>No contacts logged in this period.</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{label(row.key)}</th>
                <td class="cf-dashboard__number">{row.contacts}</td>
                <td class="cf-dashboard__number">{row.answered}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function InformationRequestsSection({ report }: { report: ContactReport }) {
  const channel = (key: string) => CONTACT_CHANNELS.find((one) => one.value === key)?.label ?? key;
  return (
    <section class="cf-dashboard__section" aria-labelledby="information-requests-title">
      <h2 id="information-requests-title">Information requests</h2>
      <p>
        Questions answered from the knowledge base, with no case: {report.contacts}{' '}
        {report.contacts === 1 ? 'contact' : 'contacts'}
        {report.answeredAtFirstContact === null
          ? '.'
          : `, ${report.answeredAtFirstContact} % answered at first contact (the rest became cases).`}
      </p>
      <div class="grid-row grid-gap">
        <div class="desktop:grid-col-6">
          <CountTable
            id="information-requests-by-topic"
            caption="Contacts by topic"
            first="Topic"
            rows={report.byTopic}
            label={(key) => key}
          />
        </div>
        <div class="desktop:grid-col-6">
          <CountTable
            id="information-requests-by-channel"
            caption="Contacts by channel"
            first="Channel"
            rows={report.byChannel}
            label={channel}
          />
        </div>
      </div>
    </section>
  );
}
