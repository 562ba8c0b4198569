/** What one bench module reports: metric name → number or text. */
export type BenchFigures = Record<string, number | string>;

/** A bench module: `bench/<name>.bench.ts` exporting `run`. */
export interface BenchModule {
  run(): Promise<BenchFigures>;
}

/** The run's yardstick (bench/lib/commit-baseline.ts), stored with every result of that run. */
export interface StoredBaseline {
  insertCommitsPerSecond: number;
  connections: number;
  seconds: number;
  measuredAt: string;
}

/** One run of one bench module, as stored in bench/results/<name>.json. */
export interface BenchResult {
  name: string;
  /** ISO time the run finished. */
  finishedAt: string;
  durationMs: number;
  /** The 1-minute load average when the bench began and when it ended (other work skews figures). */
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    loadAverageAtStart?: number;
    loadAverageAtEnd?: number;
  };
  /** Postgres single-row insert commit rate measured in the same `npm run bench` run. */
  baseline?: StoredBaseline;
  figures: BenchFigures;
  /** Set when the module threw or its process died: the figures are then empty. */
  error?: string;
}

export function isBenchResult(value: unknown): value is BenchResult {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<BenchResult>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.finishedAt === 'string' &&
    typeof candidate.figures === 'object' &&
    candidate.figures !== null
  );
}
