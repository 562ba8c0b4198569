/**
 * `/portal` and `/portal/request`: a resident asks for a public service, one thing per page —
 * the service, the questions from the definition, the location, how to be told, check, send. The
 * answers travel as hidden fields and are read again on every post; the check page carries an
 * idempotency key, so a double submit makes one case (the resident-portal service).
 */
import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { toApiError } from '../../api/errors/to-api-error';
import { requestSource } from '../../api/routes/request-source';
import type { PortalLanguage } from '../../api/services/resident-portal-service';
import type { CompiledDefinition } from '../../domain/definition';
import type { FieldError } from '../components/error-summary';
import { FileField } from '../components/file-field';
import { formValues, readSubmittedForm, type FieldDescriptor, type FormDescriptor } from '../forms';
import { readIdempotencyKey } from '../intake/intake-answers';
import { formatDate, messagesFor, type Messages } from '../portal/messages';
import { portalLanguage, respondPortal } from '../portal/portal-page';
import {
  contactData,
  definitionTitle,
  fieldErrorIn,
  PORTAL_NAMES,
  readContact,
  residentContact,
  wizardForms,
  type WizardForms,
} from '../portal/request-wizard';
import { textField } from '../server/form-body';
import { FormLimitError } from '../../api/middleware/multipart';
import { readUploadForm } from '../server/upload-form';
import { pageState, postedForm } from '../server/page-state';
import type { PageDeps } from './page-deps';
import {
  CheckAnswers,
  ChooseService,
  ContactFields,
  GeneratedFields,
  LocationMap,
  PortalHome,
  RequestConfirmation,
  StagePage,
  type Values,
} from './portal-request-views';

type Stage = 'questions' | 'location' | 'contact' | 'attachment';
const CONTACT_NAMES = [
  PORTAL_NAMES.contactName,
  PORTAL_NAMES.contactEmail,
  PORTAL_NAMES.contactPhone,
  PORTAL_NAMES.notice,
  PORTAL_NAMES.anonymous,
];
/** The upload page's answer: the kept file's id and its name (shown on the check page). */
const ATTACHMENT_NAMES = [PORTAL_NAMES.attachment, PORTAL_NAMES.attachmentName];
/** The upload page carries every earlier answer as a hidden field: room for a long definition's answers. */
const WIZARD_FIELD_LIMITS = { fields: 300, fieldSize: 64 * 1024 };

function pick(body: Values, names: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of names) if (Object.hasOwn(body, name)) out[name] = body[name];
  return out;
}

const namesOf = (form: FormDescriptor) => form.fields.map((field) => field.name);

/** A generated form's read, with its errors in the resident's language. */
function readStage(form: FormDescriptor, body: Values, language: PortalLanguage) {
  const read = readSubmittedForm(form, body);
  if (read.ok) return read;
  const labels = new Map(form.fields.map((field) => [field.name, field.label]));
  return {
    ...read,
    errors: read.errors.map((error) => ({
      field: error.field,
      message: fieldErrorIn(language, labels.get(error.field) ?? error.field, error.message),
    })),
  };
}

function shownValue(field: FieldDescriptor, value: string | string[] | undefined, m: Messages): string {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  if (field.kind === 'checkbox') return values[0] === 'true' ? m.yes : m.no;
  return values.map((one) => field.options?.find((option) => option.value === one)?.label ?? one).join(', ');
}

