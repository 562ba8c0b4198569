/**
 * Sign-in throttling per account and per address, shared by the API login and the web sign-in.
 * After a few free failures every further failure doubles a waiting time, capped at a few minutes,
 * so guessing is slow while a real user is never locked out for long; a successful sign-in clears
 * the account's count. In memory, like the rate limiter: one set of counters per process.
 */

export interface ThrottlePolicy {
  /** Failures allowed before any waiting. */
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A quiet counter (no failure for this long) starts again from zero. */
  forgetAfterMs: number;
}

export interface ThrottleEntry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/** Per account (username, case-insensitive): 5 free tries, then 1 s, 2 s, 4 s … capped at 5 min. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 60 * 60_000,
};
/** Per address: an office behind one NAT shares it, so more free tries; same cap. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

/** Pure: the waiting time after `failures` failures. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures - 1, 30);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/** Pure: the entry after one more failure at `now`. */
export function recordFailure(entry: ThrottleEntry | undefined, policy: ThrottlePolicy, now: number): ThrottleEntry {
  const failures = entry && now - entry.lastFailureAt < policy.forgetAfterMs ? entry.failures + 1 : 1;
  return { failures, lastFailureAt: now, blockedUntil: now + delayAfter(failures, policy) };
}

/** Pure: milliseconds still to wait (0: may try now). */
export function waitFor(entry: ThrottleEntry | undefined, now: number): number {
  return entry ? Math.max(0, entry.blockedUntil - now) : 0;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInThrottle {
  /** Whether `username` may try from `address` now. */
  check(username: string, address: string): ThrottleVerdict;
  failed(username: string, address: string): void;
  succeeded(username: string, address: string): void;
}

export interface SignInThrottleOptions {
  now?: () => number;
  account?: ThrottlePolicy;
  address?: ThrottlePolicy;
  /** Counters kept at most per kind (oldest dropped first), so a flood cannot grow memory. */
  maxEntries?: number;
}

export function createSignInThrottle(options: SignInThrottleOptions = {}): SignInThrottle {
  const now = options.now ?? Date.now;
  const policies = { account: options.account ?? ACCOUNT_POLICY, address: options.address ?? ADDRESS_POLICY };
  const maxEntries = options.maxEntries ?? 50_000;
  const counters = { account: new Map<string, ThrottleEntry>(), address: new Map<string, ThrottleEntry>() };
  const accountKey = (username: string) => username.trim().toLowerCase().slice(0, 200);
  const addressKey = (address: string) => address || 'unknown';

  const fail = (kind: 'account' | 'address', key: string, at: number) => {
    const map = counters[kind];
    const next = recordFailure(map.get(key), policies[kind], at);
    map.delete(key);
    map.set(key, next);
    if (map.size > maxEntries) map.delete(map.keys().next().value as string);
  };

  return {
    check(username, address) {
      const at = now();
      const wait = Math.max(
        waitFor(counters.account.get(accountKey(username)), at),
        waitFor(counters.address.get(addressKey(address)), at),
      );
      return wait === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    failed(username, address) {
      const at = now();
      fail('account', accountKey(username), at);
      fail('address', addressKey(address), at);
    },
    succeeded(username) {
      // The address keeps its count: signing in to one's own account must not reset guessing at others.
      counters.account.delete(accountKey(username));
    },
  };
}
