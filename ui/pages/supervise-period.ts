/**
 * The dashboard's period in the URL (`from`, `to`: whole days, YYYY-MM-DD, both included) ⇄ the instants
 * the reports take: from the start of `from` to the start of the day after `to`, in the agency's time
 * zone. Default: the 30 days up to and including today. Pure.
 */
import type { FieldError } from '../components/error-summary';
import { localInstant } from '../present';
import { localMoment } from '../present/time-wording';

export interface PeriodQuery {
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 400;

const isoDay = (epochDay: number): string => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
const epochDayOfIso = (text: string): number | undefined => {
  const match = DAY.exec(text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text ? Math.round(date.getTime() / 86_400_000) : undefined;
};
const startOf = (epochDay: number, timeZone: string): Date => {
  const [year, month, day] = isoDay(epochDay).split('-').map(Number);
  return new Date(localInstant(year ?? 1970, month ?? 1, day ?? 1, 0, 0, timeZone));
};

/** `query` is the period used (the default when the one asked for is wrong); `typed` is what was asked, to show back in the form. */
export function parsePeriodQuery(
  params: URLSearchParams,
  now: Date,
  timeZone: string,
): { query: PeriodQuery; typed: PeriodQuery; period: { from: Date; to: Date }; errors: FieldError[] } {
  const today = localMoment(now.getTime(), timeZone).epochDay;
  const errors: FieldError[] = [];
  const read = (name: 'from' | 'to', fallback: number, label: string): number => {
    const raw = (params.get(name) ?? '').trim().slice(0, 20);
    if (raw === '') return fallback;
    const day = epochDayOfIso(raw);
    if (day === undefined)
      errors.push({ field: `period-${name}`, message: `${label} must be a real date written like 2026-11-30` });
    return day ?? fallback;
  };
  let to = read('to', today, 'The last day');
  let from = read('from', to - (DEFAULT_DAYS - 1), 'The first day');
  if (errors.length === 0 && from > to)
    errors.push({ field: 'period-from', message: 'The first day must be on or before the last day' });
  if (errors.length === 0 && to - from + 1 > MAX_DAYS)
    errors.push({ field: 'period-from', message: `Choose a period of at most ${MAX_DAYS} days` });
  if (errors.length > 0) {
    to = today;
    from = today - (DEFAULT_DAYS - 1);
  }
  const query = { from: isoDay(from), to: isoDay(to) };
  const typed =
    errors.length > 0
      ? { from: (params.get('from') ?? '').slice(0, 20), to: (params.get('to') ?? '').slice(0, 20) }
      : query;
  return { query, typed, period: { from: startOf(from, timeZone), to: startOf(to + 1, timeZone) }, errors };
}

export function periodSearch(query: PeriodQuery): string {
  return new URLSearchParams({ from: query.from, to: query.to }).toString();
}
