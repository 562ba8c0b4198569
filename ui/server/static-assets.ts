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
  // The package exports dist/js/uswds.min.js as its main file; its dist folder holds css, fonts, img.
  '/assets/uswds/': path.resolve(path.dirname(require.resolve('@uswds/uswds')), '..'),
  '/assets/app/': path.join(__dirname, '..', 'assets'),
};

interface Asset {
  file: string;
  type: string;
  size: number;
}

/** The file a request path names under one of the roots, or undefined when it is not an asset we serve. */
async function findAsset(roots: Readonly<Record<string, string>>, requestPath: string): Promise<Asset | undefined> {
  const prefix = Object.keys(roots).find((candidate) => requestPath.startsWith(candidate));
  if (!prefix) return undefined;
  const relative = requestPath.slice(prefix.length);
  const type = TYPES[path.extname(relative).toLowerCase()];
  if (
    !type ||
    relative.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    relative.includes('\\')
  )
    return undefined;
  const root = path.resolve(roots[prefix]);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? { file, type, size: info.size } : undefined;
}

export function staticAssets(roots: Readonly<Record<string, string>> = ASSET_ROOTS): Middleware {
  return async (ctx, next) => {
    const asset = ctx.method === 'GET' || ctx.method === 'HEAD' ? await findAsset(roots, ctx.path) : undefined;
    if (!asset) {
      await next();
      return;
    }
    ctx.type = asset.type;
    ctx.length = asset.size;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(asset.file);
  };
}
