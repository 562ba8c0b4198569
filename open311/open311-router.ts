/**
 * Open311 GeoReport v2 over the case platform (imperative shell): discovery, services, service
 * definitions, POST/GET requests, tokens and the servicerequestupdates feed, in JSON and XML by
 * suffix. Cases are started through the API's case service; reads use the read model.
 */
import { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Knex } from 'knex';
import type { AppConfig } from '../config';
import {
  authenticateApiKey,
  countCases,
  getCasesByIds,
  getCaseByOpen311Token,
  listAuditFeed,
  listCases,
  listDefinitions,
  predictionsFor,
  type ApiKeyRecord,
  type CaseListFilter,
} from '../db';
import type { CompiledDefinition, JsonValue } from '../domain/definition';
import type { CaseRecord } from '../domain/case';
import type { Open311CaseService, Open311Idempotency, Open311Principal } from './case-service-port';
import { Open311Error, badRequest, forbidden, notFound, type Open311Status } from './open311-error';
import { parseRequestQuery, parseServiceRequestForm, parseW3cDate } from './request-input';
import { toRequestUpdates, UPDATE_EVENT_TYPES, type UpdateSource } from './request-updates';
import { toOpen311Request, type Open311Request } from './request-view';
import {
  buildServiceCatalog,
  isPublicService,
  serviceForCase,
  type Open311Catalog,
  type Open311Service,
} from './service-catalog';
import { OPEN311_LISTS, toXmlDocument, type XmlValue } from './xml-format';
import { readBoundedBody } from '../lib/bounded-body';

export const OPEN311_PREFIX = '/open311/v2';
export const GEOREPORT_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

export interface Open311Deps {
  db: Knex;
  /** The API's case service (createCaseService): starts cases and reads compiled definitions. */
  cases: Open311CaseService;
  /** Runs a POST once per api key and Idempotency-Key (the API's runIdempotent). */
  idempotent: Open311Idempotency;
  clock: () => Date;
  config: Pick<AppConfig, 'publicUrl' | 'api'> & Partial<Pick<AppConfig, 'agency'>>;
  /** Mount point (default /open311/v2). */
  prefix?: string;
  /** 'batch' answers POST with a token (resolve it at tokens/{token}); default 'realtime' (the id at once). */
  responseMode?: 'realtime' | 'batch';
  /** Where unexpected failures are reported (they are answered as 400, as GeoReport asks). */
  onError?: (error: unknown, ctx: Context) => void;
  /** Run before every Open311 route, after the error mapper: the API's public rate limit goes here. */
  middleware?: readonly Middleware[];
}

type Format = 'json' | 'xml';

/** `requests.json` → { name: 'requests', format: 'json' }. */
function splitFormat(file: string): { name: string; format: Format | undefined } {
  const match = /^(.*)\.(json|xml)$/i.exec(file);
  return match ? { name: match[1], format: match[2].toLowerCase() as Format } : { name: file, format: undefined };
}

function requireFormat(file: string): { name: string; format: Format } {
  const { name, format } = splitFormat(file);
  if (!format) throw badRequest('add the response format to the resource: .json or .xml');
  if (name === '' || name.length > 200) throw notFound('unknown resource');
  return { name, format };
}

function send(
  ctx: Context,
  format: Format,
  json: unknown,
  xmlRoot: string,
  xml: XmlValue = json as XmlValue,
  status = 200,
): void {
  ctx.status = status;
  if (format === 'json') {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = JSON.stringify(json);
  } else {
    ctx.type = 'text/xml; charset=utf-8';
    ctx.body = toXmlDocument(xmlRoot, xml, OPEN311_LISTS);
  }
}

