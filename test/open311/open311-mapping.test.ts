/** The pure Open311 mapping: catalog from definitions, form and query parsing, XML escaping. */
import path from 'node:path';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import type { CompiledDefinition } from '../../domain/definition';
import { buildServiceCatalog, serviceForCase } from '../../open311/service-catalog';
import { parseRequestQuery, parseServiceRequestForm } from '../../open311/request-input';
import { Open311Error } from '../../open311/open311-error';
import { toXmlDocument, OPEN311_LISTS } from '../../open311/xml-format';
import { loadGeoReportValidators, parseXml } from './support/georeport-schemas';

function shipped(id: string): CompiledDefinition {
  const result = loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', `${id}.yaml`));
  if (!result.compiled) throw new Error(`${id} does not compile`);
  return result.compiled;
}

const catalog = buildServiceCatalog([
  shipped('service-complaint'),
  shipped('building-permit'),
  shipped('benefit-application'),
]);

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof Open311Error) return error.errors.map((e) => e.description);
    throw error;
  }
  return [];
}

describe('service catalog', () => {
  it('offers one service per complaint category and one per other definition', () => {
    const codes = catalog.services.map((s) => s.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'benefit-application',
        'building-permit',
        'service-complaint:bulky-items',
        'service-complaint:other',
      ]),
    );
    expect(codes.filter((c) => c.startsWith('service-complaint:'))).toHaveLength(9);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('maps Open311 fields onto case fields and makes the rest attributes', () => {
    const permit = catalog.byCode.get('building-permit')!;
    expect(permit.standardFields).toMatchObject({
      description: 'projectDescription',
      address: 'propertyAddress',
      name: 'applicantName',
      email: 'applicantEmail',
      phone: 'applicantPhone',
    });
    const workType = permit.attributes.find((a) => a.code === 'workType')!;
    expect(workType).toMatchObject({ datatype: 'singlevaluelist', required: true });
    // Staff-written fields are not asked of the resident. Required fields the standard parameters fill
    // (name, email, description) are advertised too; the required address is filled by the location.
    expect(permit.attributes.map((a) => a.code)).toEqual([
      'applicantName',
      'applicantEmail',
      'applicantMailingAddress',
      'workType',
      'projectDescription',
    ]);
    expect(permit.attributes.find((a) => a.code === 'applicantEmail')).toMatchObject({
      required: true,
      datatypeDescription: 'An email address, e.g. resident@example.org',
      description: expect.stringContaining('or send email') as unknown,
    });
    expect(permit.addressRequired).toBe(true);
    const benefit = catalog.byCode.get('benefit-application')!;
    expect(benefit.attributes.find((a) => a.code === 'dateOfBirth')).toMatchObject({
      datatype: 'datetime',
      valueKind: 'date',
    });
    expect(benefit.attributes.find((a) => a.code === 'householdSize')).toMatchObject({
      datatype: 'number',
      required: true,
      valueKind: 'integer',
    });
  });

  it('validates every service and service definition against the official schemas', () => {
    const validate = loadGeoReportValidators();
    validate(
      'services.json',
      catalog.services.map((s) => ({
        service_code: s.code,
        service_name: s.name,
        description: s.description,
        metadata: s.attributes.length > 0,
        type: 'realtime',
        keywords: s.keywords,
        group: s.group,
      })),
    );
    expect(() =>
      validate('requests.json', [
        { service_request_id: 'x', status: 'pending', service_code: 'a', requested_datetime: 'now' },
      ]),
    ).toThrow(/does not match/);
  });

  it('follows a re-categorised case to its new service', () => {
    expect(serviceForCase(catalog, 'service-complaint', { category: 'pothole' }, 'service-complaint:other')?.code).toBe(
      'service-complaint:pothole',
    );
    expect(serviceForCase(catalog, 'gone', {}, 'service-complaint:other')?.code).toBe('service-complaint:other');
  });
});

