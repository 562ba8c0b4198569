// The virtual clock on its own: ordering, advance, cancellation, locks and time skipping.
import { VirtualClock } from '../../devserver/clock/virtual-clock';
import { startDevServer } from '../../devserver';
import { until } from '../support/until';

test('advance fires due timers in order and moves time exactly', async () => {
  const clock = new VirtualClock({ timeSkipping: false, manualTime: true, startTimeMs: 1_000_000 });
  const fired: string[] = [];
  clock.schedule(1_000_000 + 300, () => void fired.push('c'));
  clock.schedule(1_000_000 + 100, () => void fired.push('a'));
  const cancelled = clock.schedule(1_000_000 + 150, () => void fired.push('x'));
  clock.schedule(1_000_000 + 200, () => void fired.push('b'));
  clock.cancel(cancelled);
  await clock.advance(250);
  expect(fired).toEqual(['a', 'b']);
  expect(clock.now()).toBe(1_000_250);
  await clock.advance(100);
  expect(fired).toEqual(['a', 'b', 'c']);
  clock.close();
});

test('time skipping jumps to the next timer only when no lock is held', async () => {
  const clock = new VirtualClock({ timeSkipping: true, manualTime: true, startTimeMs: 0 });
  let fired = false;
  clock.schedule(60 * 60 * 1000, () => {
    fired = true;
  });
  await new Promise((r) => setImmediate(r));
  expect(fired).toBe(false); // the client lock is held
  clock.unlock();
  await until(() => fired, 'the timer after unlock');
  expect(clock.now()).toBe(60 * 60 * 1000);
  clock.adjustLocks(1); // an outstanding task
  let second = false;
  clock.schedule(clock.now() + 1000, () => {
    second = true;
  });
  // A fixed wait on purpose: it proves the outstanding task holds time still.
  await new Promise((r) => setTimeout(r, 10));
  expect(second).toBe(false);
  clock.adjustLocks(-1);
  await until(() => second, 'the timer once the task is done');
  clock.close();
});

test('startDevServer: startTimeMs and manualTime set the virtual clock', async () => {
  const server = await startDevServer({ port: 0, startTimeMs: Date.UTC(2030, 0, 1), manualTime: true });
  try {
    expect(server.clock.now()).toBe(Date.UTC(2030, 0, 1));
    await server.clock.advance(5000);
    expect(server.clock.now()).toBe(Date.UTC(2030, 0, 1) + 5000);
  } finally {
    await server.close();
  }
});
