/**
 * An embedded Postgres (PGlite, WebAssembly) in a directory, opened the same way wherever one is
 * used. A WebAssembly instance's memory only grows, so what sizes it is set here:
 * - shared buffers: PGlite allocates them all at start (128 MB by default, per instance);
 * - the first start creates the cluster in a child process, so initdb's memory (about 500 MB) ends
 *   with that process instead of staying in ours for as long as the database is open.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';

/** Postgres's page cache inside PGlite; the operating system's file cache is behind it. */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

const run = promisify(execFile);

// CommonJS, so the child needs neither ts-node nor a module loader; the data directory is argv[1].
const CREATE_CLUSTER = `
const { PGlite } = require(${JSON.stringify(require.resolve('@electric-sql/pglite'))});
(async () => { const db = new PGlite(process.argv[1]); await db.waitReady; await db.close(); })()
  .catch((error) => { console.error(error); process.exit(1); });`;

/** Whether `dir` holds a Postgres cluster already. */
const hasCluster = (dir: string): boolean => fs.existsSync(path.join(dir, 'PG_VERSION'));

/** Opens (creating on first use) the embedded Postgres in `dir`; the directory must exist. */
export async function openEmbeddedPostgres(dir: string): Promise<PGlite> {
  if (!hasCluster(dir)) {
    await run(process.execPath, ['-e', CREATE_CLUSTER, dir], { env: { ...process.env, NODE_OPTIONS: '' } });
    if (!hasCluster(dir)) throw new Error(`no Postgres cluster was created in ${dir}`);
  }
  const db = new PGlite(dir, {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
  });
  await db.waitReady;
  return db;
}

/** knex-pglite takes an open instance as the connection; knex's own types do not know that shape. */
export function pgliteConnection(pglite: PGlite): { filename: string } {
  return { pglite } as unknown as { filename: string };
}
