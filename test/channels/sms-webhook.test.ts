/**
 * SMS in through the signed webhook: unsigned, mis-signed and stale calls are refused and change
 * nothing; a signed status request answers only with the right code; a reply attaches to its case;
 * STOP/START/HELP are recorded on the number and a STOPped number gets no texts from the outbox
 * (a real HTTP gateway receives what is sent).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNotificationActivities } from '../../activities/notification.activities';
import { smsSignature } from '../../api/inbound/sms-rules';
import { enqueueNotification, getNotificationByKey, listCaseMessages } from '../../db';
import { createHttpSmsProvider } from '../../notifications';
import { auth, startApiEnv, type ApiEnv } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase } from '../../api/services';
import { AGENCY, TEMPLATE_FIXTURES } from '../notifications/template-fixtures';

const SECRET = 'sms-webhook-secret-0123456789';
const PHONE = '+13235550199';
let env: ApiEnv;
let started: StartedCase;
let gateway: Server;
let gatewayUrl: string;
const texted: { to: string; body: string }[] = [];

beforeAll(async () => {
  env = await startApiEnv({ env: { INBOUND_SMS_SECRET: SECRET } });
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: { category: 'graffiti', channel: 'call', description: 'Tags on the bridge' },
      residentContact: { name: 'Rosa', phone: PHONE, preferredChannel: 'sms' },
    });
  expect(created.status).toBe(201);
  started = jsonBody<StartedCase>(created);
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      texted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; body: string });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sms-${texted.length}` }));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v1/messages`;
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => gateway?.close(() => resolve()));
  await env?.close();
});

let counter = 0;
function signed(text: string, from = PHONE, options: { secret?: string; at?: number } = {}) {
  counter += 1;
  const body = JSON.stringify({ messageId: `gw-${counter}`, from, text });
  const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
  return env.http
    .post('/api/v1/channels/sms')
    .set('content-type', 'application/json')
    .set('x-civicflow-timestamp', timestamp)
    .set('x-civicflow-signature', smsSignature(options.secret ?? SECRET, timestamp, Buffer.from(body)))
    .send(body);
}
const inboundCount = async () =>
  Number(((await env.t.db('inbound_messages').count('* as n').first()) as { n: string }).n);

describe('SMS in (signed webhook)', () => {
  it('refuses unsigned, mis-signed and stale calls and records nothing', async () => {
    const body = JSON.stringify({ messageId: 'x-1', from: PHONE, text: 'STOP' });
    expect(
      (await env.http.post('/api/v1/channels/sms').set('content-type', 'application/json').send(body)).status,
    ).toBe(401);
    expect((await signed('STOP', PHONE, { secret: 'another-secret-0123456789' })).status).toBe(401);
    expect((await signed('STOP', PHONE, { at: Date.now() - 10 * 60_000 })).status).toBe(401);
    expect(await inboundCount()).toBe(0);
    const bad = await signed('hello', 'not-a-number');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers a status request only with the right code', async () => {
    const right = await signed(`${started.trackingNumber} ${started.verificationCode}`);
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ outcome: 'status-answered' });
    expect((right.body as { reply: string }).reply).toContain(started.trackingNumber);
    const wrong = await signed(`${started.trackingNumber} ZZZZ9999`);
    expect(wrong.body).toEqual({
      outcome: 'ignored',
      reply: `${agencyName()}: we could not find a request with that tracking number and code.`,
    });
  });

  it('attaches a reply to its case, from the contact number as the resident', async () => {
    const reply = await signed(`${started.trackingNumber} the tags are back`);
    expect(reply.body).toMatchObject({ outcome: 'reply-attached' });
    const stranger = await signed(`${started.trackingNumber} hello`, '+13235550000');
    expect(stranger.body).toEqual({ outcome: 'reply-attached' });
    const messages = await listCaseMessages(env.t.db, started.case.id);
    expect(messages.map((m) => [m.channel, m.body, m.verifiedSender])).toEqual([
      ['sms', `${started.trackingNumber} the tags are back`, true],
      ['sms', `${started.trackingNumber} hello`, false],
    ]);
  });

  it('records STOP, START and HELP on the number, and a STOPped number gets no texts', async () => {
    expect((await signed('HELP')).body).toMatchObject({
      outcome: 'keyword-recorded',
      reply: expect.stringContaining('tracking number') as unknown,
    });
    expect((await signed('Stop')).body).toMatchObject({
      outcome: 'keyword-recorded',
      reply: expect.stringContaining('no more texts') as unknown,
    });
    expect(await env.t.db('sms_contacts').where({ phone: PHONE }).first()).toMatchObject({
      opted_out: true,
      last_keyword: 'STOP',
    });

    const { agency: _agency, ...data } = TEMPLATE_FIXTURES['status-changed'];
    const notices = createNotificationActivities({
      db: env.t.db,
      agency: AGENCY,
      sms: createHttpSmsProvider({ url: gatewayUrl, token: 'gateway-token-123' }),
    });
    await enqueueNotification(env.t.db, {
      idempotencyKey: 'sms-after-stop',
      caseId: started.case.id,
      channel: 'sms',
      recipient: PHONE,
      template: 'status-changed',
      payload: { data },
    });
    await notices.deliverDueNotifications(50);
    expect(texted.filter((t) => t.to === PHONE)).toHaveLength(0);
    expect(await getNotificationByKey(env.t.db, 'sms-after-stop')).toMatchObject({ state: 'failed' });

    expect((await signed('START')).body).toMatchObject({ outcome: 'keyword-recorded' });
    await enqueueNotification(env.t.db, {
      idempotencyKey: 'sms-after-start',
      caseId: started.case.id,
      channel: 'sms',
      recipient: PHONE,
      template: 'status-changed',
      payload: { data },
    });
    await notices.deliverDueNotifications(50);
    expect(texted.filter((t) => t.to === PHONE)).toHaveLength(1);
  });
});

function agencyName(): string {
  return env.config.agency.name;
}
