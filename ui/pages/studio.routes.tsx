/**
 * The definition studio (`/studio`): processes and versions, the editor (a plain form; the
 * CodeMirror island adds live server diagnostics), the process as a picture, publishing, and moving
 * open cases of an old version to the version in force. Thin: parse, call the services, render.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { can } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';
import { ApiError } from '../../api/errors/api-error';
import { toApiError } from '../../api/errors/to-api-error';
import { requestSource } from '../../api/routes/request-source';
import type { CompiledDefinition } from '../../domain/definition';
import type { DefinitionProblem } from '../../domain/errors';
import { MAX_SOURCE_BYTES } from '../../process-definitions/loader';
import type { FieldError } from '../components/error-summary';
import { listField, textField } from '../server/form-body';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import { CalendarGlance } from '../components/calendar-glance';
import { calendarYear } from '../studio/calendar-glance';
import { definitionDiff } from '../studio/definition-diff';
import { layoutProcess } from '../studio/diagram-layout';
import { processGraph } from '../studio/process-graph';
import { stepLines } from '../studio/step-lines';
import type { PageDeps } from './page-deps';
import { DefinitionEditor, DefinitionsList, MigrationPage, PublishPage } from './studio-views';

/** Flash messages after a redirect: a fixed list, never user text in the URL. */
const DONE: Readonly<Record<string, string>> = {
  saved: 'Saved your working draft.',
  version: 'Saved the version draft. Publish it from the definitions list.',
  published: 'Published. New cases start on this version.',
};

/** The loader refuses more than this anyway; cut earlier so a huge post costs nothing. */
const MAX_SOURCE_CHARS = MAX_SOURCE_BYTES;

function refusal(error: unknown, field: string): FieldError[] {
  const api = toApiError(error);
  if (api.code === 'INTERNAL') throw error;
  return [{ field, message: api.message }];
}

