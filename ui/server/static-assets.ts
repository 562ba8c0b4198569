/**
 * Serves files under /assets/ from fixed folders: USWDS from node_modules (no CDN) and ui/assets.
 * Only GET/HEAD, only known file types, never outside the folder (no `..`, no encoded tricks).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** URL prefix → folder on disk. */
export const ASSET_ROOTS: Readonly<Record<string, string>> = {
  '/assets/uswds/': // The package exports dist/js/uswds.min.js as its main file; its dist folder holds css, fonts, img.
  path.resolve(path.dirname(require.resolve('@uswds/uswds')), '..'),
  '/assets/app/': path.join(__dirname, '..', 'assets'),
};

export function staticAssets(roots: Readonly<Record<string, string>> = ASSET_ROOTS): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const prefix = Object.keys(roots).find((candidate) => ctx.path.startsWith(candidate));
    if (!prefix) return next();
    const relative = ctx.path.slice(prefix.length);
    const type = TYPES[path.extname(relative).toLowerCase()];
    if (!type || relative.split('/').some((part) => part === '' || part === '.' || part === '..') || relative.includes('\\')) return next();
    const root = path.resolve(roots[prefix]);
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return next();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return next();
    ctx.type = type;
    ctx.length = info.size;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
  };
}
