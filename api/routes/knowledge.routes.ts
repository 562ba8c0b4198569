/**
 * The knowledge base's API (issue 17): ranked article search in a language, articles written and
 * published by knowledge managers (versioned), call scripts per service, information requests and
 * their report; residents search public articles without signing in. Thin: parse, call the service.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { requirePrincipal } from '../auth/authenticate.middleware';
import { ApiError } from '../errors/api-error';
import { readJsonBody } from '../middleware/body';
import { rateLimit } from '../middleware/rate-limit.middleware';
import { dayIn, isKbLanguage, searchText, type KbLanguageCode } from '../services/knowledge/knowledge-input';
import type { RouteDeps } from './route-deps';
import { windowOf } from './reports.routes';
import { requestSource } from './request-source';

function languageOf(ctx: Context): KbLanguageCode {
  const raw = ctx.query.lang;
  if (raw === undefined) return 'en';
  if (!isKbLanguage(raw))
    throw new ApiError('VALIDATION_FAILED', 'lang must be en or es', {
      problems: [{ field: 'lang', message: 'lang must be en or es' }],
    });
  return raw;
}

export function knowledgeRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1' });
  const knowledge = deps.knowledge;
  const body = async (ctx: Context, schema: string): Promise<Record<string, unknown>> =>
    deps.bodies.check<Record<string, unknown>>(schema, await readJsonBody(ctx, deps.config.api.bodyLimitBytes));

  router.get('/knowledge/articles', async (ctx) => {
    ctx.body = { items: await knowledge.search(requirePrincipal(ctx), searchText(ctx.query.q), languageOf(ctx)) };
  });
  router.post('/knowledge/articles', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body(ctx, 'ArticleRequest');
    ctx.status = 201;
    ctx.body = await knowledge.create(principal, input, requestSource(ctx));
  });
  router.get('/knowledge/articles/:articleId', async (ctx) => {
    ctx.body = await knowledge.article(requirePrincipal(ctx), ctx.params.articleId);
  });
  router.put('/knowledge/articles/:articleId', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body(ctx, 'ArticleRequest');
    ctx.body = await knowledge.edit(principal, ctx.params.articleId, input, requestSource(ctx));
  });
  router.get('/knowledge/articles/:articleId/versions', async (ctx) => {
    const { article, history } = await knowledge.draft(requirePrincipal(ctx), ctx.params.articleId);
    ctx.body = { article, items: history };
  });
  router.post('/knowledge/articles/:articleId/publish', async (ctx) => {
    ctx.body = await knowledge.publish(requirePrincipal(ctx), ctx.params.articleId, requestSource(ctx));
  });
  router.get('/knowledge/review-due', async (ctx) => {
    ctx.body = {
      items: await knowledge.needsReview(requirePrincipal(ctx), dayIn(deps.config.agency.timeZone, deps.clock())),
    };
  });
  router.get('/knowledge/call-scripts/:service', async (ctx) => {
    const script = await knowledge.callScript(requirePrincipal(ctx), ctx.params.service);
    if (!script) throw new ApiError('NOT_FOUND', `no call script for ${ctx.params.service}`);
    ctx.body = script;
  });
  router.put('/knowledge/call-scripts/:service', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body(ctx, 'CallScriptRequest');
    ctx.body = await knowledge.saveCallScript(principal, ctx.params.service, input.questions, requestSource(ctx));
  });

  router.post('/information-requests', async (ctx) => {
    const principal = requirePrincipal(ctx);
    const input = await body(ctx, 'InformationRequestRequest');
    const contact = await knowledge.logContact(principal, input, requestSource(ctx));
    if (typeof input.caseId === 'string')
      await knowledge.linkContactCase(principal, contact.id, input.caseId, requestSource(ctx));
    ctx.status = 201;
    ctx.body = (await knowledge.contact(principal, contact.id)) ?? contact;
  });
  router.get('/reports/information-requests', async (ctx) => {
    ctx.body = await knowledge.contactReport(requirePrincipal(ctx), windowOf(ctx), requestSource(ctx));
  });
  return router;
}

/** Residents: public published articles, no sign-in, rate limited like the other public endpoints. */
export function publicKnowledgeRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/public' });
  router.use(rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute }));
  router.get('/articles', async (ctx) => {
    ctx.body = { items: await deps.knowledge.searchPublic(searchText(ctx.query.q), languageOf(ctx)) };
  });
  router.get('/articles/:articleId', async (ctx) => {
    ctx.body = await deps.knowledge.publicArticle(ctx.params.articleId);
  });
  return router;
}
