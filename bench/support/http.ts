/** Loopback HTTP for benches: one keep-alive agent, JSON in and out, and closed-loop latency measurement. */
import http from 'node:http';
import { elapsedMs, percentile, round, runBounded } from '../lib/measure';

export interface HttpAnswer {
  status: number;
  body: string;
}

export type HttpCall = (method: string, path: string, token?: string, body?: unknown) => Promise<HttpAnswer>;

export function httpClient(
  base: { host: string; port: number },
  maxSockets = 64,
): { call: HttpCall; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const call: HttpCall = (method, path, token, body) =>
    send(method, path, token, body).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      // A kept-alive socket the server closed while idle (e.g. during a long seeding phase): Node's
      // documented remedy is to send again on a new socket.
      if (error.reusedSocket && error.code === 'ECONNRESET') return send(method, path, token, body);
      throw error;
    });
  const send: HttpCall = (method, path, token, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
      };
      const req = http.request({ host: base.host, port: base.port, method, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      if (payload) req.write(payload);
      req.end();
    });
  return { call, close: () => agent.destroy() };
}

/** Signs in with a password and returns the bearer token. */
export async function signIn(call: HttpCall, username: string, password: string): Promise<string> {
  const answer = await call('POST', '/api/v1/auth/login', undefined, { username, password });
  if (answer.status !== 200) throw new Error(`sign-in as ${username} answered ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { token: string }).token;
}

/** Runs `count` requests at `concurrency` in flight (closed loop): requests/s over the phase, p50 and p99 per request. */
export async function measureRequests(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<void>,
): Promise<{ rps: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await runBounded(count, concurrency, async (i) => {
    const t0 = performance.now();
    await one(i);
    latencies.push(elapsedMs(t0));
  });
  const seconds = elapsedMs(started) / 1000;
  return {
    rps: round(count / seconds, 1),
    p50: round(percentile(latencies, 0.5), 1),
    p99: round(percentile(latencies, 0.99), 1),
  };
}
