import type { Pb } from '../protocol/proto-codec';

/** google.protobuf.Timestamp from epoch milliseconds. */
export function timestamp(ms: number): Pb {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function timestampMs(ts: Pb | undefined | null): number | undefined {
  if (!ts) return undefined;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor(Number(ts.nanos ?? 0) / 1e6);
}

/** google.protobuf.Duration from milliseconds. */
export function duration(ms: number): Pb {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Milliseconds of a google.protobuf.Duration; absent or zero -> 0. */
export function durationMs(d: Pb | undefined | null): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) * 1000 + Math.floor(Number(d.nanos ?? 0) / 1e6);
}
