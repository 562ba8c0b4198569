import { NativeConnection } from '@temporalio/worker';

/** Which Temporal frontend a worker talks to: the embedded server this platform started, or a cluster. */
export type TemporalFrontend = 'embedded' | 'cluster';

/**
 * The worker's connection. To a cluster, gzip on every request (the SDK's default). To the embedded
 * server, none: its bytes never leave the machine's loopback, and inflating each request was about a
 * tenth of a case lifecycle's CPU (BENCHMARKS.md, http-lifecycle, 2026-12-06).
 */
export function connectWorker(address: string, frontend: TemporalFrontend): Promise<NativeConnection> {
  return NativeConnection.connect({
    address,
    grpcCompression: { codec: frontend === 'embedded' ? 'none' : 'gzip' },
  });
}
