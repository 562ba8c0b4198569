/**
 * Validation time of a generated 200-step definition: YAML reading, JSON Schema, every static check
 * and compilation with the content hash — the whole `loadDefinitionText` path. How: bench/notes/validator.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { loadDefinitionText } from '../process-definitions/loader';
import { generateDefinition } from './large-definition';
import type { BenchFigures } from './lib/bench-result';
import { percentile } from './lib/measure';

const STEPS = 200;
const WARMUP = 5;
const RUNS = Number(process.env.BENCH_VALIDATOR_RUNS ?? 40);

export async function run(): Promise<BenchFigures> {
  const text = generateDefinition(STEPS);
  const first = loadDefinitionText(text);
  if (!first.ok || !first.compiled)
    throw new Error(
      `generated definition is invalid: ${first.problems
        .slice(0, 3)
        .map((p) => p.code)
        .join(', ')}`,
    );
  for (let i = 0; i < WARMUP; i += 1) loadDefinitionText(text);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    // A distinct title per run keeps caches keyed on content honest for the document itself.
    const variant = text.replace('title: Generated', `title: Run ${i} generated`);
    const start = process.hrtime.bigint();
    const result = loadDefinitionText(variant);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!result.ok) throw new Error('variant became invalid');
  }
  const shipped: BenchFigures = {};
  const dir = path.join(__dirname, '..', 'process-definitions');
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const runs: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const start = process.hrtime.bigint();
      loadDefinitionText(source, { file });
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    shipped[`validator.shipped.${file.replace(/\.yaml$/, '')}.medianMs`] =
      Math.round(percentile(runs.slice(3), 0.5) * 10) / 10;
  }
  await Promise.resolve();
  return {
    'validator.steps': Object.keys(first.compiled.steps).length,
    'validator.sourceKiB': Math.round(Buffer.byteLength(text) / 102.4) / 10,
    'validator.runs': RUNS,
    'validator.medianMs': Math.round(percentile(samples, 0.5) * 10) / 10,
    'validator.p95Ms': Math.round(percentile(samples, 0.95) * 10) / 10,
    'validator.minMs': Math.round(Math.min(...samples) * 10) / 10,
    ...shipped,
  };
}
