/**
 * The same throttle as sign-in-throttle.ts (free tries, then a doubling wait, per key and per
 * address), with its counters in Postgres so that every process of the platform counts the same
 * failures. Used where guessing is the threat (the portal's verification codes).
 */
import type { Knex } from 'knex';
import { clearThrottleCounter, recordThrottleFailure, throttleBlockedUntil } from '../../db';
import { delayAfter, type ThrottlePolicy, type ThrottleVerdict } from './sign-in-throttle';

export interface SharedThrottle {
  /** Whether `key` may be tried from `address` now. */
  check(key: string, address: string): Promise<ThrottleVerdict>;
  failed(key: string, address: string): Promise<void>;
  /** Clears the key's count; the address keeps its own (a right guess must not reset guessing at others). */
  succeeded(key: string): Promise<void>;
}

export interface SharedThrottleOptions {
  /** Names this throttle's counters, e.g. `portal-code`. */
  name: string;
  key: ThrottlePolicy;
  address: ThrottlePolicy;
  now?: () => number;
}

export function createSharedThrottle(db: Knex, options: SharedThrottleOptions): SharedThrottle {
  const now = options.now ?? Date.now;
  const keyCounter = (key: string) => ({ scope: `${options.name}:key`, key: key.trim().toLowerCase().slice(0, 200) });
  const addressCounter = (address: string) => ({ scope: `${options.name}:address`, key: address || 'unknown' });
  const fail = async (counter: { scope: string; key: string }, policy: ThrottlePolicy, at: Date) => {
    await recordThrottleFailure(db, {
      ...counter,
      now: at,
      forgetAfterMs: policy.forgetAfterMs,
      delayAfter: (failures) => delayAfter(failures, policy),
    });
  };
  return {
    async check(key, address) {
      const at = now();
      const until = await throttleBlockedUntil(db, [keyCounter(key), addressCounter(address)]);
      const wait = until ? until.getTime() - at : 0;
      return wait <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    async failed(key, address) {
      const at = new Date(now());
      await fail(keyCounter(key), options.key, at);
      await fail(addressCounter(address), options.address, at);
    },
    async succeeded(key) {
      const counter = keyCounter(key);
      await clearThrottleCounter(db, counter.scope, counter.key);
    },
  };
}
