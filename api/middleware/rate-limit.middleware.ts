/**
 * Token bucket per client IP for public endpoints (login, resident status, Open311). In memory: one
 * API process per bucket set; a cluster would put this in a shared store.
 */
import type { Middleware } from 'koa';
import { ApiError } from '../errors/api-error';

export interface RateLimitOptions {
  perMinute: number;
  now?: () => number;
  /** Buckets kept at most (oldest dropped first), so a flood of addresses cannot grow memory. */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Pure: refill by elapsed time, then take one token if there is one. */
export function takeToken(bucket: Bucket, capacity: number, now: number): { bucket: Bucket; allowed: boolean } {
  const refilled = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 60_000) * capacity);
  if (refilled < 1) return { bucket: { tokens: refilled, at: now }, allowed: false };
  return { bucket: { tokens: refilled - 1, at: now }, allowed: true };
}

export function rateLimit(options: RateLimitOptions): Middleware {
  const buckets = new Map<string, Bucket>();
  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? 50_000;
  return async (ctx, next) => {
    const key = ctx.ip || 'unknown';
    const at = now();
    const current = buckets.get(key) ?? { tokens: options.perMinute, at };
    const { bucket, allowed } = takeToken(current, options.perMinute, at);
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
    ctx.set('RateLimit-Limit', String(options.perMinute));
    ctx.set('RateLimit-Remaining', String(Math.floor(bucket.tokens)));
    if (!allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((1 - bucket.tokens) / options.perMinute) * 60));
      throw new ApiError('RATE_LIMITED', 'too many requests; slow down', { retryAfterSeconds });
    }
    await next();
  };
}
