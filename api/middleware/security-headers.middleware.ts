/** Conservative security headers for a JSON API (what helmet sets, minus what only matters for HTML apps). */
import type { Middleware } from 'koa';

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
      'Cache-Control': 'no-store',
    });
    await next();
    ctx.remove('X-Powered-By');
  };
}
