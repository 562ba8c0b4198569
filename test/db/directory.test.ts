import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from '../../db/repositories/api-keys.repository';
import { rotateNamedApiKey, seedDirectory } from '../../db/repositories/directory-seed';
import {
  getCalendar,
  listCalendars,
  requireCalendar,
  upsertCalendar,
} from '../../db/repositories/calendars.repository';
import {
  listDepartments,
  listRoles,
  requireDepartment,
  upsertDepartment,
  upsertRole,
} from '../../db/repositories/departments.repository';
import { hashPassword, verifyPassword } from '../../db/repositories/passwords';
import {
  authenticateUser,
  createUser,
  getUserByUsername,
  listUsers,
  setUserPassword,
  updateUser,
} from '../../db/repositories/users.repository';
import type { Calendar } from '../../domain/calendar';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await upsertDepartment(t.db, { id: 'streets', name: 'Street Services', email: 'streets@city.example' });
  await upsertDepartment(t.db, { id: 'planning', name: 'Planning' });
});
afterAll(async () => {
  await t.drop();
});

describe('passwords', () => {
  it('hashes with scrypt, salts each hash and verifies', async () => {
    const a = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
    const b = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AA$AA')).toBe(false);
  });
});

describe('users, departments, roles', () => {
  it('creates users, authenticates case-insensitively and refuses wrong or inactive logins', async () => {
    const user = await createUser(t.db, {
      username: 'Dana.Supervisor',
      displayName: 'Dana',
      email: 'dana@city.example',
      password: 's3cret-pass',
      roles: ['supervisor', 'staff'],
      departmentId: 'streets',
      grants: { personalData: true },
    });
    expect(user).toMatchObject({
      roles: ['supervisor', 'staff'],
      departmentId: 'streets',
      grants: { personalData: true },
      hasPassword: true,
    });
    expect(JSON.stringify(user)).not.toContain('scrypt');
    const stored = await t.db('users').where({ id: user.id }).first();
    expect(stored.password_hash).toMatch(/^scrypt\$/);

    expect((await authenticateUser(t.db, 'dana.supervisor', 's3cret-pass'))?.id).toBe(user.id);
    expect(await authenticateUser(t.db, 'dana.supervisor', 'wrong')).toBeUndefined();
    expect(await authenticateUser(t.db, 'nobody', 's3cret-pass')).toBeUndefined();
    await expect(createUser(t.db, { username: 'DANA.SUPERVISOR', displayName: 'x', roles: [] })).rejects.toMatchObject({
      code: 'USERNAME_TAKEN',
    });
    await expect(createUser(t.db, { username: 'bad name', displayName: 'x', roles: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      createUser(t.db, { username: 'orphan', displayName: 'x', roles: [], departmentId: 'nope' }),
    ).rejects.toMatchObject({ code: 'DEPARTMENT_NOT_FOUND' });

    await setUserPassword(t.db, user.id, 'new-pass-123');
    expect(await authenticateUser(t.db, 'Dana.Supervisor', 's3cret-pass')).toBeUndefined();
    expect(await authenticateUser(t.db, 'Dana.Supervisor', 'new-pass-123')).toBeDefined();
    await updateUser(t.db, user.id, { active: false });
    expect(await authenticateUser(t.db, 'Dana.Supervisor', 'new-pass-123')).toBeUndefined();
    await updateUser(t.db, user.id, { active: true, roles: ['supervisor'] });
    expect((await getUserByUsername(t.db, 'DANA.supervisor'))?.roles).toEqual(['supervisor']);
  });

  it('finds the supervisors of a department', async () => {
    await createUser(t.db, { username: 'sam', displayName: 'Sam', roles: ['staff'], departmentId: 'streets' });
    await createUser(t.db, { username: 'pat', displayName: 'Pat', roles: ['supervisor'], departmentId: 'planning' });
    expect((await listUsers(t.db, { departmentId: 'streets', role: 'supervisor' })).map((u) => u.username)).toEqual([
      'Dana.Supervisor',
    ]);
    expect((await listUsers(t.db, { role: 'supervisor' })).map((u) => u.username).sort()).toEqual([
      'Dana.Supervisor',
      'pat',
    ]);
  });

  it('upserts departments and roles idempotently', async () => {
    await upsertDepartment(t.db, { id: 'streets', name: 'Streets & Sanitation' });
    expect((await requireDepartment(t.db, 'streets')).name).toBe('Streets & Sanitation');
    expect((await listDepartments(t.db)).map((d) => d.id).sort()).toEqual(['planning', 'streets']);
    await expect(requireDepartment(t.db, 'none')).rejects.toMatchObject({ code: 'DEPARTMENT_NOT_FOUND' });
    await upsertRole(t.db, { id: 'supervisor', name: 'Supervisor' });
    await upsertRole(t.db, { id: 'supervisor', name: 'Team supervisor', description: 'approves' });
    expect(await listRoles(t.db)).toEqual([{ id: 'supervisor', name: 'Team supervisor', description: 'approves' }]);
  });
});

describe('API keys', () => {
  it('returns the key once, stores a hash, authenticates and revokes', async () => {
    const { key, record } = await createApiKey(t.db, {
      name: '311 app',
      ownerKind: 'open311',
      scopes: ['open311:write'],
    });
    expect(key.startsWith(record.keyPrefix)).toBe(true);
    const row = await t.db('api_keys').where({ id: record.id }).first();
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await authenticateApiKey(t.db, key))?.id).toBe(record.id);
    expect(await authenticateApiKey(t.db, `${key}x`)).toBeUndefined();
    expect(await authenticateApiKey(t.db, 'short')).toBeUndefined();
    await revokeApiKey(t.db, record.id);
    expect(await authenticateApiKey(t.db, key)).toBeUndefined();
    expect((await listApiKeys(t.db))[0].revokedAt).toBeInstanceOf(Date);
    await expect(revokeApiKey(t.db, 'missing')).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
  });
});

