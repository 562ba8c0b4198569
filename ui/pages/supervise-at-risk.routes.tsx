/**
 * `/supervise/at-risk`: the supervisor's overdue and at-risk cases in their departments, most late first,
 * with the reason (step, threshold passed, escalation level); bulk reassign to an eligible person and
 * pause/resume/extend the statutory clock on the ticked rows only, one result per case after the redirect;
 * the list as CSV (`/supervise/at-risk.csv`, audited as an export).
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { can } from '../../api/auth/access-policy';
import { ApiError } from '../../api/errors/api-error';
import { sendDownload } from '../../api/routes/download';
import { requestSource } from '../../api/routes/request-source';
import type { AtRiskRow } from '../../api/services/at-risk-rows';
import type { Calendar } from '../../domain/calendar';
import { isDbError, listUsers } from '../../db';
import { AtRiskTable, type AtRiskTableRow } from '../components/at-risk-table';
import { BulkResults } from '../components/bulk-results';
import { ErrorSummary, type FieldError } from '../components/error-summary';
import type { Choice } from '../components/select';
import { humanise } from '../forms';
import { SuperviseBulkFields, type SuperviseBulkValues } from '../components/supervise-bulk-fields';
import { absoluteTime, describeDeadline } from '../present';
import { textField } from '../server/form-body';
import { pageState, postedForm, requireSignedIn, type SignedInUser } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';
import { NO_STEP, readSuperviseForm, resumeComment, SUPERVISE_ACTIONS, SUPERVISE_DONE } from './supervise-at-risk-form';
import { bulkResultText, decodeBulkResults, encodeBulkResults, type BulkResult } from './work-list-bulk';

interface Extras {
  errors?: FieldError[];
  values?: SuperviseBulkValues;
  bulk?: { action: string; results: BulkResult[] };
}

const byLabel = (a: Choice, b: Choice) => a.label.localeCompare(b.label);

export function superviseAtRiskRoutes(deps: PageDeps): Router {
  const router = new Router();

  async function render(ctx: Context, user: SignedInUser, extras: Extras): Promise<void> {
    const { principal } = user;
    const list = await deps.services.atRisk.atRisk(principal, requestSource(ctx, 'web'));
    const now = new Date(list.at);
    const timeZone = deps.config.agency.timeZone;
    const canAssign = can(principal, 'cases:assign');
    const canAct = canAssign || can(principal, 'cases:clock');
    const names = new Map((await listUsers(deps.db, { activeOnly: false })).map((u) => [u.id, u.displayName]));
    const assignees = new Map<string, Choice>();
    const pauseReasons = new Map<string, Choice>();
    const extensionReasons = new Map<string, Choice>();
    const rows: AtRiskTableRow[] = [];
    for (const row of list.rows) {
      const definition = await deps.services.cases.definitions.get(row.definitionId, row.definitionVersion);
      for (const reason of Object.values(definition.statutoryClock?.pauseReasons ?? {}))
        pauseReasons.set(reason.id, { value: reason.id, label: reason.label });
      for (const reason of definition.statutoryClock?.extensions.reasons ?? [])
        extensionReasons.set(reason, { value: reason, label: humanise(reason) });
      if (canAssign && row.stepId && row.taskRole) {
        try {
          const eligible = await deps.services.assignees.eligibleAssignees(principal, row.caseId, row.stepId);
          for (const person of eligible.items)
            assignees.set(person.id, {
              value: person.id,
              label: `${person.displayName} (${person.departmentId ?? 'no department'})`,
            });
        } catch (error) {
          // The case moved on since the list was read: nothing to offer for it.
          if (!(error instanceof ApiError)) throw error;
        }
      }
      rows.push(tableRow(row, definition.title, names, now, timeZone, list.calendars));
    }
    const errors = extras.errors ?? [];
    respondWithPage(
      ctx,
      errors.length > 0 ? 'Error: Overdue and at risk' : 'Overdue and at risk',
      <div class="grid-container-widescreen">
        <link rel="stylesheet" href="/assets/app/work-list.css" />
        <ErrorSummary errors={errors} />
        {extras.bulk ? (
          <BulkResults
            action={extras.bulk.action}
            heading={
              SUPERVISE_ACTIONS.find((a) => a.value === extras.bulk?.action)?.label.replace(/ to$/, '') ?? 'Done'
            }
            lines={extras.bulk.results.map((entry) => ({
              trackingNumber: entry.trackingNumber,
              ...bulkResultText(entry.result, SUPERVISE_DONE),
            }))}
          />
        ) : null}
        <h1>Overdue and at risk</h1>
        <p class="usa-intro">
          Open cases in your departments past a warning or due time, the most late first. Checked{' '}
          {absoluteTime(now.getTime(), timeZone)}. <a href="/supervise/dashboard">See the dashboard</a>.
        </p>
        <p>
          <a class="usa-link" href="/supervise/at-risk.csv" download>
            Download this list as CSV
          </a>
        </p>
        <AtRiskTable
          caption={`${rows.length} ${rows.length === 1 ? 'step' : 'steps'} overdue or at risk`}
          rows={rows}
          csrfToken={pageState(ctx).csrfToken}
          canAct={canAct}
        >
          <SuperviseBulkFields
            actions={SUPERVISE_ACTIONS.filter((a) =>
              a.value === 'reassign' ? canAssign : can(principal, 'cases:clock'),
            ).map((a) => ({ value: a.value, label: a.label }))}
            assignees={[...assignees.values()].sort(byLabel)}
            pauseReasons={[...pauseReasons.values()].sort(byLabel)}
            extensionReasons={[...extensionReasons.values()].sort(byLabel)}
            values={extras.values ?? {}}
            errors={errors}
          />
        </AtRiskTable>
      </div>,
      errors.length > 0 ? 400 : 200,
    );
  }

  router.get('/supervise/at-risk', async (ctx) => {
    const user = requireSignedIn(ctx);
    const params = new URLSearchParams(ctx.querystring);
    const action = SUPERVISE_ACTIONS.find((a) => a.value === params.get('did'))?.value;
    const results = decodeBulkResults(params.getAll('done'));
    await render(ctx, user, action && results.length > 0 ? { bulk: { action, results } } : {});
  });

  router.get('/supervise/at-risk.csv', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { filename, csv } = await deps.services.atRisk.atRiskCsv(principal, requestSource(ctx, 'web'));
    sendDownload(ctx, { filename, type: 'text/csv; charset=utf-8', body: csv });
  });

  router.post('/supervise/at-risk/bulk', async (ctx) => {
    const user = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const read = readSuperviseForm(form);
    if ('errors' in read) {
      const values = {
        action: textField(form, 'action'),
        assignee: textField(form, 'assignee'),
        pauseReason: textField(form, 'pauseReason'),
        by: textField(form, 'by'),
        extendReason: textField(form, 'extendReason'),
        reason: textField(form, 'reason'),
      };
      await render(ctx, user, { errors: read.errors, values });
      return;
    }
    const source = requestSource(ctx, 'web');
    const results: BulkResult[] = [];
    const done = SUPERVISE_ACTIONS.find((a) => a.value === read.action)?.done ?? read.action;
    for (const selected of read.selected) {
      const command = read.commandFor(selected);
      if ('refused' in command) {
        results.push({ trackingNumber: selected.trackingNumber, result: command.refused });
        continue;
      }
      try {
        const outcome = await deps.services.cases.act(user.principal, selected.caseId, command, source);
        if (read.action === 'resume')
          await deps.services.cases.act(user.principal, selected.caseId, resumeComment(read.reason), source);
        results.push({ trackingNumber: outcome.case.trackingNumber, result: done });
      } catch (error) {
        if (!(error instanceof ApiError) && !isDbError(error)) throw error;
        const rejection =
          error instanceof ApiError && typeof error.details.rejection === 'string'
            ? error.details.rejection
            : error.code;
        results.push({ trackingNumber: selected.trackingNumber, result: rejection });
      }
    }
    const next = new URLSearchParams({ did: read.action });
    for (const value of encodeBulkResults(results)) next.append('done', value);
    ctx.status = 303;
    ctx.redirect(`/supervise/at-risk?${next.toString()}`);
  });

  return router;
}

function tableRow(
  row: AtRiskRow,
  service: string,
  names: ReadonlyMap<string, string>,
  now: Date,
  agencyTimeZone: string,
  calendars: Readonly<Record<string, Calendar>>,
): AtRiskTableRow {
  const calendar = row.calendarId ? calendars[row.calendarId] : undefined;
  const timeZone = calendar?.timeZone ?? agencyTimeZone;
  const wording = describeDeadline(
    {
      dueAt: row.dueAt,
      ...(row.warningAt ? { warningAt: row.warningAt } : {}),
      ...(calendar ? { calendar } : {}),
      timeZone,
    },
    now,
  );
  const at = absoluteTime(Date.parse(row.thresholdAt), timeZone);
  const threshold =
    row.stage === 'warning'
      ? `warning at ${at}`
      : row.stage === 'overdue'
        ? `due ${at}`
        : `statutory date ${at}${row.statutoryClockPaused ? ' (clock paused)' : ''}`;
  return {
    key: `${row.caseId}-${row.stepId ?? 'clock'}`,
    caseId: row.caseId,
    trackingNumber: row.trackingNumber,
    service,
    step: row.stepTitle ?? 'statutory clock',
    stage: row.stage,
    lateness: wording.text,
    threshold,
    escalationLevel: row.escalationLevel,
    assignee: row.assigneeId ? (names.get(row.assigneeId) ?? 'someone outside the directory') : 'unassigned',
    selectValue: `${row.caseId}:${row.stepId ?? NO_STEP}:${row.trackingNumber}`,
  };
}
