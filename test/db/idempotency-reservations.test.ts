/**
 * Reservations on Idempotency-Keys: made once per key in the transaction that takes it, handed to
 * every later attempt with the same request (running or crashed, no lock to wait out), refused for
 * another request, renewed only when the key's answer has expired.
 */
import { beginIdempotentRequest, completeIdempotentRequest, reserveTrackingNumber } from '../../db';
import { useTestDatabase } from './support/test-database';

const t = useTestDatabase();

it('reserves once per key and gives every attempt of the same request that reservation at once', async () => {
  let made = 0;
  const reserve = async (trx: Parameters<NonNullable<Parameters<typeof beginIdempotentRequest>[1]['reserve']>>[0]) => {
    made += 1;
    return { n: made, trackingNumber: await reserveTrackingNumber(trx) };
  };
  const scope = 'user:u1:POST /cases';
  const first = await beginIdempotentRequest(t.db, { scope, key: 'r1', requestHash: 'h', reserve });
  expect(first).toMatchObject({ state: 'started', resumed: false, reservation: { n: 1 } });
  if (first.state !== 'started') throw new Error('not started');
  expect(first.reservation).toMatchObject({ trackingNumber: expect.stringMatching(/^CF-\d{4}-\d{6}$/) as unknown });

  // The first attempt still holds the lock (or died holding it): the retry runs with its reservation.
  const retry = await beginIdempotentRequest(t.db, { scope, key: 'r1', requestHash: 'h', reserve });
  expect(retry).toEqual({ state: 'started', resumed: true, reservation: first.reservation });
  expect(await beginIdempotentRequest(t.db, { scope, key: 'r1', requestHash: 'other', reserve })).toEqual({
    state: 'mismatch',
  });
  // Without a reservation the old rule stands: wait for the running attempt.
  expect(await beginIdempotentRequest(t.db, { scope, key: 'r1', requestHash: 'h' })).toEqual({ state: 'in-progress' });
  expect(made).toBe(1);

  await completeIdempotentRequest(t.db, { scope, key: 'r1', status: 201, body: { ok: true } });
  expect(await beginIdempotentRequest(t.db, { scope, key: 'r1', requestHash: 'h', reserve })).toMatchObject({
    state: 'completed',
    status: 201,
  });

  // Past its expiry the key starts over, with a new reservation.
  const later = new Date(Date.now() + 25 * 3600_000);
  expect(await beginIdempotentRequest(t.db, { scope, key: 'r1', requestHash: 'h', reserve, now: later })).toMatchObject(
    { state: 'started', resumed: false, reservation: { n: 2 } },
  );
});

it('a crashed attempt without a reservation is still taken over after its lock, even by another body (as before)', async () => {
  const scope = 'user:u2:POST /cases';
  const now = new Date();
  await beginIdempotentRequest(t.db, { scope, key: 'old', requestHash: 'h1', now, lockMs: 1000 });
  expect(
    await beginIdempotentRequest(t.db, { scope, key: 'old', requestHash: 'h2', now: new Date(now.getTime() + 2000) }),
  ).toEqual({ state: 'started' });
});