export function portalRequestRoutes(deps: PageDeps): Router {
  const router = new Router();
  const portal = deps.residentPortal;
  const map = deps.config.map;
  const formsOf = (definition: CompiledDefinition, language: PortalLanguage) =>
    wizardForms(definition, language, { map: map !== undefined });

  const timeZoneOf = (definition: CompiledDefinition): string =>
    (definition.defaultCalendar ? definition.calendars[definition.defaultCalendar]?.timeZone : undefined) ??
    deps.config.agency.timeZone;

  router.get('/portal', (ctx) => {
    const language = portalLanguage(ctx);
    const m = messagesFor(language);
    respondPortal(ctx, language, m.home.title, <PortalHome m={m} language={language} />);
  });

  router.get('/portal/request', async (ctx) => {
    const language = portalLanguage(ctx);
    const m = messagesFor(language);
    const services = (await portal.publicServices()).map((definition) => ({
      id: definition.id,
      title: definitionTitle(definition, language),
    }));
    const chosen = typeof ctx.query.service === 'string' ? ctx.query.service : undefined;
    if (chosen !== undefined || ctx.query.chosen !== undefined) {
      const service = services.find((one) => one.id === chosen);
      if (service) return ctx.redirect(`/portal/request/${encodeURIComponent(service.id)}?lang=${language}`);
      return respondPortal(
        ctx,
        language,
        `${m.errorPrefix}${m.choose.title}`,
        <ChooseService
          m={m}
          language={language}
          services={services}
          errors={[{ field: 'service', message: m.choose.error }]}
        />,
        { status: 400 },
      );
    }
    respondPortal(
      ctx,
      language,
      m.choose.title,
      <ChooseService m={m} language={language} services={services} errors={[]} />,
    );
  });

  function showStage(
    ctx: Context,
    definition: CompiledDefinition,
    forms: WizardForms,
    language: PortalLanguage,
    stage: Stage,
    values: Values,
    errors: FieldError[],
    status?: number,
  ): void {
    const m = messagesFor(language);
    const own =
      stage === 'questions'
        ? namesOf(forms.questions)
        : stage === 'location'
          ? namesOf(forms.location)
          : stage === 'contact'
            ? CONTACT_NAMES
            : [];
    const all = [...namesOf(forms.questions), ...namesOf(forms.location), ...CONTACT_NAMES, ...ATTACHMENT_NAMES];
    const carried = pick(
      values,
      all.filter((name) => !own.includes(name)),
    );
    const title =
      stage === 'questions'
        ? `${definitionTitle(definition, language)}: ${m.questions.title}`
        : stage === 'location'
          ? m.location.title
          : stage === 'contact'
            ? m.contact.title
            : m.attachment.title;
    const intro = stage === 'location' ? m.location.hint : stage === 'attachment' ? m.attachment.hint : undefined;
    // The upload page posts multipart to its own upload path (the file is kept there until the request is sent).
    const action =
      stage === 'attachment' ? `/portal/request/${definition.id}/attachment` : `/portal/request/${definition.id}`;
    respondPortal(
      ctx,
      language,
      errors.length > 0 ? `${m.errorPrefix}${title}` : title,
      <StagePage
        title={title}
        intro={intro}
        action={action}
        csrf={pageState(ctx).csrfToken}
        language={language}
        stage={stage}
        carried={carried}
        errors={errors}
        submit={m.continue}
        multipart={stage === 'attachment'}
      >
        {stage === 'questions' ? (
          <GeneratedFields fields={forms.questions.fields} values={values} errors={errors} />
        ) : null}
        {stage === 'location' && map && namesOf(forms.location).includes('latitude') ? (
          <LocationMap map={map} words={m.location} nonce={pageState(ctx).nonce} />
        ) : null}
        {stage === 'location' ? (
          <GeneratedFields fields={forms.location.fields} values={values} errors={errors} />
        ) : null}
        {stage === 'contact' ? <ContactFields m={m} forms={forms} values={values} errors={errors} /> : null}
        {stage === 'attachment' ? (
          <FileField
            id="file"
            label={m.attachment.label}
            optional={m.optional}
            hint={m.attachment.fileHint}
            errors={errors}
          />
        ) : null}
      </StagePage>,
      { status: status ?? (errors.length > 0 ? 400 : 200), switchLanguage: <span /> },
    );
  }

  router.get('/portal/request/:definitionId', async (ctx) => {
    const language = portalLanguage(ctx);
    const definition = await portal.publicService(ctx.params.definitionId);
    const forms = formsOf(definition, language);
    showStage(ctx, definition, forms, language, 'questions', formValues(forms.questions, {}), []);
  });

  router.post('/portal/request/:definitionId', async (ctx) => advance(ctx, ctx.params.definitionId, postedForm(ctx)));

  /** The upload page (multipart): a chosen file is checked and kept, then the wizard goes on to the check page. */
  router.post('/portal/request/:definitionId/attachment', async (ctx) => {
    let upload;
    try {
      upload = await readUploadForm(ctx, deps.config.documents.maxBytes, WIZARD_FIELD_LIMITS);
    } catch (error) {
      if (!(error instanceof FormLimitError)) throw error;
      // Past the reader's limits: refused whole, shown again with the reason beside the file field.
      const language = portalLanguage(ctx, { form: error.fields });
      const definition = await portal.publicService(ctx.params.definitionId);
      return showStage(
        ctx,
        definition,
        formsOf(definition, language),
        language,
        'attachment',
        error.fields,
        [{ field: 'file', message: messagesFor(language).formTooLarge }],
        error.status,
      );
    }
    const body: Record<string, string | string[]> = { ...upload.fields, [PORTAL_NAMES.stage]: 'attachment' };
    if (upload.content.length > 0) {
      try {
        const kept = await portal.holdUpload({
          filename: upload.filename,
          contentType: upload.contentType,
          content: upload.content,
        });
        body[PORTAL_NAMES.attachment] = kept.id;
        body[PORTAL_NAMES.attachmentName] = kept.filename;
      } catch (error) {
        const refusal = error instanceof ApiError ? error : toApiError(error);
        if (!refusal.code.startsWith('DOCUMENT_')) throw error;
        const language = portalLanguage(ctx, { form: body });
        const definition = await portal.publicService(ctx.params.definitionId);
        return showStage(ctx, definition, formsOf(definition, language), language, 'attachment', body, [
          { field: 'file', message: messagesFor(language).attachment.refused },
        ]);
      }
    }
    return advance(ctx, ctx.params.definitionId, body);
  });

  async function advance(ctx: Context, definitionId: string, body: Values): Promise<void> {
    const language = portalLanguage(ctx, { form: body });
    const m = messagesFor(language);
    const definition = await portal.publicService(definitionId);
    const forms = formsOf(definition, language);
    const stage = textField(body, PORTAL_NAMES.stage);
    const hasLocation = forms.location.fields.length > 0;

    if (stage === 'change') return showStage(ctx, definition, forms, language, 'questions', body, []);
    const questions = readStage(forms.questions, body, language);
    if (!questions.ok)
      return showStage(
        ctx,
        definition,
        forms,
        language,
        'questions',
        { ...body, ...questions.values },
        questions.errors,
      );
    if (stage === 'questions')
      return hasLocation
        ? showStage(ctx, definition, forms, language, 'location', body, [])
        : showStage(ctx, definition, forms, language, 'contact', body, []);
    const location = readStage(forms.location, body, language);
    if (!location.ok)
      return showStage(ctx, definition, forms, language, 'location', { ...body, ...location.values }, location.errors);
    if (stage === 'location') return showStage(ctx, definition, forms, language, 'contact', body, []);
    const contact = readContact(body, forms, m.contact);
    if (!contact.ok) return showStage(ctx, definition, forms, language, 'contact', body, contact.errors);
    if (stage === 'contact') return showStage(ctx, definition, forms, language, 'attachment', body, []);

    const values = pick(body, [
      ...namesOf(forms.questions),
      ...namesOf(forms.location),
      ...CONTACT_NAMES,
      ...ATTACHMENT_NAMES,
    ]);
    const attachmentId = textField(body, PORTAL_NAMES.attachment).slice(0, 100);
    const key = readIdempotencyKey(body);
    if (stage !== 'submit' || !key) {
      const c = contact.answers;
      const noticeLabel = { email: m.contact.noticeEmail, sms: m.contact.noticeSms, none: m.contact.noticeNone }[
        c.notice
      ];
      const rows = [
        { label: m.check.service, value: definitionTitle(definition, language) },
        ...[...forms.questions.fields, ...forms.location.fields]
          .map((field) => ({ label: field.label, value: shownValue(field, values[field.name], m) }))
          .filter((row) => row.value !== ''),
        ...(c.anonymous ? [{ label: m.check.anonymous, value: m.contact.anonymous }] : []),
        ...(c.name ? [{ label: m.contact.name, value: c.name }] : []),
        ...(c.email ? [{ label: m.contact.email, value: c.email }] : []),
        ...(c.phone ? [{ label: m.contact.phone, value: c.phone }] : []),
        { label: m.check.notice, value: noticeLabel },
        ...(attachmentId ? [{ label: m.attachment.label, value: textField(body, PORTAL_NAMES.attachmentName) }] : []),
      ];
      return respondPortal(
        ctx,
        language,
        m.check.title,
        <CheckAnswers
          m={m}
          action={`/portal/request/${definition.id}`}
          csrf={pageState(ctx).csrfToken}
          language={language}
          rows={rows}
          values={values}
          idempotencyKey={key ?? randomUUID()}
          errors={[]}
        />,
        { switchLanguage: <span /> },
      );
    }

    const data = { ...questions.data, ...location.data, ...contactData(forms, contact.answers) };
    try {
      const receipt = await portal.submitRequest(
        {
          definitionId: definition.id,
          data,
          contact: residentContact(contact.answers),
          language,
          idempotencyKey: key,
          ...(attachmentId ? { attachmentId } : {}),
        },
        requestSource(ctx, 'web'),
      );
      const expected = receipt.expectedBy
        ? formatDate(receipt.expectedBy, language, timeZoneOf(definition), false)
        : undefined;
      respondPortal(
        ctx,
        language,
        m.confirmation.title,
        <RequestConfirmation
          m={m}
          language={language}
          trackingNumber={receipt.trackingNumber}
          verificationCode={receipt.verificationCode}
          expected={expected}
        />,
        { status: 201, switchLanguage: <span /> },
      );
    } catch (error) {
      // The case data check has the last word: show the questions again rather than an error page.
      if (error instanceof ApiError && error.status < 500 && error.code !== 'NOT_FOUND') {
        return showStage(ctx, definition, forms, language, 'questions', body, [
          { field: forms.questions.fields[0]?.name ?? 'main-content', message: m.refused },
        ]);
      }
      throw error;
    }
  }

  return router;
}
