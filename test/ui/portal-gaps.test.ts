/**
 * The portal's guards over HTTP (supertest against two web apps on one database, as two processes
 * of the platform would be): wrong verification codes count in Postgres, so misses spread over
 * both apps lock the number in both; posting the same "ask" form twice stores one question; a
 * multipart form past the reader's field limits is refused whole (413, the reason beside the field)
 * instead of losing the fields past the limit.
 */
import request from 'supertest';
import { silentLogger } from '../../api/logger';
import { listAuditEntries, listCaseInquiries } from '../../db';
import { buildWebApp } from '../../ui/web-app';
import { auth, startApiEnv, type ApiEnv } from '../api/support/api-harness';
import { errorOf, jsonBody } from '../api/support/json-body';
import { csrfOf } from './support/csrf';

interface Started {
  case: { id: string };
  trackingNumber: string;
  verificationCode: string;
}

let env: ApiEnv;
let started: Started;
beforeAll(async () => {
  env = await startApiEnv({ build: buildWebApp });
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: { category: 'graffiti', channel: 'call', description: 'Tag on the wall', address: '200 N Spring St' },
    });
  expect(created.status).toBe(201);
  started = jsonBody<Started>(created);
});
afterAll(async () => env?.close());

/** A visitor of one app: its own cookies and CSRF token. */
async function visitor(app: ReturnType<typeof buildWebApp>['app']) {
  const agent = request.agent(app.callback());
  const csrf = csrfOf((await agent.get('/portal/follow')).text);
  return { agent, csrf };
}

describe('the portal', () => {
  it('counts wrong codes in Postgres: misses spread over two processes lock the number in both', async () => {
    const other = buildWebApp({ config: env.config, db: env.t.db, temporalClient: env.client, logger: silentLogger });
    const a = await visitor(env.app);
    const b = await visitor(other.app);
    const miss = (v: typeof a, code: string) =>
      v.agent.post('/portal/follow').type('form').send({ _csrf: v.csrf, trackingNumber: started.trackingNumber, code });
    // Four free misses per number (CODE_POLICY), taken two in each process.
    for (const [v, code] of [
      [a, 'WRONG001'],
      [b, 'WRONG002'],
      [a, 'WRONG003'],
      [b, 'WRONG004'],
    ] as const)
      expect((await miss(v, code)).status).toBe(404);
    // The fifth, in either process, locks the number for both: an in-memory count would allow 4 more here.
    expect((await miss(b, 'WRONG005')).status).toBe(404);
    const lockedA = await miss(a, started.verificationCode);
    expect(lockedA.status).toBe(429);
    expect(lockedA.headers['retry-after']).toMatch(/^\d+$/);
    expect((await miss(b, started.verificationCode)).status).toBe(429);
    expect(
      await env.t
        .db('throttle_counters')
        .where({ scope: 'portal-code:key', key: started.trackingNumber.toLowerCase() })
        .first(),
    ).toMatchObject({ failures: 5 });
    // Unlocked (as after the wait), the right code clears the number's count.
    await env.t.db('throttle_counters').update({ blocked_until: new Date(0) });
    expect((await miss(a, started.verificationCode)).status).toBe(200);
    expect(await env.t.db('throttle_counters').where({ scope: 'portal-code:key' })).toEqual([]);
  });

  it('stores a question once however often its form is posted', async () => {
    const v = await visitor(env.app);
    const status = await v.agent
      .post('/portal/follow')
      .type('form')
      .send({ _csrf: v.csrf, trackingNumber: started.trackingNumber, code: started.verificationCode });
    expect(status.status).toBe(200);
    const askForm = /<form method="post" action="\/portal\/follow\/ask"[\s\S]*?<\/form>/.exec(status.text)?.[0] ?? '';
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(askForm)?.[1];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const ask = () =>
      v.agent.post('/portal/follow/ask').type('form').send({
        _csrf: v.csrf,
        trackingNumber: started.trackingNumber,
        code: started.verificationCode,
        question: 'When will you come?',
        idempotencyKey: key,
      });
    const first = await ask();
    expect(first.status).toBe(200);
    // A reload of the answer, or a double click: the same form again.
    expect((await ask()).status).toBe(200);
    expect((await listCaseInquiries(env.t.db, started.case.id)).map((i) => i.question)).toEqual([
      'When will you come?',
    ]);
    expect(await listAuditEntries(env.t.db, started.case.id, { eventTypes: ['inquiry-asked'] })).toHaveLength(1);
    // The next page carries a fresh key: a new question is a new one.
    const next = /<form method="post" action="\/portal\/follow\/ask"[\s\S]*?name="idempotencyKey" value="([^"]+)"/.exec(
      first.text,
    )?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(key);
    // A post without a key (not our form) is refused beside the question, and stores nothing.
    const keyless = await v.agent.post('/portal/follow/ask').type('form').send({
      _csrf: v.csrf,
      trackingNumber: started.trackingNumber,
      code: started.verificationCode,
      question: 'Again?',
    });
    expect(keyless.status).toBe(400);
    expect(keyless.text).toContain('href="#question"');
    expect(await listCaseInquiries(env.t.db, started.case.id)).toHaveLength(1);
  });

  it('refuses a multipart form past its field limits instead of dropping fields', async () => {
    // The API: 413 with a machine-readable limit, nothing stored.
    const before = await env.t
      .db('documents')
      .where({ case_id: started.case.id })
      .count<{ count: string }[]>({ count: '*' });
    let tooMany = env.http.post(`/api/v1/cases/${started.case.id}/documents`).set(auth(env.tokens.clerk));
    for (let i = 0; i < 11; i++) tooMany = tooMany.field(`extra${i}`, 'x');
    const refused = await tooMany.attach('file', Buffer.from('note'), {
      filename: 'note.txt',
      contentType: 'text/plain',
    });
    expect(refused.status).toBe(413);
    expect(errorOf(refused)).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limit: 'fields', max: 10 } });
    const tooLong = await env.http
      .post(`/api/v1/cases/${started.case.id}/documents`)
      .set(auth(env.tokens.clerk))
      .field('description', 'x'.repeat(5000))
      .attach('file', Buffer.from('note'), { filename: 'note.txt', contentType: 'text/plain' });
    expect(tooLong.status).toBe(413);
    expect(errorOf(tooLong)).toMatchObject({
      code: 'BODY_TOO_LARGE',
      details: { limit: 'fieldSize', field: 'description' },
    });
    expect(
      await env.t.db('documents').where({ case_id: started.case.id }).count<{ count: string }[]>({ count: '*' }),
    ).toEqual(before);

    // The wizard's upload page: shown again with the reason beside the file field, in the resident's language.
    const agent = request.agent(env.app.callback());
    const page = await agent.get('/portal/request/service-complaint?lang=es');
    expect(page.status).toBe(200);
    let post = agent
      .post('/portal/request/service-complaint/attachment')
      .field('_csrf', csrfOf(page.text))
      .field('lang', 'es');
    for (let i = 0; i < 301; i++) post = post.field(`extra${i}`, 'x');
    const wizard = await post.attach('file', Buffer.from('photo'), {
      filename: 'photo.txt',
      contentType: 'text/plain',
    });
    expect(wizard.status).toBe(413);
    expect(wizard.text).toContain('<a href="#file">Este formulario traía más de lo que podemos recibir');
    expect(await env.t.db('documents').whereLike('case_id', 'portal-upload:%')).toEqual([]);
  });
});
