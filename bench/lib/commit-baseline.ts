/**
 * The yardstick every figure is divided by: how many single-row INSERTs Postgres on this machine
 * commits per second, measured in the same `npm run bench` run (8 connections, autocommit, one row per
 * statement, a few seconds). A figure's ratio to it says how the code fares relative to what the
 * machine's storage and CPUs can do at that moment, which is steadier across machines and load than
 * the figure alone.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { serverUrl } from './bench-database';

export interface CommitBaseline {
  /** Committed single-row inserts per second, all connections together. */
  insertCommitsPerSecond: number;
  connections: number;
  seconds: number;
  /** ISO time the measurement finished. */
  measuredAt: string;
}

const CONNECTIONS = Number(process.env.BENCH_BASELINE_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 5);

/** Inserts one row per statement on `connections` connections for `seconds`, in a throwaway database. */
export async function measureCommitBaseline(
  url = serverUrl(),
  connections = CONNECTIONS,
  seconds = SECONDS,
): Promise<CommitBaseline> {
  if (!(connections >= 1 && seconds > 0))
    throw new Error(`commit baseline: need connections >= 1 and seconds > 0 (have ${connections}, ${seconds})`);
  const name = `civicflow_baseline_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const clients: Client[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const client = new Client({ connectionString: target.toString() });
      await client.connect();
      clients.push(client);
    }
    // A logged table with a primary key and a timestamp: the shape of the rows the application writes.
    await clients[0].query(
      'create table baseline_rows (id bigserial primary key, lane int not null, payload text not null, written_at timestamptz not null default now())',
    );
    let committed = 0;
    const started = performance.now();
    const endAt = started + seconds * 1000;
    await Promise.all(
      clients.map(async (client, lane) => {
        while (performance.now() < endAt) {
          await client.query('insert into baseline_rows (lane, payload) values ($1, $2)', [lane, 'baseline row']);
          committed += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return {
      insertCommitsPerSecond: Math.round(committed / elapsed),
      connections,
      seconds: Number(elapsed.toFixed(2)),
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
