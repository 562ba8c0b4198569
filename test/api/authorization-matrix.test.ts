/**
 * The authorization matrix: every endpoint × every kind of caller (each platform role, in the case's
 * department and in another one, an integration key, nobody) → allowed, forbidden (403), hidden (404,
 * a case of another department looks absent) or unauthenticated (401). The expectations are written
 * out here as the specification, not derived from the implementation's tables.
 */
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv, type StaffName } from './support/api-harness';

let env: ApiEnv;
let caseId = '';
let withdrawCaseId = '';
let documentId = '';

type Caller = StaffName | 'integration' | 'anonymous';
const CALLERS: Caller[] = [
  'clerk',
  'crew',
  'supervisor',
  'sanitationSupervisor',
  'manager',
  'auditor',
  'admin',
  'integration',
  'anonymous',
];
type Verdict = 'allow' | 'forbid' | 'hide' | 'unauth';

/** Callers in another department than the case (call-center). */
const OTHER_DEPARTMENT: Caller[] = ['crew', 'sanitationSupervisor'];

interface Endpoint {
  name: string;
  method: 'get' | 'post';
  path: () => string;
  body?: unknown;
  multipart?: boolean;
  /** Callers the permission admits (anonymous is never listed: it gets 401 unless the endpoint is public). */
  allowed: Caller[];
  /** A case endpoint: admitted callers of another department get 404. */
  scoped?: boolean;
  public?: boolean;
}

const STAFF_READERS: Caller[] = ['clerk', 'crew', 'supervisor', 'sanitationSupervisor', 'manager', 'auditor', 'admin'];
const ACTORS: Caller[] = ['clerk', 'crew', 'supervisor', 'sanitationSupervisor', 'admin'];
const SUPERVISORS: Caller[] = ['supervisor', 'sanitationSupervisor', 'admin'];
const DEFINERS: Caller[] = ['manager', 'admin'];
const REPORTERS: Caller[] = ['supervisor', 'sanitationSupervisor', 'manager', 'auditor', 'admin'];

