/**
 * Issue 11, Open311 as a third-party 311 app uses it, with every shipped definition published:
 * - every service can be filed from what its service definition advertises alone, once with only a
 *   point (lat/long) and once with only an address_string;
 * - a benefit application (not public by nature) shows nothing to public reads; a key with the
 *   personal-data scope still sees it whole.
 * Every JSON answer is validated against the official GeoReport v2 schemas.
 */
import request from 'supertest';
import { loadGeoReportValidators } from './support/georeport-schemas';
import { startOpen311Platform, type Open311Platform } from './support/open311-platform';

jest.setTimeout(120_000);

let platform: Open311Platform;
const validate = loadGeoReportValidators();

beforeAll(async () => {
  platform = await startOpen311Platform(['service-complaint', 'building-permit', 'benefit-application']);
});
afterAll(async () => {
  await platform?.close();
});

const http = () => request(platform.app.callback());

async function getJson(path: string, status = 200): Promise<unknown> {
  const response = await http().get(path);
  expect({ path, status: response.status }).toEqual({ path, status });
  return response.body as unknown;
}

interface AdvertisedAttribute {
  code: string;
  datatype: string;
  required: boolean;
  datatype_description: string | null;
  values: { key: string }[];
}

/** A value for one attribute, chosen only from what the service definition says about it. */
function valueFor(attribute: AdvertisedAttribute): string {
  if (attribute.values.length > 0) return attribute.values[0].key;
  const said = attribute.datatype_description ?? '';
  const example = /e\.g\. (\S+)/.exec(said)?.[1];
  if (example !== undefined) return example;
  if (attribute.datatype === 'number')
    return (
      /from (-?[\d.]+)|at least (-?[\d.]+)/
        .exec(said)
        ?.slice(1)
        .find((v) => v !== undefined) ?? '1'
    );
  return 'Given by the 311 app';
}

async function post(form: Record<string, string>): Promise<request.Response> {
  return http()
    .post('/open311/v2/requests.json')
    .type('form')
    .send({ api_key: platform.openApiKey, ...form });
}

describe('Open311 interoperability with every shipped service', () => {
  it('accepts a request built only from the service definition, with lat/long only and with address_string only', async () => {
    const services = (await getJson('/open311/v2/services.json')) as { service_code: string }[];
    validate('services.json', services);
    const codes = services.map((s) => s.service_code);
    expect(codes).toEqual(
      expect.arrayContaining(['service-complaint:pothole', 'building-permit', 'benefit-application']),
    );
    const filed: string[] = [];
    for (const code of codes) {
      const definition = (await getJson(`/open311/v2/services/${encodeURIComponent(code)}.json`)) as {
        attributes: AdvertisedAttribute[];
      };
      validate('service-definition.json', definition);
      const attributes = Object.fromEntries(
        definition.attributes.filter((a) => a.required).map((a) => [`attribute[${a.code}]`, valueFor(a)]),
      );
      const locations: Record<string, string>[] = [
        { lat: '34.0522', long: '-118.2437' },
        { address_string: '200 N Spring St, Los Angeles' },
      ];
      for (const location of locations) {
        const response = await post({ service_code: code, ...location, ...attributes });
        expect({
          code,
          location,
          status: response.status,
          body: response.status === 200 ? undefined : (response.body as unknown),
        }).toEqual({ code, location, status: 200, body: undefined });
        const id = (response.body as { service_request_id: string }[])[0].service_request_id;
        const found = (await getJson(`/open311/v2/requests/${id}.json?api_key=${platform.integrationKey}`)) as {
          service_code: string;
          lat: number | null;
          address: string | null;
        }[];
        validate('requests.json', found);
        expect(found[0].service_code).toBe(code);
        if ('lat' in location) expect(found[0]).toMatchObject({ lat: 34.0522, long: -118.2437 });
        else expect(found[0].address).toBe('200 N Spring St, Los Angeles');
        filed.push(id);
      }
    }
    expect(filed).toHaveLength(codes.length * 2);
  });

  it('fills a required address from the point: a building permit from lat/long alone', async () => {
    const response = await post({
      service_code: 'building-permit',
      lat: '34.0522',
      long: '-118.2437',
      first_name: 'Bea',
      last_name: 'Builder',
      email: 'bea@example.org',
      description: 'Rear deck',
      'attribute[workType]': 'addition',
    });
    expect(response.status).toBe(200);
    const id = (response.body as { service_request_id: string }[])[0].service_request_id;
    // A public service whose definition declares the address and description without marking them personal shows them.
    const found = (await getJson(`/open311/v2/requests/${id}.json`)) as {
      address: string | null;
      description: string | null;
    }[];
    validate('requests.json', found);
    expect(found[0]).toMatchObject({ address: '34.0522, -118.2437', description: 'Rear deck' });
  });

  it('public reads of a benefit application reveal nothing; the personal-data scope still sees it', async () => {
    const response = await post({
      service_code: 'benefit-application',
      lat: '34.0101',
      long: '-118.3030',
      description: 'We lost our income last month',
      first_name: 'Dana',
      last_name: 'Doe',
      'attribute[householdSize]': '3',
    });
    expect(response.status).toBe(200);
    const id = (response.body as { service_request_id: string }[])[0].service_request_id;

    const missing = (await getJson(`/open311/v2/requests/${id}.json`, 404)) as { code: number }[];
    expect(missing[0].code).toBe(404);
    const publicList = (await getJson('/open311/v2/requests.json?service_code=benefit-application')) as unknown[];
    validate('requests.json', publicList);
    expect(publicList).toEqual([]);
    const everything = (await getJson('/open311/v2/requests.json?page_size=500')) as {
      service_request_id: string;
      service_code: string;
    }[];
    validate('requests.json', everything);
    expect(everything.length).toBeGreaterThan(0);
    expect(everything.filter((r) => r.service_request_id === id || r.service_code === 'benefit-application')).toEqual(
      [],
    );
    const byId = (await getJson(`/open311/v2/requests.json?service_request_id=${id}`)) as unknown[];
    expect(byId).toEqual([]);
    const updates = (await getJson('/open311/v2/servicerequestupdates.json')) as { service_request_id: string }[];
    expect(updates.filter((u) => u.service_request_id === id)).toEqual([]);

    const staff = (await getJson(`/open311/v2/requests/${id}.json?api_key=${platform.integrationKey}`)) as Record<
      string,
      unknown
    >[];
    validate('requests.json', staff);
    expect(staff[0]).toMatchObject({
      service_request_id: id,
      service_code: 'benefit-application',
      description: 'We lost our income last month',
      lat: 34.0101,
      long: -118.303,
    });
    const staffList = (await getJson(
      `/open311/v2/requests.json?service_code=benefit-application&api_key=${platform.integrationKey}`,
    )) as { service_request_id: string }[];
    validate('requests.json', staffList);
    expect(staffList.map((r) => r.service_request_id)).toContain(id);
  });
});
