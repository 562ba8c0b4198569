/**
 * The HTTP SMS adapter against a real local HTTP server (node:http, port 0), and deliverNotification
 * over SMS with the Postgres outbox.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { getNotificationByKey } from '../../db/repositories/notifications.repository';
import { createNotificationActivities } from '../../activities/notification.activities';
import {
  createHttpSmsProvider,
  createNotificationChannels,
  NotificationError,
  type SmsProvider,
} from '../../notifications';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

let server: Server;
let url: string;
const requests: RecordedRequest[] = [];
const replies: Reply[] = [];
const hanging: ServerResponse[] = [];
let t: TestDatabase;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const reply = replies.shift() ?? { status: 202, body: JSON.stringify({ id: `sms-${requests.length}` }) };
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
  t = await createTestDatabase();
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.drop();
});

const provider = (timeoutMs?: number): SmsProvider =>
  createHttpSmsProvider({ url, token: 'test-token-123', ...(timeoutMs ? { timeoutMs } : {}) });

async function rejection(promise: Promise<unknown>): Promise<NotificationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NotificationError) return error;
    throw error;
  }
  throw new Error('expected a NotificationError');
}

describe('HTTP SMS provider', () => {
  it('posts JSON with the bearer token and idempotency key, and returns the provider id', async () => {
    const sent = await provider().send({
      to: '+1 (555) 010-2030',
      body: 'Your request CF-1 is closed.',
      idempotencyKey: 'case-1:5:0',
    });
    const request = requests[requests.length - 1];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/messages');
    expect(request.headers.authorization).toBe('Bearer test-token-123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('case-1:5:0');
    expect(request.body).toEqual({
      to: '+15550102030',
      body: 'Your request CF-1 is closed.',
      idempotencyKey: 'case-1:5:0',
    });
    expect(sent.messageId).toBe(`sms-${requests.length}`);
  });

  it('treats a 4xx answer as a permanent refusal', async () => {
    replies.push({ status: 400, body: JSON.stringify({ error: 'unknown number' }) });
    const error = await rejection(provider().send({ to: '+15550102030', body: 'x', idempotencyKey: 'k-400' }));
    expect(error).toMatchObject({ code: 'DELIVERY_REJECTED', retryable: false, details: { httpStatus: 400 } });
    expect(error.message).toContain('unknown number');
  });

  it('treats 5xx, 429 and timeouts as retryable', async () => {
    replies.push({ status: 503, body: 'maintenance', headers: { 'retry-after': '30' } });
    expect(await rejection(provider().send({ to: '+15550102030', body: 'x', idempotencyKey: 'k-503' }))).toMatchObject({
      code: 'DELIVERY_UNAVAILABLE',
      retryable: true,
      details: { httpStatus: 503, retryAfterSeconds: 30 },
    });
    replies.push({ status: 429 });
    expect(await rejection(provider().send({ to: '+15550102030', body: 'x', idempotencyKey: 'k-429' }))).toMatchObject({
      code: 'DELIVERY_UNAVAILABLE',
      retryable: true,
    });
    replies.push('hang');
    expect(
      await rejection(provider(300).send({ to: '+15550102030', body: 'x', idempotencyKey: 'k-hang' })),
    ).toMatchObject({
      code: 'DELIVERY_UNAVAILABLE',
      retryable: true,
      details: { timedOut: true },
    });
  });

  it('refuses a number that is not in international format without calling the provider', async () => {
    const before = requests.length;
    expect(await rejection(provider().send({ to: '555-0102', body: 'x', idempotencyKey: 'k-bad' }))).toMatchObject({
      code: 'RECIPIENT_INVALID',
      retryable: false,
    });
    expect(requests.length).toBe(before);
  });

  it('is built from the configuration, token and sender included', async () => {
    const channels = createNotificationChannels({
      smtp: undefined,
      mailFrom: 'x@y.example',
      smsProviderUrl: url,
      smsProviderToken: 'from-secret-store',
      smsFrom: 'CITY311',
    });
    expect(channels.email).toBeUndefined();
    await channels.sms?.send({ to: '+15550102030', body: 'hello', idempotencyKey: 'k-config' });
    expect(requests[requests.length - 1].headers.authorization).toBe('Bearer from-secret-store');
    expect(requests[requests.length - 1].body).toMatchObject({ from: 'CITY311' });
    await channels.close();
  });

  it('treats an unreachable provider as temporary', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(
      createHttpSmsProvider({ url: `http://127.0.0.1:${port}/`, token: 't' }).send({
        to: '+15550102030',
        body: 'x',
        idempotencyKey: 'k-down',
      }),
    );
    expect(error).toMatchObject({ code: 'DELIVERY_UNAVAILABLE', retryable: true });
  });
});

describe('deliverNotification by SMS', () => {
  const { agency: _agency, ...data } = TEMPLATE_FIXTURES['information-requested'];
  const input = (key: string) => ({
    idempotencyKey: key,
    caseId: 'case-123',
    channel: 'sms' as const,
    recipient: '+15550102030',
    template: 'information-requested',
    data,
  });
  const sendsFor = (key: string) => requests.filter((r) => r.headers['idempotency-key'] === key);

  it('sends the short text once per key', async () => {
    const { deliverNotification } = createNotificationActivities({ db: t.db, sms: provider(), agency: AGENCY });
    const result = await deliverNotification(input('sms:1'));
    expect(result.status).toBe('sent');
    expect(await deliverNotification(input('sms:1'))).toMatchObject({ status: 'already-sent' });
    const sends = sendsFor('sms:1');
    expect(sends).toHaveLength(1);
    const body = (sends[0].body as { body: string }).body;
    expect(body).toContain('CF-2026-000123');
    expect(body).toContain('https://springfield.example/track/CF-2026-000123/reply');
    expect(body).not.toMatch(/\n/);
    expect(await getNotificationByKey(t.db, 'sms:1')).toMatchObject({
      state: 'sent',
      providerMessageId: result.providerMessageId,
    });
  });

  it('retries after a 5xx and stops after a 4xx', async () => {
    const { deliverNotification } = createNotificationActivities({ db: t.db, sms: provider(), agency: AGENCY });
    replies.push({ status: 502, body: 'bad gateway' });
    const transient = await deliverNotification(input('sms:2')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(transient).toBeInstanceOf(ApplicationFailure);
    expect(transient).toMatchObject({ type: 'DELIVERY_UNAVAILABLE', nonRetryable: false });
    expect(await getNotificationByKey(t.db, 'sms:2')).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await deliverNotification(input('sms:2'))).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sendsFor('sms:2')).toHaveLength(2);

    replies.push({ status: 422, body: 'landline' });
    const permanent = await deliverNotification(input('sms:3')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(permanent).toMatchObject({ type: 'DELIVERY_REJECTED', nonRetryable: true });
    expect(await getNotificationByKey(t.db, 'sms:3')).toMatchObject({ state: 'failed' });
  });
});
