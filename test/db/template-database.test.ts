import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { migrateLatest } from '../../db/connection';
import { MIGRATION_NAMES } from '../../db/migrations';
import { createTestDatabase, TEMPLATE_DATABASE_VARIABLE, type TestDatabase } from './support/test-database';

// The jest global setup migrates one template per run and every file's database is a copy of it.
describe('test databases copied from the run template', () => {
  const copies: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(copies.map((copy) => copy.drop()));
  });

  it('is set up by the global setup', () => {
    expect(process.env[TEMPLATE_DATABASE_VARIABLE]).toMatch(/^civicflow_template_[0-9a-f]{12}$/);
  });

  it('gives each file a fully migrated database of its own', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    copies.push(a, b);
    expect(a.name).not.toEqual(b.name);
    expect(await a.db('knex_migrations').orderBy('id').pluck('name')).toEqual([...MIGRATION_NAMES]);
    expect(await migrateLatest(a.db)).toEqual([]);
    // Rows written in one copy are not seen by the other, nor by the template.
    const marker = `template-check-${randomBytes(4).toString('hex')}`;
    await a.db.schema.createTable(marker, (table) => table.text('id'));
    expect(await b.db.schema.hasTable(marker)).toBe(false);
    const template = knexFactory({
      client: 'pg',
      connection: a.url.replace(a.name, process.env[TEMPLATE_DATABASE_VARIABLE] ?? ''),
      pool: { min: 0, max: 1 },
    });
    try {
      expect(await template.schema.hasTable(marker)).toBe(false);
    } finally {
      await template.destroy();
    }
  });

  it('still migrates from empty when asked not to copy the template', async () => {
    const empty = await createTestDatabase({ migrate: false });
    copies.push(empty);
    expect(await empty.db.schema.hasTable('knex_migrations')).toBe(false);
  });
});
