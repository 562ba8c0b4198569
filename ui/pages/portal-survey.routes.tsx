/**
 * `/portal/survey/:token`: the satisfaction survey a resident reaches from the notice sent when their
 * case closed — a 1–5 rating and a comment, no sign-in, answered once. An answered, expired or
 * unknown link gets a polite page (with its status code), never a form that would be refused.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { rateLimit } from '../../api/middleware/rate-limit.middleware';
import { requestSource } from '../../api/routes/request-source';
import type { SurveyPageView, SurveyState } from '../../api/services/satisfaction-service';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { Radios } from '../components/radios';
import { Textarea } from '../components/textarea';
import { messagesFor } from '../portal/messages';
import { portalLanguage, respondPortal } from '../portal/portal-page';
import { surveyMessagesFor, type SurveyMessages } from '../portal/survey-messages';
import { textField } from '../server/form-body';
import { pageState, postedForm } from '../server/page-state';
import type { PageDeps } from './page-deps';

const STATUS: Record<SurveyState, number> = { open: 200, answered: 409, expired: 410, unknown: 404 };

function SurveyForm(props: {
  s: SurveyMessages;
  csrf: string;
  token: string;
  language: string;
  view: SurveyPageView;
  rating: string;
  comment: string;
  errors: FieldError[];
}) {
  const { s, view, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>{s.title}</h1>
      <p>{s.intro(view.serviceName ?? '', view.trackingNumber ?? '')}</p>
      <form method="post" action={`/portal/survey/${encodeURIComponent(props.token)}`} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="lang" value={props.language} />
        <Radios
          id="rating"
          name="rating"
          label={s.rating}
          required
          value={props.rating}
          options={s.ratings.map((label, i) => ({ value: String(i + 1), label }))}
          error={errorFor(errors, 'rating')}
        />
        <Textarea
          id="comment"
          name="comment"
          label={s.comment}
          hint={s.commentHint}
          value={props.comment}
          rows={4}
          error={errorFor(errors, 'comment')}
        />
        <button type="submit" class="usa-button">
          {s.submit}
        </button>
      </form>
    </>
  );
}

/** The page for a link that cannot take an answer (any more), or after the answer was kept. */
function Closed({ s, state, saved }: { s: SurveyMessages; state: Exclude<SurveyState, 'open'>; saved: boolean }) {
  const [heading, text] = saved
    ? [s.thanks, s.thanksText]
    : state === 'answered'
      ? [s.answered, s.answeredText]
      : state === 'expired'
        ? [s.expired, s.expiredText]
        : [s.unknown, s.unknownText];
  return (
    <>
      <h1>{heading}</h1>
      <Notice kind={saved ? 'success' : 'info'}>{text}</Notice>
    </>
  );
}

export function portalSurveyRoutes(deps: PageDeps): Router {
  const router = new Router();
  const surveys = deps.satisfaction;
  const limiter = rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute });
  const sourceOf = (ctx: Context) => ({ ...requestSource(ctx, 'web'), address: ctx.ip || 'unknown' });

  function respond(
    ctx: Context,
    token: string,
    view: SurveyPageView,
    options: {
      form?: Record<string, string | string[]>;
      saved?: boolean;
      errors?: FieldError[];
      rating?: string;
      comment?: string;
    } = {},
  ): void {
    const language = portalLanguage(ctx, {
      ...(options.form ? { form: options.form } : {}),
      ...(view.language ? { remembered: view.language } : {}),
    });
    const s = surveyMessagesFor(language);
    const errors = options.errors ?? [];
    const title = `${errors.length > 0 ? messagesFor(language).errorPrefix : ''}${s.title}`;
    // The link carries its token in the path: never hand it on to another site.
    ctx.set('Referrer-Policy', 'no-referrer');
    if (view.state === 'open' && !options.saved) {
      const body = (
        <SurveyForm
          s={s}
          csrf={pageState(ctx).csrfToken}
          token={token}
          language={language}
          view={view}
          rating={options.rating ?? ''}
          comment={options.comment ?? ''}
          errors={errors}
        />
      );
      return respondPortal(ctx, language, title, body, { status: errors.length > 0 ? 400 : 200 });
    }
    const state = options.saved ? 'answered' : view.state;
    respondPortal(
      ctx,
      language,
      options.saved ? s.thanks : title,
      <Closed s={s} state={state === 'open' ? 'answered' : state} saved={options.saved === true} />,
      { status: options.saved ? 200 : STATUS[view.state] },
    );
  }

  router.get('/portal/survey/:token', limiter, async (ctx) => {
    const token = ctx.params.token ?? '';
    respond(ctx, token, await surveys.open(token, sourceOf(ctx)));
  });

  router.post('/portal/survey/:token', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const rating = textField(form, 'rating');
    const comment = textField(form, 'comment');
    const token = ctx.params.token ?? '';
    const result = await surveys.answer(token, { rating, comment }, sourceOf(ctx));
    if (result.outcome === 'saved') return respond(ctx, token, result.view, { form, saved: true });
    if (result.outcome === 'refused') return respond(ctx, token, result.view, { form });
    const s = surveyMessagesFor(
      portalLanguage(ctx, { form, ...(result.view.language ? { remembered: result.view.language } : {}) }),
    );
    const errors = result.problems.map((p) => ({
      field: p.field,
      message: p.code === 'RATING_MISSING' ? s.ratingMissing : s.commentTooLong,
    }));
    respond(ctx, token, result.view, { form, errors, rating, comment });
  });

  return router;
}
