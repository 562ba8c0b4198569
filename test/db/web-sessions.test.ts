import { createWebSession, deleteExpiredWebSessions, deleteWebSession, touchWebSession } from '../../db';
import { createTestUser } from '../support/test-users';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
let userId = '';
beforeAll(async () => {
  t = await createTestDatabase();
  userId = (
    await createTestUser(t.db, {
      username: 'sessions-user',
      displayName: 'S',
      password: 'a long enough password',
      roles: ['staff'],
    })
  ).id;
});
afterAll(async () => t.drop());

const IDLE = 30 * 60;
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, 0) + minutes * 60_000);

describe('web sessions', () => {
  it('stores only a hash of the id, and keeps a session alive while it is used', async () => {
    const { id, session } = await createWebSession(t.db, { userId, now: at(0), expiresAt: at(120), ip: '10.1.2.3' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).not.toBe(id);
    const rows = await t.db('web_sessions').select('id_hash');
    expect(rows.map((row: { id_hash: string }) => row.id_hash)).not.toContain(id);
    // Used every 20 minutes: past the 30-minute idle timeout in total, but never idle that long.
    for (const minute of [20, 40, 60, 80, 100])
      expect((await touchWebSession(t.db, id, at(minute), IDLE))?.userId).toBe(userId);
    expect((await touchWebSession(t.db, id, at(100), IDLE))?.csrfToken).toBe(session.csrfToken);
  });

  it('ends a session left idle, and one past its absolute end however busy', async () => {
    const idle = await createWebSession(t.db, { userId, now: at(0), expiresAt: at(600) });
    expect(await touchWebSession(t.db, idle.id, at(29), IDLE)).toBeDefined();
    expect(await touchWebSession(t.db, idle.id, at(60), IDLE)).toBeUndefined();
    // Gone for good: an ended session does not come back.
    expect(await touchWebSession(t.db, idle.id, at(61), IDLE)).toBeUndefined();

    const busy = await createWebSession(t.db, { userId, now: at(0), expiresAt: at(45) });
    expect(await touchWebSession(t.db, busy.id, at(25), IDLE)).toBeDefined();
    expect(await touchWebSession(t.db, busy.id, at(45), IDLE)).toBeUndefined();
  });

  it('deletes on sign-out and sweeps expired rows; unknown and oversized ids find nothing', async () => {
    const { id } = await createWebSession(t.db, { userId, now: at(0), expiresAt: at(60) });
    await deleteWebSession(t.db, id);
    expect(await touchWebSession(t.db, id, at(1), IDLE)).toBeUndefined();
    expect(await touchWebSession(t.db, 'x'.repeat(5000), at(1), IDLE)).toBeUndefined();
    expect(await touchWebSession(t.db, 'unknown', at(1), IDLE)).toBeUndefined();
    await createWebSession(t.db, { userId, now: at(0), expiresAt: at(10) });
    expect(await deleteExpiredWebSessions(t.db, at(11))).toBeGreaterThanOrEqual(1);
  });
});
