/** Cases: create (idempotent), list, read, timeline, commands, documents. Thin: parse, call the service, answer. */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { CASE_SORTS, type CaseListFilter, type CaseSort } from '../../db';
import type { JsonValue } from '../../domain/audit';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { readJsonBody } from '../middleware/body';
import { readSingleFile } from '../middleware/multipart';
import type { CaseCommand } from '../services/case-commands';
import type { StartCaseInput } from '../services/case-service';
import { answerNotModified } from './not-modified';
import { CASE_RESERVATION, type CaseReservation } from '../services/case-reservation';
import { runIdempotent, type Reserved } from '../services/idempotent-request';
import { requestSource } from './request-source';
import type { RouteDeps } from './route-deps';

const LIST_ITEM = /^[A-Za-z0-9._:@-]{1,200}$/;

function listParam(ctx: Context, name: string): string[] | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const value of values)
    if (!LIST_ITEM.test(value))
      throw new ApiError('VALIDATION_FAILED', `query parameter ${name} has an invalid value`, { parameter: name });
  if (values.length > 50)
    throw new ApiError('VALIDATION_FAILED', `query parameter ${name} has too many values`, { parameter: name });
  return values;
}

function singleParam(ctx: Context, name: string): string | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw))
    throw new ApiError('VALIDATION_FAILED', `query parameter ${name} may appear once`, { parameter: name });
  return raw;
}

