/**
 * Nothing half-written: when the case's workflow cannot be started (here: the server refuses the
 * start because the task queue is empty), the API answers with an error code and the case row it
 * registered first is gone again.
 */
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { loadConfig } from '../../config';
import { countCases, createUser, publishDefinition, saveDefinitionDraft, seedDirectory } from '../../db';
import { startDevServer } from '../../devserver';
import { shippedDefinition } from '../support/shipped-definitions';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';

let t: TestDatabase;
let connection: Connection;
let server: Awaited<ReturnType<typeof startDevServer>>;

afterAll(async () => {
  await connection?.close();
  await server?.close();
  await t?.drop();
});

it('removes the registered case when its workflow cannot start, and answers with an error code', async () => {
  t = await createTestDatabase();
  await seedDirectory(t.db, { departments: [{ id: 'call-center', name: 'Call center' }] });
  await createUser(t.db, {
    username: 'clerk',
    displayName: 'Clerk',
    password: 'a long enough password',
    roles: ['staff', 'call-center-agent'],
    departmentId: 'call-center',
  });
  const compiled = shippedDefinition('service-complaint');
  await saveDefinitionDraft(t.db, {
    id: compiled.id,
    version: compiled.version,
    contentHash: compiled.hash,
    yamlSource: '#\n',
    compiled,
    createdBy: 'test',
  });
  await publishDefinition(t.db, { id: compiled.id, version: compiled.version, publishedBy: 'test' });

  server = await startDevServer({ port: 0 });
  connection = await Connection.connect({ address: server.address });
  const loaded = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'start-failure-secret-0123456789-0123456789' });
  const config = { ...loaded, temporal: { ...loaded.temporal, taskQueue: '' } };
  const { app } = buildApp({
    config,
    db: t.db,
    temporalClient: new Client({ connection, namespace: 'default' }),
    logger: silentLogger,
  });
  const http = request(app.callback());
  const login = await http.post('/api/v1/auth/login').send({ username: 'clerk', password: 'a long enough password' });
  const response = await http
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${login.body.token}`)
    .send({ definitionId: 'service-complaint', data: { category: 'graffiti', channel: 'web', description: 'Tag' } });
  expect(response.status).toBeGreaterThanOrEqual(500);
  expect(typeof response.body.error.code).toBe('string');
  expect(await countCases(t.db)).toBe(0);
});
