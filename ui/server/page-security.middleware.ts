/**
 * Headers for HTML pages: a Content-Security-Policy with a fresh nonce per request (no
 * 'unsafe-inline', no eval), no framing, no referrer leaks, and no caching of staff pages.
 * The API keeps its own stricter JSON policy (api/middleware/security-headers.middleware.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type { PageState } from './page-state';

/**
 * `formActionOrigins`: where a form post may be redirected besides here (the sign-in provider, for sign-out).
 * `imageOrigins`: where images may come from besides here (the agency's map tile server, when configured).
 */
export function pageContentSecurityPolicy(
  nonce: string,
  formActionOrigins: readonly string[] = [],
  imageOrigins: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    ["img-src 'self' data:", ...imageOrigins].join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...formActionOrigins].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function pageSecurityHeaders(
  formActionOrigins: readonly string[] = [],
  imageOrigins: readonly string[] = [],
): Middleware {
  return async (ctx, next) => {
    const nonce = randomBytes(16).toString('base64');
    (ctx.state as PageState).nonce = nonce;
    ctx.set({
      'Content-Security-Policy': pageContentSecurityPolicy(nonce, formActionOrigins, imageOrigins),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
      'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
      'Cache-Control': 'no-store',
    });
    await next();
  };
}
