/**
 * `/cases/:caseId`: the staff case page and its forms. Thin: parse, call the service with the
 * principal, render. Every form posts, then redirects back with a flash code (post/redirect/get); a
 * refusal re-renders the page with the error beside the field and the input kept (nothing was done).
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { Principal } from '../../api/auth/principal';
import { requestSource } from '../../api/routes/request-source';
import type { CaseCommand } from '../../api/services';
import type { FieldError } from '../components/error-summary';
import { IDEMPOTENCY_FIELD } from '../components/idempotency-field';
import { COMMENT_MAX_LENGTH } from '../components/comment-form';
import { ApiError } from '../../api/errors/api-error';
import { createCaseMessageService, STAFF_REPLY_MAX_LENGTH } from '../../api/services/case-message-service';
import { FormSpecError, readSubmittedForm } from '../forms';
import { textField, type FormFields } from '../server/form-body';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import { readUploadForm } from '../server/upload-form';
import { loadCasePage } from './case-page-data';
import { actionFormId, CasePage, offeredActionForm, parseFlash, type FlashCode, type FormState } from './case-page';
import { refusalErrors, type RefusalTarget } from './case-refusal';
import { parseTimelineKind } from './case-timeline-kinds';
import type { PageDeps } from './page-deps';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9-]{8,100}$/;

/** The posted fields as the form shows them again (strings only; the CSRF token and key left out). */
function keptValues(form: FormFields): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form))
    if (name !== '_csrf' && name !== IDEMPOTENCY_FIELD) kept[name] = value;
  return kept;
}

/** The `:caseId` route parameter (Koa types `params` loosely). */
function caseIdOf(ctx: Context): string {
  return (ctx.params as { caseId: string }).caseId;
}

