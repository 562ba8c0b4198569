// The standalone command's arguments.
import { CliUsageError, parseCliOptions } from '../../devserver/cli-options';

test('defaults: port 7233 on 127.0.0.1, in memory, real time', () => {
  expect(parseCliOptions([])).toEqual({ port: 7233, host: '127.0.0.1', timeSkipping: false, help: false });
});

test('--port, --db, --time-skipping and --host, with and without =', () => {
  expect(parseCliOptions(['--port', '0', '--db', 'postgres://u@h/db', '--time-skipping', '--host=0.0.0.0'])).toEqual({
    port: 0,
    host: '0.0.0.0',
    db: 'postgres://u@h/db',
    timeSkipping: true,
    help: false,
  });
});

test('bad input is a usage error', () => {
  expect(() => parseCliOptions(['--port', 'x'])).toThrow(CliUsageError);
  expect(() => parseCliOptions(['--db'])).toThrow(CliUsageError);
  expect(() => parseCliOptions(['--nope'])).toThrow(CliUsageError);
});
