// `npm run devserver -- --port 0` as a separate process, driven by the real SDK.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { historyShapeProblems } from './support/history-shape';
import { quietRuntime, workflowBundle } from './support/devserver-harness';
import { echo } from './workflows';

const ROOT = path.join(__dirname, '..', '..');

test('the standalone command prints its address and serves the SDK; SIGTERM stops it cleanly', async () => {
  quietRuntime();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'devserver', 'cli.ts'), '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+:\d+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`devserver exited (${String(code)}) before printing its address: ${out}`)),
      );
    });
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    try {
      const client = new Client({ connection });
      const bundle = await workflowBundle();
      const worker = await Worker.create({
        connection: nativeConnection,
        taskQueue: 'standalone',
        workflowBundle: bundle,
      });
      const result = await worker.runUntil(
        client.workflow.execute(echo, {
          taskQueue: 'standalone',
          workflowId: 'standalone-echo',
          args: ['over the wire'],
        }),
      );
      expect(result).toBe('over the wire');
      const history = await client.workflow.getHandle('standalone-echo').fetchHistory();
      expect(historyShapeProblems(history)).toEqual([]);
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, 'standalone-echo');
    } finally {
      await nativeConnection.close();
      await connection.close();
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
