/**
 * `/portal/help`: residents search the published public articles in their language (English or
 * Spanish, ranked Postgres text search) and read one; no sign-in, no JavaScript. Staff-only
 * articles and drafts are as absent as articles that do not exist.
 */
import { Router } from '@koa/router';
import { ApiError } from '../../api/errors/api-error';
import { excerpt, searchText } from '../../api/services/knowledge/knowledge-input';
import { ArticleBody } from '../components/article-body';
import { ArticleResults } from '../components/article-results';
import { TextInput } from '../components/text-input';
import { helpMessagesFor } from '../portal/help-messages';
import { portalLanguage, respondPortal } from '../portal/portal-page';
import type { PageDeps } from './page-deps';

export function portalHelpRoutes(deps: PageDeps): Router {
  const router = new Router();
  const knowledge = deps.services.knowledge;

  router.get('/portal/help', async (ctx) => {
    const language = portalLanguage(ctx);
    const h = helpMessagesFor(language);
    const query = searchText(ctx.query.q);
    const hits = await knowledge.searchPublic(query, language);
    respondPortal(
      ctx,
      language,
      h.title,
      <>
        <h1>{h.title}</h1>
        <p class="usa-intro">{h.intro}</p>
        <form method="get" action="/portal/help" role="search" aria-label={h.title}>
          <input type="hidden" name="lang" value={language} />
          <TextInput id="q" name="q" label={h.search} hint={h.searchHint} value={query} required />
          <button type="submit" class="usa-button">
            {h.submit}
          </button>
        </form>
        {query === '' ? null : hits.length === 0 ? (
          <p role="status">{h.none(query)}</p>
        ) : (
          <ArticleResults
            caption={h.results(hits.length)}
            results={hits.map((hit) => ({
              href: `/portal/help/${hit.id}?lang=${language}&q=${encodeURIComponent(query)}`,
              title: hit.title,
              excerpt: excerpt(hit.body),
            }))}
          />
        )}
        <p>
          <a href={`/portal/request?lang=${language}`}>{h.request}</a>
        </p>
      </>,
    );
  });

  router.get('/portal/help/:articleId', async (ctx) => {
    const language = portalLanguage(ctx);
    const h = helpMessagesFor(language);
    const query = searchText(ctx.query.q);
    const back = `/portal/help?lang=${language}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
    try {
      const article = await knowledge.publicArticle(ctx.params.articleId);
      respondPortal(
        ctx,
        language,
        article.version.title,
        <>
          <p>
            <a href={back}>{h.back}</a>
          </p>
          <div lang={article.language}>
            <h1>{article.version.title}</h1>
            <ArticleBody body={article.version.body} />
          </div>
          <p>
            <a href={`/portal/request?lang=${language}`}>{h.request}</a>
          </p>
        </>,
      );
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'ARTICLE_NOT_FOUND')) throw error;
      respondPortal(
        ctx,
        language,
        h.title,
        <>
          <h1>{h.title}</h1>
          <p>{h.notFound}</p>
          <p>
            <a href={back}>{h.back}</a>
          </p>
        </>,
        { status: 404 },
      );
    }
  });

  return router;
}
