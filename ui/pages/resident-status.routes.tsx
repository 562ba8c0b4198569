/**
 * `/status`: a resident looks up a request by tracking number and verification code (the resident
 * service, as GET /api/v1/public/cases/:trackingNumber). Posted, so the code stays out of URLs and logs.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { rateLimit } from '../../api/middleware/rate-limit.middleware';
import type { ResidentStatus } from '../../api/services/resident-service';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { TextInput } from '../components/text-input';
import { textField } from '../server/form-body';
import { pageState, postedForm } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

function formatWhen(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

function renderLookup(ctx: Context, view: { trackingNumber: string; errors: FieldError[] }, status = 200): void {
  respondWithPage(
    ctx,
    view.errors.length > 0 ? 'Error: Check a request' : 'Check a request',
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8">
          <ErrorSummary errors={view.errors} />
          <h1>Check the status of a request</h1>
          <form method="post" action="/status" class="usa-form usa-form--large" novalidate>
            <CsrfField token={pageState(ctx).csrfToken} />
            <TextInput
              id="trackingNumber"
              name="trackingNumber"
              label="Tracking number"
              hint="For example, CF-2026-000123"
              value={view.trackingNumber}
              required
              spellcheck={false}
              error={errorFor(view.errors, 'trackingNumber')}
            />
            <TextInput
              id="code"
              name="code"
              label="Verification code"
              hint="8 letters and numbers, given with your tracking number"
              autocomplete="off"
              required
              spellcheck={false}
              width="md"
              error={errorFor(view.errors, 'code')}
            />
            <button type="submit" class="usa-button">
              Check status
            </button>
          </form>
        </div>
      </div>
    </div>,
    status,
  );
}

function renderStatus(ctx: Context, status: ResidentStatus, timeZone: string): void {
  respondWithPage(
    ctx,
    `Request ${status.trackingNumber}`,
    <div class="grid-container">
      <h1>Request {status.trackingNumber}</h1>
      <p class="usa-intro">
        Status: <strong>{status.statusLabel}</strong>
      </p>
      <dl class="cf-summary-list">
        <div>
          <dt>Submitted</dt>
          <dd>{formatWhen(status.submittedAt, timeZone)}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>{formatWhen(status.updatedAt, timeZone)}</dd>
        </div>
        {status.dueBy ? (
          <div>
            <dt>Decision due by</dt>
            <dd>{formatWhen(status.dueBy, timeZone)}</dd>
          </div>
        ) : null}
        {status.closedAt ? (
          <div>
            <dt>Closed</dt>
            <dd>{formatWhen(status.closedAt, timeZone)}</dd>
          </div>
        ) : null}
      </dl>
      {status.history.length > 0 ? (
        <table class="usa-table usa-table--borderless">
          <caption>What has happened</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {status.history.map((entry, index) => (
              <tr key={index}>
                <td>{formatWhen(entry.at, timeZone)}</td>
                <td>{entry.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <a href="/status">Check another request</a>
      </p>
    </div>,
  );
}

export function residentStatusRoutes(deps: PageDeps): Router {
  const router = new Router();
  const limiter = rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute });
  router.get('/status', (ctx) => renderLookup(ctx, { trackingNumber: '', errors: [] }));
  router.post('/status', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const trackingNumber = textField(form, 'trackingNumber').trim().toUpperCase().slice(0, 100);
    const code = textField(form, 'code').trim().slice(0, 100);
    const errors: FieldError[] = [];
    if (trackingNumber === '') errors.push({ field: 'trackingNumber', message: 'Enter the tracking number' });
    if (code === '') errors.push({ field: 'code', message: 'Enter the verification code' });
    if (errors.length > 0) return renderLookup(ctx, { trackingNumber, errors }, 400);
    try {
      renderStatus(ctx, await deps.services.residents.status(trackingNumber, code), deps.config.agency.timeZone);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') throw error;
      renderLookup(
        ctx,
        {
          trackingNumber,
          errors: [
            {
              field: 'trackingNumber',
              message: 'No request matches this tracking number and verification code. Check both and try again.',
            },
          ],
        },
        404,
      );
    }
  });
  return router;
}
