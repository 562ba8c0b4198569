/**
 * `/portal/follow`: a resident follows a request with its tracking number and verification code —
 * status in plain language, what happens next, the public history, their documents — and acts on
 * it: send what a waiting step asks for (text and a document), ask a question, reopen. Every post
 * carries the number and code (posted, never in an address) and is checked and throttled again;
 * the page is the post's answer. A wrong code answers as an unknown number does.
 */
import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { FormLimitError } from '../../api/middleware/multipart';
import { toApiError } from '../../api/errors/to-api-error';
import { rateLimit } from '../../api/middleware/rate-limit.middleware';
import { requestSource } from '../../api/routes/request-source';
import type { PortalLanguage } from '../../api/services/resident-portal-service';
import type { FieldError } from '../components/error-summary';
import { readIdempotencyKey } from '../intake/intake-answers';
import { messagesFor } from '../portal/messages';
import { explicitLanguage, portalLanguage, respondPortal } from '../portal/portal-page';
import { statusView } from '../portal/status-view';
import { textField, type FormFields } from '../server/form-body';
import { pageState, postedForm } from '../server/page-state';
import { readUploadForm } from '../server/upload-form';
import type { PageDeps } from './page-deps';
import { FollowLookup, LanguageSwitch, StatusPage, type FollowAccess } from './portal-follow-views';

const QUESTION_MAX = 2000;
const MESSAGE_MAX = 4000;

function accessOf(form: FormFields): { trackingNumber: string; code: string } {
  return {
    trackingNumber: textField(form, 'trackingNumber').trim().toUpperCase().slice(0, 100),
    code: textField(form, 'code').trim().slice(0, 100),
  };
}

