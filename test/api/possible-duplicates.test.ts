/**
 * Possible duplicates at intake, on the real stack: cases created through the API (worker, embedded
 * server, Postgres), then looked up by address and coordinates with department scope, masking of
 * personal data, closed cases left out, newest first, at most five, and the read audited.
 */
import { getUser, listAuditEntries } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import type { Principal } from '../../api/auth/principal';
import { userPrincipal } from '../../api/auth/sign-in';
import {
  createPossibleDuplicatesService,
  MAX_POSSIBLE_DUPLICATES,
  type PossibleDuplicatesService,
} from '../../api/services';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv, type StaffName } from './support/api-harness';
import { jsonBody } from './support/json-body';

let env: ApiEnv;
let duplicates: PossibleDuplicatesService;
const ids: Record<string, string> = {};

async function principal(name: StaffName): Promise<Principal> {
  const user = await getUser(env.t.db, env.userIds[name]);
  if (!user) throw new Error(`no user ${name}`);
  return userPrincipal(user);
}

async function create(
  label: string,
  definitionId: string,
  data: Record<string, unknown>,
  staff: StaffName = 'clerk',
): Promise<string> {
  const response = await env.http.post('/api/v1/cases').set(auth(env.tokens[staff])).send({ definitionId, data });
  if (response.status !== 201) throw new Error(`${label}: ${response.status} ${JSON.stringify(response.body)}`);
  ids[label] = jsonBody<{ case: { id: string } }>(response).case.id;
  return ids[label];
}

const VANOWEN = [
  '16815 W Vanowen St, 91406',
  '16815 West Vanowen Street',
  '16815 w. vanowen st',
  '16815 W VANOWEN ST, Van Nuys, CA 91406',
  '16815 West Vanowen St',
  '16815 W Vanowen Street',
];
const labelsOf = (found: { case: { id: string } }[]) =>
  found.map((item) => Object.keys(ids).find((label) => ids[label] === item.case.id));

beforeAll(async () => {
  env = await startApiEnv();
  duplicates = createPossibleDuplicatesService(env.civic.serviceDeps);
  for (const [i, address] of VANOWEN.entries())
    await create(`vanowen-${i + 1}`, 'service-complaint', { ...SERVICE_COMPLAINT, address });
  const closed = await create('vanowen-closed', 'service-complaint', {
    ...SERVICE_COMPLAINT,
    address: '16815 W Vanowen St',
  });
  const marked = await env.http
    .post(`/api/v1/cases/${closed}/actions`)
    .set(auth(env.tokens.clerk))
    .send({ step: 'triage', action: 'mark-duplicate', data: { duplicateOf: 'CF-2026-000001' } });
  expect(marked.status).toBe(200);
  await create('other-house', 'service-complaint', { ...SERVICE_COMPLAINT, address: '16817 W Vanowen St' });
  await create('spring-200', 'service-complaint', {
    ...SERVICE_COMPLAINT,
    category: 'graffiti',
    address: '200 N Spring St',
    latitude: 34.05349,
    longitude: -118.24257,
  });
  await create('spring-210', 'service-complaint', {
    ...SERVICE_COMPLAINT,
    category: 'graffiti',
    address: '210 N Spring St',
    latitude: 34.054,
    longitude: -118.24257,
  });
  await create('further', 'service-complaint', {
    ...SERVICE_COMPLAINT,
    category: 'graffiti',
    address: '1 Civic Center',
    latitude: 34.056,
    longitude: -118.24257,
  });
  await create(
    'permit',
    'building-permit',
    {
      applicantName: 'Ada',
      applicantEmail: 'ada@example.org',
      propertyAddress: '16815 W Vanowen St',
      workType: 'alteration',
      projectDescription: 'Porch',
    },
    'permitClerk',
  );
  // Routed to Sanitation: the crew works it and sees the place but not the resident's name.
  await create('routed', 'service-complaint', { ...SERVICE_COMPLAINT, address: '7 Elm St' });
  const routed = await env.http
    .post(`/api/v1/cases/${ids.routed}/actions`)
    .set(auth(env.tokens.clerk))
    .send({ step: 'triage', action: 'route' });
  expect(routed.status).toBe(200);
}, 180_000);
afterAll(async () => env?.close());