/** GeoReport asks for 403 (key), 404 (unknown) and 400 for everything else; 413 and 429 keep their meaning. */
function toOpen311Error(error: unknown): { error: Open311Error; unexpected: boolean } {
  if (error instanceof Open311Error) return { error, unexpected: false };
  // The API's errors carry an HTTP `status`; the database's a `code` (…_NOT_FOUND, INVALID_…).
  const { status, code, message, details } = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    details?: { problems?: unknown };
  };
  const httpStatus =
    typeof status === 'number'
      ? status
      : typeof code === 'string'
        ? code.endsWith('_NOT_FOUND')
          ? 404
          : code.startsWith('INVALID_')
            ? 400
            : 500
        : 500;
  const mapped: Open311Status =
    httpStatus === 403 || httpStatus === 401
      ? 403
      : httpStatus === 404
        ? 404
        : httpStatus === 413
          ? 413
          : httpStatus === 429
            ? 429
            : 400;
  const problems = Array.isArray(details?.problems)
    ? (details.problems as unknown[]).map(describeProblem).filter((p) => p !== '')
    : [];
  const description =
    httpStatus >= 500 || typeof message !== 'string' ? 'the request could not be processed; try again later' : message;
  return {
    error: new Open311Error(mapped, problems.length > 0 ? problems : [description]),
    unexpected: httpStatus >= 500,
  };
}

function describeProblem(problem: unknown): string {
  if (typeof problem === 'string') return problem;
  if (problem && typeof problem === 'object') {
    const { message, path, field } = problem as { message?: unknown; path?: unknown; field?: unknown };
    const where = typeof field === 'string' ? field : typeof path === 'string' ? path : '';
    if (typeof message === 'string') return where ? `${where}: ${message}` : message;
  }
  return '';
}

/** Answers a thrown error as Open311's list of {code, description}, in the format the path asked for. */
function answerError(ctx: Context, thrown: unknown, onError: Open311Deps['onError']): void {
  const { error, unexpected } = toOpen311Error(thrown);
  if (unexpected) onError?.(thrown, ctx);
  const format: Format = /\.xml$/i.test(ctx.path) ? 'xml' : 'json';
  if (error.status === 429) ctx.set('Retry-After', '60');
  send(ctx, format, error.errors, 'errors', error.errors as unknown as XmlValue, error.status);
}

/**
 * Open311's error shape for everything under /open311 (pass `paths` for another mount): errors the
 * app raises before the router (malformed URLs, a bad Authorization header, the rate limit), URLs
 * no router matches (/open311, /open311/v3/…), and methods nothing implements.
 */
export function open311Errors(onError?: Open311Deps['onError'], paths: RegExp = /^\/open311(?:[/.-]|$)/i): Middleware {
  return async (ctx, next) => {
    if (!paths.test(ctx.path)) {
      await next();
      return;
    }
    try {
      await next();
      const empty = ctx.body === undefined || ctx.body === null;
      if (empty && ctx.status === 404) throw notFound('unknown resource');
      // The API's routers answer 501 for methods nothing implements, even over an Open311 answer.
      if (ctx.status === 405 || ctx.status === 501) throw badRequest(`${ctx.method} is not supported here`);
    } catch (thrown) {
      answerError(ctx, thrown, onError);
    }
  };
}

async function readForm(ctx: Context, limitBytes: number): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded'))
    throw badRequest('send the request as application/x-www-form-urlencoded');
  const body = await readBoundedBody(ctx.req, limitBytes);
  if (!body) throw new Open311Error(413, `the body is larger than ${limitBytes} bytes`);
  return new URLSearchParams(body.toString('utf8'));
}

/** The caller's principal when it sends a valid key; throws 403 for a key that is given but bad. */
async function optionalKey(db: Knex, raw: unknown): Promise<ApiKeyRecord | undefined> {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 200) throw forbidden('the api_key is invalid or revoked');
  const record = await authenticateApiKey(db, raw);
  if (!record) throw forbidden('the api_key is invalid or revoked');
  return record;
}

/** As the API's access policy has it for keys: the personal-data scope shows every personal field. */
function readsPrivate(key: ApiKeyRecord | undefined): boolean {
  return key?.scopes.includes('personal-data') === true;
}

/** The definitions whose requests this caller may read: services not public by nature only with the personal-data scope. */
function readableDefinitionIds(services: Open311Catalog, key: ApiKeyRecord | undefined): string[] {
  const all = [...services.definitions.values()];
  return (readsPrivate(key) ? all : all.filter((definition) => isPublicService(definition))).map(
    (definition) => definition.id,
  );
}

