/**
 * The notices to the resident or staff that the outbox gave up on (issue 11): what, by which channel,
 * how often it was tried and why it failed, so staff can reach the person another way.
 */
export interface UndeliveredNotice {
  id: number;
  template: string;
  channel: string;
  attempts: number;
  reason: string;
  /** When it was given up, already formatted for the reader. */
  when: string;
}

export function UndeliveredNotices({ notices }: { notices: readonly UndeliveredNotice[] }) {
  if (notices.length === 0) return null;
  const heading =
    notices.length === 1 ? 'A notice could not be delivered' : `${notices.length} notices could not be delivered`;
  return (
    <div class="usa-alert usa-alert--warning usa-alert--slim" id="undelivered-notices">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{heading}</h2>
        <ul class="usa-list">
          {notices.map((notice) => (
            <li key={notice.id}>
              {notice.template.replace(/-/g, ' ')} by {notice.channel}: given up {notice.when} after {notice.attempts}{' '}
              attempts ({notice.reason})
            </li>
          ))}
        </ul>
        <p class="usa-alert__text">Contact the person another way, and record what you did as a comment.</p>
      </div>
    </div>
  );
}
