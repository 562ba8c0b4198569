/**
 * Durations in process definitions. One syntax, two bases:
 *  - calendar (elapsed) time: ISO 8601 durations without years or months, which have no fixed length:
 *    `P3D`, `PT4H`, `P1DT12H`, `P2W`, `PT30M`, `PT45S`.
 *  - working time, counted only inside a calendar's business hours:
 *    `10 working days`, `1 working day`, `4 working hours`, `30 working minutes`.
 * Pure and deterministic: safe in Temporal's workflow sandbox.
 */

export type WorkingUnit = 'day' | 'hour' | 'minute';

export type DurationSpec =
  | {
      readonly basis: 'calendar';
      /** The text as written, for messages and timelines. */
      readonly source: string;
      /** Total length in milliseconds (a day is 24 hours of elapsed time). */
      readonly ms: number;
    }
  | {
      readonly basis: 'working';
      readonly source: string;
      readonly unit: WorkingUnit;
      /** Whole units, > 0. A working day is one local business day of the calendar, whatever its hours. */
      readonly amount: number;
    };

export type DurationParseResult =
  { readonly ok: true; readonly duration: DurationSpec } | { readonly ok: false; readonly message: string };

const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const WORKING = /^(\d+)\s+working\s+(day|days|hour|hours|minute|minutes)$/;
const MAX_MS = 100 * 366 * 24 * 3600 * 1000;

export function parseDuration(text: unknown): DurationParseResult {
  if (typeof text !== 'string')
    return { ok: false, message: 'a duration is a string such as "P3D" or "10 working days"' };
  const source = text.trim();
  const iso = ISO.exec(source);
  if (iso && source !== 'P' && !source.endsWith('T')) {
    const [w, d, h, m, s] = iso.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
    const ms = ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
    if (ms <= 0) return { ok: false, message: `duration "${source}" must be longer than zero` };
    if (ms > MAX_MS) return { ok: false, message: `duration "${source}" is longer than 100 years` };
    return { ok: true, duration: { basis: 'calendar', source, ms } };
  }
  const working = WORKING.exec(source);
  if (working) {
    const amount = Number(working[1]);
    if (amount <= 0) return { ok: false, message: `duration "${source}" must be longer than zero` };
    if (amount > 100000) return { ok: false, message: `duration "${source}" is too long` };
    const unit = working[2].replace(/s$/, '') as WorkingUnit;
    return { ok: true, duration: { basis: 'working', source, unit, amount } };
  }
  if (/^P.*[YM].*$/.test(source) && !source.includes('T')) {
    return {
      ok: false,
      message: `duration "${source}": years and months have no fixed length; use days or weeks (e.g. "P30D")`,
    };
  }
  return {
    ok: false,
    message: `"${source}" is not a duration: use ISO 8601 calendar time ("P3D", "PT4H") or working time ("10 working days", "4 working hours")`,
  };
}

/** Comparable size for ordering checks when both durations have the same basis and unit. */
export function comparableSize(duration: DurationSpec): { key: string; size: number } {
  return duration.basis === 'calendar'
    ? { key: 'calendar', size: duration.ms }
    : { key: `working-${duration.unit}`, size: duration.amount };
}
