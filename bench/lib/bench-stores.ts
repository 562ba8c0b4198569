/** The stores the store-comparing benches run on, and the place a platform process of theirs keeps its data. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from './bench-database';

/** The embedded PGlite `npm start` uses, and Postgres on the bench server. */
export type BenchStore = 'pglite' | 'postgres';

/** The stores named in the environment variable (comma-separated; default both); an unknown name stops the bench. */
export function benchStores(variable: string): BenchStore[] {
  const named = (process.env[variable] ?? 'pglite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = named.filter((store) => store !== 'pglite' && store !== 'postgres');
  if (unknown.length > 0) throw new Error(`${variable}: unknown store ${unknown.join(', ')} (pglite, postgres)`);
  return named as BenchStore[];
}

/**
 * A fresh data directory and, on Postgres, a scratch database for a platform the bench starts as a
 * child process; both are removed afterwards.
 */
export async function withPlatformPlace<T>(
  store: BenchStore,
  name: string,
  use: (place: { dataDir: string; databaseUrl: string | undefined }) => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `civicflow-bench-${name}-`));
  const scratch = store === 'postgres' ? await createScratchDatabase(`civicflow_bench_${name}`) : undefined;
  try {
    return await use({ dataDir, databaseUrl: scratch?.url });
  } finally {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