function principalOf(key: ApiKeyRecord, extraScopes: readonly string[] = []): Open311Principal {
  return {
    kind: 'api-key',
    id: `apikey:${key.id}`,
    roles: [],
    departmentId: key.departmentId,
    grants: {},
    scopes: [...key.scopes, ...extraScopes],
  };
}

/** Keys made for Open311 clients, or integration keys granted open311:write, may submit requests. */
function maySubmit(key: ApiKeyRecord): boolean {
  return key.ownerKind === 'open311' || key.scopes.includes('open311:write');
}

function queryRecord(ctx: Context): Record<string, string | string[] | undefined> {
  return ctx.query as Record<string, string | string[] | undefined>;
}

export function createOpen311Router(deps: Open311Deps): Router {
  const prefix = deps.prefix ?? OPEN311_PREFIX;
  const router = new Router({ prefix });
  const mode = deps.responseMode ?? 'realtime';

  async function catalog(): Promise<Open311Catalog> {
    const published = (await listDefinitions(deps.db)).filter((summary) => summary.status === 'published');
    const compiled: CompiledDefinition[] = [];
    for (const summary of published) compiled.push(await deps.cases.definitions.get(summary.id, summary.version));
    return buildServiceCatalog(compiled);
  }

  async function definitionOf(record: CaseRecord): Promise<CompiledDefinition | undefined> {
    try {
      return await deps.cases.definitions.get(record.definitionId, record.definitionVersion);
    } catch {
      return undefined;
    }
  }

  async function viewOf(
    record: CaseRecord,
    services: Open311Catalog,
    key: ApiKeyRecord | undefined,
    predicted?: ReadonlyMap<string, { predictedCloseAt: Date }>,
  ): Promise<Open311Request> {
    const definition = await definitionOf(record);
    // expected_datetime: the stored predicted close date (api/services/prediction-service.ts) when there is one.
    const prediction = (predicted ?? (await predictionsFor(deps.db, [record.id]))).get(record.id);
    // As the API's access policy has it for keys: the personal-data scope shows every personal field.
    const readsPersonalData = readsPrivate(key);
    const visible = readsPersonalData && definition ? new Set(definition.caseData.personalFields) : new Set<string>();
    const service = serviceForCase(
      services,
      record.definitionId,
      record.caseData as Record<string, unknown>,
      record.open311.serviceCode,
    );
    return toOpen311Request(record, {
      service,
      definition,
      visiblePersonalFields: visible,
      readsPersonalData,
      ...(prediction ? { predictedCloseAt: prediction.predictedCloseAt } : {}),
    });
  }

  /** Cases Open311 may show this caller: those of a service in the catalog, and only public services' without the personal-data scope. */
  function inCatalog(services: Open311Catalog, record: CaseRecord, key: ApiKeyRecord | undefined): boolean {
    return readableDefinitionIds(services, key).includes(record.definitionId);
  }

  router.use(open311Errors(deps.onError, /^/));
  for (const middleware of deps.middleware ?? []) router.use(middleware);

  router.get('/services/:file', async (ctx) => {
    const { name, format } = requireFormat(ctx.params.file);
    const service = (await catalog()).byCode.get(name);
    if (!service) throw notFound(`service_code ${JSON.stringify(name.slice(0, 100))} was not found`);
    const definition = {
      service_code: service.code,
      attributes: service.attributes.map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription,
        order: a.order,
        description: a.description,
        values: a.values.map((v) => ({ key: v.key, name: v.name })),
      })),
    };
    send(ctx, format, definition, 'service_definition');
  });

  router.get('/requests/:file', async (ctx) => {
    const { name, format } = requireFormat(ctx.params.file);
    const key = await optionalKey(deps.db, ctx.query.api_key);
    const services = await catalog();
    const page = await listCases(deps.db, { filter: { trackingNumbers: [name.toUpperCase()] }, limit: 1 });
    const record = page.items[0];
    if (!record || !inCatalog(services, record, key))
      throw notFound(`service_request_id ${JSON.stringify(name.slice(0, 100))} was not found`);
    const view = await viewOf(record, services, key);
    send(ctx, format, [view], 'service_requests');
  });

  router.get('/tokens/:file', async (ctx) => {
    const { name, format } = requireFormat(ctx.params.file);
    const record = name.length <= 100 ? await getCaseByOpen311Token(deps.db, name) : undefined;
    if (!record) throw notFound('token was not found');
    send(ctx, format, [{ service_request_id: record.trackingNumber, token: name }], 'service_requests');
  });

  router.get('/:file', async (ctx) => {
    const { name, format } = requireFormat(ctx.params.file);
    switch (name) {
      case 'discovery':
        return discovery(ctx, format);
      case 'services':
        return services(ctx, format);
      case 'requests':
        return listRequests(ctx, format);
      case 'servicerequestupdates':
        return updates(ctx, format);
      default:
        throw notFound(`unknown resource ${JSON.stringify(name.slice(0, 100))}`);
    }
  });

  router.post('/:file', async (ctx) => {
    const { name, format } = requireFormat(ctx.params.file);
    if (name !== 'requests') throw notFound(`unknown resource ${JSON.stringify(name.slice(0, 100))}`);
    await submitRequest(ctx, format);
  });

  // Anything else under the prefix answers in Open311's error shape, not the staff API's.
  router.all('/{*rest}', () => {
    throw notFound('unknown resource');
  });

  function discovery(ctx: Context, format: Format): void {
    const url = `${deps.config.publicUrl}${prefix}/`;
    const agency = deps.config.agency;
    const body = {
      changeset: w3cNow(),
      contact: agency ? [agency.name, agency.phone, agency.email].filter(Boolean).join(', ') : 'CivicFlow',
      key_service: `${deps.config.publicUrl}/ (ask the administrator for an Open311 API key)`,
      endpoints: [
        {
          specification: GEOREPORT_SPECIFICATION,
          url,
          changeset: w3cNow(),
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
    send(ctx, format, body, 'discovery');
  }

  function w3cNow(): string {
    return deps
      .clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  async function services(ctx: Context, format: Format): Promise<void> {
    const list = (await catalog()).services.map((s: Open311Service) => ({
      service_code: s.code,
      service_name: s.name,
      description: s.description,
      metadata: s.attributes.length > 0,
      type: mode,
      keywords: s.keywords,
      group: s.group,
    }));
    send(ctx, format, list, 'services');
  }

  async function listRequests(ctx: Context, format: Format): Promise<void> {
    const key = await optionalKey(deps.db, ctx.query.api_key);
    const query = parseRequestQuery(queryRecord(ctx), deps.clock());
    const services = await catalog();
    const filter: CaseListFilter = {
      definitionIds: readableDefinitionIds(services, key),
      ...(query.trackingNumbers ? { trackingNumbers: query.trackingNumbers } : {}),
      ...(query.serviceCodes ? { serviceCodes: query.serviceCodes } : {}),
      ...(query.createdFrom ? { createdFrom: query.createdFrom } : {}),
      ...(query.createdTo ? { createdTo: query.createdTo } : {}),
      ...(query.closed !== undefined ? { closed: query.closed } : {}),
    };
    const page = await listCases(deps.db, {
      filter,
      sort: '-created',
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    const views: Open311Request[] = [];
    const predicted = await predictionsFor(
      deps.db,
      page.items.map((record) => record.id),
    );
    for (const record of page.items) views.push(await viewOf(record, services, key, predicted));
    // The page_size extension: totals travel in headers so the body stays a plain GeoReport list.
    ctx.set('X-Total-Count', String(await countCases(deps.db, filter)));
    ctx.set('X-Page', String(query.page));
    ctx.set('X-Page-Size', String(query.pageSize));
    send(ctx, format, views, 'service_requests');
  }

  async function updates(ctx: Context, format: Format): Promise<void> {
    const key = await optionalKey(deps.db, ctx.query.api_key);
    const q = queryRecord(ctx);
    const text = (name: string) => {
      const raw = q[name];
      const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
      return value === undefined || value.trim() === '' ? undefined : value.trim();
    };
    const from = text('start_date') !== undefined ? parseW3cDate(text('start_date')!, 'start_date') : undefined;
    const to = text('end_date') !== undefined ? parseW3cDate(text('end_date')!, 'end_date') : undefined;
    const afterRaw = text('after_update_id');
    if (afterRaw !== undefined && !/^\d{1,15}$/.test(afterRaw))
      throw badRequest('after_update_id must be an update_id');
    const sizeRaw = text('page_size');
    if (sizeRaw !== undefined && (!/^\d{1,4}$/.test(sizeRaw) || Number(sizeRaw) < 1 || Number(sizeRaw) > 1000))
      throw badRequest('page_size must be a whole number from 1 to 1000');
    const services = await catalog();
    const entries = await listAuditFeed(deps.db, {
      eventTypes: UPDATE_EVENT_TYPES,
      ...(afterRaw !== undefined ? { afterId: Number(afterRaw) } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      limit: sizeRaw !== undefined ? Number(sizeRaw) : 1000,
    });
    // Every case of the page in one query, not one per entry.
    const records = await getCasesByIds(
      deps.db,
      entries.map((entry) => entry.caseId),
    );
    const definitions = new Map<string, CompiledDefinition | undefined>();
    const sources: UpdateSource[] = [];
    for (const entry of entries) {
      const record = records.get(entry.caseId);
      if (!record || !inCatalog(services, record, key)) continue;
      const definitionKey = `${record.definitionId}@${record.definitionVersion}`;
      if (!definitions.has(definitionKey)) definitions.set(definitionKey, await definitionOf(record));
      sources.push({ entry, record, definition: definitions.get(definitionKey) });
    }
    const list = toRequestUpdates(sources);
    // FixMyStreet reads <service_requests_updates><request_update>…
    send(ctx, format, list, 'service_requests_updates');
  }

  async function submitRequest(ctx: Context, format: Format): Promise<void> {
    const form = await readForm(ctx, deps.config.api.bodyLimitBytes);
    const keyText = form.get('api_key') ?? (typeof ctx.query.api_key === 'string' ? ctx.query.api_key : undefined);
    if (keyText === undefined || keyText === '') throw forbidden('an api_key is required to submit a request');
    const key = await optionalKey(deps.db, keyText);
    if (!key || !maySubmit(key)) throw forbidden('this api_key may not submit requests');
    const code = form.get('service_code')?.trim();
    if (!code) throw badRequest('service_code is required');
    const service = (await catalog()).byCode.get(code);
    if (!service) throw notFound(`service_code ${JSON.stringify(code.slice(0, 100))} was not found`);
    const input = parseServiceRequestForm(form, service);
    const idempotencyKey = ctx.get('idempotency-key');
    if (idempotencyKey.length > 255) throw badRequest('Idempotency-Key must be at most 255 characters');
    const submit = async () => ({ status: 200, body: await startRequest(ctx, key, service, input) });
    // The stored answer is format-free: a retry may ask for .xml what the first asked for in .json.
    const fields = [...form.entries()]
      .filter(([name]) => name !== 'api_key')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const answer =
      idempotencyKey === ''
        ? await submit()
        : await deps.idempotent(
            {
              scope: `apikey:${key.id}:POST ${prefix}/requests`,
              key: idempotencyKey,
              requestHash: deps.cases.requestHash('POST', `${prefix}/requests`, fields),
            },
            submit,
          );
    send(ctx, format, answer.body, 'service_requests', answer.body as XmlValue, answer.status);
  }

  async function startRequest(
    ctx: Context,
    key: ApiKeyRecord,
    service: Open311Service,
    input: ReturnType<typeof parseServiceRequestForm>,
  ): Promise<JsonValue> {
    const started = await deps.cases.startCase(
      principalOf(key, ['cases:create']),
      {
        definitionId: service.definitionId,
        data: input.data,
        ...(input.residentContact ? { residentContact: input.residentContact } : {}),
        actor: { id: `open311:${key.id}`, kind: 'applicant' },
        open311: input.open311,
      },
      { ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'open311' },
    );
    const notice = `Your tracking number is ${started.trackingNumber} and your verification code is ${started.verificationCode}. Keep both to check the status of your request.`;
    const answer: JsonValue =
      mode === 'batch'
        ? { token: input.open311.token!, service_notice: notice, account_id: null }
        : { service_request_id: started.trackingNumber, service_notice: notice, account_id: null };
    return [answer];
  }

  return router;
}
