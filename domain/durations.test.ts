import { comparableSize, parseDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['P3D', 3 * 86400000],
    ['PT4H', 4 * 3600000],
    ['P1DT12H', 36 * 3600000],
    ['P2W', 14 * 86400000],
    ['PT30M', 1800000],
    ['PT45S', 45000],
    [' P1D ', 86400000],
  ])('calendar time %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, duration: { basis: 'calendar', source: text.trim(), ms } });
  });

  it.each([
    ['10 working days', 'day', 10],
    ['1 working day', 'day', 1],
    ['4 working hours', 'hour', 4],
    ['30 working minutes', 'minute', 30],
  ])('working time %s', (text, unit, amount) => {
    expect(parseDuration(text)).toEqual({ ok: true, duration: { basis: 'working', source: text, unit, amount } });
  });

  it.each(['', 'P', 'PT', 'P1Y', 'P2M', 'PT0S', '0 working days', '3 days', 'P1.5D', '-P1D', '1 working week', 'p1d'])(
    'rejects %j',
    (text) => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    },
  );

  it('rejects non-strings and absurd lengths', () => {
    expect(parseDuration(5).ok).toBe(false);
    expect(parseDuration('P99999999D').ok).toBe(false);
  });

  it('compares within a basis and unit only', () => {
    const d = (t: string) => {
      const r = parseDuration(t);
      if (!r.ok) throw new Error(r.message);
      return comparableSize(r.duration);
    };
    expect(d('P1D').size).toBeGreaterThan(d('PT23H').size);
    expect(d('2 working days').key).not.toBe(d('4 working hours').key);
  });
});
