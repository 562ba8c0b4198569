/**
 * End to end as a 311 app sees it: discover, list services, read a service definition, POST a
 * request, staff route and close it through the staff API, then the resident's status endpoint,
 * requests/{id}, GET requests and the updates feed show it closed. Every JSON answer is validated
 * against the official GeoReport v2 schemas; every XML answer is parsed back.
 */
import request from 'supertest';
import { loadGeoReportValidators, parseXml } from './support/georeport-schemas';
import { PASSWORD, startOpen311Platform, type Open311Platform } from './support/open311-platform';

jest.setTimeout(60_000);

let platform: Open311Platform;
const validate = loadGeoReportValidators();
const POTHOLE = 'service-complaint:pothole';

beforeAll(async () => {
  platform = await startOpen311Platform();
});
afterAll(async () => {
  await platform?.close();
});

const http = () => request(platform.app.callback());

async function getJson(path: string, status = 200): Promise<request.Response> {
  const response = await http().get(path);
  expect({
    path,
    status: response.status,
    body: response.status === status ? undefined : (response.body as unknown),
  }).toEqual({ path, status, body: undefined });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return response;
}

async function getXml(path: string, status = 200): Promise<Record<string, unknown>> {
  const response = await http()
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  expect({ path, status: response.status }).toEqual({ path, status });
  expect(response.headers['content-type']).toMatch(/^text\/xml/);
  return parseXml(response.body as string);
}

async function login(username: string): Promise<string> {
  const response = await http().post('/api/v1/auth/login').send({ username, password: PASSWORD });
  expect(response.status).toBe(200);
  return response.body.token as string;
}

