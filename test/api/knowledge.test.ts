/**
 * The knowledge base through the API on real Postgres (issue 17): a knowledge manager writes and
 * publishes versioned articles; agents find them by ranked text search in their language (Spanish
 * stems as Spanish); residents find only public ones; call scripts; information requests logged,
 * linked to the case a call became, and counted; every change on the platform audit chain. Every
 * answer is checked against the served OpenAPI document.
 */
import { createTestUser } from '../support/test-users';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { auth, PASSWORD, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { errorOf, jsonBody } from './support/json-body';
import { responseChecker, type ResponseChecker } from './support/openapi-check';

let env: ApiEnv;
let doc: ResponseChecker;
let km: string;

interface Article {
  id: string;
  publishedVersion: number | null;
  latest: { version: number; status: string; title: string };
}
interface Hits {
  items: Array<{ id: string; title: string; rank: number }>;
}

const article = (overrides: Record<string, unknown> = {}) => ({
  title: 'Bulky item pickup',
  body: 'We collect sofas, mattresses and other large items from the kerb on your trash day. Book a pickup up to two days before.',
  keywords: 'couch furniture collection',
  language: 'en',
  service: 'service-complaint',
  public: true,
  reviewBy: '2099-01-31',
  ...overrides,
});

beforeAll(async () => {
  env = await startApiEnv({ definitions: ['service-complaint'] });
  doc = responseChecker(jsonBody<Record<string, unknown>>(await env.http.get('/api/v1/openapi.json')));
  await createTestUser(env.t.db, {
    username: 'kim',
    displayName: 'Kim Knowledge',
    password: PASSWORD,
    roles: ['knowledge-manager'],
    departmentId: 'call-center',
  });
  km = jsonBody<{ token: string }>(
    await env.http.post('/api/v1/auth/login').send({ username: 'kim', password: PASSWORD }),
  ).token;
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function created(body: Record<string, unknown>): Promise<Article> {
  const response = await env.http.post('/api/v1/knowledge/articles').set(auth(km)).send(body);
  doc.check('POST', '/api/v1/knowledge/articles', response);
  expect(response.status).toBe(201);
  return jsonBody<Article>(response);
}

async function publish(id: string): Promise<Article> {
  const response = await env.http.post(`/api/v1/knowledge/articles/${id}/publish`).set(auth(km));
  doc.check('POST', '/api/v1/knowledge/articles/{articleId}/publish', response);
  expect(response.status).toBe(200);
  return jsonBody<Article>(response);
}

async function search(q: string, lang = 'en', token = env.tokens.clerk): Promise<Hits> {
  const response = await env.http.get('/api/v1/knowledge/articles').query({ q, lang }).set(auth(token));
  doc.check('GET', '/api/v1/knowledge/articles', response);
  expect(response.status).toBe(200);
  return jsonBody<Hits>(response);
}

describe('articles', () => {
  it('are drafts until published, then ranked by search in their language', async () => {
    const pickup = await created(article());
    const mention = await created(
      article({
        title: 'Trash day calendar',
        body: 'Your trash day is on the city calendar. Sofas go out for bulky item pickup only when booked.',
        keywords: 'garbage schedule',
        public: false,
      }),
    );
    const spanish = await created(
      article({
        title: 'Recogida de muebles',
        body: 'Recogemos sofás y colchones de la acera el día de la basura.',
        keywords: 'muebles basura',
        language: 'es',
      }),
    );
    expect(pickup.latest).toMatchObject({ version: 1, status: 'draft' });
    expect((await search('sofa pickup')).items).toEqual([]);

    for (const one of [pickup, mention, spanish]) expect((await publish(one.id)).publishedVersion).toBe(1);
    const hits = (await search('sofa pickup')).items;
    // Both mention a sofa and a pickup; the one with the words in its title ranks first.
    expect(hits.map((hit) => hit.id)).toEqual([pickup.id, mention.id]);
    expect(hits[0].rank).toBeGreaterThan(hits[1].rank);
    // English stemming: "couches" finds the keyword "couch"; websearch syntax excludes with "-".
    expect((await search('couches')).items.map((hit) => hit.id)).toEqual([pickup.id]);
    expect((await search('sofa -calendar')).items.map((hit) => hit.id)).toEqual([pickup.id]);
    // Spanish stemming in Spanish; the English search does not see the Spanish article.
    expect((await search('colchón basuras', 'es')).items.map((hit) => hit.id)).toEqual([spanish.id]);
    expect((await search('recogida')).items).toEqual([]);

    // Residents see public articles only.
    const publicHits = await env.http.get('/api/v1/public/articles').query({ q: 'sofa' });
    doc.check('GET', '/api/v1/public/articles', publicHits);
    expect(jsonBody<Hits>(publicHits).items.map((hit) => hit.id)).toEqual([pickup.id]);
    const internal = await env.http.get(`/api/v1/public/articles/${mention.id}`);
    doc.check('GET', '/api/v1/public/articles/{articleId}', internal);
    expect(errorOf(internal).code).toBe('ARTICLE_NOT_FOUND');
    const shown = await env.http.get(`/api/v1/public/articles/${pickup.id}`);
    doc.check('GET', '/api/v1/public/articles/{articleId}', shown);
    expect(jsonBody<{ version: { title: string } }>(shown).version.title).toBe('Bulky item pickup');
  });

  it('keep every version: an edit of a published article is a new draft, live once published', async () => {
    const first = await publish(
      (
        await created(
          article({ title: 'Graffiti removal', body: 'Report graffiti on public walls.', keywords: 'paint tagging' }),
        )
      ).id,
    );
    const edit = await env.http
      .put(`/api/v1/knowledge/articles/${first.id}`)
      .set(auth(km))
      .send(
        article({
          title: 'Graffiti removal',
          body: 'Report graffiti on public walls or private fences facing the street.',
          keywords: 'paint tagging mural',
        }),
      );
    doc.check('PUT', '/api/v1/knowledge/articles/{articleId}', edit);
    expect(jsonBody<Article>(edit)).toMatchObject({ publishedVersion: 1, latest: { version: 2, status: 'draft' } });
    // Agents still read version 1 until version 2 is published.
    expect((await search('fences')).items).toEqual([]);
    const live = await env.http.get(`/api/v1/knowledge/articles/${first.id}`).set(auth(env.tokens.clerk));
    doc.check('GET', '/api/v1/knowledge/articles/{articleId}', live);
    expect(jsonBody<{ version: { version: number } }>(live).version.version).toBe(1);

    await publish(first.id);
    expect((await search('fences')).items.map((hit) => hit.id)).toEqual([first.id]);
    const again = await env.http.post(`/api/v1/knowledge/articles/${first.id}/publish`).set(auth(km));
    doc.check('POST', '/api/v1/knowledge/articles/{articleId}/publish', again);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('NOTHING_TO_PUBLISH');
    const versions = await env.http.get(`/api/v1/knowledge/articles/${first.id}/versions`).set(auth(km));
    doc.check('GET', '/api/v1/knowledge/articles/{articleId}/versions', versions);
    expect(
      jsonBody<{ items: Array<{ version: number; status: string }> }>(versions).items.map((v) => [v.version, v.status]),
    ).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    const audit = await env.t
      .db('audit_entries')
      .where({ case_id: PLATFORM_AUDIT_STREAM })
      .whereLike('event_type', 'knowledge.%')
      .orderBy('id')
      .select<Array<{ event_type: string; details: { articleId?: string } }>>('event_type', 'details');
    expect(audit.filter((entry) => entry.details.articleId === first.id).map((entry) => entry.event_type)).toEqual([
      'knowledge.article-created',
      'knowledge.article-published',
      'knowledge.article-edited',
      'knowledge.article-published',
    ]);
  });

  it('refuse bad input and people without the role, and list those past their review date', async () => {
    const staff = await env.http.post('/api/v1/knowledge/articles').set(auth(env.tokens.clerk)).send(article());
    doc.check('POST', '/api/v1/knowledge/articles', staff);
    expect(staff.status).toBe(403);
    const impossible = await env.http
      .post('/api/v1/knowledge/articles')
      .set(auth(km))
      .send(article({ reviewBy: '2026-02-30' }));
    expect(impossible.status).toBe(400);
    expect(errorOf(impossible).details).toEqual({
      problems: [{ field: 'reviewBy', message: 'Enter the review-by date as a real date, like 2027-03-31' }],
    });
    const unknownService = await env.http
      .post('/api/v1/knowledge/articles')
      .set(auth(km))
      .send(article({ service: 'no-such-service' }));
    expect(errorOf(unknownService).details).toEqual({
      problems: [{ field: 'service', message: 'Choose a service from the list, or none' }],
    });
    const schema = await env.http
      .post('/api/v1/knowledge/articles')
      .set(auth(km))
      .send(article({ language: 'fr' }));
    expect(errorOf(schema).code).toBe('VALIDATION_FAILED');

    const stale = await publish((await created(article({ title: 'Old holiday schedule', reviewBy: '2020-01-01' }))).id);
    const due = await env.http.get('/api/v1/knowledge/review-due').set(auth(km));
    doc.check('GET', '/api/v1/knowledge/review-due', due);
    expect(jsonBody<{ items: Array<{ id: string; reviewBy: string }> }>(due).items).toEqual([
      expect.objectContaining({ id: stale.id, reviewBy: '2020-01-01', owner: 'kim' }),
    ]);
  });
});

describe('call scripts', () => {
  it('are written by the knowledge manager and read by agents', async () => {
    const saved = await env.http
      .put('/api/v1/knowledge/call-scripts/service-complaint')
      .set(auth(km))
      .send({ questions: ['What is the address?', ' Is it blocking the pavement? ', ''] });
    doc.check('PUT', '/api/v1/knowledge/call-scripts/{service}', saved);
    expect(saved.status).toBe(200);
    const read = await env.http.get('/api/v1/knowledge/call-scripts/service-complaint').set(auth(env.tokens.clerk));
    doc.check('GET', '/api/v1/knowledge/call-scripts/{service}', read);
    expect(jsonBody<{ questions: string[] }>(read).questions).toEqual([
      'What is the address?',
      'Is it blocking the pavement?',
    ]);
    expect(
      (
        await env.http
          .put('/api/v1/knowledge/call-scripts/service-complaint')
          .set(auth(env.tokens.clerk))
          .send({ questions: ['x'] })
      ).status,
    ).toBe(403);
    const unknown = await env.http
      .put('/api/v1/knowledge/call-scripts/nothing-here')
      .set(auth(km))
      .send({ questions: ['x'] });
    expect(errorOf(unknown).details).toEqual({
      problems: [{ field: 'service', message: 'Choose a service from the list, or none' }],
    });
  });
});

describe('information requests', () => {
  it('are logged from an article, linked to the case a call became, and counted', async () => {
    const answer = await publish(
      (
        await created(
          article({
            title: 'Library opening hours',
            body: 'Libraries open at nine.',
            keywords: 'library hours',
            service: null,
          }),
        )
      ).id,
    );
    const log = (body: Record<string, unknown>, token = env.tokens.clerk) =>
      env.http.post('/api/v1/information-requests').set(auth(token)).send(body);
    const first = await log({ topic: 'Library hours', articleId: answer.id, channel: 'phone', outcome: 'answered' });
    doc.check('POST', '/api/v1/information-requests', first);
    expect(first.status).toBe(201);
    expect(jsonBody<{ articleVersion: number }>(first).articleVersion).toBe(1);
    await log({ topic: 'Library hours', articleId: answer.id, channel: 'walk-in', outcome: 'answered' });

    const started = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(started.status).toBe(201);
    const caseId = jsonBody<{ case: { id: string } }>(started).case.id;
    const turned = await log({ topic: 'Bulky items', channel: 'phone', outcome: 'case', caseId });
    expect(jsonBody<{ outcome: string; caseId: string }>(turned)).toMatchObject({ outcome: 'case', caseId });

    const unknownArticle = await log({ topic: 'x', articleId: 'nope', channel: 'phone', outcome: 'answered' });
    expect(errorOf(unknownArticle).details).toEqual({
      problems: [{ field: 'articleId', message: 'The article is not known' }],
    });
    expect((await log({ topic: 'x', channel: 'pigeon', outcome: 'answered' })).status).toBe(400);
    expect((await log({ topic: 'x', channel: 'phone', outcome: 'answered' }, km)).status).toBe(403);

    const report = await env.http.get('/api/v1/reports/information-requests').set(auth(env.tokens.supervisor));
    doc.check('GET', '/api/v1/reports/information-requests', report);
    expect(jsonBody<Record<string, unknown>>(report)).toMatchObject({
      contacts: 3,
      answeredAtFirstContact: 67,
      byTopic: [
        { key: 'Library hours', contacts: 2, answered: 2 },
        { key: 'Bulky items', contacts: 1, answered: 0 },
      ],
      byChannel: [
        { key: 'phone', contacts: 2, answered: 1 },
        { key: 'walk-in', contacts: 1, answered: 1 },
      ],
    });
    // Another department's supervisor sees none of the call centre's contacts.
    expect(
      jsonBody<{ contacts: number }>(
        await env.http.get('/api/v1/reports/information-requests').set(auth(env.tokens.sanitationSupervisor)),
      ).contacts,
    ).toBe(0);
    const audit = (await env.t
      .db('audit_entries')
      .where({ case_id: PLATFORM_AUDIT_STREAM })
      .whereIn('event_type', ['information-request.logged', 'information-request.case-linked'])
      .orderBy('id')
      .pluck('event_type')) as string[];
    expect(audit).toEqual([
      'information-request.logged',
      'information-request.logged',
      'information-request.logged',
      'information-request.case-linked',
    ]);
  });
});
