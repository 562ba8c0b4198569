/**
 * The supervisors' reports through the API on the real stack (Postgres, the embedded Temporal server,
 * the case worker): the at-risk list picks a case up once its warning timer fired (virtual time
 * skipped), within the supervisor's departments only; the dashboard's tables equal figures computed
 * independently from the raw rows of a seeded period; each CSV is exactly its table; the compliance PDF
 * reads back (pdf-parse) with the same figures; reads and exports are audited; bad input is a 4xx.
 */
import { listAuditEntries } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import type { AtRiskList } from '../../api/services/at-risk-service';
import type { Dashboard } from '../../api/services/dashboard-service';
import { toCsv } from '../../api/services/report-service';
import { pdfText } from '../support/pdf-text';
import { caseStateQuery } from '../../workflows/case-contract';
import { advanceCaseTo } from '../case/support/case-time';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { errorOf, jsonBody } from './support/json-body';
import { responseChecker, type ResponseChecker } from './support/openapi-check';
import { expectedTables, PERIOD, seedReportPeriod } from './support/report-period';

let env: ApiEnv;
let doc: ResponseChecker;

beforeAll(async () => {
  env = await startApiEnv();
  doc = responseChecker(jsonBody<Record<string, unknown>>(await env.http.get('/api/v1/openapi.json')));
  await seedReportPeriod(env.t.db);
}, 60_000);
afterAll(async () => env?.close());

const platformEntries = async (type: string) =>
  listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { eventTypes: [type], limit: 5000 });
const query = `from=${encodeURIComponent(PERIOD.from)}&to=${encodeURIComponent(PERIOD.to)}`;

