/** True when `zone` is an IANA time zone this runtime knows (config, agency contact, calendars). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
