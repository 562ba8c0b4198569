import {
  CsvFormatError,
  parseCsv,
  parseTimestamp,
  quantile,
  shareMeetingTarget,
  summarise,
  toServiceRequests,
  workingDaysBetween,
} from './la311-stats';

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and CRLF', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,2,3\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
  });
  it('keeps a last line without newline and empty fields', () => {
    expect(parseCsv('x,,z')).toEqual([['x', '', 'z']]);
  });
  it('rejects an unterminated quote with a coded error', () => {
    expect(() => parseCsv('a,"b')).toThrow(CsvFormatError);
  });
});

describe('parseTimestamp', () => {
  it('reads M/D/YY H:MM', () => {
    expect(parseTimestamp('1/2/20 8:43')! - parseTimestamp('1/1/20 0:05')!).toBe(24 * 60 + 8 * 60 + 38);
  });
  it('returns null for blanks and junk', () => {
    expect(parseTimestamp('')).toBeNull();
    expect(parseTimestamp('2020-01-01')).toBeNull();
  });
});

describe('quantile', () => {
  it('interpolates linearly between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([0, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('summarise', () => {
  const csv = [
    'requesttype,status,requestsource,owner,createddate,closeddate',
    'Graffiti Removal,Closed,Call,OCB,1/1/20 0:00,1/1/20 2:00',
    'Graffiti Removal,Closed,Call,OCB,1/1/20 0:00,1/3/20 0:00',
    'Graffiti Removal,Cancelled,Call,OCB,1/1/20 0:00,1/1/20 1:00',
    'Graffiti Removal,Open,Call,OCB,1/1/20 0:00,',
  ].join('\n');
  it('measures closed requests only and counts the rest', () => {
    const s = summarise('g', toServiceRequests(parseCsv(csv)));
    expect(s).toMatchObject({
      count: 4,
      closed: 2,
      cancelled: 1,
      stillOpen: 1,
      medianHours: 25,
      within24h: 0.5,
      within72h: 1,
    });
  });
  it('names a missing column', () => {
    expect(() => toServiceRequests(parseCsv('requesttype\nx'))).toThrow(/missing column status/);
  });
});

describe('workingDaysBetween', () => {
  const holidays = new Set(['2020-01-01']);
  it('counts weekdays after the creation date, skipping weekends and holidays', () => {
    const tue = parseTimestamp('12/31/19 16:00')!;
    expect(workingDaysBetween(tue, parseTimestamp('12/31/19 17:00')!, holidays)).toBe(0);
    // Wednesday 1 January is a holiday: Thursday is the first working day after Tuesday.
    expect(workingDaysBetween(tue, parseTimestamp('1/1/20 9:00')!, holidays)).toBe(0);
    expect(workingDaysBetween(tue, parseTimestamp('1/2/20 9:00')!, holidays)).toBe(1);
    // Thursday 2, Friday 3, then the weekend, then Monday 6: 3.
    expect(workingDaysBetween(tue, parseTimestamp('1/6/20 9:00')!, holidays)).toBe(3);
  });
});

describe('shareMeetingTarget', () => {
  const requests = toServiceRequests(
    parseCsv(
      [
        'requesttype,status,requestsource,owner,createddate,closeddate',
        'x,Closed,Call,A,1/3/20 10:00,1/6/20 9:00', // Fri → Mon: 1 working day, 71 h
        'x,Closed,Call,A,1/3/20 10:00,1/8/20 9:00', // Fri → Wed: 3 working days
        'x,Cancelled,Call,A,1/3/20 10:00,1/3/20 11:00',
      ].join('\n'),
    ),
  );
  it('measures working-day and hour targets over closed requests', () => {
    expect(shareMeetingTarget(requests, { workingDays: 1 }, new Set())).toBe(0.5);
    expect(shareMeetingTarget(requests, { workingDays: 3 }, new Set())).toBe(1);
    expect(shareMeetingTarget(requests, { hours: 72 }, new Set())).toBe(0.5);
  });
});
