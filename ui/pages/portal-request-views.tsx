/** The request wizard's page bodies (plain data in): home, choose a service, one page per stage, check, confirmation. */
import type { ComponentChildren } from 'preact';
import { CsrfField } from '../components/csrf-field';
import { DescribedField } from '../components/described-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { HiddenFields } from '../components/hidden-fields';
import { IdempotencyField } from '../components/idempotency-field';
import { Radios } from '../components/radios';
import { TextInput } from '../components/text-input';
import type { FieldDescriptor } from '../forms';
import type { Messages } from '../portal/messages';
import { PORTAL_NAMES, type WizardForms } from '../portal/request-wizard';

export type Values = Readonly<Record<string, string | string[]>>;

export function PortalHome({ m, language }: { m: Messages; language: string }) {
  return (
    <>
      <h1>{m.home.title}</h1>
      <p class="usa-intro">{m.home.intro}</p>
      <p class="pf-actions">
        <a class="usa-button" href={`/portal/request?lang=${language}`}>
          {m.home.request}
        </a>
        <a class="usa-button usa-button--secondary" href={`/portal/follow?lang=${language}`}>
          {m.home.follow}
        </a>
      </p>
      <p>
        <a href={`/portal/help?lang=${language}`}>{m.home.answers}</a>
      </p>
    </>
  );
}

export function ChooseService({
  m,
  language,
  services,
  errors,
}: {
  m: Messages;
  language: string;
  services: { id: string; title: string }[];
  errors: FieldError[];
}) {
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>{m.choose.title}</h1>
      {services.length === 0 ? (
        <p>{m.choose.none}</p>
      ) : (
        <form method="get" action="/portal/request" novalidate>
          <input type="hidden" name="lang" value={language} />
          <input type="hidden" name="chosen" value="1" />
          <Radios
            id="service"
            name="service"
            label={m.choose.legend}
            options={services.map((service) => ({ value: service.id, label: service.title }))}
            required
            error={errorFor(errors, 'service')}
          />
          <button type="submit" class="usa-button">
            {m.continue}
          </button>
        </form>
      )}
    </>
  );
}

/** One wizard page: its fields, the other pages' answers carried as hidden fields. */
export function StagePage(props: {
  title: string;
  intro?: string;
  action: string;
  csrf: string;
  language: string;
  stage: string;
  carried: Values;
  errors: FieldError[];
  submit: string;
  children: ComponentChildren;
  multipart?: boolean;
}) {
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <h1>{props.title}</h1>
      {props.intro ? <p>{props.intro}</p> : null}
      <form
        method="post"
        action={props.action}
        enctype={props.multipart ? 'multipart/form-data' : undefined}
        novalidate
      >
        <CsrfField token={props.csrf} />
        <input type="hidden" name={PORTAL_NAMES.language} value={props.language} />
        <input type="hidden" name={PORTAL_NAMES.stage} value={props.stage} />
        <HiddenFields values={props.carried} />
        {props.children}
        <button type="submit" class="usa-button">
          {props.submit}
        </button>
      </form>
    </>
  );
}

export function GeneratedFields({
  fields,
  values,
  errors,
}: {
  fields: readonly FieldDescriptor[];
  values: Values;
  errors: FieldError[];
}) {
  return (
    <>
      {fields.map((field) => (
        <DescribedField
          key={field.name}
          field={field}
          id={field.name}
          value={values[field.name]}
          error={errorFor(errors, field.name)}
        />
      ))}
    </>
  );
}