export function studioRoutes(deps: PageDeps): Router {
  const router = new Router();
  const studio = deps.studio;
  const definitions = deps.services.definitions;

  function validate(principal: Principal, source: string): { problems: DefinitionProblem[]; compiled: boolean } {
    const report = definitions.validate(principal, source);
    return { problems: report.problems, compiled: report.ok };
  }

  async function drawPicture(source: string): Promise<
    | {
        title: string;
        graph: ReturnType<typeof processGraph>;
        placed: Awaited<ReturnType<typeof layoutProcess>>;
        lines: Record<string, number>;
      }
    | undefined
  > {
    const compiled = definitions.compiled(source);
    if (!compiled) return undefined;
    const graph = processGraph(compiled);
    return { title: compiled.title, graph, placed: await layoutProcess(graph), lines: stepLines(source) };
  }

  async function renderList(ctx: Context, principal: Principal): Promise<void> {
    const processes = await studio.overview(principal);
    const done = typeof ctx.query.done === 'string' ? DONE[ctx.query.done] : undefined;
    respondWithPage(
      ctx,
      'Definitions',
      <DefinitionsList
        processes={processes}
        canWrite={can(principal, 'definitions:write')}
        {...(done ? { notice: done } : {})}
      />,
    );
  }

  async function renderEditor(
    ctx: Context,
    principal: Principal,
    id: string,
    source: string,
    origin: string,
    options: { errors?: FieldError[]; status?: number; scenarios?: boolean },
  ): Promise<void> {
    const { problems } = validate(principal, source);
    const errors = [...(options.errors ?? [])];
    const picture = await drawPicture(source);
    const scenarios = options.scenarios ? definitions.scenarios(principal, source) : undefined;
    if (options.scenarios && !scenarios)
      errors.push({ field: 'source', message: 'Fix the problems listed before running the scenarios' });
    const done = typeof ctx.query.done === 'string' ? DONE[ctx.query.done] : undefined;
    const state = pageState(ctx);
    respondWithPage(
      ctx,
      errors.length > 0 ? `Error: Edit ${id}` : `Edit ${id}`,
      <DefinitionEditor
        id={id}
        source={source}
        origin={origin}
        problems={problems}
        checked
        errors={errors}
        nonce={state.nonce}
        csrf={state.csrfToken}
        {...(done ? { notice: done } : {})}
        {...(picture ? { picture } : {})}
        {...(scenarios ? { scenarios } : {})}
      />,
      options.status ?? (errors.length > 0 ? 400 : 200),
    );
  }

  router.get('/studio', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    await renderList(ctx, principal);
  });

  router.get('/studio/calendars', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const year = deps.clock().getUTCFullYear() + 1;
    const calendars = await studio.calendars(principal);
    respondWithPage(
      ctx,
      'Calendars',
      <div class="grid-container-widescreen">
        <link rel="stylesheet" href="/assets/app/studio.css" />
        <h1>Calendars</h1>
        <p>
          <a href="/studio">All definitions</a> · The business calendars of the published definitions, with next year at
          a glance.
        </p>
        {calendars.map((calendar) => (
          <CalendarGlance
            key={calendar.id}
            id={calendar.id}
            title={calendar.title ?? calendar.id}
            timeZone={calendar.timeZone}
            year={calendarYear(calendar, year)}
          />
        ))}
      </div>,
    );
  });

  router.get('/studio/:id', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const working = await studio.workingSource(principal, ctx.params.id);
    const origin =
      working.origin.kind === 'draft'
        ? `Your working draft, saved ${working.origin.savedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
        : `Version ${working.origin.version} (${working.origin.status})`;
    await renderEditor(ctx, principal, ctx.params.id, working.source, origin, {});
  });

  /** The island's live diagnostics: the same validator as the CLI and the API. */
  router.post('/studio/:id/diagnostics', (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const source = textField(postedForm(ctx), 'source').slice(0, MAX_SOURCE_CHARS);
    ctx.type = 'application/json';
    ctx.body = definitions.validate(principal, source);
  });

  router.post('/studio/:id', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const id = ctx.params.id;
    const form = postedForm(ctx);
    const source = textField(form, 'source');
    const intent = textField(form, 'intent');
    if (source.length > MAX_SOURCE_CHARS) throw new ApiError('VALIDATION_FAILED', 'the definition is too long');
    if (intent === 'save') {
      try {
        await studio.saveWorkingDraft(principal, id, source, requestSource(ctx, 'web'));
      } catch (error) {
        await renderEditor(ctx, principal, id, source, 'Not saved', { errors: refusal(error, 'source') });
        return;
      }
      ctx.status = 303;
      ctx.redirect(`/studio/${encodeURIComponent(id)}?done=saved`);
      return;
    }
    if (intent === 'version') {
      try {
        const { definition } = await definitions.uploadDraft(principal, source, requestSource(ctx, 'web'));
        if (definition.id !== id)
          throw new ApiError('VALIDATION_FAILED', `the definition's id is ${definition.id}, not ${id}`);
      } catch (error) {
        const api = toApiError(error);
        const message =
          api.code === 'DEFINITION_INVALID' ? 'Fix the problems listed before saving a version' : api.message;
        await renderEditor(ctx, principal, id, source, 'Not saved', {
          errors: api.code === 'INTERNAL' ? refusal(error, 'source') : [{ field: 'source', message }],
        });
        return;
      }
      await studio.saveWorkingDraft(principal, id, source, requestSource(ctx, 'web'));
      ctx.status = 303;
      ctx.redirect('/studio?done=version');
      return;
    }
    await renderEditor(ctx, principal, id, source, 'Checked, not saved', { scenarios: intent === 'scenarios' });
  });

  /** Compare with the version in force, validation, every scenario, open cases: then confirm. */
  async function renderPublish(
    ctx: Context,
    principal: Principal,
    id: string,
    version: string,
    errors: FieldError[] = [],
  ): Promise<void> {
    const record = await definitions.get(principal, id, version);
    const draft = record.compiled as CompiledDefinition;
    const inForce = (await definitions.versions(principal, id)).find(
      (v) => v.status === 'published' && v.version !== version,
    );
    const older = inForce ? await definitions.get(principal, id, inForce.version) : undefined;
    const verdict = inForce ? await definitions.compare(principal, id, inForce.version, version) : undefined;
    const scenarios = definitions.scenarios(principal, record.yamlSource) ?? [];
    const problems = verdict?.problems ?? [];
    respondWithPage(
      ctx,
      `${errors.length > 0 ? 'Error: ' : ''}Publish ${id} ${version}`,
      <PublishPage
        id={id}
        version={version}
        {...(inForce ? { inForce: inForce.version } : {})}
        changes={older ? definitionDiff(older.compiled as CompiledDefinition, draft) : []}
        problems={problems}
        scenarios={scenarios}
        impact={await deps.studio.publishImpact(principal, draft)}
        errors={errors}
        csrf={pageState(ctx).csrfToken}
      />,
      errors.length > 0 ? 400 : 200,
    );
  }

  router.get('/studio/:id/publish', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const version = typeof ctx.query.version === 'string' ? ctx.query.version : '';
    if (!version) throw new ApiError('VALIDATION_FAILED', 'give ?version=<version>');
    await renderPublish(ctx, principal, ctx.params.id, version);
  });

  router.post('/studio/:id/publish', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const version = textField(form, 'version');
    if (textField(form, 'confirm') !== 'yes') {
      await renderPublish(ctx, principal, ctx.params.id, version, [
        { field: 'confirm', message: 'Confirm that you have read the changes' },
      ]);
      return;
    }
    const record = await definitions.get(principal, ctx.params.id, version);
    const scenarios = definitions.scenarios(principal, record.yamlSource);
    if (!scenarios || scenarios.some((s) => !s.passed)) {
      // Every scenario must pass: a publish with a failing one is refused here as on the confirmation page.
      await renderPublish(ctx, principal, ctx.params.id, version, [
        { field: 'scenarios-title', message: `${version} has failing scenarios; fix them before publishing` },
      ]);
      return;
    }
    try {
      await definitions.publish(principal, ctx.params.id, version, requestSource(ctx, 'web'));
    } catch (error) {
      await renderPublish(ctx, principal, ctx.params.id, version, refusal(error, 'diagnostics-title'));
      return;
    }
    ctx.status = 303;
    ctx.redirect('/studio?done=published');
  });

  router.get('/studio/:id/migrate', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const from = typeof ctx.query.from === 'string' ? ctx.query.from : '';
    const to = typeof ctx.query.to === 'string' ? ctx.query.to : '';
    if (!from || !to) throw new ApiError('VALIDATION_FAILED', 'give ?from=<version>&to=<version>');
    const lines = await studio.previewMigration(principal, ctx.params.id, from, to, requestSource(ctx, 'web'));
    respondWithPage(
      ctx,
      `Move open cases of ${ctx.params.id}`,
      <MigrationPage
        id={ctx.params.id}
        from={from}
        to={to}
        lines={lines}
        carriedOut={false}
        errors={[]}
        csrf={pageState(ctx).csrfToken}
      />,
    );
  });

  router.post('/studio/:id/migrate', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const form = postedForm(ctx);
    const [from, to] = [textField(form, 'from'), textField(form, 'to')];
    const chosen = listField(form, 'case');
    if (chosen.length === 0) {
      const lines = await studio.previewMigration(principal, ctx.params.id, from, to, requestSource(ctx, 'web'));
      respondWithPage(
        ctx,
        `Error: Move open cases of ${ctx.params.id}`,
        <MigrationPage
          id={ctx.params.id}
          from={from}
          to={to}
          lines={lines}
          carriedOut={false}
          errors={[
            { field: lines[0] ? `case-${lines[0].caseId}` : 'main-content', message: 'Select the cases to move' },
          ]}
          csrf={pageState(ctx).csrfToken}
        />,
        400,
      );
      return;
    }
    const lines = await studio.migrateCases(principal, ctx.params.id, from, to, chosen, requestSource(ctx, 'web'));
    respondWithPage(
      ctx,
      `Moved cases of ${ctx.params.id}`,
      <MigrationPage
        id={ctx.params.id}
        from={from}
        to={to}
        lines={lines}
        carriedOut
        errors={[]}
        csrf={pageState(ctx).csrfToken}
      />,
    );
  });

  return router;
}
