import crypto from 'node:crypto';
import knex from 'knex';
import { crashRestartScenario } from './fixtures/crash-scenario';
import { killSpawnedDevServers } from './fixtures/devserver-process';

// Durable mode on Postgres: kill -9 the devserver mid-run and restart it on the same database.
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `crash_${crypto.randomBytes(6).toString('hex')}`;

afterAll(async () => {
  killSpawnedDevServers();
  const admin = knex({ client: 'pg', connection: DATABASE_URL });
  await admin.raw('drop schema if exists ?? cascade', [schema]);
  await admin.destroy();
});

// About 15-25 s on an idle machine; the limit leaves room for a machine shared with other work.
const SCENARIO_TIMEOUT_MS = 120_000;

test(
  'every running workflow survives kill -9 of a Postgres-backed devserver',
  async () => {
    await crashRestartScenario(`${DATABASE_URL}?schema=${schema}`, { busyWorkflows: 4, busySteps: 15 });
  },
  SCENARIO_TIMEOUT_MS,
);
