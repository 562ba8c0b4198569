import { createDatabase, migrateLatest } from '../../db/connection';
import { MIGRATION_NAMES } from '../../db/migrations';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await t.drop();
});

describe('createDatabase on Postgres', () => {
  it('lets several processes start at once: each waits for the migration lock instead of failing', async () => {
    const opened = await Promise.allSettled(
      [1, 2, 3].map(() => createDatabase({ url: t.url, embeddedDir: '' }, { pool: { min: 0, max: 1 } })),
    );
    const handles = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      expect(opened.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(await t.db('knex_migrations').orderBy('id').pluck('name')).toEqual([...MIGRATION_NAMES]);
      expect(await migrateLatest(handles[0])).toEqual([]);
    } finally {
      await Promise.all(handles.map((handle) => handle.destroy()));
    }
  });

  it('rolls every migration back and forward again', async () => {
    await t.db.migrate.rollback({ migrationSource: (await import('../../db/migrations')).migrationSource }, true);
    const tables = await t.db('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
    expect(tables.filter((name: string) => !name.startsWith('knex_'))).toEqual([]);
    expect(await migrateLatest(t.db)).toEqual([...MIGRATION_NAMES]);
  });

  it('reports an unreachable server', async () => {
    await expect(createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', embeddedDir: '' })).rejects.toThrow();
  });
});
