/**
 * The browser suite retries a failing test once, to record its trace: a retry must never turn a
 * failure into a pass, and the trace is recorded on that retry only, not for tests that pass.
 */
import config from '../../playwright.config';

test('a retried browser test that passes the second time still fails the run', () => {
  expect(config.retries).toBeGreaterThanOrEqual(1);
  expect(config.failOnFlakyTests).toBe(true);
});

test('the trace of a failing test is recorded on its retry, and not for tests that pass', () => {
  expect(config.use?.trace).toBe('on-first-retry');
  expect(config.use?.screenshot).toBe('only-on-failure');
});
