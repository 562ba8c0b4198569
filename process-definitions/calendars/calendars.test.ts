/**
 * The shared business calendars: every definition's inline copy matches the canonical file, and the
 * holidays fall where the City and County actually close (incl. the weekend+holiday stretches the
 * shipped SLA scenarios rely on).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import type { Calendar } from '../../domain/calendar';
import { parseDuration } from '../../domain/durations';
import { addDuration } from '../../interpreter/durations';
import { holidayName, isWorkingDay } from '../../interpreter/working-time';
import { loadDefinitionFileSync } from '../loader';

const dir = path.join(__dirname, '..');

function canonical(id: string): Calendar {
  const document = parse(readFileSync(path.join(__dirname, `${id}.yaml`), 'utf8')) as Omit<Calendar, 'id'>;
  return { id, ...document };
}

function inline(definitionFile: string, id: string): Calendar {
  const result = loadDefinitionFileSync(path.join(dir, definitionFile));
  if (!result.compiled) throw new Error(`${definitionFile} does not compile`);
  return result.compiled.calendars[id];
}

function due(calendar: Calendar, duration: string, from: string): string {
  const parsed = parseDuration(duration);
  if (!parsed.ok) throw new Error(parsed.message);
  return new Date(addDuration(parsed.duration, Date.parse(from), calendar)).toISOString();
}

describe('inline copies match the canonical calendars', () => {
  it.each([
    ['building-permit.yaml', 'la-city'],
    ['service-complaint.yaml', 'la-city'],
    ['benefit-application.yaml', 'la-county'],
  ])('%s carries %s unchanged', (file, id) => {
    expect(inline(file, id)).toEqual(canonical(id));
  });
});

describe('City of Los Angeles holidays', () => {
  const city = canonical('la-city');

  it.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-01-19', 'Martin Luther King Jr. Day'],
    ['2026-02-16', "Presidents' Day"],
    ['2026-03-31', 'César Chávez Day'],
    ['2026-05-25', 'Memorial Day'],
    ['2026-06-19', 'Juneteenth'],
    ['2026-07-03', 'Independence Day'], // 4 July is a Saturday: observed Friday
    ['2026-09-07', 'Labor Day'],
    ['2026-10-12', "Indigenous Peoples' Day"],
    ['2026-11-11', 'Veterans Day'],
    ['2026-11-26', 'Thanksgiving Day'],
    ['2026-11-27', 'Day after Thanksgiving'],
    ['2026-12-25', 'Christmas Day'],
    ['2027-06-18', 'Juneteenth'], // Saturday 19 June 2027 → Friday
    ['2027-11-26', 'Day after Thanksgiving'],
    ['2024-11-29', 'Day after Thanksgiving'], // 1 November 2024 was a Friday: the 4th Friday was the 22nd
    ['2030-11-29', 'Day after Thanksgiving'],
    ['2027-12-24', 'Christmas Day'], // Saturday → Friday
    ['2027-12-31', "New Year's Day"], // 1 January 2028 is a Saturday → Friday 31 December 2027
  ])('%s is %s', (date, name) => {
    expect(holidayName(city, date)).toBe(name);
    expect(isWorkingDay(city, date)).toBe(false);
  });

  it('works ordinary weekdays and not weekends', () => {
    expect(isWorkingDay(city, '2026-07-06')).toBe(true); // Monday after the 4th of July weekend
    expect(isWorkingDay(city, '2026-11-30')).toBe(true);
    expect(isWorkingDay(city, '2026-07-04')).toBe(false);
    expect(isWorkingDay(city, '2026-07-05')).toBe(false);
    expect(isWorkingDay(city, '2021-06-18')).toBe(true); // Juneteenth only from 2022
    expect(isWorkingDay(city, '2024-11-22')).toBe(true); // a 4th Friday that is not the day after Thanksgiving
  });

  it('computes the due dates the README and scenarios quote', () => {
    // Wednesday before the 4th of July weekend + 3 working days → Tuesday 7 July close of business.
    expect(due(city, '3 working days', '2026-07-01T09:00:00-07:00')).toBe('2026-07-08T00:00:00.000Z');
    // Friday before Memorial Day + 1 working day → Tuesday 26 May 17:00.
    expect(due(city, '1 working day', '2026-05-22T16:00:00-07:00')).toBe('2026-05-27T00:00:00.000Z');
    // Elapsed hours ignore the calendar: Saturday 10:00 + PT24H → Sunday 10:00.
    expect(due(city, 'PT24H', '2026-07-04T10:00:00-07:00')).toBe('2026-07-05T17:00:00.000Z');
    // 30 working days from Monday 2 March skip César Chávez Day → Tuesday 14 April.
    expect(due(city, '30 working days', '2026-03-02T09:00:00-08:00')).toBe('2026-04-15T00:00:00.000Z');
  });
});

describe('County of Los Angeles calendar', () => {
  const county = canonical('la-county');
  it('has the longer office day and the same holiday weekend', () => {
    expect(county.businessHours.monday).toEqual([{ start: '07:30', end: '17:30' }]);
    expect(isWorkingDay(county, '2026-07-03')).toBe(false);
    expect(due(county, '2 working days', '2026-07-01T08:00:00-07:00')).toBe('2026-07-07T00:30:00.000Z');
  });
});