describe('calendars', () => {
  it('stores the domain calendar as is', async () => {
    const calendar: Calendar = {
      id: 'la-city',
      timeZone: 'America/Los_Angeles',
      businessHours: { monday: [{ start: '08:00', end: '17:00' }] },
      holidays: [{ month: 11, weekday: 'thursday', nth: 4, name: 'Thanksgiving' }, { date: '2026-12-24' }],
    };
    await upsertCalendar(t.db, calendar);
    expect(await getCalendar(t.db, 'la-city')).toEqual(calendar);
    await upsertCalendar(t.db, { ...calendar, title: 'City of LA' });
    expect((await listCalendars(t.db)).map((c) => c.title)).toEqual(['City of LA']);
    await expect(requireCalendar(t.db, 'none')).rejects.toMatchObject({ code: 'CALENDAR_NOT_FOUND' });
  });
});

describe('directory seeding', () => {
  it('is idempotent and leaves existing users alone', async () => {
    const seed = {
      departments: [{ id: 'parks', name: 'Parks' }],
      roles: [{ id: 'clerk', name: 'Intake clerk' }],
      users: [
        { username: 'seeded', displayName: 'Seeded', password: 'first-pass', roles: ['clerk'], departmentId: 'parks' },
      ],
    };
    expect(await seedDirectory(t.db, seed)).toEqual({ createdUsers: ['seeded'] });
    const seeded = await getUserByUsername(t.db, 'seeded');
    await setUserPassword(t.db, seeded!.id, 'changed-pass');
    expect(await seedDirectory(t.db, seed)).toEqual({ createdUsers: [] });
    expect(await authenticateUser(t.db, 'seeded', 'changed-pass')).toBeDefined();
  });

  it('rotates a named API key: the previous one stops working', async () => {
    const first = await rotateNamedApiKey(t.db, { name: 'demo-open311', ownerKind: 'open311' });
    const second = await rotateNamedApiKey(t.db, { name: 'demo-open311', ownerKind: 'open311' });
    expect(await authenticateApiKey(t.db, first.key)).toBeUndefined();
    expect((await authenticateApiKey(t.db, second.key))?.id).toBe(second.record.id);
  });
});
