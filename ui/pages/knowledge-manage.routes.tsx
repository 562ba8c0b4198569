/**
 * `/knowledge/manage`: the knowledge manager's pages. Articles (newest change first) with the "needs
 * review" list of those past their review-by date; write an article, edit it (a published article's
 * edit is a new draft version, the published one stays live until this one is published), publish,
 * and see every version; the call script of each service (questions shown to agents beside intake).
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { requestSource } from '../../api/routes/request-source';
import { dayIn, KB_LANGUAGES, type KbLanguageCode } from '../../api/services/knowledge/knowledge-input';
import { listDefinitions, type KbArticle, type KbArticleVersion } from '../../db';
import { Checkboxes } from '../components/checkboxes';
import { CsrfField } from '../components/csrf-field';
import { DateInput } from '../components/date-input';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { Radios } from '../components/radios';
import { Select, type Choice } from '../components/select';
import { TextInput } from '../components/text-input';
import { Textarea } from '../components/textarea';
import { parseDateParts } from '../server/date-parts';
import { listField, textField, type FormFields } from '../server/form-body';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

const titled = (errors: readonly FieldError[], title: string) => (errors.length > 0 ? `Error: ${title}` : title);
const languageName = (code: KbLanguageCode) => KB_LANGUAGES.find((one) => one.value === code)?.label ?? code;
const statusText = (article: KbArticle) =>
  article.latest.status === 'draft'
    ? article.publishedVersion === null
      ? 'Draft, not published'
      : `Published version ${article.publishedVersion}; version ${article.latest.version} is a draft`
    : `Published (version ${article.latest.version})`;

/** The form's fields from an article (for editing) or as posted (to show again with errors). */
function formFromArticle(article: KbArticle): FormFields {
  const [year, month, day] = article.latest.reviewBy.split('-');
  return {
    title: article.latest.title,
    body: article.latest.body,
    keywords: article.latest.keywords,
    language: article.language,
    service: article.service ?? '',
    public: article.public ? ['true'] : [],
    'reviewBy-day': String(Number(day)),
    'reviewBy-month': String(Number(month)),
    'reviewBy-year': year,
  };
}

function ArticleForm({
  action,
  csrf,
  values,
  errors,
  services,
  isNew,
  submit,
}: {
  action: string;
  csrf: string;
  values: FormFields;
  errors: readonly FieldError[];
  services: Choice[];
  isNew: boolean;
  submit: string;
}) {
  return (
    <form method="post" action={action} class="usa-form usa-form--large" novalidate>
      <CsrfField token={csrf} />
      <TextInput
        id="title"
        name="title"
        label="Title"
        hint="The question as a resident would ask it, or the service's name"
        value={textField(values, 'title')}
        required
        error={errorFor(errors, 'title')}
      />
      <Textarea
        id="body"
        name="body"
        label="Article text"
        hint="Plain language: short sentences, what to do and when. A blank line starts a new paragraph."
        value={textField(values, 'body')}
        rows={10}
        required
        error={errorFor(errors, 'body')}
      />
      <TextInput
        id="keywords"
        name="keywords"
        label="Keywords"
        hint="Other words people use for this, separated by spaces"
        value={textField(values, 'keywords')}
        error={errorFor(errors, 'keywords')}
      />
      {isNew ? (
        <Radios
          id="language"
          name="language"
          label="Language"
          options={KB_LANGUAGES}
          value={textField(values, 'language')}
          required
          error={errorFor(errors, 'language')}
        />
      ) : null}
      <Select
        id="service"
        name="service"
        label="Service"
        hint="The service this article is about: agents go from it to intake for that service"
        options={services}
        value={textField(values, 'service')}
        placeholder="No service"
        error={errorFor(errors, 'service')}
      />
      <Checkboxes
        id="public"
        name="public"
        label="Who may read it"
        options={[
          {
            value: 'true',
            label: 'Residents may find it on the portal (public)',
          },
        ]}
        values={listField(values, 'public')}
      />
      <DateInput
        id="reviewBy"
        name="reviewBy"
        label="Review by"
        hint="When the article must be checked again, for example 31 3 2027"
        value={{
          day: textField(values, 'reviewBy-day'),
          month: textField(values, 'reviewBy-month'),
          year: textField(values, 'reviewBy-year'),
        }}
        required
        error={errorFor(errors, 'reviewBy')}
      />
      <button type="submit" class="usa-button">
        {submit}
      </button>
    </form>
  );
}

