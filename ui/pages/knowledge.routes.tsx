/**
 * `/knowledge`: an agent on a call searches the published articles in the caller's language (ranked
 * Postgres text search), reads one, and logs the contact in a few seconds beside it — answered, or
 * turned into a case (then on to intake for the article's service, the contact carried along and
 * linked to the case created). The search is a GET form: a search can be bookmarked and shared.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { can } from '../../api/auth/access-policy';
import { ApiError } from '../../api/errors/api-error';
import { requestSource } from '../../api/routes/request-source';
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  excerpt,
  isKbLanguage,
  KB_LANGUAGES,
  searchText,
  type KbLanguageCode,
} from '../../api/services/knowledge/knowledge-input';
import type { PublishedArticle } from '../../api/services/knowledge/knowledge-service';
import { ArticleBody } from '../components/article-body';
import { ArticleResults } from '../components/article-results';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { Radios } from '../components/radios';
import { TextInput } from '../components/text-input';
import { textField, type FormFields } from '../server/form-body';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

const languageOf = (raw: unknown): KbLanguageCode => (isKbLanguage(raw) ? raw : 'en');
const titled = (errors: readonly FieldError[], title: string) => (errors.length > 0 ? `Error: ${title}` : title);

function SearchForm({ query, language }: { query: string; language: KbLanguageCode }) {
  return (
    <form method="get" action="/knowledge" class="usa-form usa-form--large" role="search" aria-label="Articles">
      <TextInput
        id="q"
        name="q"
        label="Search the articles"
        hint="A few words from the caller's question, like: bulky item pickup"
        value={query}
        required
      />
      <Radios id="lang" name="lang" label="Caller's language" options={KB_LANGUAGES} value={language} required />
      <button type="submit" class="usa-button">
        Search
      </button>
    </form>
  );
}

interface ContactFormProps {
  article: PublishedArticle;
  csrf: string;
  values: FormFields;
  errors: readonly FieldError[];
}

function ContactForm({ article, csrf, values, errors }: ContactFormProps) {
  return (
    <section aria-labelledby="log-title" class="cf-call-script">
      <h2 id="log-title">Log this contact</h2>
      <form method="post" action={`/knowledge/articles/${article.id}/contact`} class="usa-form" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          id="topic"
          name="topic"
          label="Topic"
          hint="What the caller asked about"
          value={textField(values, 'topic') || article.version.title}
          required
          error={errorFor(errors, 'topic')}
        />
        <Radios
          id="channel"
          name="channel"
          label="How did they contact us?"
          options={CONTACT_CHANNELS}
          value={textField(values, 'channel')}
          required
          error={errorFor(errors, 'channel')}
        />
        <Radios
          id="outcome"
          name="outcome"
          label="What happened?"
          hint={
            article.service
              ? undefined
              : 'This article names no service: for a case, choose the service on the next page.'
          }
          options={CONTACT_OUTCOMES}
          value={textField(values, 'outcome')}
          required
          error={errorFor(errors, 'outcome')}
        />
        <button type="submit" class="usa-button">
          Log contact
        </button>
      </form>
    </section>
  );
}

export function knowledgeRoutes(deps: PageDeps): Router {
  const router = new Router();
  const knowledge = deps.services.knowledge;

  router.get('/knowledge', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const query = searchText(ctx.query.q);
    const language = languageOf(ctx.query.lang);
    const hits = await knowledge.search(principal, query, language);
    respondWithPage(
      ctx,
      query ? `Articles: ${query}` : 'Knowledge base',
      <div class="grid-container">
        {ctx.query.logged === 'answered' ? <Notice kind="success">The contact is logged as answered.</Notice> : null}
        <h1>Knowledge base</h1>
        {knowledge.mayWrite(principal) ? (
          <p>
            <a href="/knowledge/manage">Write and publish articles</a>
          </p>
        ) : null}
        <SearchForm query={query} language={language} />
        {query === '' ? null : hits.length === 0 ? (
          <p role="status">No published article matches “{query}”. Try other words, or fewer.</p>
        ) : (
          <ArticleResults
            caption={hits.length === 1 ? '1 article, best match first' : `${hits.length} articles, best match first`}
            results={hits.map((hit) => ({
              href: `/knowledge/articles/${hit.id}?q=${encodeURIComponent(query)}&lang=${language}`,
              title: hit.title,
              excerpt: excerpt(hit.body),
            }))}
          />
        )}
      </div>,
    );
  });

  async function showArticle(
    ctx: Context,
    id: string,
    values: FormFields,
    errors: FieldError[],
    status = 200,
  ): Promise<void> {
    const { principal } = requireSignedIn(ctx);
    const article = await knowledge.article(principal, id);
    const query = searchText(ctx.query.q);
    const back = query ? `/knowledge?q=${encodeURIComponent(query)}&lang=${article.language}` : '/knowledge';
    respondWithPage(
      ctx,
      titled(errors, article.version.title),
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <p>
          <a href={back}>Back to the search</a>
        </p>
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-7">
            <span class="usa-hint">
              {article.public ? 'Public article' : 'Internal article'} · version {article.version.version}
            </span>
            <h1 lang={article.language}>{article.version.title}</h1>
            <div lang={article.language}>
              <ArticleBody body={article.version.body} />
            </div>
          </div>
          <div class="tablet:grid-col-5">
            {can(principal, 'contacts:log') ? (
              <ContactForm article={article} csrf={pageState(ctx).csrfToken} values={values} errors={errors} />
            ) : null}
          </div>
        </div>
      </div>,
      status,
    );
  }

  router.get('/knowledge/articles/:articleId', async (ctx) => showArticle(ctx, ctx.params.articleId, {}, []));

  router.post('/knowledge/articles/:articleId/contact', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const article = await knowledge.article(principal, ctx.params.articleId);
    let contactId: string;
    try {
      const contact = await knowledge.logContact(
        principal,
        {
          topic: textField(form, 'topic'),
          channel: textField(form, 'channel'),
          outcome: textField(form, 'outcome'),
          articleId: article.id,
        },
        requestSource(ctx, 'web'),
      );
      contactId = contact.id;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED')
        return showArticle(ctx, article.id, form, (error.details as { problems: FieldError[] }).problems, 400);
      throw error;
    }
    ctx.status = 303;
    if (textField(form, 'outcome') !== 'case') return ctx.redirect('/knowledge?logged=answered');
    ctx.redirect(
      article.service ? `/intake/${encodeURIComponent(article.service)}?information-request=${contactId}` : '/intake',
    );
  });

  return router;
}