export function ContactFields({
  m,
  forms,
  values,
  errors,
}: {
  m: Messages;
  forms: WizardForms;
  values: Values;
  errors: FieldError[];
}) {
  const n = PORTAL_NAMES;
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const c = m.contact;
  return (
    <>
      <TextInput
        id={n.contactName}
        name={n.contactName}
        label={c.name}
        autocomplete="name"
        value={text(n.contactName)}
        required={forms.contactFields.name?.required === true}
        error={errorFor(errors, n.contactName)}
      />
      <TextInput
        id={n.contactEmail}
        name={n.contactEmail}
        type="email"
        label={c.email}
        autocomplete="email"
        spellcheck={false}
        value={text(n.contactEmail)}
        required={forms.contactFields.email?.required === true}
        error={errorFor(errors, n.contactEmail)}
      />
      <TextInput
        id={n.contactPhone}
        name={n.contactPhone}
        type="tel"
        label={c.phone}
        autocomplete="tel"
        value={text(n.contactPhone)}
        required={forms.contactFields.phone?.required === true}
        error={errorFor(errors, n.contactPhone)}
      />
      <Radios
        id={n.notice}
        name={n.notice}
        label={c.notice}
        required
        value={text(n.notice)}
        error={errorFor(errors, n.notice)}
        options={[
          { value: 'email', label: c.noticeEmail },
          { value: 'sms', label: c.noticeSms },
          { value: 'none', label: c.noticeNone },
        ]}
      />
      {forms.anonymousAllowed ? (
        <div class="usa-form-group">
          <div class="usa-checkbox">
            <input
              class="usa-checkbox__input"
              id={n.anonymous}
              type="checkbox"
              name={n.anonymous}
              value="true"
              checked={text(n.anonymous) === 'true'}
            />
            <label class="usa-checkbox__label" for={n.anonymous}>
              {c.anonymous}
            </label>
          </div>
        </div>
      ) : null}
    </>
  );
}

export function CheckAnswers(props: {
  m: Messages;
  action: string;
  csrf: string;
  language: string;
  rows: { label: string; value: string }[];
  values: Values;
  idempotencyKey: string;
  errors: FieldError[];
}) {
  const { m } = props;
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <h1>{m.check.title}</h1>
      <p>{m.check.intro}</p>
      <dl class="pf-summary">
        {props.rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name={PORTAL_NAMES.language} value={props.language} />
        <HiddenFields values={props.values} />
        <IdempotencyField value={props.idempotencyKey} />
        <p class="pf-actions">
          <button type="submit" class="usa-button" name={PORTAL_NAMES.stage} value="submit">
            {m.check.submit}
          </button>
          <button type="submit" class="usa-button usa-button--secondary" name={PORTAL_NAMES.stage} value="change">
            {m.check.change}
          </button>
        </p>
      </form>
    </>
  );
}

export function RequestConfirmation({
  m,
  language,
  trackingNumber,
  verificationCode,
  expected,
}: {
  m: Messages;
  language: string;
  trackingNumber: string;
  verificationCode: string;
  expected: string | undefined;
}) {
  return (
    <>
      <div class="usa-alert usa-alert--success">
        <h1 class="usa-alert__heading">{m.confirmation.title}</h1>
      </div>
      <div class="pf-panel">
        <p>
          {m.confirmation.tracking}: <strong>{trackingNumber}</strong>
        </p>
        <p>
          {m.confirmation.code}: <strong>{verificationCode}</strong>
        </p>
      </div>
      <p>{m.confirmation.keep}</p>
      <h2>{m.confirmation.next}</h2>
      <p>{m.confirmation.nextText}</p>
      {expected ? (
        <p>
          {m.confirmation.expected} <strong>{expected}</strong>.
        </p>
      ) : null}
      <p>
        <a href={`/portal/follow?lang=${language}&trackingNumber=${encodeURIComponent(trackingNumber)}`}>
          {m.confirmation.follow}
        </a>
      </p>
    </>
  );
}

/**
 * The agency's map on the location page (only when configured): an island (ui/islands/location-map.mjs)
 * draws the tiles and fills the latitude and longitude fields, which work on their own without JavaScript.
 */
export function LocationMap({
  map,
  words,
  nonce,
}: {
  map: {
    tileUrl: string;
    attribution: string;
    centre: { latitude: number; longitude: number };
    zoom: number;
  };
  words: Messages['location'];
  nonce: string;
}) {
  return (
    <div
      class="location-map"
      data-location-map=""
      data-tile-url={map.tileUrl}
      data-latitude={String(map.centre.latitude)}
      data-longitude={String(map.centre.longitude)}
      data-zoom={String(map.zoom)}
      data-label={words.map}
      data-hint={words.mapHint}
      data-set={words.mapSet}
      data-zoom-in={words.zoomIn}
      data-zoom-out={words.zoomOut}
      data-attribution={map.attribution}
    >
      <script nonce={nonce} src="/assets/islands/location-map.js" defer />
    </div>
  );
}
