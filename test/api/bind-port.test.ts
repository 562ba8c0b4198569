/**
 * api/server.ts `bind`: the port is taken before anything slow starts; until the app is handed over,
 * requests get the API's 503 body with Retry-After, then the app answers them; a taken port is an error.
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { bind } from '../../api/server';

const get = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as unknown,
  };
};

test('answers 503 while starting, then the app; close can be called twice', async () => {
  const bound = await bind({ host: '127.0.0.1', port: 0 });
  const { port } = bound.server.address() as AddressInfo;
  try {
    expect(await get(port)).toEqual({
      status: 503,
      retryAfter: '5',
      body: { error: { code: 'UNAVAILABLE', message: expect.stringMatching(/starting/) as unknown, details: {} } },
    });
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    bound.serve(app);
    expect(await get(port)).toEqual({ status: 200, retryAfter: null, body: { ok: true } });
  } finally {
    await Promise.all([bound.close(), bound.close()]);
  }
  expect(bound.server.listening).toBe(false);
});

test('a port that is taken is refused with EADDRINUSE', async () => {
  const first = await bind({ host: '127.0.0.1', port: 0 });
  try {
    const { port } = first.server.address() as AddressInfo;
    await expect(bind({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await first.close();
  }
});