describe('the overdue and at-risk list', () => {
  it('shows a case once its warning fired, with the step, threshold and level, to supervisors of its department only', async () => {
    const created = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(created.status).toBe(201);
    const { id, trackingNumber } = jsonBody<{ case: { id: string; trackingNumber: string } }>(created).case;
    const before = await env.http.get('/api/v1/reports/at-risk').set(auth(env.tokens.supervisor));
    doc.check('GET', '/api/v1/reports/at-risk', before);
    expect(jsonBody<AtRiskList>(before).rows.map((r) => r.caseId)).not.toContain(id);

    // Skip virtual time to just past the triage step's warning (75 % of one working day).
    const handle = env.client.workflow.getHandle(id);
    const warningAt = (await handle.query(caseStateQuery)).active.find((a) => a.stepId === 'triage')?.sla?.warningAt;
    expect(warningAt).toBeDefined();
    await advanceCaseTo(env.server.clock, handle, Date.parse(warningAt ?? '') + 1000);

    let row: AtRiskList['rows'][number] | undefined;
    for (let attempt = 0; attempt < 200 && !row; attempt++) {
      const response = await env.http.get('/api/v1/reports/at-risk').set(auth(env.tokens.supervisor));
      expect(response.status).toBe(200);
      doc.check('GET', '/api/v1/reports/at-risk', response);
      row = jsonBody<AtRiskList>(response).rows.find((r) => r.caseId === id);
      if (!row) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(row).toMatchObject({
      trackingNumber,
      stepId: 'triage',
      stage: 'warning',
      escalationLevel: 0,
      departmentId: 'call-center',
      warningAt: new Date(warningAt ?? '').toISOString(),
    });
    expect(row?.thresholdAt).toBe(row?.warningAt);

    const listed = (await platformEntries('cases.listed')).filter(
      (e) => JSON.stringify(e.details.filter) === JSON.stringify({ list: 'at-risk' }),
    );
    expect(listed.some((e) => (e.details.caseIds as string[]).includes(id))).toBe(true);

    const other = await env.http.get('/api/v1/reports/at-risk').set(auth(env.tokens.sanitationSupervisor));
    expect(jsonBody<AtRiskList>(other).rows.map((r) => r.caseId)).not.toContain(id);
    const clerk = await env.http.get('/api/v1/reports/at-risk').set(auth(env.tokens.clerk));
    expect(clerk.status).toBe(403);
    expect(errorOf(clerk).code).toBe('FORBIDDEN');
  }, 120_000);
});

describe('the dashboard', () => {
  it('gives, for a seeded period, exactly the figures computed from the raw rows, scoped to the departments', async () => {
    for (const [who, departments] of [
      ['supervisor', ['call-center']],
      ['admin', null],
    ] as const) {
      const response = await env.http.get(`/api/v1/reports/dashboard?${query}`).set(auth(env.tokens[who]));
      expect(response.status).toBe(200);
      doc.check('GET', '/api/v1/reports/dashboard', response);
      const dashboard = jsonBody<Dashboard & { from: string; to: string }>(response);
      expect(dashboard.departments).toEqual(departments);
      expect(dashboard.backlogAt).toBe(PERIOD.to);
      const expected = await expectedTables(env.t.db, PERIOD, departments, PERIOD.to);
      const actual = Object.fromEntries(dashboard.tables.map((t) => [t.id, t.rows]));
      expect(actual).toEqual(expected);
    }
    // The seed is what the figures say (so the comparison above is not two empty tables).
    const supervisor = jsonBody<Dashboard>(
      await env.http.get(`/api/v1/reports/dashboard?${query}`).set(auth(env.tokens.supervisor)),
    );
    const table = (id: string) => supervisor.tables.find((t) => t.id === id)?.rows;
    expect(table('sla-by-service')).toEqual([
      { service: 'building-permit', total: 1, met: 1, percentMet: 100 },
      { service: 'service-complaint', total: 3, met: 2, percentMet: 66.7 },
    ]);
    expect(table('escalations-by-level')).toEqual([
      { level: 1, escalations: 2, cases: 2 },
      { level: 2, escalations: 1, cases: 1 },
    ]);
    expect(table('volume-by-channel')).toEqual([
      { channel: 'phone', created: 3 },
      { channel: 'web', created: 2 },
      { channel: 'not recorded', created: 1 },
    ]);
    expect(table('resolution-time')?.[0]).toEqual({
      service: 'All services',
      closed: 4,
      medianHours: 72,
      p90Hours: 176,
    });
    expect(
      (await platformEntries('reports.read')).some(
        (e) => e.details.report === 'dashboard' && e.details.from === PERIOD.from,
      ),
    ).toBe(true);
  });

  it('downloads each table as CSV with exactly the table’s headings and cells, audited as an export', async () => {
    const dashboard = jsonBody<Dashboard>(
      await env.http.get(`/api/v1/reports/dashboard?${query}`).set(auth(env.tokens.supervisor)),
    );
    for (const table of dashboard.tables) {
      const response = await env.http
        .get(`/api/v1/reports/dashboard/${table.id}?${query}`)
        .set(auth(env.tokens.supervisor));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      doc.check('GET', '/api/v1/reports/dashboard/{table}', response);
      const headings = table.columns.map((c) => c.label);
      const expected = toCsv(
        table.rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.label, row[c.key] ?? null]))),
        headings,
      );
      expect(response.text).toBe(expected);
      expect(response.text.split('\r\n')[0]).toBe(headings.join(','));
      expect(response.text.split('\r\n').length - 2).toBe(table.rows.length);
    }
    const exported = (await platformEntries('reports.exported')).filter((e) => e.details.format === 'csv');
    expect(exported.map((e) => e.details.table)).toEqual(expect.arrayContaining(dashboard.tables.map((t) => t.id)));
  });

  it('makes the compliance report a real PDF whose text carries the dashboard’s figures', async () => {
    const response = await env.http
      .get(`/api/v1/reports/compliance?${query}`)
      .set(auth(env.tokens.supervisor))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await pdfText(pdf);
    const lines = text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
    expect(text).toContain('Service-level compliance report');
    expect(text).toContain('Period: from 2025-03-01 00:00 UTC up to 2025-04-01 00:00 UTC');
    const dashboard = jsonBody<Dashboard>(
      await env.http.get(`/api/v1/reports/dashboard?${query}`).set(auth(env.tokens.supervisor)),
    );
    for (const table of dashboard.tables) {
      expect(text).toContain(table.title);
      expect(lines).toContain(table.columns.map((c) => c.label).join(' '));
      for (const row of table.rows)
        expect(lines).toContain(
          table.columns
            .map((c) => (row[c.key] === null ? '' : String(row[c.key])))
            .filter((cell) => cell !== '')
            .join(' '),
        );
    }
    expect(lines).toContain('service-complaint 3 2 66.7');
    expect(
      (await platformEntries('reports.exported')).some(
        (e) => e.details.report === 'compliance' && e.details.format === 'pdf',
      ),
    ).toBe(true);
  });

  it('refuses a back-to-front period, an unknown table and a caller without reports:read', async () => {
    const backwards = await env.http
      .get(`/api/v1/reports/dashboard?from=${encodeURIComponent(PERIOD.to)}&to=${encodeURIComponent(PERIOD.from)}`)
      .set(auth(env.tokens.supervisor));
    expect(backwards.status).toBe(400);
    expect(errorOf(backwards)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'the period must start before it ends',
    });
    const badDate = await env.http.get('/api/v1/reports/compliance?from=yesterday').set(auth(env.tokens.supervisor));
    expect(badDate.status).toBe(400);
    const unknown = await env.http.get('/api/v1/reports/dashboard/everything').set(auth(env.tokens.supervisor));
    expect(unknown.status).toBe(404);
    const clerk = await env.http.get(`/api/v1/reports/dashboard?${query}`).set(auth(env.tokens.clerk));
    expect(clerk.status).toBe(403);
    expect(errorOf(clerk).code).toBe('FORBIDDEN');
  });
});