export function casePageRoutes(deps: PageDeps): Router {
  const router = new Router();
  const source = (ctx: Context) => requestSource(ctx, 'web');

  async function renderCase(
    ctx: Context,
    principal: Principal,
    extra: { state?: FormState; flash?: FlashCode; status?: number } = {},
  ): Promise<void> {
    const data = await loadCasePage(deps, principal, caseIdOf(ctx), source(ctx));
    const title = `${extra.state ? 'Error: ' : ''}Case ${data.view.trackingNumber}`;
    respondWithPage(
      ctx,
      title,
      <CasePage
        data={data}
        now={deps.clock()}
        timeZone={deps.config.agency.timeZone}
        csrfToken={pageState(ctx).csrfToken}
        state={extra.state}
        flash={extra.flash}
        timelineKind={parseTimelineKind(ctx.query.kind)}
        documentLimits={{
          maxBytes: deps.config.documents.maxBytes,
          contentTypes: deps.config.documents.allowedContentTypes,
        }}
      />,
      extra.status ?? 200,
    );
  }

  const done = (ctx: Context, flash: FlashCode) => {
    ctx.status = 303;
    ctx.redirect(`/cases/${encodeURIComponent(caseIdOf(ctx))}?done=${flash}`);
  };

  /** Acts, then redirects; a refusal comes back beside the field with the input kept. */
  async function act(
    ctx: Context,
    principal: Principal,
    command: CaseCommand,
    flash: FlashCode,
    target: RefusalTarget,
    values: Record<string, string | string[]>,
    key: string | undefined,
  ): Promise<void> {
    try {
      await deps.services.cases.act(principal, caseIdOf(ctx), command, source(ctx), key);
    } catch (error) {
      const errors = refusalErrors(error, target);
      if (!errors) throw error;
      return renderCase(ctx, principal, { state: { formId: target.formId, values, errors }, status: 409 });
    }
    done(ctx, flash);
  }

  /** A simple (non-definition) form: checks its own fields, then acts. */
  const simple = (
    path: string,
    formId: string,
    flash: FlashCode,
    fieldIds: Record<string, string>,
    parse: (form: FormFields) => { command: CaseCommand } | { errors: FieldError[] },
  ) => {
    router.post(`/cases/:caseId/${path}`, async (ctx) => {
      const { principal } = requireSignedIn(ctx);
      const form = postedForm(ctx);
      const values = keptValues(form);
      const parsed = parse(form);
      if ('errors' in parsed) {
        return renderCase(ctx, principal, { state: { formId, values, errors: parsed.errors }, status: 400 });
      }
      const key = textField(form, IDEMPOTENCY_FIELD);
      await act(
        ctx,
        principal,
        parsed.command,
        flash,
        { formId, fieldIds },
        values,
        IDEMPOTENCY_KEY.test(key) ? key : undefined,
      );
    });
  };

  router.get('/cases/:caseId', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    await renderCase(ctx, principal, { flash: parseFlash(ctx.query.done) });
  });

  router.post('/cases/:caseId/actions', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const step = textField(form, 'step').slice(0, 200);
    const action = textField(form, 'action').slice(0, 200);
    const formId = actionFormId(step, action);
    const values = keptValues(form);
    const view = await deps.services.cases.getCase(principal, caseIdOf(ctx), source(ctx));
    const definition = await deps.services.cases.definitions.get(view.definition.id, view.definition.version);
    let descriptor;
    try {
      descriptor = offeredActionForm({ definition, view }, step, action);
    } catch (error) {
      if (!(error instanceof FormSpecError)) throw error;
      return renderCase(ctx, principal, {
        state: {
          formId,
          values,
          errors: [{ field: formId, message: 'This action is not available on the case as it is now' }],
        },
        status: 409,
      });
    }
    const prefixed = (name: string) => `${formId}-${name}`;
    const read = readSubmittedForm(descriptor, form);
    if (!read.ok) {
      return renderCase(ctx, principal, {
        state: { formId, values, errors: read.errors.map((e) => ({ field: prefixed(e.field), message: e.message })) },
        status: 400,
      });
    }
    const fieldIds = Object.fromEntries(
      [...descriptor.fields.map((f) => f.name), 'action-comment'].map((name) => [name, prefixed(name)]),
    );
    const key = textField(form, IDEMPOTENCY_FIELD);
    await act(
      ctx,
      principal,
      {
        kind: 'action',
        step,
        action,
        data: read.data,
        ...(read.comment !== undefined ? { comment: read.comment } : {}),
      },
      'action',
      { formId, fieldIds },
      values,
      IDEMPOTENCY_KEY.test(key) ? key : undefined,
    );
  });

  const stepOf = (form: FormFields) => textField(form, 'step').slice(0, 200);
  // Task forms: their ids carry the step, so each route finds its form id from the post.
  for (const [path, flash] of [
    ['claim', 'claim'],
    ['release', 'release'],
  ] as const) {
    router.post(`/cases/:caseId/${path}`, async (ctx) => {
      const { principal } = requireSignedIn(ctx);
      const form = postedForm(ctx);
      const step = stepOf(form);
      const key = textField(form, IDEMPOTENCY_FIELD);
      await act(
        ctx,
        principal,
        { kind: path, step },
        flash,
        { formId: `${path}-${step}`, fieldIds: {} },
        {},
        IDEMPOTENCY_KEY.test(key) ? key : undefined,
      );
    });
  }
  router.post('/cases/:caseId/assign', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const step = stepOf(form);
    const formId = `assign-${step}`;
    const assigneeId = textField(form, 'assigneeId').trim().slice(0, 100);
    const values = keptValues(form);
    if (assigneeId === '')
      return renderCase(ctx, principal, {
        state: {
          formId,
          values,
          errors: [{ field: `${formId}-assigneeId`, message: 'Choose who to assign the task to' }],
        },
        status: 400,
      });
    const key = textField(form, IDEMPOTENCY_FIELD);
    await act(
      ctx,
      principal,
      { kind: 'assign', step, assigneeId },
      'assign',
      { formId, fieldIds: { assigneeId: `${formId}-assigneeId` } },
      values,
      IDEMPOTENCY_KEY.test(key) ? key : undefined,
    );
  });

  simple('comments', 'comment', 'comment', { text: 'comment-text' }, (form) => {
    const text = textField(form, 'text').replace(/\r\n?/g, '\n').trim();
    if (text === '') return { errors: [{ field: 'comment-text', message: 'Enter a comment' }] };
    if (text.length > COMMENT_MAX_LENGTH)
      return {
        errors: [{ field: 'comment-text', message: `Comment must be ${COMMENT_MAX_LENGTH} characters or fewer` }],
      };
    return { command: { kind: 'comment', text } };
  });
  simple('clock/pause', 'clock-pause', 'pause', { reason: 'clock-pause-reason' }, (form) => {
    const reason = textField(form, 'reason').trim().slice(0, 200);
    return reason === ''
      ? { errors: [{ field: 'clock-pause-reason', message: 'Choose why the clock is paused' }] }
      : { command: { kind: 'pause-clock', reason } };
  });
  simple('clock/resume', 'clock-resume', 'resume', {}, () => ({ command: { kind: 'resume-clock' } }));
  simple('clock/extend', 'clock-extend', 'extend', { by: 'clock-extend-by', reason: 'clock-extend-reason' }, (form) => {
    const by = textField(form, 'by').trim();
    const reason = textField(form, 'reason').trim();
    const errors: FieldError[] = [];
    if (by === '')
      errors.push({
        field: 'clock-extend-by',
        message: 'Enter how long to extend the deadline by, like "10 working days"',
      });
    else if (by.length > 100)
      errors.push({ field: 'clock-extend-by', message: 'Extend by must be 100 characters or fewer' });
    if (reason.length > 2000)
      errors.push({ field: 'clock-extend-reason', message: 'Reason must be 2000 characters or fewer' });
    return errors.length > 0
      ? { errors }
      : { command: { kind: 'extend-clock', by, ...(reason !== '' ? { reason } : {}) } };
  });

  // A reply to the resident by email (through the outbox, on their thread).
  router.post('/cases/:caseId/messages', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const values = keptValues(form);
    const text = textField(form, 'text').replace(/\r\n?/g, '\n').trim();
    const refuse = (message: string, status: number) =>
      renderCase(ctx, principal, {
        state: { formId: 'reply', values, errors: [{ field: 'reply-text', message }] },
        status,
      });
    if (text === '') return refuse('Enter your reply to the resident', 400);
    if (text.length > STAFF_REPLY_MAX_LENGTH)
      return refuse(`Reply must be ${STAFF_REPLY_MAX_LENGTH} characters or fewer`, 400);
    const key = textField(form, IDEMPOTENCY_FIELD);
    if (!IDEMPOTENCY_KEY.test(key)) return refuse('This form has expired: send your reply again', 400);
    try {
      await createCaseMessageService({ db: deps.db, clock: deps.clock, publicUrl: deps.config.publicUrl }).reply(
        principal,
        caseIdOf(ctx),
        text,
        key,
        source(ctx),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'RESIDENT_UNREACHABLE')
        return refuse('The resident has no email address on this case: reach them another way', 409);
      throw error;
    }
    done(ctx, 'reply');
  });

  router.post('/cases/:caseId/documents', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    // Scope and permission before reading the upload: a denied caller never streams megabytes.
    await deps.services.cases.listDocuments(principal, caseIdOf(ctx));
    const target: RefusalTarget = {
      formId: 'upload',
      fieldIds: { file: 'upload-file', description: 'upload-description' },
    };
    try {
      const file = await readUploadForm(ctx, deps.config.documents.maxBytes);
      const description = (file.fields.description ?? '').trim().slice(0, 2000);
      await deps.services.cases.attachDocument(
        principal,
        caseIdOf(ctx),
        {
          filename: file.filename,
          contentType: file.contentType,
          content: file.content,
          ...(description ? { description } : {}),
        },
        source(ctx),
      );
    } catch (error) {
      const errors = refusalErrors(error, target);
      if (!errors) throw error;
      return renderCase(ctx, principal, { state: { formId: 'upload', values: {}, errors }, status: 400 });
    }
    done(ctx, 'upload');
  });

  // Records officers: release a document in public-records exports, or withhold it again (audited on the case).
  router.post('/cases/:caseId/documents/:documentId/releasable', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const documentId = ctx.params.documentId;
    const value = textField(postedForm(ctx), 'releasable');
    if (value !== 'true' && value !== 'false') {
      const formId = `releasable-${documentId}`;
      return renderCase(ctx, principal, {
        state: {
          formId,
          values: {},
          errors: [{ field: formId, message: 'Choose whether the document is released or withheld' }],
        },
        status: 400,
      });
    }
    await deps.services.records.setReleasable(principal, documentId, value === 'true', source(ctx), caseIdOf(ctx));
    done(ctx, value === 'true' ? 'releasable' : 'withheld');
  });

  router.get('/cases/:caseId/documents/:documentId', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { meta, content } = await deps.services.cases.readDocument(
      principal,
      caseIdOf(ctx),
      ctx.params.documentId,
      source(ctx),
    );
    ctx.type = meta.contentType;
    ctx.set('Content-Disposition', `attachment; filename="${meta.filename.replace(/[^A-Za-z0-9._ -]/g, '_')}"`);
    ctx.body = content;
  });

  return router;
}
