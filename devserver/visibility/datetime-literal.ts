/** RFC 3339 date-times as Temporal writes them (a bare date is accepted and means midnight UTC). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch milliseconds of an RFC 3339 string, or undefined when it is not one. Fractions finer than a
 * millisecond are truncated: the server keeps times in milliseconds.
 */
export function parseDatetimeLiteral(text: string): number | undefined {
  const match = RFC3339.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const millis = fraction.slice(0, 3).padEnd(3, '0');
  const offset = zone === 'Z' || zone === 'z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const parsed = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Epoch milliseconds of any time value a record may carry (Date, epoch ms, RFC 3339 string, proto Timestamp). */
export function toEpochMillis(value: unknown): number | undefined {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseDatetimeLiteral(value);
  if (typeof value === 'object' && value !== null && 'seconds' in value) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const secs = Number(seconds ?? 0);
    const ns = Number(nanos ?? 0);
    return Number.isFinite(secs) && Number.isFinite(ns) ? secs * 1000 + Math.floor(ns / 1e6) : undefined;
  }
  return undefined;
}
