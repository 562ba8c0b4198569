/**
 * `/supervise/ratings`: the supervisors' work list of low satisfaction ratings (1 or 2) in their
 * departments, oldest first, each with the resident's comment and a "mark reviewed" button. The list
 * read and every mark are audited by the service; a mark posts, then redirects back (post/redirect/get).
 */
import { Router } from '@koa/router';
import { requestSource } from '../../api/routes/request-source';
import type { SurveySummary } from '../../api/services/satisfaction-service';
import { CsrfField } from '../components/csrf-field';
import { DataTable } from '../components/data-table';
import { Notice } from '../components/notice';
import { absoluteTime } from '../present';
import { requireSignedIn, pageState } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

function MarkReviewed({ survey, csrf }: { survey: SurveySummary; csrf: string }) {
  return (
    <form method="post" action={`/supervise/ratings/${encodeURIComponent(survey.id)}/reviewed`}>
      <CsrfField token={csrf} />
      <button
        type="submit"
        class="usa-button usa-button--outline"
        aria-label={`Mark the rating on ${survey.trackingNumber} reviewed`}
      >
        Mark reviewed
      </button>
    </form>
  );
}

export function superviseRatingsRoutes(deps: PageDeps): Router {
  const router = new Router();

  router.get('/supervise/ratings', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const rows = await deps.satisfaction.lowRatings(principal, requestSource(ctx, 'web'));
    const csrf = pageState(ctx).csrfToken;
    const timeZone = deps.config.agency.timeZone;
    const done =
      ctx.query.done === 'reviewed'
        ? 'Marked reviewed.'
        : ctx.query.done === 'already'
          ? 'Someone had already marked it reviewed.'
          : undefined;
    respondWithPage(
      ctx,
      'Low ratings to review',
      <div class="grid-container">
        {done ? <Notice kind="success">{done}</Notice> : null}
        <h1>Low ratings to review</h1>
        <p class="usa-intro">
          Residents who rated how we handled their request 1 or 2 out of 5, oldest first. Read the case, follow up if
          needed, then mark the rating reviewed.
        </p>
        <DataTable
          id="low-ratings"
          caption={`${rows.length} low ${rows.length === 1 ? 'rating' : 'ratings'} to review`}
          headers={['Case', 'Service', 'Department', 'Rating', 'Comment', 'Answered', 'Review']}
          rows={rows.map((survey) => ({
            key: survey.id,
            cells: [
              <a class="usa-link" href={`/cases/${encodeURIComponent(survey.caseId)}`}>
                {survey.trackingNumber}
              </a>,
              survey.service,
              survey.departmentId ?? 'none',
              `${survey.rating ?? ''} of 5`,
              survey.comment ?? 'No comment',
              survey.answeredAt ? absoluteTime(survey.answeredAt.getTime(), timeZone) : '',
              <MarkReviewed survey={survey} csrf={csrf} />,
            ],
          }))}
          empty="No low ratings are waiting for review."
        />
      </div>,
    );
  });

  router.post('/supervise/ratings/:surveyId/reviewed', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { marked } = await deps.satisfaction.markReviewed(
      principal,
      ctx.params.surveyId ?? '',
      requestSource(ctx, 'web'),
    );
    ctx.redirect(`/supervise/ratings?done=${marked ? 'reviewed' : 'already'}`);
  });

  return router;
}