describe('Open311 GeoReport v2, end to end', () => {
  let trackingNumber = '';
  let verificationCode = '';

  it('describes itself: discovery, services and a service definition in JSON and XML', async () => {
    const discovery = (await getJson('/open311/v2/discovery.json')).body;
    expect(discovery.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['text/xml', 'application/json'],
    });
    expect(discovery.endpoints[0].url).toMatch(/\/open311\/v2\/$/);
    const discoveryXml = await getXml('/open311/v2/discovery.xml');
    expect((discoveryXml.discovery as { endpoints: { endpoint: unknown[] } }).endpoints.endpoint).toHaveLength(1);

    const services = (await getJson('/open311/v2/services.json')).body as {
      service_code: string;
      metadata: boolean;
      type: string;
    }[];
    validate('services.json', services);
    for (const service of services) validate('service.json', service);
    expect(services.map((s) => s.service_code)).toEqual(
      expect.arrayContaining([POTHOLE, 'service-complaint:graffiti', 'service-complaint:other']),
    );
    expect(services.find((s) => s.service_code === POTHOLE)).toMatchObject({
      service_name: 'Pothole',
      metadata: true,
      type: 'realtime',
      group: '311 service complaint',
    });
    const servicesXml = await getXml('/open311/v2/services.xml');
    const xmlServices = (servicesXml.services as { service: { service_code: string; metadata: string }[] }).service;
    expect(xmlServices.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
    expect(xmlServices[0].metadata).toBe('true');

    const definition = (await getJson(`/open311/v2/services/${POTHOLE}.json`)).body;
    validate('service-definition.json', definition);
    expect(definition.service_code).toBe(POTHOLE);
    const codes = (definition.attributes as { code: string }[]).map((a) => a.code);
    // Resident-given fields become attributes; staff-only fields (crew notes, referrals) do not. The
    // required description is advertised too (the standard description parameter also fills it).
    expect(codes).toEqual(['description', 'councilDistrict', 'anonymous']);
    expect(definition.attributes[0]).toMatchObject({
      required: true,
      description: expect.stringContaining('or send description') as unknown,
    });
    expect(definition.attributes[1]).toMatchObject({ datatype: 'number', required: false, variable: true, order: 2 });
    expect(definition.attributes[2]).toMatchObject({
      datatype: 'singlevaluelist',
      values: [
        { key: 'true', name: 'Yes' },
        { key: 'false', name: 'No' },
      ],
    });
    const definitionXml = await getXml(`/open311/v2/services/${POTHOLE}.xml`);
    const attributes = (
      definitionXml.service_definition as { attributes: { attribute: { code: string; values: unknown }[] } }
    ).attributes.attribute;
    expect(attributes.map((a) => a.code)).toEqual(codes);

    await getJson('/open311/v2/services/service-complaint:unicorns.json', 404);
  });

  it('accepts a request from a 311 app (form-urlencoded, api_key) and starts a case', async () => {
    const response = await http().post('/open311/v2/requests.json').type('form').send({
      api_key: platform.openApiKey,
      service_code: POTHOLE,
      lat: '34.1870',
      long: '-118.4983',
      address_string: '16815 W Vanowen St, 91406',
      description: 'Deep pothole in the right lane',
      email: 'ruth@example.org',
      first_name: 'Ruth',
      last_name: 'Reyes',
      'attribute[councilDistrict]': '6',
      'attribute[anonymous]': 'false',
    });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    trackingNumber = response.body[0].service_request_id as string;
    expect(trackingNumber).toMatch(/^CF-\d{4}-\d{6}$/);
    expect(response.body[0]).not.toHaveProperty('token');
    verificationCode = /verification code is (\S+)\./.exec(response.body[0].service_notice as string)?.[1] ?? '';
    expect(verificationCode).not.toBe('');

    const found = (await getJson(`/open311/v2/requests/${trackingNumber}.json`)).body;
    validate('requests.json', found);
    expect(found[0]).toMatchObject({
      service_request_id: trackingNumber,
      status: 'open',
      service_code: POTHOLE,
      service_name: 'Pothole',
      status_notes: 'Received',
    });
    // The definition marks the report and its location personal: the public sees neither.
    expect(found[0]).toMatchObject({ description: null, address: null, lat: null, long: null });
    // A key with the personal-data scope sees them.
    const withKey = (await getJson(`/open311/v2/requests/${trackingNumber}.json?api_key=${platform.integrationKey}`))
      .body;
    validate('requests.json', withKey);
    expect(withKey[0]).toMatchObject({
      description: 'Deep pothole in the right lane',
      address: '16815 W Vanowen St, 91406',
      lat: 34.187,
      long: -118.4983,
    });
  });

  it('staff route and close it through the API; every Open311 view shows it closed', async () => {
    const agent = await login('agent');
    const list = await http().get('/api/v1/cases?definition=service-complaint').set('Authorization', `Bearer ${agent}`);
    expect(list.status).toBe(200);
    const mine = (
      list.body.items as { id: string; trackingNumber: string; data: Record<string, unknown>; channel: string }[]
    ).find((c) => c.trackingNumber === trackingNumber);
    expect(mine).toBeDefined();
    expect(mine!.channel).toBe('open311');
    expect(mine!.data).toMatchObject({
      category: 'pothole',
      channel: 'mobile-app',
      councilDistrict: 6,
      anonymous: false,
      residentEmail: 'ruth@example.org',
      residentName: 'Ruth Reyes',
    });

    const routed = await http()
      .post(`/api/v1/cases/${mine!.id}/actions`)
      .set('Authorization', `Bearer ${agent}`)
      .send({ step: 'triage', action: 'route' });
    expect(routed.status).toBe(200);
    expect(routed.body.status).toBe('accepted');
    const routedView = (await getJson(`/open311/v2/requests/${trackingNumber}.json`)).body;
    validate('requests.json', routedView);
    expect(routedView[0]).toMatchObject({
      status: 'open',
      status_notes: 'Sent to the crew',
      agency_responsible: 'Bureau of Street Services (BSS)',
    });
    expect(routedView[0].expected_datetime).toEqual(expect.any(String));

    const crew = await login('crew');
    const done = await http()
      .post(`/api/v1/cases/${mine!.id}/actions`)
      .set('Authorization', `Bearer ${crew}`)
      .send({
        step: 'pothole-repair',
        action: 'complete',
        data: { resolutionNote: 'Pothole filled with hot asphalt.' },
      });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('accepted');

    // The resident's own status page (tracking number + verification code from the POST answer).
    const status = await http().get(
      `/api/v1/public/cases/${trackingNumber}?code=${encodeURIComponent(verificationCode)}`,
    );
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ trackingNumber, open: false, statusLabel: 'Closed – done' });

    const closed = (await getJson(`/open311/v2/requests/${trackingNumber}.json`)).body;
    validate('requests.json', closed);
    expect(closed[0]).toMatchObject({
      status: 'closed',
      status_notes: 'Closed – done. Pothole filled with hot asphalt.',
      expected_datetime: null,
    });
    expect(Date.parse(closed[0].updated_datetime as string)).toBeGreaterThanOrEqual(
      Date.parse(closed[0].requested_datetime as string),
    );

    const byId = (await getJson(`/open311/v2/requests.json?service_request_id=${trackingNumber}`)).body;
    validate('requests.json', byId);
    expect(byId.map((r: { service_request_id: string; status: string }) => [r.service_request_id, r.status])).toEqual([
      [trackingNumber, 'closed'],
    ]);

    const recent = (await getJson(`/open311/v2/requests.json?service_code=${POTHOLE}&status=closed`)).body;
    validate('requests.json', recent);
    expect(recent.map((r: { service_request_id: string }) => r.service_request_id)).toContain(trackingNumber);
    const stillOpen = (await getJson('/open311/v2/requests.json?status=open')).body;
    validate('requests.json', stillOpen);
    expect(stillOpen.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(trackingNumber);

    const xml = await getXml(`/open311/v2/requests.xml?service_request_id=${trackingNumber}`);
    const xmlRequests = (xml.service_requests as { request: Record<string, string>[] }).request;
    expect(xmlRequests).toHaveLength(1);
    expect(xmlRequests[0]).toMatchObject({
      service_request_id: trackingNumber,
      status: 'closed',
      service_code: POTHOLE,
    });

    const updates = (await getJson(`/open311/v2/servicerequestupdates.json?api_key=${platform.openApiKey}`)).body as {
      service_request_id: string;
      status: string;
      description: string;
      update_id: string;
      updated_datetime: string;
    }[];
    const ours = updates.filter((u) => u.service_request_id === trackingNumber);
    expect(ours.map((u) => [u.status, u.description])).toEqual([
      ['open', 'Received'],
      ['open', 'Sent to the crew'],
      ['closed', 'Closed – done'],
    ]);
    expect(new Set(ours.map((u) => u.update_id)).size).toBe(3);
    const updatesXml = await getXml('/open311/v2/servicerequestupdates.xml');
    const xmlUpdates = (updatesXml.service_requests_updates as { request_update: Record<string, string>[] })
      .request_update;
    expect(xmlUpdates.filter((u) => u.service_request_id === trackingNumber).map((u) => u.status)).toEqual([
      'open',
      'open',
      'closed',
    ]);
    const after = (await getJson(`/open311/v2/servicerequestupdates.json?after_update_id=${ours[1].update_id}`))
      .body as { update_id: string }[];
    expect(after.map((u) => u.update_id)).toContain(ours[2].update_id);
    expect(after.map((u) => u.update_id)).not.toContain(ours[1].update_id);
  });

  it('answers batch clients with a token that resolves to the request id', async () => {
    const response = await http()
      .post('/open311-batch/v2/requests.xml')
      .type('form')
      .send(
        `api_key=${platform.openApiKey}&service_code=${encodeURIComponent('service-complaint:graffiti')}&address_string=${encodeURIComponent('Figueroa St & 7th St')}&description=${encodeURIComponent('Tag <b>on</b> the "box" & wall')}`,
      )
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    const parsed = parseXml(response.body as string);
    const answer = (parsed.service_requests as { request: Record<string, string>[] }).request[0];
    expect(answer.service_request_id).toBeUndefined();
    expect(answer.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const services = (await getJson('/open311-batch/v2/services.json')).body as { type: string }[];
    expect(new Set(services.map((s) => s.type))).toEqual(new Set(['batch']));

    const token = (await getJson(`/open311/v2/tokens/${answer.token}.json`)).body;
    expect(token).toEqual([{ service_request_id: expect.stringMatching(/^CF-/), token: answer.token }]);
    const tokenXml = await getXml(`/open311/v2/tokens/${answer.token}.xml`);
    expect((tokenXml.service_requests as { request: Record<string, string>[] }).request[0].service_request_id).toBe(
      token[0].service_request_id,
    );
    const stored = (
      await getJson(`/open311/v2/requests/${token[0].service_request_id}.json?api_key=${platform.integrationKey}`)
    ).body;
    validate('requests.json', stored);
    expect(stored[0]).toMatchObject({
      service_code: 'service-complaint:graffiti',
      description: 'Tag <b>on</b> the "box" & wall',
      lat: null,
      long: null,
    });
    await getJson('/open311/v2/tokens/not-a-token.json', 404);
  });

  it('errors are a list of {code, description}: 403 for a bad key, 404 for unknown, 400 otherwise; nothing is half-written', async () => {
    const countBefore = Number((await platform.database.db('cases').count<{ count: string }[]>('* as count'))[0].count);
    const post = (fields: Record<string, string>, suffix = 'json') =>
      http().post(`/open311/v2/requests.${suffix}`).type('form').send(fields);
    const base = { api_key: platform.openApiKey, service_code: POTHOLE, address_string: '40 N Main St' };

    const noKey = await post({ service_code: POTHOLE, address_string: 'x' });
    expect(noKey.status).toBe(403);
    expect(noKey.body).toEqual([{ code: 403, description: expect.any(String) }]);
    expect((await post({ ...base, api_key: 'not-a-real-key-at-all' })).status).toBe(403);
    const integration = await post({ ...base, api_key: platform.integrationKey });
    expect(integration.status).toBe(403);

    const unknownService = await post({ ...base, service_code: 'service-complaint:unicorns' });
    expect(unknownService.status).toBe(404);
    expect(unknownService.body[0]).toMatchObject({ code: 404 });

    const noLocation = await post({ api_key: platform.openApiKey, service_code: POTHOLE });
    expect(noLocation.status).toBe(400);
    expect(noLocation.body[0].description).toMatch(/location/);

    const badValues = await post({
      ...base,
      lat: '91',
      'attribute[councilDistrict]': 'six',
      'attribute[anonymous]': 'perhaps',
      email: 'not-an-email',
      media_url: 'javascript:alert(1)',
    });
    expect(badValues.status).toBe(400);
    const descriptions = (badValues.body as { code: number; description: string }[])
      .map((e) => e.description)
      .join(' | ');
    expect(descriptions).toMatch(/lat must be/);
    expect(descriptions).toMatch(/attribute\[councilDistrict\] must be a number/);
    expect(descriptions).toMatch(/attribute\[anonymous\] must be true or false/);
    expect(descriptions).toMatch(/email/);
    expect(descriptions).toMatch(/media_url/);
    expect((badValues.body as { code: number }[]).every((e) => e.code === 400)).toBe(true);

    // The definition's own rules still apply (councilDistrict 1..15).
    const outOfRange = await post({ ...base, 'attribute[councilDistrict]': '99' });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body[0]).toMatchObject({ code: 400 });

    const json = await http()
      .post('/open311/v2/requests.json')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(base));
    expect(json.status).toBe(400);
    const huge = await post({ ...base, description: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);

    const xmlError = await http()
      .post('/open311/v2/requests.xml')
      .type('form')
      .send({ service_code: POTHOLE })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(xmlError.status).toBe(403);
    const parsedError = parseXml(xmlError.body as string);
    expect((parsedError.errors as { error: { code: string }[] }).error[0].code).toBe('403');

    await getJson('/open311/v2/requests/CF-1999-999999.json', 404);
    await getJson('/open311/v2/requests.json?status=pending', 400);
    await getJson('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 400);
    await getJson('/open311/v2/requests.json?start_date=yesterday', 400);
    await getJson('/open311/v2/requests.json?page_size=0', 400);
    await getJson('/open311/v2/requests.json?api_key=wrong-key-wrong-key', 403);
    await getJson('/open311/v2/nothing-here.json', 404);
    await getJson('/open311/v2/services/a/b/c.json', 404);
    expect((await http().get('/open311/v2/services')).status).toBe(400);

    const countAfter = Number((await platform.database.db('cases').count<{ count: string }[]>('* as count'))[0].count);
    expect(countAfter).toBe(countBefore);
  });

  it('answers hostile input with a 4xx list, never a 5xx', async () => {
    const hostile = [
      "'; drop table cases; --",
      '\u0000nul',
      '%00',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      'x'.repeat(5000),
      '😀'.repeat(50),
      'CF-2026-000001,,,',
      '%E0%A4%A',
    ];
    const paths: string[] = [];
    for (const value of hostile) {
      const q = encodeURIComponent(value);
      paths.push(
        `/open311/v2/requests.json?service_request_id=${q}`,
        `/open311/v2/requests.json?service_code=${q}`,
        `/open311/v2/requests.json?status=${q}`,
        `/open311/v2/requests.json?start_date=${q}`,
        `/open311/v2/requests.json?page=${q}&page_size=${q}`,
        `/open311/v2/requests.xml?api_key=${q}`,
        `/open311/v2/requests/${q}.json`,
        `/open311/v2/services/${q}.xml`,
        `/open311/v2/tokens/${q}.json`,
        `/open311/v2/servicerequestupdates.json?start_date=${q}&after_update_id=${q}&page_size=${q}`,
      );
    }
    paths.push('/open311/v2/requests.json?api_key=a&api_key=b', '/open311/v2/requests.json?page=99999&page_size=500');
    for (const path of paths) {
      const response = await http().get(path);
      expect({ path: path.slice(0, 120), ok: response.status < 500 }).toEqual({ path: path.slice(0, 120), ok: true });
      // A NUL in the URL is refused by the API's own guard before any route, in the API's error shape.
      const guarded = typeof response.body === 'object' && response.body !== null && 'error' in response.body;
      if (response.status >= 400 && /\.json/.test(path.split('?')[0]) && !guarded)
        expect({ path: path.slice(0, 120), body: response.body[0] as unknown }).toEqual({
          path: path.slice(0, 120),
          body: { code: response.status, description: expect.any(String) },
        });
    }
    for (const value of hostile) {
      const response = await http()
        .post('/open311/v2/requests.json')
        .type('form')
        .send({
          api_key: platform.openApiKey,
          service_code: value,
          address_string: value,
          description: value,
          [`attribute[${value}]`]: value,
          'attribute[councilDistrict]': value,
        });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it('stores a hostile description safely and still answers well-formed XML', async () => {
    const nasty = 'Broken <script>alert(1)</script> & \u0000 \u0007 "quoted" \uD800 😀 ]]>';
    const posted = await http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ api_key: platform.openApiKey, service_code: POTHOLE, address_string: nasty, description: nasty });
    expect(posted.status).toBe(200);
    const id = posted.body[0].service_request_id as string;
    const seen = (await getJson(`/open311/v2/requests/${id}.json?api_key=${platform.integrationKey}`)).body;
    validate('requests.json', seen);
    expect(seen[0].description).toContain('<script>alert(1)</script> &');
    expect(seen[0].description).not.toContain('\u0000');
    const xml = await getXml(`/open311/v2/requests/${id}.xml?api_key=${platform.integrationKey}`);
    expect((xml.service_requests as { request: { description: string }[] }).request[0].description).toContain(
      '<script>alert(1)</script> &',
    );
  });

  it('pages GET requests with page and page_size', async () => {
    const all = await getJson('/open311/v2/requests.json?page_size=500');
    validate('requests.json', all.body);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBe((all.body as unknown[]).length);
    expect(total).toBeGreaterThanOrEqual(2);
    const first = (await getJson('/open311/v2/requests.json?page=1&page_size=1')).body as {
      service_request_id: string;
    }[];
    const second = (await getJson('/open311/v2/requests.json?page=2&page_size=1')).body as {
      service_request_id: string;
    }[];
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0].service_request_id).not.toBe(second[0].service_request_id);
    // Newest first.
    expect([first[0].service_request_id, second[0].service_request_id]).toEqual(
      (all.body as { service_request_id: string }[]).slice(0, 2).map((r) => r.service_request_id),
    );
  });
});
