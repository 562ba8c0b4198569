/**
 * `/work`: the signed-in home — the work lists (my work, unassigned in my team, my team, saved views)
 * with filters and sort in the URL, cursor paging, bulk claim/release of the ticked cases, and a
 * change signal for the live-refresh island (`/work/changes`: ETag / 304, no rows, no audit entry).
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { can } from '../../api/auth/access-policy';
import { ApiError } from '../../api/errors/api-error';
import { answerNotModified } from '../../api/routes/not-modified';
import { requestSource } from '../../api/routes/request-source';
import {
  countNewCaseMessages,
  countUndeliveredNotices,
  isDbError,
  listDefinitions,
  listSavedViews,
  saveView,
} from '../../db';
import { BulkResults } from '../components/bulk-results';
import { ErrorSummary, type FieldError } from '../components/error-summary';
import { LiveListNotice } from '../components/live-list-notice';
import { Notice } from '../components/notice';
import { WorkListFilters } from '../components/work-list-filters';
import { WorkListNav } from '../components/work-list-nav';
import { WorkListTable, type WorkListTableRow } from '../components/work-list-table';
import { textField } from '../server/form-body';
import { pageState, postedForm, requireSignedIn, type SignedInUser } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';
import { bulkResultText, decodeBulkResults, encodeBulkResults, readBulkForm, type BulkResult } from './work-list-bulk';
import {
  caseListQuery,
  parseWorkListQuery,
  SORT_LABELS,
  WORK_LISTS,
  workListSearch,
  type WorkListQuery,
} from './work-list-query';
import { workListRow } from './work-list-rows';
import { absoluteTime } from '../present';

const VIEW_NAME_MAX = 60;

interface Extras {
  errors?: FieldError[];
  bulk?: { action: string; results: BulkResult[] };
  savedName?: string;
  viewName?: string;
  status?: number;
}

function personOf(user: SignedInUser): { id: string; departmentId?: string } {
  return {
    id: user.principal.id,
    ...(user.principal.departmentId ? { departmentId: user.principal.departmentId } : {}),
  };
}

/** A query string from a form or saved view, re-checked and rewritten (never trusted as an address). */
function cleanSearch(raw: string): WorkListQuery | undefined {
  const { query, errors } = parseWorkListQuery(new URLSearchParams(raw.slice(0, 2000)));
  return errors.length === 0 ? query : undefined;
}

