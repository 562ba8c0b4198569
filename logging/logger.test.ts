import { Writable } from 'node:stream';
import { createLogger, errorFields } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes records at or above LOG_LEVEL as JSON lines with a level label and an ISO time', () => {
    const out = capture();
    const logger = createLogger('warn', out.stream);
    logger.debug?.({ msg: 'noise' });
    logger.info({ msg: 'started' });
    logger.warn({ msg: 'slow', ms: 1200 });
    logger.error({ msg: 'failed', ...errorFields(new Error('boom')) });
    const lines = out.lines();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'slow'],
      ['error', 'failed'],
    ]);
    expect(lines[0]).toMatchObject({ ms: 1200 });
    expect(lines[1]).toMatchObject({ error: 'boom' });
    expect(String(lines[0].time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes debug records at debug and nothing at silent', () => {
    const verbose = capture();
    createLogger('debug', verbose.stream).debug?.({ msg: 'detail' });
    expect(verbose.lines()).toMatchObject([{ level: 'debug', msg: 'detail' }]);
    const silent = capture();
    createLogger('silent', silent.stream).error({ msg: 'unseen' });
    expect(silent.lines()).toEqual([]);
  });
});