function parseListQuery(ctx: Context): { filter: CaseListFilter; sort?: CaseSort; limit?: number; cursor?: string } {
  const filter: CaseListFilter = {};
  const statuses = listParam(ctx, 'status');
  if (statuses) filter.statuses = statuses;
  const definitions = listParam(ctx, 'definition');
  if (definitions) filter.definitionIds = definitions;
  const departments = listParam(ctx, 'department');
  if (departments) filter.departmentIds = departments;
  const assignee = singleParam(ctx, 'assignee');
  if (assignee !== undefined) {
    if (assignee !== 'none' && !LIST_ITEM.test(assignee))
      throw new ApiError('VALIDATION_FAILED', 'invalid assignee', { parameter: 'assignee' });
    filter.assigneeId = assignee === 'none' ? null : assignee;
  }
  const overdue = singleParam(ctx, 'overdue');
  if (overdue !== undefined) {
    if (overdue !== 'true' && overdue !== 'false')
      throw new ApiError('VALIDATION_FAILED', 'overdue must be true or false', { parameter: 'overdue' });
    filter.overdue = overdue === 'true';
  }
  const sort = singleParam(ctx, 'sort');
  if (sort !== undefined && !(CASE_SORTS as readonly string[]).includes(sort))
    throw new ApiError('VALIDATION_FAILED', `sort must be one of ${CASE_SORTS.join(', ')}`, { parameter: 'sort' });
  const limitText = singleParam(ctx, 'limit');
  let limit: number | undefined;
  if (limitText !== undefined) {
    if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 500)
      throw new ApiError('VALIDATION_FAILED', 'limit must be 1-500', { parameter: 'limit' });
    limit = Number(limitText);
  }
  const cursor = singleParam(ctx, 'cursor');
  if (cursor !== undefined && cursor.length > 2000) throw new ApiError('INVALID_CURSOR', 'the cursor is invalid');
  return {
    filter,
    ...(sort ? { sort: sort as CaseSort } : {}),
    ...(limit ? { limit } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function idempotencyKey(ctx: Context): string | undefined {
  const key = ctx.get('idempotency-key');
  if (key === '') return undefined;
  if (key.length > 255) throw new ApiError('VALIDATION_FAILED', 'Idempotency-Key must be at most 255 characters');
  return key;
}

export function caseRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/cases' });
  const limit = deps.config.api.bodyLimitBytes;
  const body = async <T>(ctx: Context, schema: string): Promise<T> =>
    deps.bodies.check<T>(schema, await readJsonBody(ctx, limit));

  router.post('/', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body<StartCaseInput>(ctx, 'StartCaseRequest');
    const key = idempotencyKey(ctx);
    const start = async (reserved?: Reserved<CaseReservation>) => {
      const started = await deps.cases.startCase(principal, input, requestSource(ctx), reserved);
      return { status: 201, body: JSON.parse(JSON.stringify(started)) as JsonValue, resourceId: started.case.id };
    };
    const answer = key
      ? await runIdempotent(
          deps.db,
          {
            scope: `${principal.id}:POST /api/v1/cases`,
            key,
            requestHash: deps.cases.requestHash('POST', '/api/v1/cases', input),
          },
          start,
          CASE_RESERVATION,
        )
      : { ...(await start()), replayed: false };
    if (answer.replayed) ctx.set('Idempotent-Replayed', 'true');
    if (answer.resourceId) ctx.set('Location', `/api/v1/cases/${answer.resourceId}`);
    ctx.status = answer.status;
    ctx.body = answer.body;
  });

  router.get('/', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const query = parseListQuery(ctx);
    // Live lists refresh with If-None-Match: an unchanged list answers 304 and is not read (nor audited).
    if (ctx.get('if-none-match') && answerNotModified(ctx, await deps.changes.caseListTag(principal, query))) return;
    const { fingerprint, ...page } = await deps.cases.listCases(principal, query, requestSource(ctx));
    ctx.set('ETag', deps.changes.caseListTagOf(principal, query, fingerprint));
    ctx.body = page;
  });

  router.get('/:caseId', async (ctx) => {
    ctx.body = await deps.cases.getCase(requirePrincipal(ctx), ctx.params.caseId, requestSource(ctx));
  });
  router.get('/:caseId/timeline', async (ctx) => {
    ctx.body = { items: await deps.cases.timeline(requirePrincipal(ctx), ctx.params.caseId, requestSource(ctx)) };
  });
  router.get('/:caseId/available-actions', async (ctx) => {
    ctx.body = { items: await deps.cases.availableActions(requirePrincipal(ctx), ctx.params.caseId) };
  });
  router.get('/:caseId/sla', async (ctx) => {
    ctx.body = await deps.sla.caseSla(requirePrincipal(ctx), ctx.params.caseId, requestSource(ctx));
  });
  router.get('/:caseId/steps/:stepId/eligible-assignees', async (ctx) => {
    ctx.body = await deps.assignees.eligibleAssignees(requirePrincipal(ctx), ctx.params.caseId, ctx.params.stepId);
  });

  /**
   * A command route: body schema → CaseCommand → the workflow's verdict. With an Idempotency-Key the
   * stored answer is replayed before any check: the first attempt may have moved the case out of the
   * caller's department (an agent's `route`), and the answer is the same caller's, for the same key.
   */
  const command = (
    path: string,
    schema: string | undefined,
    toCommand: (body: Record<string, unknown>) => CaseCommand,
  ) => {
    router.post(path, async (ctx) => {
      const principal = requirePrincipal(ctx);
      const parsed = schema ? await body<Record<string, unknown>>(ctx, schema) : {};
      const key = idempotencyKey(ctx);
      const act = async () => ({
        status: 200,
        body: JSON.parse(
          JSON.stringify(
            await deps.cases.act(principal, ctx.params.caseId, toCommand(parsed), requestSource(ctx), key),
          ),
        ) as JsonValue,
      });
      if (!key) {
        ctx.body = (await act()).body;
        return;
      }
      const answer = await runIdempotent(
        deps.db,
        {
          scope: `${principal.id}:POST ${ctx.path}`,
          key,
          requestHash: deps.cases.requestHash('POST', ctx.path, parsed),
        },
        act,
      );
      if (answer.replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.status = answer.status;
      ctx.body = answer.body;
    });
  };
  const str = (v: unknown): string => v as string;
  const opt = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  command('/:caseId/actions', 'ActionRequest', (b) => ({
    kind: 'action',
    step: str(b.step),
    action: str(b.action),
    ...(b.data ? { data: b.data as Record<string, JsonValue> } : {}),
    ...(opt(b.comment) !== undefined ? { comment: str(b.comment) } : {}),
  }));
  command('/:caseId/claim', 'StepRequest', (b) => ({ kind: 'claim', step: str(b.step) }));
  command('/:caseId/release', 'StepRequest', (b) => ({ kind: 'release', step: str(b.step) }));
  command('/:caseId/assign', 'AssignRequest', (b) => ({
    kind: 'assign',
    step: str(b.step),
    assigneeId: str(b.assigneeId),
  }));
  command('/:caseId/reassign', 'AssignRequest', (b) => ({
    kind: 'assign',
    step: str(b.step),
    assigneeId: str(b.assigneeId),
  }));
  command('/:caseId/comments', 'CommentRequest', (b) => ({ kind: 'comment', text: str(b.text) }));
  command('/:caseId/clock/pause', 'PauseRequest', (b) => ({ kind: 'pause-clock', reason: str(b.reason) }));
  command('/:caseId/clock/resume', undefined, () => ({ kind: 'resume-clock' }));
  command('/:caseId/clock/extend', 'ExtendRequest', (b) => ({
    kind: 'extend-clock',
    by: str(b.by),
    ...(opt(b.reason) !== undefined ? { reason: str(b.reason) } : {}),
  }));
  command('/:caseId/withdraw', 'ReasonRequest', (b) => ({
    kind: 'withdraw',
    ...(opt(b.reason) !== undefined ? { reason: str(b.reason) } : {}),
  }));
  command('/:caseId/reopen', 'ReasonRequest', (b) => ({
    kind: 'reopen',
    ...(opt(b.reason) !== undefined ? { reason: str(b.reason) } : {}),
  }));

  router.get('/:caseId/documents', async (ctx) => {
    ctx.body = { items: await deps.cases.listDocuments(requirePrincipal(ctx), ctx.params.caseId) };
  });
  router.post('/:caseId/documents', async (ctx) => {
    const principal = requirePrincipal(ctx);
    // Check permission and scope before reading the upload, so a denied caller never streams megabytes.
    await deps.cases.listDocuments(principal, ctx.params.caseId);
    const file = await readSingleFile(ctx, deps.config.documents.maxBytes);
    const description = file.fields.description;
    ctx.body = await deps.cases.attachDocument(
      principal,
      ctx.params.caseId,
      {
        filename: file.filename,
        contentType: file.contentType,
        content: file.content,
        ...(description ? { description: description.slice(0, 2000) } : {}),
      },
      requestSource(ctx),
    );
    ctx.status = 201;
  });
  router.get('/:caseId/documents/:documentId', async (ctx) => {
    const { meta, content } = await deps.cases.readDocument(
      requirePrincipal(ctx),
      ctx.params.caseId,
      ctx.params.documentId,
      requestSource(ctx),
    );
    ctx.type = meta.contentType;
    ctx.set('Content-Disposition', `attachment; filename="${meta.filename.replace(/[^A-Za-z0-9._ -]/g, '_')}"`);
    ctx.body = content;
  });
  return router;
}
