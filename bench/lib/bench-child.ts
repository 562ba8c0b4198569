/**
 * Runs one bench module in this (child) process and sends its figures to the parent over IPC.
 * bench/run.ts starts it with `--expose-gc` so modules can measure retained heap.
 */
import path from 'node:path';
import { BenchModule } from './bench-result';

async function main(): Promise<void> {
  const modulePath = process.argv[2];
  if (!modulePath) throw new Error('usage: bench-child <module.bench.ts>');
  const loaded = (await import(path.resolve(modulePath))) as Partial<BenchModule>;
  if (typeof loaded.run !== 'function') throw new Error(`${modulePath} does not export run()`);
  const figures = await loaded.run();
  await new Promise<void>((resolve, reject) =>
    process.send?.({ ok: true, figures }, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.send?.({ ok: false, error: error.stack ?? error.message }, () => process.exit(1));
    if (!process.send) {
      console.error(error);
      process.exit(1);
    }
  },
);
