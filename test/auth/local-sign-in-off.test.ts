/**
 * LOCAL_SIGN_IN=false: the one credential check refuses every password, right or wrong, without
 * checking it, and audits the refusal; with it on, the same password signs in.
 */
import { createSignInThrottle } from '../../api/auth/sign-in-throttle';
import { signIn } from '../../api/auth/sign-in';
import { createUser, listAuditEntries } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createUser(t.db, {
    username: 'clerk',
    displayName: 'Clerk',
    password: 'correct horse battery staple',
    roles: ['staff'],
  });
});
afterAll(async () => t?.drop());

it('refuses passwords when local accounts are off, and says so in the audit', async () => {
  const deps = { db: t.db, throttle: createSignInThrottle(), clock: () => new Date() };
  const attempt = { username: 'clerk', password: 'correct horse battery staple', ip: '203.0.113.9', channel: 'web' };
  expect(await signIn({ ...deps, localAccounts: false }, attempt)).toEqual({ ok: false, reason: 'local-accounts-off' });
  const [refusal] = (await listAuditEntries(t.db, PLATFORM_AUDIT_STREAM)).filter(
    (entry) => entry.eventType === 'auth.login-failed',
  );
  expect(refusal).toMatchObject({
    actor: { id: 'unknown:clerk' },
    details: { reason: 'local-accounts-off' },
    source: { channel: 'web', ip: '203.0.113.9' },
  });
  expect(await signIn({ ...deps, localAccounts: true }, attempt)).toMatchObject({
    ok: true,
    user: { username: 'clerk' },
  });
});
