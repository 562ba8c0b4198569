/** The intake pages' bodies: service choice, the form, check your answers, the confirmation. */
import type { Context } from 'koa';
import { DescribedField } from '../components/described-field';
import { IdempotencyField } from '../components/idempotency-field';
import { CallScript } from '../components/call-script';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { HiddenFields } from '../components/hidden-fields';
import { IntakeConfirmation, type IntakeConfirmationProps } from '../components/intake-confirmation';
import { IntakeChannelQuestion, ResidentContactQuestions } from '../components/intake-questions';
import { PossibleDuplicates, type DuplicateRow } from '../components/possible-duplicates';
import { Radios } from '../components/radios';
import { SummaryList, type SummaryRow } from '../components/summary-list';
import type { FormDescriptor } from '../forms';
import { INTAKE_CHANNELS, INTAKE_NAMES, NOTICE_PREFERENCES } from '../intake/intake-answers';
import { pageState } from '../server/page-state';
import { respondWithPage } from '../server/respond';

export interface ServiceOption {
  id: string;
  title: string;
  description?: string;
}

type Values = Readonly<Record<string, string | string[]>>;

const titled = (errors: readonly FieldError[], title: string): string =>
  errors.length > 0 ? `Error: ${title}` : title;
const channels = INTAKE_CHANNELS.map(({ value, label }) => ({ value, label }));
const notices = NOTICE_PREFERENCES.map(({ value, label }) => ({ value, label }));

export function renderServiceChoice(
  ctx: Context,
  services: readonly ServiceOption[],
  errors: FieldError[] = [],
  status = 200,
): void {
  respondWithPage(
    ctx,
    titled(errors, 'Start a request'),
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8">
          <ErrorSummary errors={errors} />
          <h1>Start a request for a resident</h1>
          {services.length === 0 ? (
            <p>There is no service you can take requests for. Ask your supervisor if this is wrong.</p>
          ) : (
            // A GET form: choosing a service changes nothing, and the address can be bookmarked.
            <form method="get" action="/intake" class="usa-form usa-form--large" novalidate>
              <input type="hidden" name="chosen" value="1" />
              <Radios
                id="service"
                name="service"
                label="Which service is it for?"
                options={services.map((s) => ({ value: s.id, label: s.title }))}
                required
                error={errorFor(errors, 'service')}
              />
              <button type="submit" class="usa-button">
                Continue
              </button>
            </form>
          )}
        </div>
      </div>
    </div>,
    status,
  );
}

export interface IntakeFormView {
  service: ServiceOption;
  form: FormDescriptor;
  values: Values;
  errors: readonly FieldError[];
  idempotencyKey: string;
  /** False when the definition's own form records how the request came in. */
  asksChannel: boolean;
  /** The service's call script: questions for the agent to ask, shown beside the form. */
  script?: readonly string[];
  /** The information request this call started as (linked to the case once created). */
  informationRequest?: string;
}

export function renderIntakeForm(ctx: Context, view: IntakeFormView, status = 200): void {
  const { service, form, values, errors } = view;
  const valueOf = (name: string): string | string[] | undefined => values[name];
  respondWithPage(
    ctx,
    titled(errors, `New request: ${service.title}`),
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-8">
          <ErrorSummary errors={errors} />
          <span class="usa-hint">New request</span>
          <h1>{service.title}</h1>
          <p>
            <a href="/intake">Choose another service</a>
          </p>
          <form
            method="post"
            action={`/intake/${encodeURIComponent(service.id)}`}
            class="usa-form usa-form--large"
            novalidate
          >
            <CsrfField token={pageState(ctx).csrfToken} />
            <IdempotencyField value={view.idempotencyKey} />
            {view.informationRequest ? (
              <input type="hidden" name={INTAKE_NAMES.informationRequest} value={view.informationRequest} />
            ) : null}
            {view.asksChannel ? (
              <IntakeChannelQuestion names={INTAKE_NAMES} values={values} errors={errors} channels={channels} />
            ) : null}
            <h2>The request</h2>
            {form.fields.map((field) => (
              <DescribedField
                key={field.name}
                id={field.name}
                field={field}
                value={valueOf(field.name)}
                error={errorFor(errors, field.name)}
              />
            ))}
            <ResidentContactQuestions names={INTAKE_NAMES} values={values} errors={errors} notices={notices} />
            <button type="submit" class="usa-button">
              Check the answers
            </button>
          </form>
        </div>
        {view.script && view.script.length > 0 ? (
          <div class="tablet:grid-col-4">
            <CallScript questions={view.script} />
          </div>
        ) : null}
      </div>
    </div>,
    status,
  );
}

export interface CheckAnswersView {
  service: ServiceOption;
  rows: readonly SummaryRow[];
  duplicates: readonly DuplicateRow[];
  /** Every answer as posted, carried to the submit (checked again there). */
  values: Values;
}

export function renderCheckAnswers(ctx: Context, view: CheckAnswersView): void {
  const action = `/intake/${encodeURIComponent(view.service.id)}/submit`;
  respondWithPage(
    ctx,
    `Check the answers: ${view.service.title}`,
    <div class="grid-container">
      <div class="grid-row">
        <div class="tablet:grid-col-10">
          <span class="usa-hint">New request: {view.service.title}</span>
          <h1>Check the answers before creating the case</h1>
          <PossibleDuplicates rows={view.duplicates} />
          <SummaryList rows={view.rows} />
          <form method="post" action={action} class="usa-form cf-button-row">
            <CsrfField token={pageState(ctx).csrfToken} />
            <HiddenFields values={view.values} />
            <button type="submit" class="usa-button" name="intent" value="create">
              {view.duplicates.length > 0 ? 'Create a new case anyway' : 'Create the case'}
            </button>
            <button type="submit" class="usa-button usa-button--outline" name="intent" value="change">
              Change the answers
            </button>
          </form>
        </div>
      </div>
    </div>,
  );
}

export function renderConfirmation(ctx: Context, props: IntakeConfirmationProps): void {
  respondWithPage(ctx, `Request created: ${props.trackingNumber}`, <IntakeConfirmation {...props} />);
}

export function renderAlreadyUsed(ctx: Context): void {
  respondWithPage(
    ctx,
    'This form was already sent',
    <div class="grid-container">
      <h1>This form was already sent</h1>
      <p class="usa-intro">A case was already created from this form with other answers, so nothing new was created.</p>
      <p>
        Find it in <a href="/work">your work</a>, or <a href="/intake">start a new request</a>.
      </p>
    </div>,
    409,
  );
}
