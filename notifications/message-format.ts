/** Plain-language formatting of dates and lengths of time for messages. */
import type { AgencyContact } from './template-fields';
import { residentWords, type ResidentLanguage } from './templates/resident-words';

const zoneOf = (agency: AgencyContact): string => agency.timeZone ?? 'UTC';

/** "Friday, December 4, 2026" ("viernes, 4 de diciembre de 2026" in Spanish). */
export function formatDate(date: Date, agency: AgencyContact, language: ResidentLanguage = 'en'): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: zoneOf(agency),
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(date);
}

/** "Friday, December 4, 2026 at 5:00 PM PST". */
export function formatDateTime(date: Date, agency: AgencyContact): string {
  const day = formatDate(date, agency);
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone: zoneOf(agency),
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
  return `${day} at ${time}`;
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2 days and 3 hours", "45 minutes": calendar time, the two largest units. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (days === 0 && mins > 0) parts.push(plural(mins, 'minute'));
  if (parts.length === 0) return 'less than a minute';
  return parts.slice(0, 2).join(' and ');
}

/** "Call 311 or (213) 473-3231, email x@y.gov, or visit https://…". */
export function contactSentence(agency: AgencyContact, language: ResidentLanguage = 'en'): string {
  const words = residentWords(language).contact;
  const ways: string[] = [];
  if (agency.phone) ways.push(`${words.call} ${agency.phone}${agency.hours ? ` (${agency.hours})` : ''}`);
  if (agency.email) ways.push(`${words.email} ${agency.email}`);
  if (agency.website) ways.push(`${words.visit} ${agency.website}`);
  const joined = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} ${words.or} ${ways[ways.length - 1]}` : ways[0];
  return `${words.questions} ${joined.charAt(0).toUpperCase()}${joined.slice(1)}.`;
}

/** Ends free text written by staff with a full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  return /[.!?…)"']$/.test(text) ? text : `${text}.`;
}
