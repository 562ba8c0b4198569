/**
 * Serves the page islands that need packages from node_modules (the CodeMirror editor) as one
 * esbuild bundle each, built in memory on first request and kept: nothing built is committed, and
 * there is no separate build step to forget. Only the fixed names below are served.
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Middleware } from 'koa';

export const ISLAND_PREFIX = '/assets/islands/';

const ISLANDS: Readonly<Record<string, string>> = {
  'definition-editor.js': path.join(__dirname, '..', 'islands', 'definition-editor.mjs'),
  'location-map.js': path.join(__dirname, '..', 'islands', 'location-map.mjs'),
};

const built = new Map<string, Promise<string>>();

function bundle(entry: string): Promise<string> {
  let pending = built.get(entry);
  if (!pending) {
    pending = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      minify: true,
      target: 'es2020',
      legalComments: 'none',
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0]?.text ?? '');
    // A failed build is not cached, so the next request tries again.
    pending.catch(() => built.delete(entry));
    built.set(entry, pending);
  }
  return pending;
}

export function islandBundles(): Middleware {
  return async (ctx, next) => {
    const entry =
      ctx.method === 'GET' && ctx.path.startsWith(ISLAND_PREFIX)
        ? ISLANDS[ctx.path.slice(ISLAND_PREFIX.length)]
        : undefined;
    if (!entry) {
      await next();
      return;
    }
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = await bundle(entry);
  };
}
