// The pure schedule spec: calendars in a zone across DST, cron strings, intervals, excludes, jitter.
import { RpcError } from '../protocol/rpc-error';
import { compileSpec, SpecTimes } from './schedule-spec';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const times = (spec: Parameters<typeof compileSpec>[0], seed = 'test') => new SpecTimes(compileSpec(spec), seed);
const at = (text: string): number => Date.parse(text);

test('a daily 02:30 in New York is skipped forward on the spring-forward day and taken once on the fall-back day', () => {
  const t = times({ calendar: [{ hour: '2', minute: '30' }], timezoneName: 'America/New_York' });
  // 2030-03-10: clocks jump from 02:00 to 03:00, so 02:30 does not exist and becomes 03:30 EDT.
  expect(iso(t.nextNominal(at('2030-03-10T05:00:00Z')))).toBe('2030-03-10T07:30:00.000Z');
  // 2030-11-03: 01:00–02:00 happens twice; 02:30 happens once (EST).
  expect(t.nominalTimesBetween(at('2030-11-02T12:00:00Z'), at('2030-11-04T12:00:00Z'), 10).map(iso)).toEqual([
    '2030-11-03T07:30:00.000Z',
    '2030-11-04T07:30:00.000Z',
  ]);
});

test('cron strings: names, steps, ranges, @shorthands, @every and CRON_TZ', () => {
  expect(iso(times({ cronString: ['*/15 9-10 * JAN MON-FRI'] }).nextNominal(at('2030-01-05T12:00:00Z')))).toBe(
    '2030-01-07T09:00:00.000Z',
  );
  expect(
    times({ cronString: ['0 0 29 2 *'] })
      .nominalTimesBetween(at('2030-01-01T00:00:00Z'), at('2037-01-01T00:00:00Z'), 5)
      .map(iso),
  ).toEqual(['2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z']);
  expect(iso(times({ cronString: ['@hourly'] }).nextNominal(at('2030-01-01T10:20:00Z')))).toBe(
    '2030-01-01T11:00:00.000Z',
  );
  expect(iso(times({ cronString: ['@every 90m'] }).nextNominal(at('2030-01-01T00:00:00Z')))).toBe(
    '2030-01-01T01:30:00.000Z',
  );
  const zoned = compileSpec({ cronString: ['CRON_TZ=Europe/Paris 0 8 * * *'] });
  expect(zoned.timezone).toBe('Europe/Paris');
  expect(iso(new SpecTimes(zoned, 's').nextNominal(at('2030-07-01T00:00:00Z')))).toBe('2030-07-01T06:00:00.000Z');
});

test('intervals with phase, excludes, start and end', () => {
  const t = times({
    interval: [{ interval: { seconds: 3600 }, phase: { seconds: 600 } }],
    excludeCalendar: [{ hour: '12', minute: '*', second: '*' }],
    startTime: { seconds: at('2030-01-01T11:00:00Z') / 1000 },
    endTime: { seconds: at('2030-01-01T15:00:00Z') / 1000 },
  });
  expect(t.nominalTimesBetween(0, Number.MAX_SAFE_INTEGER, 10).map(iso)).toEqual([
    '2030-01-01T11:10:00.000Z',
    '2030-01-01T13:10:00.000Z',
    '2030-01-01T14:10:00.000Z',
  ]);
});

test('jitter is deterministic per schedule and time, within the jitter and before the next time', () => {
  const spec = { interval: [{ interval: { seconds: 60 } }], jitter: { seconds: 3600 } };
  const a = times(spec, 'one');
  const nominal = at('2030-01-01T00:00:00Z');
  const delay = a.actualTime(nominal) - nominal;
  expect(delay).toBeGreaterThanOrEqual(0);
  expect(delay).toBeLessThan(60_000);
  expect(times(spec, 'one').actualTime(nominal)).toBe(a.actualTime(nominal));
  const spread = new Set([...Array(20).keys()].map((i) => times(spec, `s${i}`).actualTime(nominal)));
  expect(spread.size).toBeGreaterThan(10);
});

test('bad specs are INVALID_ARGUMENT', () => {
  for (const bad of [
    { timezoneName: 'Nowhere/Land' },
    { cronString: ['61 * * * *'] },
    { cronString: ['* *'] },
    { interval: [{ interval: { seconds: 60 }, phase: { seconds: 60 } }] },
    { calendar: [{ hour: '25' }] },
  ]) {
    expect(() => compileSpec(bad)).toThrow(RpcError);
  }
});
