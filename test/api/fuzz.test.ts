/**
 * Seeded fuzzing over every endpoint family (auth, definitions, cases and every case sub-resource,
 * worklists, reports, the public status page, Open311 discovery/services/requests/tokens/updates,
 * health, readiness, metrics, the OpenAPI document) against the real platform on a real socket:
 * mutated methods, paths, query strings, headers, credentials, content types and bodies (JSON, forms,
 * YAML, multipart — whole and truncated —, random bytes), plus raw malformed HTTP. Every answer must
 * be below 500 and in its surface's documented error shape (the API's `{error:{code,message,details}}`,
 * Open311's `[{code,description}]` or `<errors>`), and the process must keep answering.
 *
 * The seed is fixed, so a failure reproduces; the figures are printed for the release note.
 */
import { request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { listen } from '../../api/server';
import type { StartedCase } from '../../api/services/case-service';
import { auth, SERVICE_COMPLAINT, STAFF, startApiEnv, type ApiEnv, type StaffName } from './support/api-harness';
import { jsonBody } from './support/json-body';
import { seededRandom } from '../support/seeded-random';

jest.setTimeout(600_000);

const SEED = 0x9e3779b9;
const REQUESTS = 3000;
const CONCURRENCY = 4;

const HOSTILE = [
  "'; drop table cases; --",
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '<script>x</script>',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  '😀‮',
  'x'.repeat(3000),
  '-1',
  '1e309',
  'null',
  '',
  ' ',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=FZ',
  'multipart/form-data',
  'text/plain',
  'application/yaml',
  'application/xml',
  'x/y; charset=nope',
  '',
];

interface Target {
  family: string;
  method: string;
  path: () => string;
  body?: () => unknown;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

describe('fuzzing every endpoint family', () => {
  let env: ApiEnv;
  let server: Server;
  let port = 0;
  let caseId = '';
  let trackingNumber = '';
  let documentId = '';
  let open311Key = '';

  beforeAll(async () => {
    env = await startApiEnv({
      definitions: ['service-complaint'],
      env: { METRICS_TOKEN: 'fuzz-metrics-token-0123456789' },
    });
    const created = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    const started = jsonBody<StartedCase>(created);
    caseId = started.case.id;
    trackingNumber = started.trackingNumber;
    const uploaded = await env.http
      .post(`/api/v1/cases/${caseId}/documents`)
      .set(auth(env.tokens.clerk))
      .attach('file', Buffer.from('hello'), { filename: 'a.txt', contentType: 'text/plain' });
    documentId = jsonBody<{ id: string }>(uploaded).id;
    const { createApiKey } = await import('../../db');
    open311Key = (await createApiKey(env.t.db, { name: 'fuzz 311', ownerKind: 'open311' })).key;
    server = await listen(env.app, { port: 0, host: '127.0.0.1' });
    port = (server.address() as AddressInfo).port;
  }, 180_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await env?.close();
  });

  it('answers thousands of mutated requests below 500, in the documented shapes, and stays up', async () => {
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const chance = (p: number) => random() < p;
    const id = () =>
      chance(0.7) ? caseId : pick([...HOSTILE, '00000000-0000-0000-0000-000000000000', 'CF-2026-000001']);
    const enc = encodeURIComponent;

    const targets: Target[] = [
      {
        family: 'auth',
        method: 'POST',
        path: () => '/api/v1/auth/login',
        body: () => ({
          username: pick(Object.keys(STAFF)),
          password: pick(['correct horse battery staple', 'wrong', '']),
        }),
      },
      { family: 'auth', method: 'GET', path: () => '/api/v1/me' },
      { family: 'definitions', method: 'GET', path: () => '/api/v1/definitions' },
      {
        family: 'definitions',
        method: 'POST',
        path: () => '/api/v1/definitions',
        body: () => ({ source: pick(['id: x\nversion: 1\n', 'steps: [', '{}', 'a: &a [*a]']) }),
      },
      {
        family: 'definitions',
        method: 'POST',
        path: () => '/api/v1/definitions/validate',
        body: () => ({ source: pick(['id: x\n', '- - -', '']) }),
      },
      {
        family: 'definitions',
        method: 'GET',
        path: () => `/api/v1/definitions/${enc(pick(['service-complaint', ...HOSTILE]))}/versions`,
      },
      {
        family: 'definitions',
        method: 'GET',
        path: () =>
          `/api/v1/definitions/service-complaint/versions/${enc(pick(['1', '1.0.0', ...HOSTILE]))}${chance(0.5) ? '?format=yaml' : ''}`,
      },
      {
        family: 'definitions',
        method: 'POST',
        path: () => `/api/v1/definitions/service-complaint/versions/${enc(pick(['1', ...HOSTILE]))}/publish`,
      },
      {
        family: 'definitions',
        method: 'GET',
        path: () =>
          `/api/v1/definitions/service-complaint/compare?from=${enc(pick(['1', ...HOSTILE]))}&to=${enc(pick(['2', ...HOSTILE]))}`,
      },
      {
        family: 'cases',
        method: 'POST',
        path: () => '/api/v1/cases',
        body: () => ({
          definitionId: pick(['service-complaint', ...HOSTILE]),
          data: chance(0.5) ? SERVICE_COMPLAINT : { category: pick(HOSTILE), [pick(HOSTILE)]: pick(HOSTILE) },
        }),
      },
      {
        family: 'cases',
        method: 'GET',
        path: () =>
          `/api/v1/cases?${pick(['status', 'definition', 'department', 'assignee', 'overdue', 'sort', 'limit', 'cursor'])}=${enc(pick([...HOSTILE, 'open', 'true', '10', 'sla-due']))}`,
      },
      ...['', '/timeline', '/available-actions', '/documents'].map((sub) => ({
        family: 'cases',
        method: 'GET',
        path: () => `/api/v1/cases/${enc(id())}${sub}`,
      })),
      {
        family: 'cases',
        method: 'GET',
        path: () => `/api/v1/cases/${enc(id())}/documents/${enc(chance(0.5) ? documentId : pick(HOSTILE))}`,
      },
      { family: 'cases', method: 'POST', path: () => `/api/v1/cases/${enc(id())}/documents` },
      ...[
        [
          '/actions',
          () => ({
            step: pick(['triage', ...HOSTILE]),
            action: pick(['route', 'close', ...HOSTILE]),
            data: { [pick(HOSTILE)]: pick(HOSTILE) },
          }),
        ],
        ['/claim', () => ({ step: pick(['triage', ...HOSTILE]) })],
        ['/release', () => ({ step: pick(['triage', ...HOSTILE]) })],
        ['/assign', () => ({ step: 'triage', assigneeId: pick([env.userIds.clerk, ...HOSTILE]) })],
        ['/reassign', () => ({ step: 'triage', assigneeId: pick([env.userIds.clerk, ...HOSTILE]) })],
        ['/comments', () => ({ text: pick(HOSTILE) })],
        ['/clock/pause', () => ({ reason: pick(HOSTILE) })],
        ['/clock/resume', () => ({})],
        ['/clock/extend', () => ({ by: pick(['P1D', '1 day', ...HOSTILE]), reason: pick(HOSTILE) })],
        ['/withdraw', () => ({ reason: pick(HOSTILE) })],
        ['/reopen', () => ({ reason: pick(HOSTILE) })],
      ].map(([sub, body]) => ({
        family: 'cases',
        method: 'POST',
        path: () => `/api/v1/cases/${enc(id())}${sub as string}`,
        body: body as () => unknown,
      })),
      {
        family: 'worklists',
        method: 'GET',
        path: () =>
          `/api/v1/worklists/${enc(pick(['mine', 'team', 'overdue', 'escalated', ...HOSTILE]))}?limit=${enc(pick(['5', ...HOSTILE]))}`,
      },
      {
        family: 'reports',
        method: 'GET',
        path: () =>
          `/api/v1/reports/${enc(pick(['sla', 'backlog', 'resolution-time', ...HOSTILE]))}?format=${enc(pick(['csv', 'json', ...HOSTILE]))}&from=${enc(pick(['2026-01-01', ...HOSTILE]))}`,
      },
      {
        family: 'public',
        method: 'GET',
        path: () =>
          `/api/v1/public/cases/${enc(chance(0.5) ? trackingNumber : pick(HOSTILE))}?code=${enc(pick(['ABCDEFGH', ...HOSTILE]))}`,
      },
      { family: 'open311', method: 'GET', path: () => `/open311/v2/discovery.${pick(['json', 'xml', 'html', ''])}` },
      { family: 'open311', method: 'GET', path: () => `/open311/v2/services.${pick(['json', 'xml', 'txt'])}` },
      {
        family: 'open311',
        method: 'GET',
        path: () =>
          `/open311/v2/services/${enc(pick(['service-complaint:graffiti', ...HOSTILE]))}.${pick(['json', 'xml'])}`,
      },
      {
        family: 'open311',
        method: 'GET',
        path: () =>
          `/open311/v2/requests.${pick(['json', 'xml'])}?${pick(['service_code', 'status', 'start_date', 'end_date', 'page', 'page_size', 'service_request_id', 'api_key'])}=${enc(pick([...HOSTILE, 'open', '2026-01-01T00:00:00Z']))}`,
      },
      {
        family: 'open311',
        method: 'GET',
        path: () =>
          `/open311/v2/requests/${enc(chance(0.5) ? trackingNumber : pick(HOSTILE))}.${pick(['json', 'xml'])}`,
      },
      { family: 'open311', method: 'GET', path: () => `/open311/v2/tokens/${enc(pick(HOSTILE))}.json` },
      {
        family: 'open311',
        method: 'GET',
        path: () =>
          `/open311/v2/servicerequestupdates.${pick(['json', 'xml'])}?after_update_id=${enc(pick(['1', ...HOSTILE]))}`,
      },
      {
        family: 'open311',
        method: 'POST',
        path: () => `/open311/v2/requests.${pick(['json', 'xml'])}`,
        body: () =>
          new URLSearchParams({
            api_key: chance(0.7) ? open311Key : pick(HOSTILE),
            service_code: pick(['service-complaint:graffiti', ...HOSTILE]),
            description: pick(HOSTILE),
            address_string: pick(HOSTILE),
            lat: pick(['34.05', ...HOSTILE]),
          }).toString(),
      },
      {
        family: 'open311',
        method: 'GET',
        path: () => `/open311${pick(['', '/', '/v2', '/v9/services.json', `/v2/${enc(pick(HOSTILE))}`])}`,
      },
      {
        family: 'operations',
        method: 'GET',
        path: () =>
          pick(['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json', '/nothing', `/${enc(pick(HOSTILE))}`]),
      },
    ];

    const figures = {
      requests: 0,
      fiveHundreds: 0,
      crashes: 0,
      wrongShapes: 0,
      unsendable: 0,
      byFamily: {} as Record<string, number>,
    };
    const problems: string[] = [];

    const tokenFor = (): Record<string, string> => {
      const kind = random();
      if (kind < 0.55) return auth(env.tokens[pick(Object.keys(env.tokens)) as StaffName]);
      if (kind < 0.65)
        return { Authorization: pick(['Bearer x.y.z', 'Basic Zm9vOmJhcg==', `Bearer ${'a'.repeat(300)}`, 'Bearer']) };
      if (kind < 0.75)
        return { 'X-API-Key': chance(0.5) ? env.integrationKey : pick(HOSTILE.filter((h) => !/[^\x20-\x7e]/.test(h))) };
      if (kind < 0.8) return { Authorization: 'Bearer fuzz-metrics-token-0123456789' };
      return {};
    };

    const multipart = (truncated: boolean): string => {
      const whole = `--FZ\r\nContent-Disposition: form-data; name="file"; filename="${pick(['a.txt', '../x', ''])}"\r\nContent-Type: ${pick(['text/plain', 'application/pdf', 'image/png'])}\r\n\r\n${pick(HOSTILE)}\r\n--FZ--\r\n`;
      return truncated ? whole.slice(0, Math.floor(random() * whole.length)) : whole;
    };

    const bodyFor = (target: Target, contentType: string): string | undefined => {
      const roll = random();
      if (contentType.startsWith('multipart')) return multipart(chance(0.5));
      if (target.body && roll < 0.6) {
        const value = target.body();
        if (typeof value === 'string') return value;
        const text = JSON.stringify(value);
        return chance(0.15) ? text.slice(0, Math.floor(random() * text.length)) : text;
      }
      if (roll < 0.7) return JSON.stringify(JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`));
      if (roll < 0.8)
        return Buffer.from(
          Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256)),
        ).toString('latin1');
      if (roll < 0.85) return 'x'.repeat(20_000);
      return undefined;
    };

    const send = (
      method: string,
      path: string,
      headers: Record<string, string>,
      body: string | undefined,
    ): Promise<Answer | undefined> =>
      new Promise((resolve) => {
        let request: ReturnType<typeof httpRequest>;
        try {
          request = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method,
              path,
              headers: {
                ...headers,
                ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body, 'latin1')) } : {}),
              },
            },
            (response) => {
              const chunks: Buffer[] = [];
              response.on('data', (chunk: Buffer) => chunks.push(chunk));
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 0,
                  contentType: String(response.headers['content-type'] ?? ''),
                  body: Buffer.concat(chunks).toString('utf8'),
                }),
              );
              response.on('error', () => resolve(undefined));
            },
          );
        } catch {
          // node's client refuses to send some headers or paths at all; nothing reached the server.
          figures.unsendable += 1;
          resolve({ status: 200, contentType: '', body: '' });
          return;
        }
        request.setTimeout(60_000, () => request.destroy());
        request.on('error', () => resolve(undefined));
        if (body !== undefined) request.write(body, 'latin1');
        request.end();
      });

    /** Raw bytes for what no HTTP client sends: overlong headers, broken request lines, bad methods, truncated bodies. */
    const sendRaw = (bytes: string): Promise<Answer | undefined> =>
      new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let text = '';
        const timer = setTimeout(() => socket.destroy(), 60_000);
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearTimeout(timer);
          const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
          if (!match) return resolve(undefined);
          const head = text.slice(0, text.indexOf('\r\n\r\n'));
          resolve({
            status: Number(match[1]),
            contentType: /content-type: ([^\r\n]*)/i.exec(head)?.[1] ?? '',
            body: text.slice(text.indexOf('\r\n\r\n') + 4),
          });
        });
        socket.write(bytes, 'latin1');
      });

    const rawRequest = (): { path: string; bytes: string } => {
      const path = pick([
        '/healthz',
        `/api/v1/cases/${caseId}/documents`,
        '/open311/v2/requests.json',
        '/api/v1/auth/login',
      ]);
      const authHeader = `Authorization: Bearer ${env.tokens.clerk}\r\n`;
      switch (Math.floor(random() * 5)) {
        case 0:
          return {
            path,
            bytes: `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000 + Math.floor(random() * 40_000))}\r\nConnection: close\r\n\r\n`,
          };
        case 1:
          return {
            path,
            bytes: `${pick(['FOO', 'G E T', 'TRACE', 'PROPFIND', 'MKCOL'])} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          };
        case 2:
          return { path, bytes: `GET ${path} HTTP/1.1\r\nHost x\r\nConnection: close\r\n\r\n` };
        case 3: {
          const body = multipart(true);
          return {
            path: `/api/v1/cases/${caseId}/documents`,
            bytes: `POST /api/v1/cases/${caseId}/documents HTTP/1.1\r\nHost: x\r\n${authHeader}Content-Type: multipart/form-data; boundary=FZ\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\nConnection: close\r\n\r\n${body}`,
          };
        }
        default: {
          const body = multipart(true);
          return {
            path: `/api/v1/cases/${caseId}/documents`,
            bytes: `POST /api/v1/cases/${caseId}/documents HTTP/1.1\r\nHost: x\r\n${authHeader}Content-Type: multipart/form-data; boundary=FZ\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${Buffer.byteLength(body, 'latin1').toString(16)}\r\n${body}\r\n0\r\n\r\n`,
          };
        }
      }
    };

    const documentedShape = (path: string, method: string, answer: Answer): boolean => {
      if (answer.status < 400 || method === 'HEAD') return true;
      if (/^\/open311(?:[/.-]|$)/i.test(path.split('?')[0])) {
        if (/xml/.test(answer.contentType))
          return /<errors>\s*<error>\s*<code>\d{3}<\/code>\s*<description>[^<]*<\/description>/.test(answer.body);
        try {
          const list = JSON.parse(answer.body) as { code?: unknown; description?: unknown }[];
          return (
            Array.isArray(list) &&
            list.length > 0 &&
            list.every((item) => item.code === answer.status && typeof item.description === 'string')
          );
        } catch {
          return false;
        }
      }
      try {
        const { error } = JSON.parse(answer.body) as {
          error?: { code?: unknown; message?: unknown; details?: unknown };
        };
        return (
          /json/.test(answer.contentType) &&
          typeof error?.code === 'string' &&
          typeof error.message === 'string' &&
          typeof error.details === 'object' &&
          error.details !== null
        );
      } catch {
        return false;
      }
    };

    // The request plans are drawn up front from the one PRNG, so concurrency does not change them.
    const plans = Array.from({ length: REQUESTS }, () => {
      if (chance(0.06))
        return { family: 'raw', method: 'RAW', ...rawRequest(), headers: {}, body: undefined as string | undefined };
      const target = pick(targets);
      const method = chance(0.8) ? target.method : pick(METHODS);
      let path = target.path();
      if (chance(0.2))
        path += `${path.includes('?') ? '&' : '?'}${enc(pick(HOSTILE))}=${pick([enc(pick(HOSTILE)), '%', '%zz', '&&', '==='])}`;
      const contentType =
        target.family === 'open311' && target.method === 'POST' && chance(0.7)
          ? 'application/x-www-form-urlencoded'
          : chance(0.6)
            ? 'application/json'
            : pick(CONTENT_TYPES);
      const headers: Record<string, string> = {
        ...tokenFor(),
        ...(contentType ? { 'Content-Type': contentType } : {}),
      };
      if (chance(0.1)) headers['Idempotency-Key'] = pick(['k1', 'k2', 'x'.repeat(300)]);
      if (chance(0.05)) headers['Accept'] = pick(['*/*', 'text/html', 'application/xml;q=0']);
      if (chance(0.05)) headers['X-Request-Id'] = pick(HOSTILE).replace(/[^\x20-\x7e]/g, '?');
      const body =
        method === 'GET' || method === 'HEAD' ? (chance(0.05) ? 'ignored' : undefined) : bodyFor(target, contentType);
      return { family: target.family, method, path, headers, body, bytes: '' };
    });

    let next = 0;
    const lane = async () => {
      for (;;) {
        const index = next++;
        if (index >= plans.length) return;
        const plan = plans[index];
        figures.requests += 1;
        figures.byFamily[plan.family] = (figures.byFamily[plan.family] ?? 0) + 1;
        const answer =
          plan.method === 'RAW'
            ? await sendRaw(plan.bytes)
            : await send(plan.method, plan.path, plan.headers, plan.body);
        if (!answer) {
          figures.crashes += 1;
          problems.push(`#${index} no answer: ${plan.method} ${plan.path.slice(0, 120)}`);
          continue;
        }
        if (answer.status >= 500) {
          figures.fiveHundreds += 1;
          problems.push(
            `#${index} ${answer.status}: ${plan.method} ${plan.path.slice(0, 120)} → ${answer.body.slice(0, 200)}`,
          );
        }
        if (!documentedShape(plan.path, plan.method, answer)) {
          figures.wrongShapes += 1;
          problems.push(
            `#${index} shape: ${plan.method} ${plan.path.slice(0, 120)} ${answer.status} ${answer.contentType} → ${answer.body.slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));

    // Still alive, still serving.
    const health = await send('GET', '/healthz', {}, undefined);
    if (health?.status !== 200) figures.crashes += 1;

    console.log(
      `fuzz (seed ${SEED.toString(16)}): ${figures.requests} requests, ${figures.fiveHundreds} 5xx, ${figures.crashes} crashes/no answer, ${figures.wrongShapes} wrong shapes (${figures.unsendable} not sendable by node's client); by family ${JSON.stringify(figures.byFamily)}${problems.length > 0 ? `\n${problems.slice(0, 40).join('\n')}` : ''}`,
    );
    expect(Object.keys(figures.byFamily).sort()).toEqual([
      'auth',
      'cases',
      'definitions',
      'open311',
      'operations',
      'public',
      'raw',
      'reports',
      'worklists',
    ]);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ requests: REQUESTS, fiveHundreds: 0, crashes: 0, wrongShapes: 0 });
  });
});
