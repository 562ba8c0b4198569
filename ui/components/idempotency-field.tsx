/** A key generated when the form is drawn: a double submit sends it twice and the case acts once. */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

export function IdempotencyField({ value }: { value: string }) {
  return <input type="hidden" name={IDEMPOTENCY_FIELD} value={value} />;
}
