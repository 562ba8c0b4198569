// The standalone command's arguments.
import { CliUsageError, formatScheduleList, parseCliOptions } from '../../devserver/cli-options';

test('defaults: port 7233 on 127.0.0.1, in memory, real time', () => {
  expect(parseCliOptions([])).toEqual({
    port: 7233,
    host: '127.0.0.1',
    timeSkipping: false,
    listSchedules: false,
    help: false,
  });
});

test('--port, --db, --time-skipping and --host, with and without =', () => {
  expect(parseCliOptions(['--port', '0', '--db', 'postgres://u@h/db', '--time-skipping', '--host=0.0.0.0'])).toEqual({
    port: 0,
    host: '0.0.0.0',
    db: 'postgres://u@h/db',
    timeSkipping: true,
    listSchedules: false,
    help: false,
  });
  expect(parseCliOptions(['--list-schedules']).listSchedules).toBe(true);
});

test('--list-schedules output: one line per schedule, sorted, with its next action or state', () => {
  expect(formatScheduleList([])).toEqual(['Schedules: none']);
  expect(
    formatScheduleList([
      { namespace: 'default', scheduleId: 'b', workflowType: 'sweep', paused: true },
      {
        namespace: 'default',
        scheduleId: 'a',
        workflowType: 'report',
        paused: false,
        nextActionMs: Date.UTC(2030, 0, 1),
      },
      { namespace: 'default', scheduleId: 'c', workflowType: 'once', paused: false },
    ]),
  ).toEqual([
    'Schedules (3):',
    '  default/a → report; next 2030-01-01T00:00:00.000Z',
    '  default/b → sweep; paused',
    '  default/c → once; no more actions',
  ]);
});

test('bad input is a usage error', () => {
  expect(() => parseCliOptions(['--port', 'x'])).toThrow(CliUsageError);
  expect(() => parseCliOptions(['--db'])).toThrow(CliUsageError);
  expect(() => parseCliOptions(['--nope'])).toThrow(CliUsageError);
});
