/** A list row's header cell: the case's tracking number, linking to the staff case page, with its flags. */
export function CaseLinkCell({
  caseId,
  trackingNumber,
  newMessages = 0,
  undeliveredNotices = 0,
}: {
  caseId: string;
  trackingNumber: string;
  newMessages?: number;
  undeliveredNotices?: number;
}) {
  return (
    <th scope="row">
      <a class="usa-link" href={`/cases/${caseId}`}>
        {trackingNumber}
      </a>
      {newMessages ? (
        <span class="usa-tag cf-tag-new">{newMessages === 1 ? 'New message' : `${newMessages} new messages`}</span>
      ) : null}
      {undeliveredNotices ? <span class="usa-tag">Notice not delivered</span> : null}
    </th>
  );
}