describe('POST requests form', () => {
  const pothole = catalog.byCode.get('service-complaint:pothole')!;
  const form = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    return params;
  };

  it('builds case data, contact and Open311 columns', () => {
    const input = parseServiceRequestForm(
      form({
        lat: '34.1',
        long: '-118.2',
        description: 'Hole',
        phone: '+1 555 0100',
        'attribute[councilDistrict]': '3',
        'attribute[anonymous]': 'yes',
      }),
      pothole,
    );
    expect(input.data).toEqual({
      category: 'pothole',
      channel: 'mobile-app',
      description: 'Hole',
      latitude: 34.1,
      longitude: -118.2,
      residentPhone: '+1 555 0100',
      councilDistrict: 3,
      anonymous: true,
    });
    expect(input.residentContact).toEqual({ phone: '+1 555 0100', preferredChannel: 'sms' });
    expect(input.open311).toMatchObject({
      serviceCode: 'service-complaint:pothole',
      lat: 34.1,
      long: -118.2,
      description: 'Hole',
    });
    expect(input.open311.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('files a building permit from lat/long and the advertised attributes alone: the point fills the address, the attributes the contact', () => {
    const permit = catalog.byCode.get('building-permit')!;
    const input = parseServiceRequestForm(
      form({
        lat: '34.05',
        long: '-118.25',
        'attribute[applicantName]': 'Bea Builder',
        'attribute[applicantEmail]': 'bea@example.org',
        'attribute[workType]': 'addition',
        'attribute[projectDescription]': 'Deck',
      }),
      permit,
    );
    expect(input.data).toMatchObject({
      propertyAddress: '34.05, -118.25',
      applicantName: 'Bea Builder',
      applicantEmail: 'bea@example.org',
      projectDescription: 'Deck',
    });
    expect(input.residentContact).toEqual({ name: 'Bea Builder', email: 'bea@example.org', preferredChannel: 'email' });
    // An address that is not required is not made up from the point.
    const complaint = parseServiceRequestForm(form({ lat: '34.05', long: '-118.25', description: 'Hole' }), pothole);
    expect(complaint.data).not.toHaveProperty('address');
  });

  it('treats empty parameters as absent and needs one full location', () => {
    expect(
      problems(() => parseServiceRequestForm(form({ lat: '34', address_string: '', description: 'Hole' }), pothole)),
    ).toEqual([
      'lat and long must be sent together',
      'a location is required: lat and long, address_string or address_id',
    ]);
    expect(problems(() => parseServiceRequestForm(form({ address_id: 'A-17', description: 'Hole' }), pothole))).toEqual(
      [],
    );
    // The required description comes from the description parameter or its attribute, and is required.
    expect(
      problems(() => parseServiceRequestForm(form({ address_id: 'A-17', 'attribute[description]': 'Hole' }), pothole)),
    ).toEqual([]);
    expect(problems(() => parseServiceRequestForm(form({ address_id: 'A-17' }), pothole))).toEqual([
      'attribute[description] is required',
    ]);
  });

  it('parses list and date attributes', () => {
    const benefit = catalog.byCode.get('benefit-application')!;
    const input = parseServiceRequestForm(
      form({
        address_string: '1 Main St',
        first_name: 'Ada',
        'attribute[householdSize]': '3',
        'attribute[dateOfBirth]': '1980-02-29',
      }),
      benefit,
    );
    expect(input.data).toMatchObject({
      applicantName: 'Ada',
      householdSize: 3,
      dateOfBirth: '1980-02-29',
      homeAddress: '1 Main St',
    });
    expect(
      problems(() =>
        parseServiceRequestForm(
          form({
            address_string: 'x',
            first_name: 'Ada',
            'attribute[householdSize]': '2.5',
            'attribute[dateOfBirth]': 'Feb 29',
          }),
          benefit,
        ),
      ),
    ).toEqual([
      'attribute[dateOfBirth] must be a date like 2026-05-01',
      'attribute[householdSize] must be a whole number',
    ]);
    expect(problems(() => parseServiceRequestForm(form({ address_string: 'x' }), benefit))).toEqual([
      'attribute[applicantName] is required',
      'attribute[householdSize] is required',
    ]);
  });
});

describe('GET requests query', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('defaults to the most recent 90 days and caps the span at 90 days', () => {
    expect(parseRequestQuery({}, now)).toMatchObject({
      createdFrom: new Date('2026-03-03T12:00:00Z'),
      createdTo: now,
      page: 1,
      pageSize: 100,
    });
    expect(parseRequestQuery({ start_date: '2026-01-01T00:00:00Z' }, now)).toMatchObject({
      createdTo: new Date('2026-04-01T00:00:00Z'),
    });
    expect(
      problems(() =>
        parseRequestQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:00Z' }, now),
      )[0],
    ).toMatch(/90 days/);
    expect(
      problems(() =>
        parseRequestQuery({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, now),
      )[0],
    ).toMatch(/before/);
  });

  it('lets service_request_id override every other argument', () => {
    expect(
      parseRequestQuery(
        { service_request_id: 'cf-2026-000001, CF-2026-000002', status: 'open', start_date: 'bad' },
        now,
      ),
    ).toEqual({ trackingNumbers: ['CF-2026-000001', 'CF-2026-000002'], page: 1, pageSize: 100 });
  });

  it('reads status and service_code lists', () => {
    expect(parseRequestQuery({ status: 'open,closed', service_code: ['a', 'b,c'] }, now)).toMatchObject({
      serviceCodes: ['a', 'b', 'c'],
    });
    expect(parseRequestQuery({ status: 'closed' }, now).closed).toBe(true);
    expect(parseRequestQuery({ status: 'open' }, now).closed).toBe(false);
  });
});

describe('XML', () => {
  it('stays well-formed whatever the text holds', () => {
    const hostile = 'a < b && c > "d" \'e\' \u0000\u0007 \uD800 ]]> <!-- x --> 😀';
    const xml = toXmlDocument('service_requests', [{ description: hostile, lat: 1.5, media_url: null }], OPEN311_LISTS);
    const parsed = parseXml(xml) as {
      service_requests: { request: { description: string; lat: string; media_url: string }[] };
    };
    expect(parsed.service_requests.request[0].description).toBe('a < b && c > "d" \'e\'   ]]> <!-- x --> 😀');
    expect(xml).not.toMatch(/[\u0000\u0007]/);
    expect(parsed.service_requests.request[0].lat).toBe('1.5');
    expect(parsed.service_requests.request[0].media_url).toBe('');
  });
});
