import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  purgeExpiredIdempotencyKeys,
  releaseIdempotentRequest,
} from '../../db/repositories/idempotency-keys.repository';
import { useTestDatabase } from './support/test-database';

const t = useTestDatabase();

describe('API idempotency keys', () => {
  it('runs the first request, replays the answer for retries and refuses a changed body', async () => {
    const scope = 'user:u1:POST /cases';
    const racing = await Promise.all(
      [1, 2, 3].map(() => beginIdempotentRequest(t.db, { scope, key: 'k1', requestHash: 'h1' })),
    );
    expect(racing.filter((r) => r.state === 'started')).toHaveLength(1);
    expect(racing.filter((r) => r.state === 'in-progress')).toHaveLength(2);
    await completeIdempotentRequest(t.db, {
      scope,
      key: 'k1',
      status: 201,
      body: { id: 'case-9' },
      resourceId: 'case-9',
    });
    expect(await beginIdempotentRequest(t.db, { scope, key: 'k1', requestHash: 'h1' })).toEqual({
      state: 'completed',
      status: 201,
      body: { id: 'case-9' },
      resourceId: 'case-9',
    });
    expect(await beginIdempotentRequest(t.db, { scope, key: 'k1', requestHash: 'other' })).toEqual({
      state: 'mismatch',
    });
    // Keys are per caller.
    expect(await beginIdempotentRequest(t.db, { scope: 'user:u2:POST /cases', key: 'k1', requestHash: 'zzz' })).toEqual(
      { state: 'started' },
    );
  });

  it('lets a retry take over after a release, a crashed attempt or expiry', async () => {
    const scope = 's';
    const now = new Date();
    expect((await beginIdempotentRequest(t.db, { scope, key: 'rel', requestHash: 'h', now })).state).toBe('started');
    await releaseIdempotentRequest(t.db, scope, 'rel');
    expect((await beginIdempotentRequest(t.db, { scope, key: 'rel', requestHash: 'h', now })).state).toBe('started');

    expect(
      (await beginIdempotentRequest(t.db, { scope, key: 'crash', requestHash: 'h', now, lockMs: 1000 })).state,
    ).toBe('started');
    expect(
      (
        await beginIdempotentRequest(t.db, {
          scope,
          key: 'crash',
          requestHash: 'h',
          now: new Date(now.getTime() + 500),
        })
      ).state,
    ).toBe('in-progress');
    expect(
      (
        await beginIdempotentRequest(t.db, {
          scope,
          key: 'crash',
          requestHash: 'h',
          now: new Date(now.getTime() + 1500),
        })
      ).state,
    ).toBe('started');

    await beginIdempotentRequest(t.db, { scope, key: 'old', requestHash: 'h', now, ttlMs: 1000 });
    await completeIdempotentRequest(t.db, { scope, key: 'old', status: 200, body: null });
    expect(
      (
        await beginIdempotentRequest(t.db, {
          scope,
          key: 'old',
          requestHash: 'new',
          now: new Date(now.getTime() + 2000),
        })
      ).state,
    ).toBe('started');
    expect(await purgeExpiredIdempotencyKeys(t.db, new Date(now.getTime() + 48 * 3600_000))).toBeGreaterThan(0);
    await expect(beginIdempotentRequest(t.db, { scope, key: '', requestHash: 'h' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
