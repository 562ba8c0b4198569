import { ACCOUNT_POLICY, createSignInThrottle, delayAfter, recordFailure, waitFor } from './sign-in-throttle';

describe('sign-in throttle', () => {
  it('lets the first failures through, then doubles the wait up to the cap', () => {
    const delays = Array.from({ length: 20 }, (_, i) => delayAfter(i + 1, ACCOUNT_POLICY));
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(delays.slice(5, 9)).toEqual([1000, 2000, 4000, 8000]);
    expect(Math.max(...delays)).toBe(ACCOUNT_POLICY.maxDelayMs);
    expect(delayAfter(10_000, ACCOUNT_POLICY)).toBe(ACCOUNT_POLICY.maxDelayMs);
  });

  it('forgets a quiet counter', () => {
    const first = recordFailure(undefined, ACCOUNT_POLICY, 0);
    expect(recordFailure(first, ACCOUNT_POLICY, 1000).failures).toBe(2);
    expect(recordFailure(first, ACCOUNT_POLICY, ACCOUNT_POLICY.forgetAfterMs + 1).failures).toBe(1);
    expect(waitFor(first, 0)).toBe(0);
  });

  it('blocks an account whatever the address, for at most the cap, and a success clears it', () => {
    let now = 0;
    const throttle = createSignInThrottle({ now: () => now });
    for (let i = 0; i < 30; i += 1) {
      if (throttle.check('Clerk', `10.0.0.${i}`).allowed) throttle.failed('Clerk', `10.0.0.${i}`);
      now += 1000;
    }
    const verdict = throttle.check('clerk', '192.168.1.1');
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(ACCOUNT_POLICY.maxDelayMs / 1000);
    // Another account from a fresh address is not affected.
    expect(throttle.check('crew', '192.168.1.1').allowed).toBe(true);
    now += ACCOUNT_POLICY.maxDelayMs;
    expect(throttle.check('clerk', '192.168.1.1').allowed).toBe(true);
    throttle.succeeded('clerk', '192.168.1.1');
    throttle.failed('clerk', '192.168.1.1');
    expect(throttle.check('clerk', '192.168.1.2').allowed).toBe(true);
  });

  it('blocks an address that guesses at many accounts; signing in to one account does not reset it', () => {
    let now = 0;
    const throttle = createSignInThrottle({ now: () => now });
    for (let i = 0; i < 25; i += 1) {
      if (throttle.check(`user${i}`, '203.0.113.9').allowed) throttle.failed(`user${i}`, '203.0.113.9');
      now += 10;
    }
    expect(throttle.check('someone-new', '203.0.113.9').allowed).toBe(false);
    throttle.succeeded('attacker-own', '203.0.113.9');
    expect(throttle.check('someone-new', '203.0.113.9').allowed).toBe(false);
    expect(throttle.check('someone-new', '198.51.100.1').allowed).toBe(true);
  });

  it('keeps a bounded number of counters', () => {
    const throttle = createSignInThrottle({ maxEntries: 10 });
    for (let i = 0; i < 100; i += 1) for (let j = 0; j < 6; j += 1) throttle.failed(`user${i}`, `a${i}`);
    expect(throttle.check('user0', 'a0').allowed).toBe(true);
    expect(throttle.check('user99', 'a99').allowed).toBe(false);
  });
});
