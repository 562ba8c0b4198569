import { parseDateParts } from './date-parts';

describe('parseDateParts', () => {
  const parse = (day: string, month: string, year: string) =>
    parseDateParts({ 'due-day': day, 'due-month': month, 'due-year': year }, 'due', 'the due date');
  it('turns real dates into ISO dates', () => {
    expect(parse('7', '3', '2026')).toEqual({ ok: true, date: '2026-03-07' });
    expect(parse('29', '02', '2028')).toEqual({ ok: true, date: '2028-02-29' });
  });
  it('says what is wrong with the rest', () => {
    expect(parse('', '', '')).toEqual({ ok: false, message: 'Enter the due date' });
    expect(parse('31', '2', '2026')).toEqual({ ok: false, message: 'The due date must be a real date' });
    expect(parse('x', '2', '2026').ok).toBe(false);
    expect(parse('1', '2', '26').ok).toBe(false);
  });
});
