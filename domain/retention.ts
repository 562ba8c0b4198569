/**
 * Retention: a closed case's retention class says how long its record is kept. `keep` is an ISO 8601
 * period (years, months, weeks, days) or `permanent`; the disposal date is the closing date plus that
 * period, in UTC calendar arithmetic (a year kept from 29 February ends on 28 February or 1 March as
 * JavaScript's month roll-over gives; the day either way is after the full period).
 */

const PERIOD = /^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/** The disposal date of a case closed at `closedAt` under a class kept for `keep`; null when kept permanently or `keep` is not a period. */
export function disposalDate(closedAt: Date, keep: string): Date | null {
  if (keep === 'permanent') return null;
  const match = PERIOD.exec(keep);
  if (!match) return null;
  const [years, months, weeks, days] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const due = new Date(closedAt.getTime());
  due.setUTCFullYear(due.getUTCFullYear() + years, due.getUTCMonth() + months, due.getUTCDate() + weeks * 7 + days);
  return due;
}

/** Whether a case is due for disposal at `now` (never for permanent records). */
export function isDueForDisposal(closedAt: Date, keep: string, now: Date): boolean {
  const due = disposalDate(closedAt, keep);
  return due !== null && due.getTime() <= now.getTime();
}
