/**
 * `civicflow move-embedded-store [--from <dir|postgres-url>] [--to <postgres-url|dir>] [--keep-source]`
 *
 * Moves the embedded Temporal server's workflows, e.g. from the PGlite directory an earlier version
 * kept them in (TEMPORAL_DATA_DIR, default DATA_DIR/temporal) into their schema in DATABASE_URL,
 * where a start with DATABASE_URL keeps them now (config/embedded-store.ts). Run it with the platform
 * stopped: both stores are opened exclusively, so a running server makes it stop before copying.
 * Every run and schedule is copied and read back; then the source directory is renamed to
 * `<dir>.moved-<time>` (kept as a backup) so the next start finds the workflows in the database.
 * Exit 0 when moved, 1 when the move was refused or failed (nothing is renamed), 2 on a usage error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { embeddedServerStore } from '../config/embedded-store';
import {
  copyExecutionStore,
  createExecutionStore,
  holdsPgliteStore,
  parseStoreTarget,
  PersistenceError,
  redact,
  type DurableExecutionStore,
  type StoreTarget,
} from '../devserver/persistence';
import { processIo, type CliIo } from './cli-io';
import { parseCommandLine } from './command-line';

export const MOVE_STORE_USAGE = `usage: civicflow move-embedded-store [--from <dir|postgres-url>] [--to <postgres-url|dir>] [--keep-source]
  --from         the store to move (default: TEMPORAL_DATA_DIR, or DATA_DIR/temporal)
  --to           where to (default: DATABASE_URL, schema temporal_embedded)
  --keep-source  leave the source directory where it is (a start then keeps using it unless
                 TEMPORAL_EMBEDDED_STORE=database)`;

interface Move {
  from: string;
  to: string;
  keepSource: boolean;
}

function describe(target: StoreTarget): string {
  if (target.kind === 'pglite') return path.resolve(target.dataDir);
  if (target.kind === 'postgres')
    return `${redact(target.connectionString)}${target.schema ? ` (schema ${target.schema})` : ''}`;
  return 'memory';
}

/** The move asked for, or a usage message. Defaults come from the platform's configuration. */
function parseMove(argv: string[], env: NodeJS.ProcessEnv): Move | string {
  const parsed = parseCommandLine(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    'keep-source': { type: 'boolean' },
  });
  if (typeof parsed === 'string') return parsed;
  if (parsed.positionals.length > 0) return `unexpected argument "${parsed.positionals[0]}"`;
  let { from, to } = parsed.values;
  if (from === '' || to === '') return '--from and --to need a directory or a postgres:// URL';
  if (from === undefined || to === undefined) {
    const config = loadConfig(env);
    from ??= config.temporal.embeddedDir;
    if (to === undefined) {
      if (config.database.url === undefined) return 'DATABASE_URL is not set: give --to, or set DATABASE_URL';
      to = embeddedServerStore(config.database, { ...config.temporal, embeddedStore: 'database' }, false).target;
    }
  }
  return { from, to, keepSource: parsed.values['keep-source'] === true };
}

export async function main(
  argv: string[],
  io: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let move: Move | string;
  try {
    move = parseMove(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`civicflow move-embedded-store: ${error.message}`);
    return 2;
  }
  if (typeof move === 'string') {
    io.err(`civicflow move-embedded-store: ${move}\n${MOVE_STORE_USAGE}`);
    return 2;
  }
  let from: StoreTarget;
  let to: StoreTarget;
  try {
    from = parseStoreTarget(move.from);
    to = parseStoreTarget(move.to);
  } catch (error) {
    if (!(error instanceof PersistenceError)) throw error;
    io.err(`civicflow move-embedded-store: ${error.message}\n${MOVE_STORE_USAGE}`);
    return 2;
  }
  if (from.kind === 'memory' || to.kind === 'memory') {
    io.err(`civicflow move-embedded-store: a store in memory cannot be moved to or from\n${MOVE_STORE_USAGE}`);
    return 2;
  }
  if (describe(from) === describe(to)) {
    io.err(`civicflow move-embedded-store: --from and --to are the same store (${describe(from)})`);
    return 2;
  }
  if (from.kind === 'pglite' && !holdsPgliteStore(from.dataDir)) {
    io.err(`civicflow move-embedded-store: ${describe(from)} holds no embedded store: nothing to move`);
    return 1;
  }

  io.out(`Moving the embedded server's workflows from ${describe(from)} to ${describe(to)}`);
  let source: DurableExecutionStore | undefined;
  let target: DurableExecutionStore | undefined;
  try {
    source = await createExecutionStore(move.from, { exclusive: true });
    target = await createExecutionStore(move.to, { exclusive: true });
    const report = await copyExecutionStore(source, target, {
      onProgress: (done, total) => io.out(`  ${done} of ${total} runs`),
    });
    const again = report.runsAlreadyThere > 0 ? ` (${report.runsAlreadyThere} were there from an earlier try)` : '';
    const count = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;
    io.out(
      `Copied and read back ${count(report.runs, 'run')}${again}, ${count(report.events, 'history event')} and ${count(report.schedules, 'schedule')}.`,
    );
  } catch (error) {
    if (!(error instanceof PersistenceError)) throw error;
    io.err(`civicflow move-embedded-store: ${error.message}`);
    io.err('Nothing was renamed; the source is as it was.');
    return 1;
  } finally {
    await source?.close();
    await target?.close();
  }

  if (from.kind === 'pglite' && !move.keepSource) {
    const backup = `${path.resolve(from.dataDir)}.moved-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(from.dataDir, backup);
    io.out(`${describe(from)} is now ${backup} (a backup: delete it once the platform runs from the new store).`);
  } else if (from.kind === 'pglite') {
    io.out(`${describe(from)} is kept: set TEMPORAL_EMBEDDED_STORE=database so a start uses the new store.`);
  }
  return 0;
}
