/** A list row's header cell: the case's tracking number, linking to the staff case page. */
export function CaseLinkCell({ caseId, trackingNumber }: { caseId: string; trackingNumber: string }) {
  return (
    <th scope="row">
      <a class="usa-link" href={`/cases/${caseId}`}>
        {trackingNumber}
      </a>
    </th>
  );
}
