/** Business calendars stored as the domain Calendar JSON, keyed by id. */
import type { Knex } from 'knex';
import type { Calendar } from '../../domain/calendar';
import { DbError } from '../errors';
import { jsonb } from './db-values';

interface CalendarRow {
  id: string;
  calendar: Calendar;
}

/** Creates or replaces a calendar. Running cases carry their own copy, so replacing one is safe. */
export async function upsertCalendar(db: Knex, calendar: Calendar): Promise<Calendar> {
  if (
    typeof calendar.id !== 'string' ||
    calendar.id === '' ||
    typeof calendar.timeZone !== 'string' ||
    calendar.timeZone === ''
  ) {
    throw new DbError('INVALID_INPUT', 'a calendar needs an id and a time zone');
  }
  await db('calendars')
    .insert({
      id: calendar.id,
      title: calendar.title ?? null,
      time_zone: calendar.timeZone,
      calendar: jsonb(calendar),
      updated_at: db.fn.now(),
    })
    .onConflict('id')
    .merge(['title', 'time_zone', 'calendar', 'updated_at']);
  return calendar;
}

export async function getCalendar(db: Knex, id: string): Promise<Calendar | undefined> {
  const row = await db<CalendarRow>('calendars').where({ id }).first('id', 'calendar');
  return row?.calendar;
}

export async function requireCalendar(db: Knex, id: string): Promise<Calendar> {
  const found = await getCalendar(db, id);
  if (!found) throw new DbError('CALENDAR_NOT_FOUND', `calendar ${id} not found`, { calendarId: id });
  return found;
}

export async function listCalendars(db: Knex): Promise<Calendar[]> {
  const rows = await db<CalendarRow>('calendars').orderBy('id').select('id', 'calendar');
  return rows.map((row) => row.calendar);
}