function History({ versions, timeZone }: { versions: readonly KbArticleVersion[]; timeZone: string }) {
  const when = (at: Date) =>
    new Intl.DateTimeFormat('en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(at);
  return (
    <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby="history-caption">
      <table class="usa-table usa-table--borderless">
        <caption id="history-caption">Every version, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Edited</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>{version.version}</td>
              <td>{version.title}</td>
              <td>{version.status}</td>
              <td>
                {when(version.editedAt)} by {version.editedBy}
              </td>
              <td>{version.publishedAt ? `${when(version.publishedAt)} by ${version.publishedBy ?? ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function knowledgeManageRoutes(deps: PageDeps): Router {
  const router = new Router();
  const knowledge = deps.services.knowledge;
  const csrfOf = (ctx: Context) => pageState(ctx).csrfToken;

  async function services(): Promise<Choice[]> {
    const seen = new Map<string, string>();
    for (const definition of await listDefinitions(deps.db))
      if (definition.status === 'published') seen.set(definition.id, definition.title ?? definition.id);
    return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }

  /** The posted form as the service reads it (the three date boxes joined, or '' so the service names the field). */
  function articleFields(form: FormFields): {
    fields: Record<string, unknown>;
    dateError?: string;
  } {
    const date = parseDateParts(form, 'reviewBy', 'the review-by date');
    return {
      fields: {
        title: textField(form, 'title'),
        body: textField(form, 'body'),
        keywords: textField(form, 'keywords'),
        language: textField(form, 'language'),
        service: textField(form, 'service'),
        public: listField(form, 'public').includes('true'),
        reviewBy: date.ok ? date.date : '',
      },
      ...(date.ok ? {} : { dateError: date.message }),
    };
  }

  const problemsOf = (error: unknown, dateError?: string): FieldError[] | undefined => {
    if (!(error instanceof ApiError && error.code === 'VALIDATION_FAILED')) return undefined;
    return ((error.details as { problems?: FieldError[] }).problems ?? []).map((problem) =>
      problem.field === 'reviewBy' && dateError ? { ...problem, message: dateError } : problem,
    );
  };

  router.get('/knowledge/manage', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const [articles, due, scripts, choices] = await Promise.all([
      knowledge.list(principal),
      knowledge.needsReview(principal, dayIn(deps.config.agency.timeZone, deps.clock())),
      knowledge.callScripts(principal),
      services(),
    ]);
    const done = ctx.query.done;
    respondWithPage(
      ctx,
      'Knowledge base: articles',
      <div class="grid-container">
        {done === 'published' ? (
          <Notice kind="success">The article is published.</Notice>
        ) : done === 'script' ? (
          <Notice kind="success">The call script is saved.</Notice>
        ) : null}
        <h1>Knowledge base: articles</h1>
        <p>
          <a class="usa-button" href="/knowledge/manage/new">
            Write an article
          </a>
        </p>
        <h2>Needs review</h2>
        {due.length === 0 ? (
          <p>No published article is past its review date.</p>
        ) : (
          <ul class="usa-list">
            {due.map((one) => (
              <li key={one.id}>
                <a href={`/knowledge/manage/${one.id}`}>{one.title}</a> — review was due {one.reviewBy} (owner{' '}
                {one.owner})
              </li>
            ))}
          </ul>
        )}
        <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby="articles-caption">
          <table class="usa-table usa-table--borderless">
            <caption id="articles-caption">Articles, latest change first</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Language</th>
                <th scope="col">Status</th>
                <th scope="col">Readers</th>
                <th scope="col">Review by</th>
              </tr>
            </thead>
            <tbody>
              {articles.map((article) => (
                <tr key={article.id}>
                  <td>
                    <a href={`/knowledge/manage/${article.id}`}>{article.latest.title}</a>
                  </td>
                  <td>{languageName(article.language)}</td>
                  <td>{statusText(article)}</td>
                  <td>{article.public ? 'Public' : 'Staff only'}</td>
                  <td>{article.latest.reviewBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>Call scripts</h2>
        <p>The questions agents see beside the intake form of each service.</p>
        <ul class="usa-list">
          {choices.map((service) => {
            const script = scripts.find((one) => one.service === service.value);
            return (
              <li key={service.value}>
                <a href={`/knowledge/manage/scripts/${service.value}`}>{service.label}</a>:{' '}
                {script ? `${script.questions.length} questions` : 'no script yet'}
              </li>
            );
          })}
        </ul>
      </div>,
    );
  });

  async function showNew(ctx: Context, values: FormFields, errors: FieldError[], status = 200): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    await knowledge.list(principal); // the permission check before anything is shown
    respondWithPage(
      ctx,
      titled(errors, 'Write an article'),
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <h1>Write an article</h1>
        <p>It is saved as a draft: agents and residents see it once you publish it.</p>
        <ArticleForm
          action="/knowledge/manage/new"
          csrf={csrfOf(ctx)}
          values={values}
          errors={errors}
          services={await services()}
          isNew
          submit="Save draft"
        />
      </div>,
      status,
    );
  }

  router.get('/knowledge/manage/new', async (ctx) => showNew(ctx, { language: 'en' }, []));
  router.post('/knowledge/manage/new', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const { fields, dateError } = articleFields(form);
    try {
      const article = await knowledge.create(principal, fields, requestSource(ctx, 'web'));
      ctx.status = 303;
      ctx.redirect(`/knowledge/manage/${article.id}?done=saved`);
    } catch (error) {
      const problems = problemsOf(error, dateError);
      if (!problems) throw error;
      await showNew(ctx, form, problems, 400);
    }
  });

  async function showArticle(
    ctx: Context,
    id: string,
    posted: FormFields | undefined,
    errors: FieldError[],
    status = 200,
  ): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    const { article, history } = await knowledge.draft(principal, id);
    const done = ctx.query.done;
    respondWithPage(
      ctx,
      titled(errors, `Article: ${article.latest.title}`),
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        {done === 'saved' ? (
          <Notice kind="success">The draft is saved. Publish it when it is ready.</Notice>
        ) : done === 'published' ? (
          <Notice kind="success">The article is published.</Notice>
        ) : null}
        <p>
          <a href="/knowledge/manage">All articles</a>
        </p>
        <h1>{article.latest.title}</h1>
        <p>
          {statusText(article)} · {languageName(article.language)} · {article.public ? 'public' : 'staff only'} · owner{' '}
          {article.owner}
        </p>
        {article.latest.status === 'draft' ? (
          <form method="post" action={`/knowledge/manage/${article.id}/publish`} class="usa-form">
            <CsrfField token={csrfOf(ctx)} />
            <button type="submit" class="usa-button">
              Publish version {article.latest.version}
            </button>
          </form>
        ) : null}
        <h2>Edit</h2>
        {article.latest.status === 'published' ? (
          <p>Saving makes a new draft version; the published one stays live until you publish the new one.</p>
        ) : null}
        <ArticleForm
          action={`/knowledge/manage/${article.id}`}
          csrf={csrfOf(ctx)}
          values={posted ?? formFromArticle(article)}
          errors={errors}
          services={await services()}
          isNew={false}
          submit="Save draft"
        />
        <h2>History</h2>
        <History versions={history} timeZone={deps.config.agency.timeZone} />
      </div>,
      status,
    );
  }

  router.get('/knowledge/manage/:articleId', async (ctx) => showArticle(ctx, ctx.params.articleId, undefined, []));
  router.post('/knowledge/manage/:articleId', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const { fields, dateError } = articleFields(form);
    try {
      await knowledge.edit(principal, ctx.params.articleId, fields, requestSource(ctx, 'web'));
      ctx.status = 303;
      ctx.redirect(`/knowledge/manage/${ctx.params.articleId}?done=saved`);
    } catch (error) {
      const problems = problemsOf(error, dateError);
      if (!problems) throw error;
      await showArticle(ctx, ctx.params.articleId, form, problems, 400);
    }
  });
  router.post('/knowledge/manage/:articleId/publish', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    postedForm(ctx);
    try {
      await knowledge.publish(principal, ctx.params.articleId, requestSource(ctx, 'web'));
    } catch (error) {
      // Published already (a second click): the page says so.
      if (!(error instanceof ApiError && error.code === 'NOTHING_TO_PUBLISH')) throw error;
    }
    ctx.status = 303;
    ctx.redirect(`/knowledge/manage/${ctx.params.articleId}?done=published`);
  });

  async function showScript(
    ctx: Context,
    service: string,
    posted: string | undefined,
    errors: FieldError[],
    status = 200,
  ): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    const choice = (await services()).find((one) => one.value === service);
    if (!choice || !knowledge.mayWrite(principal)) throw new ApiError('NOT_FOUND', 'there is no such service');
    const script = await knowledge.callScript(principal, service);
    respondWithPage(
      ctx,
      titled(errors, `Call script: ${choice.label}`),
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <p>
          <a href="/knowledge/manage">All articles and scripts</a>
        </p>
        <h1>Call script: {choice.label}</h1>
        <form method="post" action={`/knowledge/manage/scripts/${service}`} class="usa-form usa-form--large" novalidate>
          <CsrfField token={csrfOf(ctx)} />
          <Textarea
            id="questions"
            name="questions"
            label="Questions to ask"
            hint="One question a line, in the order the agent asks them"
            value={posted ?? script?.questions.join('\n') ?? ''}
            rows={8}
            required
            error={errorFor(errors, 'questions')}
          />
          <button type="submit" class="usa-button">
            Save the script
          </button>
        </form>
      </div>,
      status,
    );
  }

  router.get('/knowledge/manage/scripts/:service', async (ctx) => showScript(ctx, ctx.params.service, undefined, []));
  router.post('/knowledge/manage/scripts/:service', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const posted = textField(postedForm(ctx), 'questions');
    try {
      await knowledge.saveCallScript(principal, ctx.params.service, posted, requestSource(ctx, 'web'));
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return showScript(ctx, ctx.params.service, posted, problems, 400);
    }
    ctx.status = 303;
    ctx.redirect('/knowledge/manage?done=script');
  });

  return router;
}
