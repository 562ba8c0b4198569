// temporal.api.testservice.v1.TestService: time skipping controls used by @temporalio/testing.
import type { VirtualClock } from '../clock/virtual-clock';
import { durationMs, timestamp, timestampMs } from '../engine/time';
import type { RpcHandler } from './unary';

export function testServiceHandlers(clock: VirtualClock): Record<string, RpcHandler> {
  return {
    LockTimeSkipping: () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      clock.unlock();
      return {};
    },
    Sleep: async (req) => {
      await clock.sleepUntil(clock.now() + durationMs(req.duration));
      return {};
    },
    SleepUntil: async (req) => {
      await clock.sleepUntil(timestampMs(req.timestamp) ?? clock.now());
      return {};
    },
    UnlockTimeSkippingWithSleep: async (req) => {
      const due = clock.now() + durationMs(req.duration);
      clock.unlock();
      try {
        await clock.sleepUntil(due);
      } finally {
        clock.lock();
      }
      return {};
    },
    GetCurrentTime: () => ({ time: timestamp(clock.now()) }),
  };
}