const c = () => `/api/v1/cases/${caseId}`;
const ENDPOINTS: Endpoint[] = [
  { name: 'me', method: 'get', path: () => '/api/v1/me', allowed: [...STAFF_READERS, 'integration'] },
  { name: 'list definitions', method: 'get', path: () => '/api/v1/definitions', allowed: STAFF_READERS },
  {
    name: 'validate definition',
    method: 'post',
    path: () => '/api/v1/definitions/validate',
    body: { source: 'id: x\n' },
    allowed: DEFINERS,
  },
  {
    name: 'upload definition',
    method: 'post',
    path: () => '/api/v1/definitions',
    body: { source: 'id: x\n' },
    allowed: DEFINERS,
  },
  {
    name: 'publish definition',
    method: 'post',
    path: () => '/api/v1/definitions/service-complaint/versions/9.9.9/publish',
    allowed: DEFINERS,
  },
  {
    name: 'definition versions',
    method: 'get',
    path: () => '/api/v1/definitions/service-complaint/versions',
    allowed: STAFF_READERS,
  },
  {
    name: 'definition version',
    method: 'get',
    path: () => '/api/v1/definitions/service-complaint/versions/1.0.0',
    allowed: STAFF_READERS,
  },
  {
    name: 'compare versions',
    method: 'get',
    path: () => '/api/v1/definitions/service-complaint/compare?from=1.0.0&to=1.0.0',
    allowed: STAFF_READERS,
  },
  {
    name: 'create case',
    method: 'post',
    path: () => '/api/v1/cases',
    body: { definitionId: 'no-such-process', data: {} },
    allowed: [...ACTORS, 'integration'],
  },
  { name: 'list cases', method: 'get', path: () => '/api/v1/cases', allowed: [...STAFF_READERS, 'integration'] },
  { name: 'get case', method: 'get', path: c, allowed: [...STAFF_READERS, 'integration'], scoped: true },
  {
    name: 'timeline',
    method: 'get',
    path: () => `${c()}/timeline`,
    allowed: [...STAFF_READERS, 'integration'],
    scoped: true,
  },
  {
    name: 'available actions',
    method: 'get',
    path: () => `${c()}/available-actions`,
    allowed: [...STAFF_READERS, 'integration'],
    scoped: true,
  },
  {
    name: 'sla panel',
    method: 'get',
    path: () => `${c()}/sla`,
    allowed: [...STAFF_READERS, 'integration'],
    scoped: true,
  },
  {
    name: 'eligible assignees',
    method: 'get',
    path: () => `${c()}/steps/triage/eligible-assignees`,
    allowed: SUPERVISORS,
    scoped: true,
  },
  {
    name: 'act',
    method: 'post',
    path: () => `${c()}/actions`,
    body: { step: 'no-such-step', action: 'x' },
    allowed: ACTORS,
    scoped: true,
  },
  {
    name: 'claim',
    method: 'post',
    path: () => `${c()}/claim`,
    body: { step: 'no-such-step' },
    allowed: ACTORS,
    scoped: true,
  },
  {
    name: 'release',
    method: 'post',
    path: () => `${c()}/release`,
    body: { step: 'no-such-step' },
    allowed: ACTORS,
    scoped: true,
  },
  {
    name: 'assign',
    method: 'post',
    path: () => `${c()}/assign`,
    body: { step: 'no-such-step', assigneeId: 'USER:clerk' },
    allowed: SUPERVISORS,
    scoped: true,
  },
  {
    name: 'reassign',
    method: 'post',
    path: () => `${c()}/reassign`,
    body: { step: 'no-such-step', assigneeId: 'USER:clerk' },
    allowed: SUPERVISORS,
    scoped: true,
  },
  {
    name: 'comment',
    method: 'post',
    path: () => `${c()}/comments`,
    body: { text: 'matrix' },
    allowed: ACTORS,
    scoped: true,
  },
  {
    name: 'pause clock',
    method: 'post',
    path: () => `${c()}/clock/pause`,
    body: { reason: 'awaiting-applicant' },
    allowed: SUPERVISORS,
    scoped: true,
  },
  { name: 'resume clock', method: 'post', path: () => `${c()}/clock/resume`, allowed: SUPERVISORS, scoped: true },
  {
    name: 'extend clock',
    method: 'post',
    path: () => `${c()}/clock/extend`,
    body: { by: '5 working days', reason: 'complex-project' },
    allowed: SUPERVISORS,
    scoped: true,
  },
  {
    name: 'withdraw',
    method: 'post',
    path: () => `/api/v1/cases/${withdrawCaseId}/withdraw`,
    body: { reason: 'resident asked' },
    allowed: ACTORS,
    scoped: true,
  },
  { name: 'reopen', method: 'post', path: () => `${c()}/reopen`, body: {}, allowed: SUPERVISORS, scoped: true },
  {
    name: 'list documents',
    method: 'get',
    path: () => `${c()}/documents`,
    allowed: [...STAFF_READERS, 'integration'],
    scoped: true,
  },
  {
    name: 'upload document',
    method: 'post',
    path: () => `${c()}/documents`,
    multipart: true,
    allowed: ACTORS,
    scoped: true,
  },
  {
    name: 'download document',
    method: 'get',
    path: () => `${c()}/documents/${documentId}`,
    allowed: [...STAFF_READERS, 'integration'],
    scoped: true,
  },
  { name: 'my tasks', method: 'get', path: () => '/api/v1/worklists/mine', allowed: ACTORS },
  { name: 'team queue', method: 'get', path: () => '/api/v1/worklists/team', allowed: ACTORS },
  { name: 'overdue', method: 'get', path: () => '/api/v1/worklists/overdue', allowed: [...SUPERVISORS, 'manager'] },
  { name: 'escalated', method: 'get', path: () => '/api/v1/worklists/escalated', allowed: [...SUPERVISORS, 'manager'] },
  { name: 'sla report', method: 'get', path: () => '/api/v1/reports/sla', allowed: REPORTERS },
  { name: 'backlog report', method: 'get', path: () => '/api/v1/reports/backlog', allowed: REPORTERS },
  {
    name: 'resolution report',
    method: 'get',
    path: () => '/api/v1/reports/resolution-time?format=csv',
    allowed: REPORTERS,
  },
  {
    name: 'resident status',
    method: 'get',
    path: () => '/api/v1/public/cases/CF-2000-000001?code=ABCDEFGH',
    allowed: [],
    public: true,
  },
  { name: 'openapi', method: 'get', path: () => '/api/v1/openapi.json', allowed: [], public: true },
  { name: 'healthz', method: 'get', path: () => '/healthz', allowed: [], public: true },
];

