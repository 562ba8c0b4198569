/**
 * The records officer's pages: `/records` (the disposition queue; tick due cases and approve them as
 * a batch), `/records/batches/{id}` (the run's progress and its tombstones), `/records/holds` (place
 * a legal hold on a case or a search, release one) and `/records/export` (the public-records package).
 * Thin: every rule and audit entry is in api/services/records.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { getCaseByTrackingNumber } from '../../db';
import { ApiError } from '../../api/errors/api-error';
import { requestSource } from '../../api/routes/request-source';
import { parseRecordsSearch } from '../../api/services/records/records-search-query';
import { demand } from '../../api/services/case-access';
import { checkReason } from '../../api/services/records/records-audit';
import { CsrfField } from '../components/csrf-field';
import { DataTable } from '../components/data-table';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Textarea } from '../components/textarea';
import { RecordsSearchFields } from '../components/records-search-fields';
import { TextInput } from '../components/text-input';
import { listField, textField } from '../server/form-body';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

const day = (date: Date): string => date.toISOString().slice(0, 10);

function refusal(error: unknown, field: string): FieldError[] {
  // A refusal of the person (403) is the error page, not a message beside a field.
  if (error instanceof ApiError && error.status < 500 && error.status !== 403)
    return [{ field, message: error.message }];
  throw error;
}

export function recordsRoutes(deps: PageDeps): Router {
  const router = new Router();
  const records = deps.services.records;

  async function queuePage(ctx: Context, errors: FieldError[] = []): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    const queue = await records.queue(principal);
    const batches = await records.batches(principal);
    respondWithPage(
      ctx,
      errors.length > 0 ? 'Error: Records' : 'Records',
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <h1>Records</h1>
        <p>
          <a href="/records/holds">Legal holds</a> · <a href="/records/export">Public-records export</a>
        </p>
        <h2>Disposition queue</h2>
        <p>
          Closed cases whose retention period has run out. Disposal removes personal data and document contents and
          keeps a tombstone. Cases under legal hold cannot be selected.
        </p>
        <form method="post" action="/records/disposition" novalidate>
          <CsrfField token={pageState(ctx).csrfToken} />
          <div id="case" class={errorFor(errors, 'case') ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
            {errorFor(errors, 'case') ? (
              <span class="usa-error-message" id="case-error">
                {errorFor(errors, 'case')}
              </span>
            ) : null}
            <DataTable
              id="disposition-queue"
              caption={`${queue.length} cases due for disposal`}
              headers={['Case', 'Service', 'Retention class', 'Closed', 'Disposal due', 'Dispose']}
              rows={queue.map((entry) => ({
                key: entry.caseId,
                cells: [
                  entry.trackingNumber,
                  entry.definitionId,
                  entry.retentionClass,
                  day(entry.closedAt),
                  day(entry.disposalDueAt),
                  entry.held ? (
                    <strong>Under legal hold</strong>
                  ) : (
                    <div class="usa-checkbox">
                      <input
                        class="usa-checkbox__input"
                        type="checkbox"
                        id={`case-${entry.caseId}`}
                        name="case"
                        value={entry.caseId}
                      />
                      <label class="usa-checkbox__label" for={`case-${entry.caseId}`}>
                        Dispose of {entry.trackingNumber}
                      </label>
                    </div>
                  ),
                ],
              }))}
              empty="No case is due for disposal."
            />
          </div>
          {queue.some((entry) => !entry.held) ? (
            <button type="submit" class="usa-button">
              Approve disposal of the selected cases
            </button>
          ) : null}
        </form>
        <h2>Approved batches</h2>
        <DataTable
          id="batches"
          caption="Most recent first"
          headers={['Batch', 'Approved by', 'Approved', 'Cases', 'Status']}
          rows={batches.map((batch) => ({
            key: batch.id,
            cells: [
              <a href={`/records/batches/${batch.id}`}>{batch.id.slice(0, 8)}</a>,
              batch.approvedByName,
              day(batch.approvedAt),
              String(batch.caseIds.length),
              batch.status,
            ],
          }))}
          empty="No batch has been approved yet."
        />
      </div>,
      errors.length > 0 ? 409 : 200,
    );
  }

  router.get('/records', async (ctx) => queuePage(ctx));

  router.post('/records/disposition', async (ctx) => {
    const user = requireSignedIn(ctx);
    try {
      const batch = await records.approveBatch(
        user.principal,
        user.displayName,
        listField(postedForm(ctx), 'case'),
        requestSource(ctx, 'web'),
      );
      ctx.status = 303;
      ctx.redirect(`/records/batches/${batch.id}`);
    } catch (error) {
      await queuePage(ctx, refusal(error, 'case'));
    }
  });

  router.get('/records/batches/:batchId', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { batch, tombstones } = await records.batch(principal, ctx.params.batchId);
    respondWithPage(
      ctx,
      `Disposition batch ${batch.id.slice(0, 8)}`,
      <div class="grid-container">
        <p>
          <a href="/records">Back to the disposition queue</a>
        </p>
        <h1>Disposition batch {batch.id.slice(0, 8)}</h1>
        <p role="status">
          {batch.status === 'completed' ? 'Completed' : 'Running'}: approved by {batch.approvedByName} on{' '}
          {day(batch.approvedAt)}; {tombstones.length} of {batch.caseIds.length} cases disposed of.
        </p>
        {batch.status === 'running' ? (
          <form method="post" action={`/records/batches/${batch.id}/run`}>
            <CsrfField token={pageState(ctx).csrfToken} />
            <p>
              If the run never started (the page says nothing is disposed of long after the approval), start it again:
              cases already disposed of are not touched twice.
            </p>
            <button type="submit" class="usa-button usa-button--outline">
              Start the run again
            </button>
          </form>
        ) : null}
        <DataTable
          id="tombstones"
          caption="Tombstones"
          headers={[
            'Case',
            'Service',
            'Outcome',
            'Retention class',
            'Opened',
            'Closed',
            'Disposed',
            'Approved by',
            'Documents removed',
          ]}
          rows={tombstones.map((t) => ({
            key: t.caseId,
            cells: [
              t.trackingNumber,
              t.definitionId,
              t.outcome ?? '—',
              t.retentionClass,
              day(t.createdAt),
              day(t.closedAt),
              day(t.disposedAt),
              t.approvedByName,
              String(t.documentsRemoved),
            ],
          }))}
          empty="No case disposed of yet."
        />
      </div>,
    );
  });

  router.post('/records/batches/:batchId/run', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const batch = await records.resumeBatch(principal, ctx.params.batchId);
    ctx.status = 303;
    ctx.redirect(`/records/batches/${batch.id}`);
  });

  async function holdsPage(
    ctx: Context,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
    status = 200,
  ): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    const holds = await records.holds(principal);
    const token = pageState(ctx).csrfToken;
    respondWithPage(
      ctx,
      errors.length > 0 ? 'Error: Legal holds' : 'Legal holds',
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <p>
          <a href="/records">Back to records</a>
        </p>
        <h1>Legal holds</h1>
        <form method="post" action="/records/holds" class="usa-form usa-form--large" novalidate>
          <CsrfField token={token} />
          <h2>Place a hold</h2>
          <Textarea
            id="reason"
            name="reason"
            label="Reason for the hold"
            hint="For example, the litigation or request it preserves records for"
            value={values.reason ?? ''}
            required
            error={errorFor(errors, 'reason')}
          />
          <RecordsSearchFields values={values} errors={errors} withPeriod />
          <button type="submit" class="usa-button">
            Place hold
          </button>
        </form>
        <h2>Holds</h2>
        {holds.length === 0 ? <p>No legal hold has been placed.</p> : null}
        {holds.map((hold) => (
          <section key={hold.id} class="cf-hold" aria-labelledby={`hold-${hold.id}`}>
            <h3 id={`hold-${hold.id}`}>
              Hold {hold.id.slice(0, 8)}: {hold.releasedAt ? 'released' : 'active'}
            </h3>
            <p>
              {hold.reason} — placed {day(hold.placedAt)} on {hold.caseIds.length} case
              {hold.caseIds.length === 1 ? '' : 's'}
              {hold.releasedAt ? `; released ${day(hold.releasedAt)}: ${hold.releaseReason ?? ''}` : ''}
            </p>
            {hold.releasedAt ? null : (
              <form method="post" action={`/records/holds/${hold.id}/release`} class="usa-form" novalidate>
                <CsrfField token={token} />
                <TextInput
                  id={`release-${hold.id}`}
                  name="reason"
                  label={`Reason for releasing hold ${hold.id.slice(0, 8)}`}
                  required
                  error={errorFor(errors, `release-${hold.id}`)}
                />
                <button type="submit" class="usa-button usa-button--outline">
                  Release hold {hold.id.slice(0, 8)}
                </button>
              </form>
            )}
          </section>
        ))}
      </div>,
      status,
    );
  }

  router.get('/records/holds', async (ctx) => holdsPage(ctx));

  router.post('/records/holds', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const values = Object.fromEntries(
      ['reason', 'trackingNumbers', 'service', 'createdFrom', 'createdTo'].map((name) => [name, textField(form, name)]),
    );
    const reason = checkReason(values.reason, 'hold');
    const { search, problems } = parseRecordsSearch(values, 'hold');
    const errors: FieldError[] = [
      ...('problem' in reason ? [{ field: 'reason', message: reason.problem }] : []),
      ...problems,
    ];
    if (errors.length === 0 && 'reason' in reason) {
      try {
        // One tracking number is a hold on that case; anything else is a hold on the search.
        const single =
          search.trackingNumbers?.length === 1 && Object.keys(search).length === 1
            ? await getCaseByTrackingNumber(deps.db, search.trackingNumbers[0])
            : undefined;
        await records.placeHold(
          principal,
          { reason: reason.reason, ...(single ? { caseId: single.id } : { search }) },
          requestSource(ctx, 'web'),
        );
        ctx.status = 303;
        ctx.redirect('/records/holds');
        return;
      } catch (error) {
        errors.push(...refusal(error, 'trackingNumbers'));
      }
    }
    await holdsPage(ctx, errors, values, 400);
  });

  router.post('/records/holds/:holdId/release', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const field = `release-${ctx.params.holdId}`;
    const reason = checkReason(textField(postedForm(ctx), 'reason'), 'release');
    if ('problem' in reason) {
      await holdsPage(ctx, [{ field, message: reason.problem }], {}, 400);
      return;
    }
    await records.releaseHold(principal, ctx.params.holdId, reason.reason, requestSource(ctx, 'web'));
    ctx.status = 303;
    ctx.redirect('/records/holds');
  });

  function exportPage(ctx: Context, errors: FieldError[] = [], values: Record<string, string> = {}): void {
    respondWithPage(
      ctx,
      errors.length > 0 ? 'Error: Public-records export' : 'Public-records export',
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <p>
          <a href="/records">Back to records</a>
        </p>
        <h1>Public-records export</h1>
        <p>
          The package (zip) holds a PDF, the same record as JSON, a redaction log and a manifest of SHA-256 hashes.
          Personal fields, documents not marked releasable and internal notes are withheld. The export is audited.
        </p>
        <form method="post" action="/records/export" class="usa-form usa-form--large" novalidate>
          <CsrfField token={pageState(ctx).csrfToken} />
          <RecordsSearchFields values={values} errors={errors} withPeriod={false} />
          <button type="submit" class="usa-button">
            Download the package
          </button>
        </form>
      </div>,
      errors.length > 0 ? 400 : 200,
    );
  }

  router.get('/records/export', (ctx) => {
    demand(requireSignedIn(ctx).principal, 'records:export');
    exportPage(ctx);
  });

  router.post('/records/export', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const values = { trackingNumbers: textField(form, 'trackingNumbers'), service: textField(form, 'service') };
    const { search, problems } = parseRecordsSearch(values, 'export');
    const errors: FieldError[] = [...problems];
    if (errors.length === 0) {
      try {
        const built = await records.exportPackage(principal, { search }, requestSource(ctx, 'web'));
        ctx.type = 'application/zip';
        ctx.set('Content-Disposition', 'attachment; filename="public-records.zip"');
        ctx.body = built.zip;
        return;
      } catch (error) {
        errors.push(...refusal(error, 'trackingNumbers'));
      }
    }
    exportPage(ctx, errors, values);
  });
  return router;
}
