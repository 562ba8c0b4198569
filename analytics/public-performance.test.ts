import { formatFigure, performanceRows, performanceTable, type PerformanceCase } from './public-performance';

const H = 3_600_000;
const at = (day: number) => Date.UTC(2026, 2, day);
/** `n` cases of a service in a month and district, closing after `hours`, due after `dueHours`. */
const cases = (
  n: number,
  serviceCode: string,
  month: string,
  district: string | null,
  hours: number | null,
  dueHours = 72,
): PerformanceCase[] =>
  Array.from({ length: n }, (_, i) => ({
    serviceCode,
    month,
    district,
    createdMs: at(1) + i,
    closedMs: hours === null ? null : at(1) + i + hours * H,
    dueMs: at(1) + i + dueHours * H,
  }));

describe('public performance', () => {
  const data = [
    ...cases(10, 'graffiti', '2026-03', '1', 24),
    ...cases(6, 'graffiti', '2026-03', '2', 96),
    ...cases(2, 'graffiti', '2026-04', '3', 48), // a small group: withheld
    ...cases(3, 'pothole', '2026-04', null, null), // a small service: everything withheld
  ];
  const rows = performanceRows(data, ['graffiti', 'pothole', 'streetlight'], 5);
  const find = (service: string, breakdown: string, group: string) =>
    rows.find((r) => r.serviceCode === service && r.breakdown === breakdown && r.group === group);

  it('counts requests, the share within target and the time to close', () => {
    const total = find('graffiti', 'all', 'all')!;
    expect(total.requests).toEqual({ kind: 'value', value: 18 });
    expect(total.withinTarget).toEqual({ kind: 'value', value: 12 / 18 });
    expect(total.medianHours).toEqual({ kind: 'value', value: 24 });
    expect(formatFigure(total.p90Hours, 'days')).toBe('4.0');
  });

  it('withholds a small group and, by complement, the next smallest of its breakdown', () => {
    expect(find('graffiti', 'month', '2026-04')!.requests).toEqual({ kind: 'withheld' });
    expect(find('graffiti', 'month', '2026-03')!.requests).toEqual({ kind: 'withheld' }); // 16 = 18 − 2 would give it away
    expect(find('graffiti', 'district', '3')!.medianHours).toEqual({ kind: 'withheld' });
    expect(find('graffiti', 'district', '2')!.requests).toEqual({ kind: 'withheld' }); // the complement of district 3
    expect(find('graffiti', 'district', '1')!.requests).toEqual({ kind: 'value', value: 10 });
  });

  it('withholds every figure of a service with too few requests, and shows an empty service as zero', () => {
    const pothole = find('pothole', 'all', 'all')!;
    expect([pothole.requests, pothole.withinTarget, pothole.medianHours].every((f) => f.kind === 'withheld')).toBe(
      true,
    );
    expect(find('pothole', 'district', 'not recorded')!.requests).toEqual({ kind: 'withheld' });
    expect(find('streetlight', 'all', 'all')).toMatchObject({
      requests: { kind: 'value', value: 0 },
      medianHours: { kind: 'none' },
    });
  });

  it('renders one table of strings for the page and the CSV', () => {
    const table = performanceTable(rows, (code) => code.toUpperCase());
    expect(table[0]).toEqual(['GRAFFITI', 'all requests', 'all', '18', '66.7%', '1.0', '4.0']);
    expect(table.filter((r) => r[3] === 'withheld').length).toBeGreaterThan(0);
  });
});