export function portalFollowRoutes(deps: PageDeps): Router {
  const router = new Router();
  const portal = deps.residentPortal;
  const limiter = rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute });
  const sourceOf = (ctx: Context) => ({ ...requestSource(ctx, 'web'), address: ctx.ip || 'unknown' });

  function lookup(
    ctx: Context,
    language: PortalLanguage,
    trackingNumber: string,
    errors: FieldError[],
    status = 200,
  ): void {
    const m = messagesFor(language);
    respondPortal(
      ctx,
      language,
      errors.length > 0 ? `${m.errorPrefix}${m.follow.title}` : m.follow.title,
      <FollowLookup
        m={m}
        csrf={pageState(ctx).csrfToken}
        language={language}
        trackingNumber={trackingNumber}
        errors={errors}
      />,
      { status },
    );
  }

  /** A refused lookup: unknown number and wrong code alike; past the free tries, "wait". */
  function refused(ctx: Context, error: unknown, language: PortalLanguage, trackingNumber: string): void {
    const m = messagesFor(language);
    if (error instanceof ApiError && error.code === 'NOT_FOUND')
      return lookup(ctx, language, trackingNumber, [{ field: 'trackingNumber', message: m.follow.notFound }], 404);
    if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
      const seconds = typeof error.details?.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : 60;
      ctx.set('Retry-After', String(seconds));
      return lookup(
        ctx,
        language,
        trackingNumber,
        [{ field: 'trackingNumber', message: m.follow.throttled(Math.max(1, Math.ceil(seconds / 60))) }],
        429,
      );
    }
    throw error;
  }

  /** The status page for a verified resident, with an optional "done" notice or field errors. */
  async function showStatus(
    ctx: Context,
    form: FormFields,
    options: {
      done?: keyof ReturnType<typeof messagesFor>['status']['done'];
      errors?: FieldError[];
      status?: number;
    } = {},
  ): Promise<void> {
    const { trackingNumber, code } = accessOf(form);
    const source = sourceOf(ctx);
    const explicit = explicitLanguage(ctx, form);
    try {
      if (explicit) await portal.chooseLanguage(trackingNumber, code, explicit, source);
      const found = await portal.follow(trackingNumber, code, source);
      const language = portalLanguage(ctx, { form, ...(found.language ? { remembered: found.language } : {}) });
      const m = messagesFor(language);
      const view = {
        ...statusView(found, language, deps.config.agency.timeZone, deps.clock()),
        ...(options.done ? { done: m.status.done[options.done] } : {}),
      };
      const access: FollowAccess = { trackingNumber: found.record.trackingNumber, code, language };
      const csrf = pageState(ctx).csrfToken;
      respondPortal(
        ctx,
        language,
        m.status.title(view.trackingNumber),
        <StatusPage
          m={m}
          csrf={csrf}
          access={access}
          view={view}
          errors={options.errors ?? []}
          keys={{ answer: randomUUID(), reopen: randomUUID(), ask: randomUUID() }}
        />,
        {
          status: options.status ?? 200,
          switchLanguage: <LanguageSwitch m={m} access={access} csrf={csrf} />,
        },
      );
    } catch (error) {
      refused(ctx, error, portalLanguage(ctx, { form }), trackingNumber);
    }
  }

  /** A step the workflow refused (the case moved on meanwhile): the page again with the reason in words. */
  async function afterRefusal(ctx: Context, form: FormFields, thrown: unknown, field: string): Promise<void> {
    const error = thrown instanceof ApiError ? thrown : toApiError(thrown);
    if (error.status >= 500) throw thrown;
    if (
      error.code.startsWith('DOCUMENT_') ||
      error.code === 'ACTION_REJECTED' ||
      error.code === 'ACTION_IGNORED' ||
      error.code === 'VALIDATION_FAILED'
    ) {
      const m = messagesFor(portalLanguage(ctx, { form }));
      const message = error.code.startsWith('DOCUMENT_')
        ? m.waiting.fileRefused
        : error.code === 'ACTION_REJECTED' && error.details?.rejection === 'REOPEN_WINDOW_CLOSED'
          ? m.reopen.closedWindow
          : m.refused;
      return showStatus(ctx, form, { errors: [{ field, message }], status: error.status });
    }
    const { trackingNumber } = accessOf(form);
    refused(ctx, error, portalLanguage(ctx, { form }), trackingNumber);
  }

  router.get('/portal/follow', (ctx) => {
    const trackingNumber = typeof ctx.query.trackingNumber === 'string' ? ctx.query.trackingNumber.slice(0, 100) : '';
    lookup(ctx, portalLanguage(ctx), trackingNumber, []);
  });

  router.post('/portal/follow', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const { trackingNumber, code } = accessOf(form);
    const language = portalLanguage(ctx, { form });
    const m = messagesFor(language);
    const errors: FieldError[] = [];
    if (trackingNumber === '') errors.push({ field: 'trackingNumber', message: m.follow.trackingMissing });
    if (code === '') errors.push({ field: 'code', message: m.follow.codeMissing });
    if (errors.length > 0) return lookup(ctx, language, trackingNumber, errors, 400);
    await showStatus(ctx, form);
  });

  router.post('/portal/follow/ask', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const { trackingNumber, code } = accessOf(form);
    const m = messagesFor(portalLanguage(ctx, { form }));
    const question = textField(form, 'question').replace(/\r\n?/g, '\n').trim();
    const key = readIdempotencyKey(form);
    if (question === '' || question.length > QUESTION_MAX || !key)
      return showStatus(ctx, form, {
        errors: [{ field: 'question', message: question.length > QUESTION_MAX ? m.ask.tooLong : m.ask.empty }],
        status: 400,
      });
    try {
      await portal.ask(trackingNumber, code, { question, key }, sourceOf(ctx));
    } catch (error) {
      return refused(ctx, error, portalLanguage(ctx, { form }), trackingNumber);
    }
    await showStatus(ctx, form, { done: 'asked' });
  });

  router.post('/portal/follow/reopen', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const { trackingNumber, code } = accessOf(form);
    const m = messagesFor(portalLanguage(ctx, { form }));
    const reason = textField(form, 'reason').replace(/\r\n?/g, '\n').trim().slice(0, QUESTION_MAX);
    const key = readIdempotencyKey(form);
    if (reason === '' || !key)
      return showStatus(ctx, form, { errors: [{ field: 'reason', message: m.reopen.empty }], status: 400 });
    try {
      await portal.reopen(trackingNumber, code, { reason, key }, sourceOf(ctx));
    } catch (error) {
      return afterRefusal(ctx, form, error, 'reason');
    }
    await showStatus(ctx, form, { done: 'reopened' });
  });

  /** Multipart (the document): the upload form reader checks the CSRF field before anything is kept. */
  router.post('/portal/follow/answer', limiter, async (ctx) => {
    let upload;
    try {
      upload = await readUploadForm(ctx, deps.config.documents.maxBytes);
    } catch (error) {
      if (!(error instanceof FormLimitError)) throw error;
      // Past the reader's limits: nothing is sent; the status page again, with the reason beside the answer.
      return showStatus(ctx, error.fields, {
        errors: [{ field: 'message', message: messagesFor(portalLanguage(ctx, { form: error.fields })).formTooLarge }],
        status: error.status,
      });
    }
    const form: FormFields = upload.fields;
    const { trackingNumber, code } = accessOf(form);
    const m = messagesFor(portalLanguage(ctx, { form }));
    const message = textField(form, 'message').replace(/\r\n?/g, '\n').trim();
    const key = readIdempotencyKey(form);
    const file =
      upload.content.length > 0
        ? { filename: upload.filename, contentType: upload.contentType, content: upload.content }
        : undefined;
    if ((message === '' && !file) || !key)
      return showStatus(ctx, form, { errors: [{ field: 'message', message: m.waiting.empty }], status: 400 });
    if (message.length > MESSAGE_MAX)
      return showStatus(ctx, form, { errors: [{ field: 'message', message: m.ask.tooLong }], status: 400 });
    try {
      await portal.sendInformation(trackingNumber, code, { message, ...(file ? { file } : {}), key }, sourceOf(ctx));
    } catch (error) {
      return afterRefusal(ctx, form, error, file ? 'file' : 'message');
    }
    await showStatus(ctx, form, { done: 'sent' });
  });

  router.post('/portal/follow/document', limiter, async (ctx) => {
    const form = postedForm(ctx);
    const { trackingNumber, code } = accessOf(form);
    try {
      const { meta, content } = await portal.readDocument(
        trackingNumber,
        code,
        textField(form, 'documentId').slice(0, 100),
        sourceOf(ctx),
      );
      ctx.type = meta.contentType;
      ctx.attachment(meta.filename);
      ctx.body = content;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DOCUMENT_NOT_FOUND')
        return showStatus(ctx, form, { status: 404 });
      refused(ctx, error, portalLanguage(ctx, { form }), trackingNumber);
    }
  });

  return router;
}
