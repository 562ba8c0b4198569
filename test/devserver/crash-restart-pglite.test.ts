import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crashRestartScenario } from './fixtures/crash-scenario';
import { killSpawnedDevServers } from './fixtures/devserver-process';

// Durable mode on embedded PGlite (`--db <directory>`): kill -9 the devserver mid-run and restart it.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-crash-'));

afterAll(() => {
  killSpawnedDevServers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// About 25 s on an idle machine; PGlite's first start (initdb in WebAssembly) and both server starts
// slow down most on a busy one, so the limit leaves generous room.
const SCENARIO_TIMEOUT_MS = 180_000;

test(
  'every running workflow survives kill -9 of a PGlite-backed devserver',
  async () => {
    await crashRestartScenario(path.join(dataDir, 'db'), { busyWorkflows: 3, busySteps: 10 });
  },
  SCENARIO_TIMEOUT_MS,
);
