/**
 * `/inquiries`: residents' questions about cases of the departments a staff member sees (asked on the
 * portal, landing with the department of the step the case was on), oldest first, each with a box
 * for the answer. The answer is shown to the resident on their status page.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { requestSource } from '../../api/routes/request-source';
import type { ResidentInquiry } from '../../db';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Textarea } from '../components/textarea';
import { textField } from '../server/form-body';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

type Row = ResidentInquiry & { trackingNumber: string };

function InquiryList({
  rows,
  csrf,
  errors,
  answered,
  timeZone,
}: {
  rows: Row[];
  csrf: string;
  errors: FieldError[];
  answered: boolean;
  timeZone: string;
}) {
  const when = (at: Date) =>
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
  return (
    <div class="grid-container">
      <ErrorSummary errors={errors} />
      {answered ? (
        <div class="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div class="usa-alert__body">
            <p class="usa-alert__text">Your answer was sent. The resident sees it on their status page.</p>
          </div>
        </div>
      ) : null}
      <h1>Questions from residents</h1>
      {rows.length === 0 ? <p>No questions are waiting for an answer.</p> : null}
      {rows.map((row) => (
        <section key={row.id} class="cf-door" aria-labelledby={`q-${row.id}`}>
          <h2 id={`q-${row.id}`}>
            <a href={`/cases/${row.caseId}`}>{row.trackingNumber}</a>, asked {when(row.askedAt)}
          </h2>
          <p>{row.question}</p>
          <form method="post" action={`/inquiries/${row.id}/answer`} class="usa-form usa-form--large" novalidate>
            <CsrfField token={csrf} />
            <Textarea
              id={`answer-${row.id}`}
              name="answer"
              label="Your answer to the resident"
              hint="Plain words: the resident reads this as written."
              required
              rows={3}
              error={errorFor(errors, `answer-${row.id}`)}
            />
            <button type="submit" class="usa-button">
              Send answer
            </button>
          </form>
        </section>
      ))}
    </div>
  );
}

export function residentInquiryRoutes(deps: PageDeps): Router {
  const router = new Router();

  async function show(ctx: Context, errors: FieldError[] = [], status = 200): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    const rows = await deps.residentPortal.openInquiries(principal);
    respondWithPage(
      ctx,
      'Questions from residents',
      <InquiryList
        rows={rows}
        csrf={pageState(ctx).csrfToken}
        errors={errors}
        answered={ctx.query.done === 'answered'}
        timeZone={deps.config.agency.timeZone}
      />,
      status,
    );
  }

  router.get('/inquiries', async (ctx) => show(ctx));

  router.post('/inquiries/:inquiryId/answer', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const id = ctx.params.inquiryId;
    const answer = textField(postedForm(ctx), 'answer').replace(/\r\n?/g, '\n').trim();
    if (answer === '' || answer.length > 4000)
      return show(
        ctx,
        [
          {
            field: `answer-${id}`,
            message: answer === '' ? 'Enter your answer' : 'Your answer must be 4000 characters or fewer',
          },
        ],
        400,
      );
    try {
      await deps.residentPortal.answer(principal, id, answer, requestSource(ctx, 'web'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ACTION_REJECTED')
        return show(ctx, [{ field: `answer-${id}`, message: 'Someone has already answered this question' }], 409);
      throw error;
    }
    ctx.status = 303;
    ctx.redirect('/inquiries?done=answered');
  });

  return router;
}
