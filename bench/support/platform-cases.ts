/**
 * What the platform benches do to a running `npm start` through its API, and how they read its stores
 * afterwards: demo sign-ins, cases created through HTTP with many in flight, a service-complaint version
 * whose triage target is seconds away (so its deadlines fall due while the bench watches), and the
 * application database and the embedded server's store opened once the process is gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { EMBEDDED_STORE_SCHEMA, embeddedServerStore } from '../../config/embedded-store';
import { createDatabase, type Database } from '../../db';
import { holdsPgliteStore } from '../../devserver/persistence';
import { DEMO_PASSWORD } from '../../scripts/demo-seed';
import { runBounded } from '../lib/measure';
import { reportProgress } from '../lib/progress';
import { BULKY_ITEMS_REQUEST } from './bench-stack';
import { httpClient, signIn, type HttpCall } from './http';

export interface CreatedCase {
  id: string;
}

export const REQUEST = { definitionId: 'service-complaint', data: BULKY_ITEMS_REQUEST };

/** A bearer token that stays valid: signed in again once half of the last one's lifetime has passed. */
export type TokenSource = () => Promise<string>;

/** When a JWT's holder should sign in again (epoch ms): halfway between its `iat` and `exp` claims. */
function renewAt(token: string): number {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    iat?: number;
    exp?: number;
  };
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number')
    throw new Error('the sign-in answered a token without iat and exp claims');
  return ((claims.iat + claims.exp) / 2) * 1000;
}

// Access tokens expire (15 minutes by default, JWT_TTL_SECONDS) and creating 100,000 cases takes most of an hour.
function renewingSignIn(call: HttpCall, username: string): TokenSource {
  let signedIn: { token: string; renewAt: number } | undefined;
  // One sign-in at a time; a failed one is not kept, so the next caller tries again.
  let pending: Promise<string> | undefined;
  return () => {
    if (signedIn && Date.now() < signedIn.renewAt) return Promise.resolve(signedIn.token);
    pending ??= signIn(call, username, DEMO_PASSWORD)
      .then((token) => {
        signedIn = { token, renewAt: renewAt(token) };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** An API client on the platform with the demo agent's and admin's tokens. */
export async function platformApi(
  port: number,
): Promise<{ call: HttpCall; agent: TokenSource; admin: TokenSource; close: () => void }> {
  const http = httpClient({ host: '127.0.0.1', port }, 128);
  const agent = renewingSignIn(http.call, 'agent');
  const admin = renewingSignIn(http.call, 'admin');
  // Both sign in now, so a platform that refuses them fails here rather than in the first phase.
  await Promise.all([agent(), admin()]);
  return { call: http.call, agent, admin, close: http.close };
}

/**
 * `count` cases through POST /api/v1/cases with `inFlight` requests at a time; returns them in creation
 * order. With `spreadMs`, case i is sent no earlier than i × spreadMs / count after the first (an even
 * pace over that span), otherwise as fast as the API answers.
 */
export async function createCases(
  call: HttpCall,
  token: TokenSource,
  count: number,
  inFlight: number,
  label: string,
  spreadMs = 0,
): Promise<CreatedCase[]> {
  const created: CreatedCase[] = [];
  const started = performance.now();
  await runBounded(count, inFlight, async (index) => {
    const wait = started + (index * spreadMs) / count - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const answer = await call('POST', '/api/v1/cases', await token(), REQUEST);
    if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${answer.body}`);
    created.push({ id: (JSON.parse(answer.body) as { case: { id: string } }).case.id });
    reportProgress(
      `${label}: ${created.length.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} cases created`,
    );
  });
  return created;
}

/**
 * Publishes service-complaint `version` with the triage step due `seconds` after a case starts (warning
 * at 75 %, escalations at 100 % and 150 % as shipped); new cases then run under it.
 */
export async function publishShortTriageTarget(
  call: HttpCall,
  adminToken: TokenSource,
  version: string,
  seconds: number,
): Promise<void> {
  const shipped = fs.readFileSync(
    path.resolve(__dirname, '..', '..', 'process-definitions', 'service-complaint.yaml'),
    'utf8',
  );
  const source = shipped
    .replace(/^version: .*$/m, `version: ${version}`)
    .replace(/^(\s+)due: 1 working day$/m, `$1due: PT${seconds}S`);
  if (source === shipped || !source.includes(`PT${seconds}S`))
    throw new Error('service-complaint.yaml changed: the bench cannot find its version or triage target');
  const uploaded = await call('POST', '/api/v1/definitions', await adminToken(), { source });
  if (uploaded.status !== 201) throw new Error(`definition upload answered ${uploaded.status}: ${uploaded.body}`);
  const published = await call(
    'POST',
    `/api/v1/definitions/service-complaint/versions/${version}/publish`,
    await adminToken(),
  );
  if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${published.body}`);
}

/** The application database of a stopped platform (PGlite in dataDir/postgres, or the Postgres URL). */
export function openApplicationDatabase(dataDir: string, databaseUrl: string | undefined): Promise<Database> {
  return databaseUrl
    ? createDatabase({ url: databaseUrl, embeddedDir: '' }, { migrate: false, pool: { min: 0, max: 2 } })
    : createDatabase({ embeddedDir: path.join(dataDir, 'postgres') }, { migrate: false });
}

/**
 * Workflow ids of runs the stopped platform's embedded server holds as running (status 1), or undefined if
 * its store has another shape: PGlite in dataDir/temporal when that holds one, else DATABASE_URL's schema
 * for it (config/embedded-store.ts).
 */
export async function runningWorkflowIds(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<Set<string> | undefined> {
  const pglite = path.join(dataDir, 'temporal');
  // The rule npm start chose by (the bench leaves TEMPORAL_EMBEDDED_STORE unset).
  const inDataDir =
    embeddedServerStore({ url: databaseUrl }, { embeddedDir: pglite }, holdsPgliteStore(pglite)).place === 'data-dir';
  const store: Knex = inDataDir
    ? knex({ client: ClientPgLite, dialect: 'postgres', connection: { filename: pglite } })
    : knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  const table = inDataDir ? 'temporal_executions' : `${EMBEDDED_STORE_SCHEMA}.temporal_executions`;
  try {
    const rows = (await store(table).select('workflow_id').where({ status: 1 })) as {
      workflow_id: string;
    }[];
    return new Set(rows.map((row) => row.workflow_id));
  } catch {
    return undefined;
  } finally {
    await store.destroy();
  }
}
