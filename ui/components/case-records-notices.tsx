/**
 * The case's records state at the top of the staff case page: the legal holds that keep it (reason,
 * who placed each, since when) and, once disposed of, its tombstone (when, who approved, what went).
 * Plain data in, markup out.
 */
export interface HoldNotice {
  id: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  /** "this case" or "a search" (a hold on a search keeps every case it matches, also later ones). */
  on: 'case' | 'search';
}

export interface TombstoneNotice {
  disposedAt: string;
  approvedBy: string;
  retentionClass: string;
  documentsRemoved: number;
}

export function CaseRecordsNotices({
  holds,
  tombstone,
}: {
  holds: readonly HoldNotice[];
  tombstone?: TombstoneNotice;
}) {
  return (
    <>
      {holds.length > 0 ? (
        <div class="usa-alert usa-alert--warning usa-alert--slim" id="legal-hold-notice">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading">Under legal hold</h2>
            <p class="usa-alert__text">This case must not be disposed of while a hold is active.</p>
            <ul class="usa-list">
              {holds.map((hold) => (
                <li key={hold.id}>
                  {hold.reason} — placed on {hold.on === 'case' ? 'this case' : 'a search that matches this case'} by{' '}
                  {hold.placedBy}, since {hold.placedAt}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {tombstone ? (
        <div class="usa-alert usa-alert--info usa-alert--slim" id="disposed-notice">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading">Disposed of</h2>
            <p class="usa-alert__text">
              This case was disposed of on {tombstone.disposedAt} under retention class {tombstone.retentionClass},
              approved by {tombstone.approvedBy}. Its personal data and{' '}
              {tombstone.documentsRemoved === 1 ? '1 document were' : `${tombstone.documentsRemoved} documents were`}{' '}
              removed; what remains is its tombstone.
            </p>
          </div>
        </div>
      ) : null}
    </>
  );
}
