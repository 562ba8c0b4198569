/**
 * `/intake`: staff take a request on a resident's behalf (phone, walk-in, letter, email). Choose the
 * service, fill the form generated from the definition (ui/forms), check the answers beside possible
 * duplicates, then create the case once per form (an idempotency key rendered with the form) and
 * show the tracking number and verification code to read out.
 */
import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { can, seesDepartment } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';
import { ApiError } from '../../api/errors/api-error';
import { requestSource } from '../../api/routes/request-source';
import type { StartCaseInput } from '../../api/services/case-service';
import { runIdempotent } from '../../api/services/idempotent-request';
import { listDefinitions } from '../../db';
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { formValues, intakeForm, readSubmittedForm, type FormDescriptor } from '../forms';
import {
  ownChannelField,
  readIdempotencyKey,
  readInformationRequest,
  readIntakeAnswers,
  INTAKE_NAMES,
} from '../intake/intake-answers';
import { answerRows, duplicateRows } from '../intake/intake-view';
import { textField } from '../server/form-body';
import { postedForm, requireSignedIn } from '../server/page-state';
import {
  renderAlreadyUsed,
  renderCheckAnswers,
  renderConfirmation,
  renderIntakeForm,
  renderServiceChoice,
  type ServiceOption,
} from './intake-views';
import type { PageDeps } from './page-deps';

/** How long a second click waits for the first one's case before giving up (the first keeps going). */
const WAIT_FOR_FIRST_MS = 30_000;
const DEFINITION_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

interface CreatedAnswer {
  caseId: string;
  trackingNumber: string;
  verificationCode: string;
}

const startDepartment = (definition: CompiledDefinition): string | undefined => {
  const start = definition.steps[definition.start];
  return start?.type === 'human' ? start.department : undefined;
};

/** A service this person may take requests for: they can create cases and would see the one they create. */
const mayTakeFor = (principal: Principal, definition: CompiledDefinition): boolean =>
  can(principal, 'cases:create') &&
  seesDepartment(principal, startDepartment(definition) ?? principal.departmentId ?? null);

const optionOf = (definition: CompiledDefinition): ServiceOption => ({
  id: definition.id,
  title: definition.title ?? definition.id,
});

