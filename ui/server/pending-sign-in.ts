/**
 * Between a right password and the second factor: a short-lived cookie signed with the server secret
 * (HMAC) naming the user, what is still to do (enter a code, or enrol) and where to go after. No
 * session exists until the second factor is done, so a stolen password alone opens nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { AppConfig } from '../../config';
import { cookieOptions } from './session.middleware';

export const PENDING_COOKIE = 'cf_pending_sign_in';
const PENDING_SECONDS = 10 * 60;

export interface PendingSignIn {
  userId: string;
  step: 'verify' | 'enrol';
  next?: string;
}

function sign(config: AppConfig, payload: string): string {
  return createHmac('sha256', config.auth.jwtSecret).update(`civicflow-pending-sign-in:${payload}`).digest('base64url');
}

export function setPendingSignIn(ctx: Context, config: AppConfig, pending: PendingSignIn, now: Date): void {
  const payload = Buffer.from(
    JSON.stringify({ ...pending, exp: Math.floor(now.getTime() / 1000) + PENDING_SECONDS }),
  ).toString('base64url');
  ctx.cookies.set(PENDING_COOKIE, `${payload}.${sign(config, payload)}`, cookieOptions(ctx, config));
}

export function readPendingSignIn(ctx: Context, config: AppConfig, now: Date): PendingSignIn | undefined {
  const value = ctx.cookies.get(PENDING_COOKIE);
  const [payload, signature] = value?.split('.') ?? [];
  if (!payload || !signature || payload.length > 2000) return undefined;
  const expected = Buffer.from(sign(config, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    userId?: unknown;
    step?: unknown;
    next?: unknown;
    exp?: unknown;
  };
  if (
    typeof parsed.userId !== 'string' ||
    (parsed.step !== 'verify' && parsed.step !== 'enrol') ||
    typeof parsed.exp !== 'number' ||
    parsed.exp * 1000 <= now.getTime()
  )
    return undefined;
  return {
    userId: parsed.userId,
    step: parsed.step,
    ...(typeof parsed.next === 'string' ? { next: parsed.next } : {}),
  };
}

export function clearPendingSignIn(ctx: Context, config: AppConfig): void {
  ctx.cookies.set(PENDING_COOKIE, null, cookieOptions(ctx, config));
}