describe('possible duplicates', () => {
  it('finds open cases at the same address however it is spelt: newest first, at most five, closed ones and other processes left out', async () => {
    const found = await duplicates.find(await principal('clerk'), 'service-complaint', {
      category: 'bulky-items',
      address: '16815 West Vanowen Street, 91406',
    });
    expect(found).toHaveLength(MAX_POSSIBLE_DUPLICATES);
    expect(labelsOf(found)).toEqual(['vanowen-6', 'vanowen-5', 'vanowen-4', 'vanowen-3', 'vanowen-2']);
    expect(found.every((item) => item.match.sameAddress && item.match.distanceMetres === undefined)).toBe(true);
    expect(found[0].case.data.residentName).toBe('Ana Residente');
  });

  it('finds cases within about 100 m by coordinates, with the distance', async () => {
    const both = await duplicates.find(await principal('clerk'), 'service-complaint', {
      address: '200 North Spring Street',
      latitude: 34.05349,
      longitude: -118.24257,
    });
    expect(labelsOf(both)).toEqual(['spring-210', 'spring-200']);
    expect(both.map((item) => item.match)).toEqual([
      { sameAddress: false, distanceMetres: 57 },
      { sameAddress: true, distanceMetres: 0 },
    ]);
    const near = await duplicates.find(await principal('clerk'), 'service-complaint', {
      latitude: 34.0545,
      longitude: -118.24257,
    });
    expect(labelsOf(near)).toEqual(['spring-210']);
    expect(await duplicates.find(await principal('clerk'), 'service-complaint', { address: 'Vanowen St' })).toEqual([]);
    expect(
      await duplicates.find(await principal('clerk'), 'service-complaint', { address: '16819 W Vanowen St' }),
    ).toEqual([]);
  });

  it("keeps to the viewer's departments, masks what they may not see, and never matches on a field they cannot see", async () => {
    const crew = await duplicates.find(await principal('crew'), 'service-complaint', { address: '7 Elm Street' });
    expect(labelsOf(crew)).toEqual(['routed']);
    expect(crew[0].case.maskedFields).toContain('residentName');
    expect(crew[0].case.data.residentName).not.toBe('Ana Residente');
    expect(crew[0].case.data.address).toBe('7 Elm St');
    // Call-center cases are not the crew's.
    expect(
      await duplicates.find(await principal('crew'), 'service-complaint', { address: '16815 W Vanowen St' }),
    ).toEqual([]);
    // The program manager may list call-center cases but not see their addresses: no address probing.
    expect(
      await duplicates.find(await principal('manager'), 'service-complaint', {
        address: '16815 W Vanowen St',
        latitude: 34.05349,
        longitude: -118.24257,
      }),
    ).toEqual([]);
    // A permit's property address is public: the permit clerk finds the permit, not the complaints.
    expect(
      labelsOf(
        await duplicates.find(await principal('permitClerk'), 'building-permit', {
          propertyAddress: '16815 West Vanowen Street',
        }),
      ),
    ).toEqual(['permit']);
  });

  it('audits what it showed, refuses what it must', async () => {
    const before = (await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { limit: 5000 })).length;
    const found = await duplicates.find(
      await principal('clerk'),
      'service-complaint',
      { address: '200 N Spring St' },
      { channel: 'ui', ip: '203.0.113.9' },
    );
    const entries = await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { limit: 5000 });
    expect(entries.length).toBe(before + 1);
    expect(entries[entries.length - 1]).toMatchObject({
      eventType: 'cases.listed',
      actor: { id: env.userIds.clerk },
      details: { caseIds: found.map((item) => item.case.id), filter: { possibleDuplicatesOf: 'service-complaint' } },
    });
    await expect(
      duplicates.find(await principal('clerk'), 'no-such-process', { address: '1 Main St' }),
    ).rejects.toMatchObject({ code: 'DEFINITION_NOT_FOUND' });
    const nobody: Principal = {
      kind: 'user',
      id: 'nobody',
      roles: [],
      departmentId: 'call-center',
      grants: {},
      scopes: [],
    };
    await expect(duplicates.find(nobody, 'service-complaint', { address: '200 N Spring St' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