const isCreatedAnswer = (body: JsonValue): body is JsonValue & CreatedAnswer =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  typeof body.caseId === 'string' &&
  typeof body.trackingNumber === 'string' &&
  typeof body.verificationCode === 'string';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function intakeRoutes(deps: PageDeps): Router {
  const router = new Router();
  const definitions = deps.services.cases.definitions;

  async function servicesFor(principal: Principal): Promise<CompiledDefinition[]> {
    const published = (await listDefinitions(deps.db)).filter((summary) => summary.status === 'published');
    const compiled = await Promise.all(published.map((summary) => definitions.latestPublished(summary.id)));
    return compiled.filter((definition) => mayTakeFor(principal, definition));
  }

  /** The service named in the path, if this person may take requests for it; otherwise not found. */
  async function serviceFor(principal: Principal, id: string): Promise<CompiledDefinition> {
    const notFound = new ApiError('NOT_FOUND', 'there is no such service to take requests for');
    if (!DEFINITION_ID.test(id)) throw notFound;
    const definition = await definitions.latestPublished(id).catch(() => undefined);
    if (!definition || !mayTakeFor(principal, definition)) throw notFound;
    return definition;
  }

  const timeZoneOf = (definition: CompiledDefinition): string =>
    (definition.defaultCalendar ? definition.calendars[definition.defaultCalendar]?.timeZone : undefined) ??
    deps.config.agency.timeZone;

  /** The definition's own channel answer when it has that field (undefined: intake asks). */
  const recordedChannel = (
    definition: CompiledDefinition,
    read: ReturnType<typeof readSubmittedForm>,
  ): JsonValue | undefined => {
    const field = ownChannelField(definition);
    if (!field) return undefined;
    return read.ok ? read.data[field] : '';
  };

  /** The service's call script (the questions to ask), for the agent beside the form. */
  async function scriptFor(principal: Principal, definition: CompiledDefinition): Promise<readonly string[]> {
    if (!can(principal, 'knowledge:read')) return [];
    return (await deps.services.knowledge.callScript(principal, definition.id))?.questions ?? [];
  }

  async function showForm(
    ctx: Context,
    principal: Principal,
    definition: CompiledDefinition,
    form: FormDescriptor,
    values: Readonly<Record<string, string | string[]>>,
    errors: { field: string; message: string }[],
    key: string,
    status: number,
    informationRequest?: string,
  ): Promise<void> {
    const script = await scriptFor(principal, definition);
    renderIntakeForm(
      ctx,
      {
        service: optionOf(definition),
        form,
        values,
        errors,
        idempotencyKey: key,
        asksChannel: ownChannelField(definition) === undefined,
        script,
        ...(informationRequest ? { informationRequest } : {}),
      },
      status,
    );
  }

  router.get('/intake', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    if (!can(principal, 'cases:create'))
      throw new ApiError('FORBIDDEN', 'taking requests needs the cases:create permission');
    const available = await servicesFor(principal);
    const chosen = typeof ctx.query.service === 'string' ? ctx.query.service : '';
    if (chosen !== '' || ctx.query.chosen !== undefined) {
      if (available.some((definition) => definition.id === chosen))
        return ctx.redirect(`/intake/${encodeURIComponent(chosen)}`);
      return renderServiceChoice(
        ctx,
        available.map(optionOf),
        [{ field: 'service', message: 'Choose the service the request is for' }],
        400,
      );
    }
    renderServiceChoice(ctx, available.map(optionOf));
  });

  router.get('/intake/:definitionId', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const definition = await serviceFor(principal, ctx.params.definitionId);
    const form = intakeForm(definition);
    await showForm(
      ctx,
      principal,
      definition,
      form,
      formValues(form, {}),
      [],
      randomUUID(),
      200,
      readInformationRequest(ctx.query),
    );
  });

  /** The form posts here: answers checked, then check-your-answers beside possible duplicates. */
  router.post('/intake/:definitionId', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const definition = await serviceFor(principal, ctx.params.definitionId);
    const form = intakeForm(definition);
    const body = postedForm(ctx);
    const key = readIdempotencyKey(body) ?? randomUUID();
    const contact = readInformationRequest(body);
    const read = readSubmittedForm(form, body);
    const answers = readIntakeAnswers(body, recordedChannel(definition, read));
    if (!read.ok || !answers.ok) {
      const errors = [
        ...(answers.ok ? [] : answers.errors.filter((e) => e.field === INTAKE_NAMES.channel)),
        ...(read.ok ? [] : read.errors),
        ...(answers.ok ? [] : answers.errors.filter((e) => e.field !== INTAKE_NAMES.channel)),
      ];
      return showForm(
        ctx,
        principal,
        definition,
        form,
        { ...(read.ok ? formValues(form, read.data) : read.values), ...answers.values },
        errors,
        key,
        400,
        contact,
      );
    }
    const values = {
      ...formValues(form, read.data),
      ...answers.values,
      [INTAKE_NAMES.idempotencyKey]: key,
      ...(contact ? { [INTAKE_NAMES.informationRequest]: contact } : {}),
    };
    const found = await deps.possibleDuplicates.find(principal, definition.id, read.data, requestSource(ctx, 'web'));
    renderCheckAnswers(ctx, {
      service: optionOf(definition),
      rows: answerRows(form, values, ownChannelField(definition) === undefined),
      duplicates: duplicateRows(found, definition, timeZoneOf(definition)),
      values,
    });
  });

  router.post('/intake/:definitionId/submit', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const definition = await serviceFor(principal, ctx.params.definitionId);
    const form = intakeForm(definition);
    const body = postedForm(ctx);
    const key = readIdempotencyKey(body);
    const contact = readInformationRequest(body);
    const read = readSubmittedForm(form, body);
    const answers = readIntakeAnswers(body, recordedChannel(definition, read));
    const values = { ...(read.ok ? formValues(form, read.data) : read.values), ...answers.values };
    if (textField(body, 'intent') === 'change')
      return showForm(ctx, principal, definition, form, values, [], key ?? randomUUID(), 200, contact);
    // The answers came back as hidden fields: checked again, never trusted.
    if (!read.ok || !answers.ok || !key)
      return showForm(
        ctx,
        principal,
        definition,
        form,
        values,
        [...(answers.ok ? [] : answers.errors), ...(read.ok ? [] : read.errors)],
        key ?? randomUUID(),
        400,
        contact,
      );

    const input: StartCaseInput = {
      definitionId: definition.id,
      data: read.data,
      residentContact: answers.answers.contact,
    };
    const source = requestSource(ctx, answers.answers.channel);
    const start = async () => {
      const started = await deps.services.cases.startCase(principal, input, source);
      const answer: CreatedAnswer = {
        caseId: started.case.id,
        trackingNumber: started.trackingNumber,
        verificationCode: started.verificationCode,
      };
      return { status: 201, body: { ...answer }, resourceId: started.case.id };
    };
    const once = {
      scope: `${principal.id}:POST /intake`,
      key,
      requestHash: deps.services.cases.requestHash('POST', `/intake/${definition.id}`, input),
    };
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    let created: CreatedAnswer | undefined;
    while (!created) {
      try {
        const answer = await runIdempotent(deps.db, once, start);
        if (!isCreatedAnswer(answer.body)) throw new Error('the stored intake answer has an unexpected shape');
        created = answer.body;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'IDEMPOTENCY_KEY_REUSED') return renderAlreadyUsed(ctx);
        // A double click: the first request is still creating the case; show its answer when it lands.
        if (!(error instanceof ApiError && error.code === 'IDEMPOTENCY_IN_PROGRESS') || Date.now() > deadline)
          throw error;
        await pause(100);
      }
    }
    // A call that started as an information request: the request now names its case. The case exists
    // whatever happens to the link, so a failed link is logged and the resident still hears their number.
    if (contact) {
      await deps.services.knowledge
        .linkContactCase(principal, contact, created.caseId, source)
        .catch((error: unknown) => {
          deps.logger.error({
            msg: 'linking an information request to its case failed',
            informationRequest: contact,
            caseId: created?.caseId,
            error: error instanceof Error ? error.message : String(error),
          });
        });
    }
    renderConfirmation(ctx, {
      ...created,
      serviceTitle: optionOf(definition).title,
      canOpenCase: mayTakeFor(principal, definition),
    });
  });

  return router;
}
