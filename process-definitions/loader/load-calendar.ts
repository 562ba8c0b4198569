/**
 * A shared calendar file (process-definitions/calendars/*.yaml) checked as a calendar: the same
 * YAML limits and the calendar schema, with positions in its own file. `civicflow validate` uses it
 * for calendar files instead of reporting them against the definition schema.
 */
import path from 'node:path';
import type { DefinitionProblem } from '../../domain/errors';
import { calendarSchemaValidator, validateWith } from './schema-validator';
import { readYaml } from './yaml-reader';

/** A file in a `calendars` folder, or a document with a time zone and no steps, is a calendar. */
export function isCalendarFile(file: string, text: string): boolean {
  if (path.basename(path.dirname(file)) === 'calendars') return true;
  return /^timeZone:/m.test(text) && !/^steps:/m.test(text);
}

export function loadCalendarText(
  text: string,
  file: string,
): { ok: boolean; title?: string; problems: readonly DefinitionProblem[] } {
  const read = readYaml(text.replace(/^\uFEFF/, ''), file);
  if (read.value !== undefined && !read.sink.hasErrors) validateWith(calendarSchemaValidator(), read.value, read.sink);
  const ok = read.value !== undefined && !read.sink.hasErrors;
  const value = read.value;
  const title =
    value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.title === 'string'
      ? value.title
      : undefined;
  return { ok, ...(title ? { title } : {}), problems: read.sink.problems };
}