export function workListRoutes(deps: PageDeps): Router {
  const router = new Router();

  async function renderWorkList(ctx: Context, user: SignedInUser, query: WorkListQuery, extras: Extras): Promise<void> {
    const state = pageState(ctx);
    const errors = [...(extras.errors ?? [])];
    const listQuery = caseListQuery(query, personOf(user));
    let rows: WorkListTableRow[] = [];
    let nextCursor: string | null = null;
    let etag: string | null = null;
    const queryBroken = errors.some((error) => ['list', 'service', 'overdue', 'sort', 'cursor'].includes(error.field));
    const readsCases = can(user.principal, 'cases:read');
    if (!queryBroken && readsCases) {
      try {
        const page = await deps.services.cases.listCases(user.principal, listQuery, requestSource(ctx, 'web'));
        const now = deps.clock();
        for (const view of page.items) {
          const definition = await deps.services.cases.definitions.get(view.definition.id, view.definition.version);
          const row = workListRow(view, definition, now);
          rows.push({
            ...row,
            selectValue: row.taskStep ? `${row.caseId}:${row.taskStep}:${row.trackingNumber}` : null,
          });
        }
        // The predicted close date beside the SLA (api/services/prediction-service.ts).
        const predicted = await deps.predictions.forCases(page.items.map((view) => view.id));
        rows = rows.map((row) => {
          const prediction = predicted.get(row.caseId);
          return prediction
            ? {
                ...row,
                predictedClose: absoluteTime(prediction.predictedCloseAt.getTime(), deps.config.agency.timeZone),
              }
            : row;
        });
        // The "new message" and "notice not delivered" flags (issue 11), one query each for the page.
        const ids = page.items.map((view) => view.id);
        const [unread, undelivered] = await Promise.all([
          countNewCaseMessages(deps.db, ids),
          countUndeliveredNotices(deps.db, ids),
        ]);
        rows = rows.map((row) => ({
          ...row,
          newMessages: unread.get(row.caseId) ?? 0,
          undeliveredNotices: undelivered.get(row.caseId) ?? 0,
        }));
        nextCursor = page.nextCursor;
        etag = deps.services.changes.caseListTagOf(user.principal, listQuery, page.fingerprint);
      } catch (error) {
        if (!isDbError(error, 'INVALID_CURSOR') && !(error instanceof ApiError && error.code === 'INVALID_CURSOR'))
          throw error;
        errors.push({ field: 'cursor', message: 'The page link is not valid: start again from the first page' });
        rows = [];
      }
    }
    const [savedViews, definitions] = await Promise.all([
      listSavedViews(deps.db, user.principal.id),
      listDefinitions(deps.db),
    ]);
    const search = workListSearch(query, { cursor: '' });
    const pageSearch = workListSearch(query);
    const listLabel = WORK_LISTS.find((entry) => entry.kind === query.list)?.label ?? 'My work';
    const status = extras.status ?? (errors.length > 0 ? 400 : 200);
    respondWithPage(
      ctx,
      errors.length > 0 ? `Error: Your work — ${listLabel}` : `Your work — ${listLabel}`,
      <div class="grid-container-widescreen">
        <link rel="stylesheet" href="/assets/app/work-list.css" />
        <ErrorSummary errors={errors} />
        {extras.bulk ? (
          <BulkResults
            action={extras.bulk.action}
            lines={extras.bulk.results.map((entry) => ({
              trackingNumber: entry.trackingNumber,
              ...bulkResultText(entry.result),
            }))}
          />
        ) : null}
        {extras.savedName ? <Notice kind="success">Saved the view “{extras.savedName}”.</Notice> : null}
        <h1>Your work</h1>
        {readsCases ? null : (
          <Notice kind="info">Your roles do not include reading cases, so there is no work list to show.</Notice>
        )}
        <p class="usa-intro">
          Welcome, {user.displayName}.{' '}
          {user.principal.departmentId ? `Team: ${user.principal.departmentId}.` : 'All departments.'}
        </p>
        <WorkListNav
          lists={WORK_LISTS.map((entry) => ({
            label: entry.label,
            href: `/work?${workListSearch({ ...query, list: entry.kind, cursor: '' })}`,
            current: entry.kind === query.list && !savedViews.some((view) => view.query === search),
          }))}
          savedViews={savedViews.map((view) => ({
            label: view.name,
            href: `/work?${view.query}`,
            current: view.query === search,
          }))}
        />
        {etag ? (
          <LiveListNotice
            changesUrl={`/work/changes?${pageSearch}`}
            etag={etag}
            refreshHref={`/work?${pageSearch}`}
            nonce={state.nonce}
            idleSeconds={deps.config.web.idleTimeoutSeconds}
          />
        ) : null}
        <WorkListFilters
          values={{ list: query.list, service: query.service, overdue: query.overdue, sort: query.sort }}
          services={definitions
            .filter((d) => d.status === 'published')
            .map((d) => ({ value: d.id, label: d.title ?? d.id }))}
          sorts={Object.entries(SORT_LABELS).map(([value, label]) => ({ value, label }))}
          errors={errors}
          csrfToken={state.csrfToken}
          currentSearch={search}
          viewName={extras.viewName ?? ''}
        />
        <WorkListTable
          caption={`${listLabel}: ${rows.length} ${rows.length === 1 ? 'case' : 'cases'} on this page`}
          rows={rows}
          canAct={can(user.principal, 'cases:act')}
          csrfToken={state.csrfToken}
          returnSearch={pageSearch}
          nextHref={nextCursor ? `/work?${workListSearch(query, { cursor: nextCursor })}` : null}
          firstHref={query.cursor ? `/work?${search}` : null}
        />
      </div>,
      status,
    );
  }

  router.get('/work', async (ctx) => {
    const user = requireSignedIn(ctx);
    const params = new URLSearchParams(ctx.querystring);
    const { query, errors } = parseWorkListQuery(params);
    const action = params.get('did');
    const results = decodeBulkResults(params.getAll('done'));
    const saved = (params.get('saved') ?? '').slice(0, VIEW_NAME_MAX);
    await renderWorkList(ctx, user, query, {
      errors,
      ...(results.length > 0 ? { bulk: { action: action === 'release' ? 'release' : 'claim', results } } : {}),
      ...(saved ? { savedName: saved } : {}),
    });
  });

  // The live-refresh signal: the list's ETag; 304 when unchanged. No rows are read and nothing is audited.
  router.get('/work/changes', async (ctx) => {
    const user = requireSignedIn(ctx);
    const { query, errors } = parseWorkListQuery(new URLSearchParams(ctx.querystring));
    if (errors.length > 0) throw new ApiError('VALIDATION_FAILED', errors.map((error) => error.message).join('; '));
    if (
      answerNotModified(
        ctx,
        await deps.services.changes.caseListTag(user.principal, caseListQuery(query, personOf(user))),
      )
    )
      return;
    ctx.status = 204;
  });

  router.post('/work/bulk', async (ctx) => {
    const user = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const query = cleanSearch(textField(form, 'return')) ?? parseWorkListQuery(new URLSearchParams()).query;
    const read = readBulkForm(form);
    if ('error' in read) {
      await renderWorkList(ctx, user, query, { errors: [read.error] });
      return;
    }
    const results: BulkResult[] = [];
    for (const { caseId, stepId, trackingNumber } of read.selected) {
      try {
        const outcome = await deps.services.cases.act(
          user.principal,
          caseId,
          { kind: read.action, step: stepId },
          requestSource(ctx, 'web'),
        );
        results.push({
          trackingNumber: outcome.case.trackingNumber,
          result: read.action === 'claim' ? 'claimed' : 'released',
        });
      } catch (error) {
        if (!(error instanceof ApiError) && !isDbError(error)) throw error;
        const rejection =
          error instanceof ApiError && typeof error.details.rejection === 'string'
            ? error.details.rejection
            : error.code;
        results.push({ trackingNumber, result: rejection });
      }
    }
    const done = new URLSearchParams(workListSearch(query));
    done.set('did', read.action);
    for (const value of encodeBulkResults(results)) done.append('done', value);
    ctx.status = 303;
    ctx.redirect(`/work?${done.toString()}`);
  });

  router.post('/work/views', async (ctx) => {
    const user = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const query = cleanSearch(textField(form, 'query')) ?? parseWorkListQuery(new URLSearchParams()).query;
    const name = textField(form, 'name').trim().replace(/\s+/g, ' ');
    const problem =
      name === ''
        ? 'Enter a name for the view'
        : name.length > VIEW_NAME_MAX
          ? `Enter a name of at most ${VIEW_NAME_MAX} characters`
          : undefined;
    if (problem) {
      await renderWorkList(ctx, user, query, {
        errors: [{ field: 'view-name', message: problem }],
        viewName: name.slice(0, 200),
      });
      return;
    }
    const search = workListSearch(query, { cursor: '' });
    const saved = await saveView(deps.db, { userId: user.principal.id, name, query: search, now: deps.clock() });
    if (!saved) {
      await renderWorkList(ctx, user, query, {
        errors: [{ field: 'view-name', message: 'You have the most saved views allowed: reuse a name to replace one' }],
        viewName: name,
        status: 409,
      });
      return;
    }
    const next = new URLSearchParams(search);
    next.set('saved', name);
    ctx.status = 303;
    ctx.redirect(`/work?${next.toString()}`);
  });

  return router;
}