function expected(endpoint: Endpoint, caller: Caller): Verdict {
  if (endpoint.public) return 'allow';
  if (caller === 'anonymous') return 'unauth';
  if (!endpoint.allowed.includes(caller)) return 'forbid';
  if (endpoint.scoped && OTHER_DEPARTMENT.includes(caller)) return 'hide';
  return 'allow';
}

function verdictOf(status: number, code: string | undefined): Verdict {
  if (status === 401 && code === 'UNAUTHENTICATED') return 'unauth';
  if (status === 403 && code === 'FORBIDDEN') return 'forbid';
  if (status === 404 && code === 'CASE_NOT_FOUND') return 'hide';
  return 'allow';
}

beforeAll(async () => {
  env = await startApiEnv({ definitions: ['service-complaint'] });
  const create = async () => {
    const response = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    if (response.status !== 201) throw new Error(JSON.stringify(response.body));
    return response.body.case.id as string;
  };
  caseId = await create();
  withdrawCaseId = await create();
  const upload = await env.http
    .post(`/api/v1/cases/${caseId}/documents`)
    .set(auth(env.tokens.admin))
    .attach('file', Buffer.from('site photo notes'), { filename: 'notes.txt', contentType: 'text/plain' });
  if (upload.status !== 201) throw new Error(JSON.stringify(upload.body));
  documentId = upload.body.id;
}, 60_000);
afterAll(async () => env?.close());

describe('authorization matrix', () => {
  it('gives every caller on every endpoint the verdict the specification names', async () => {
    const mismatches: string[] = [];
    const table: string[] = [];
    for (const endpoint of ENDPOINTS) {
      for (const caller of CALLERS) {
        let req = env.http[endpoint.method](endpoint.path().replace('USER:clerk', env.userIds.clerk));
        if (caller === 'integration') req = req.set('X-API-Key', env.integrationKey);
        else if (caller !== 'anonymous') req = req.set(auth(env.tokens[caller]));
        const response = endpoint.multipart
          ? await req.attach('file', Buffer.from('matrix upload'), { filename: 'm.txt', contentType: 'text/plain' })
          : endpoint.body !== undefined
            ? await req.send(endpoint.body as object)
            : await req;
        expect(response.status).toBeLessThan(500);
        const got = verdictOf(response.status, response.body?.error?.code);
        const want = expected(endpoint, caller);
        table.push(`${endpoint.name} × ${caller}: ${got} (${response.status} ${response.body?.error?.code ?? ''})`);
        if (got !== want)
          mismatches.push(
            `${endpoint.name} × ${caller}: expected ${want}, got ${got} (${response.status} ${JSON.stringify(response.body?.error ?? {})})`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    expect(table.length).toBe(ENDPOINTS.length * CALLERS.length);
  });

  it("scopes lists to the caller's departments", async () => {
    const clerk = await env.http.get('/api/v1/cases').set(auth(env.tokens.clerk));
    const crew = await env.http.get('/api/v1/cases').set(auth(env.tokens.crew));
    const auditor = await env.http.get('/api/v1/cases').set(auth(env.tokens.auditor));
    const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id);
    expect(ids(clerk)).toEqual(expect.arrayContaining([caseId, withdrawCaseId]));
    expect(ids(crew)).toEqual([]);
    expect(ids(auditor)).toEqual(expect.arrayContaining([caseId, withdrawCaseId]));
    // Asking for another department explicitly does not widen the scope.
    const sneaky = await env.http.get('/api/v1/cases?department=call-center').set(auth(env.tokens.crew));
    expect(ids(sneaky)).toEqual([]);
  });

  it('masks personal data for a role whose process role may not see it', async () => {
    const manager = await env.http.get(`/api/v1/cases/${caseId}`).set(auth(env.tokens.manager));
    expect(manager.status).toBe(200);
    // service-program-manager has no seesPersonalData in the definition.
    expect(manager.body.data.residentName).toBe('***');
    expect(manager.body.data.description).toBe('***');
    expect(manager.body.data.category).toBe('bulky-items');
    const integration = await env.http.get(`/api/v1/cases/${caseId}`).set('X-API-Key', env.integrationKey);
    expect(integration.body.data.residentEmail).toBe('***');
  });
});
