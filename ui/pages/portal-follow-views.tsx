/** The "follow a request" page bodies (plain data in): the lookup form and the status page with its forms. */
import type { ComponentChildren } from 'preact';
import { CsrfField } from '../components/csrf-field';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { FileField } from '../components/file-field';
import { IdempotencyField } from '../components/idempotency-field';
import { TextInput } from '../components/text-input';
import { Textarea } from '../components/textarea';
import type { Messages } from '../portal/messages';

export interface FollowAccess {
  trackingNumber: string;
  code: string;
  language: string;
}

/** The hidden fields every form on the status page carries: the resident proves access on each post. */
function Access({ access, csrf }: { access: FollowAccess; csrf: string }) {
  return (
    <>
      <CsrfField token={csrf} />
      <input type="hidden" name="trackingNumber" value={access.trackingNumber} />
      <input type="hidden" name="code" value={access.code} />
      <input type="hidden" name="lang" value={access.language} />
    </>
  );
}

/** A post from the status page: the access fields, an idempotency key, the given fields and one submit button. */
function FollowForm({
  action,
  access,
  csrf,
  idempotencyKey,
  submit,
  multipart,
  children,
}: {
  action: string;
  access: FollowAccess;
  csrf: string;
  idempotencyKey: string;
  submit: string;
  multipart?: boolean;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={action} enctype={multipart ? 'multipart/form-data' : undefined} novalidate>
      <Access access={access} csrf={csrf} />
      <IdempotencyField value={idempotencyKey} />
      {children}
      <button type="submit" class="usa-button">
        {submit}
      </button>
    </form>
  );
}

/** A status-page form that is one required text box (reopen's reason, a question). */
function FollowTextForm({
  field,
  label,
  errors,
  ...form
}: Omit<Parameters<typeof FollowForm>[0], 'children' | 'multipart'> & {
  field: string;
  label: string;
  errors: readonly FieldError[];
}) {
  return (
    <FollowForm {...form}>
      <Textarea id={field} name={field} label={label} required error={errorFor(errors, field)} rows={3} />
    </FollowForm>
  );
}

export function FollowLookup({
  m,
  csrf,
  language,
  trackingNumber,
  errors,
}: {
  m: Messages;
  csrf: string;
  language: string;
  trackingNumber: string;
  errors: FieldError[];
}) {
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>{m.follow.title}</h1>
      <form method="post" action="/portal/follow" novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="lang" value={language} />
        <TextInput
          id="trackingNumber"
          name="trackingNumber"
          label={m.follow.tracking}
          hint={m.follow.trackingHint}
          value={trackingNumber}
          required
          spellcheck={false}
          error={errorFor(errors, 'trackingNumber')}
        />
        <TextInput
          id="code"
          name="code"
          label={m.follow.code}
          hint={m.follow.codeHint}
          autocomplete="off"
          required
          spellcheck={false}
          width="md"
          error={errorFor(errors, 'code')}
        />
        <button type="submit" class="usa-button">
          {m.follow.submit}
        </button>
      </form>
    </>
  );
}

/** The other-language switch on the status page: a post, so the code stays out of the address. */
export function LanguageSwitch({ m, access, csrf }: { m: Messages; access: FollowAccess; csrf: string }) {
  const other = m.otherLanguage.code;
  return (
    <form method="post" action="/portal/follow" class="pf-inline-form">
      <CsrfField token={csrf} />
      <input type="hidden" name="trackingNumber" value={access.trackingNumber} />
      <input type="hidden" name="code" value={access.code} />
      <input type="hidden" name="lang" value={other} />
      <button type="submit" class="pf-link-button" lang={other}>
        {m.switchLanguage}
      </button>
    </form>
  );
}

export interface StatusView {
  trackingNumber: string;
  serviceTitle: string;
  statusLabel: string;
  submitted: string;
  updated: string;
  expected?: string;
  closed?: string;
  clock?: { paused: boolean; due?: string };
  waiting?: { requested: { label: string; value: string }[] };
  history: { when: string; what: string }[];
  inquiries: { question: string; asked: string; answer?: string }[];
  documents: { id: string; name: string; fromResident: boolean; when: string }[];
  reopenUntil?: string;
  done?: string;
}

export function StatusPage(props: {
  m: Messages;
  csrf: string;
  access: FollowAccess;
  view: StatusView;
  errors: FieldError[];
  keys: { answer: string; reopen: string; ask: string };
}) {
  const { m, csrf, access, view, errors } = props;
  const s = m.status;
  const row = (label: string, value: ComponentChildren) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <>
      <ErrorSummary errors={errors} />
      {view.done ? (
        <div class="usa-alert usa-alert--success" role="status">
          <p>{view.done}</p>
        </div>
      ) : null}
      <h1>{s.title(view.trackingNumber)}</h1>
      <p class="usa-intro">
        {s.status}: <strong>{view.statusLabel}</strong>
      </p>
      <dl class="pf-summary">
        {row(s.service, view.serviceTitle)}
        {row(s.submitted, view.submitted)}
        {row(s.updated, view.updated)}
        {view.expected ? row(s.expected, view.expected) : null}
        {view.closed ? row(s.closed, view.closed) : null}
        {view.clock ? row(s.clock, view.clock.paused ? s.clockPaused : s.clockRunning(view.clock.due ?? '')) : null}
      </dl>
      <h2>{s.nextTitle}</h2>
      <p>{view.closed ? s.nextClosed : view.waiting ? s.nextWaiting : s.nextWorking}</p>

      {view.waiting ? (
        <section aria-labelledby="waiting-title">
          <h2 id="waiting-title">{m.waiting.title}</h2>
          {view.waiting.requested.length > 0 ? (
            <dl class="pf-summary">
              {view.waiting.requested.map((item) => (
                <div key={item.label}>
                  <dt>{item.label}</dt>
                  <dd>{item.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          <FollowForm
            action="/portal/follow/answer"
            multipart
            access={access}
            csrf={csrf}
            idempotencyKey={props.keys.answer}
            submit={m.waiting.submit}
          >
            <Textarea
              id="message"
              name="message"
              label={m.waiting.message}
              hint={m.waiting.messageHint}
              error={errorFor(errors, 'message')}
            />
            <FileField
              id="file"
              label={m.waiting.file}
              optional={m.optional}
              hint={m.waiting.fileHint}
              errors={errors}
            />
          </FollowForm>
        </section>
      ) : null}

      {view.reopenUntil ? (
        <section aria-labelledby="reopen-title">
          <h2 id="reopen-title">{m.reopen.title}</h2>
          <p>{m.reopen.until(view.reopenUntil)}</p>
          <FollowTextForm
            action="/portal/follow/reopen"
            access={access}
            csrf={csrf}
            errors={errors}
            idempotencyKey={props.keys.reopen}
            field="reason"
            label={m.reopen.reason}
            submit={m.reopen.submit}
          />
        </section>
      ) : null}

      {view.documents.length > 0 ? (
        <table class="pf-table">
          <caption>{s.documents}</caption>
          <thead>
            <tr>
              <th scope="col">{s.when}</th>
              <th scope="col">{s.what}</th>
            </tr>
          </thead>
          <tbody>
            {view.documents.map((document) => (
              <tr key={document.id}>
                <td>{document.when}</td>
                <td>
                  <form method="post" action="/portal/follow/document" class="pf-inline-form">
                    <Access access={access} csrf={csrf} />
                    <input type="hidden" name="documentId" value={document.id} />
                    <button type="submit" class="usa-button usa-button--secondary">
                      {s.download}: {document.name} ({document.fromResident ? s.fromYou : s.fromUs})
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <section aria-labelledby="ask-title">
        <h2 id="ask-title">{m.ask.title}</h2>
        {view.inquiries.length > 0 ? (
          <dl class="pf-summary">
            {view.inquiries.map((inquiry, index) => (
              <div key={index}>
                <dt>
                  {inquiry.asked}: {inquiry.question}
                </dt>
                <dd>{inquiry.answer ? `${m.ask.answer}: ${inquiry.answer}` : m.ask.waiting}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <FollowTextForm
          action="/portal/follow/ask"
          access={access}
          csrf={csrf}
          errors={errors}
          idempotencyKey={props.keys.ask}
          field="question"
          label={m.ask.question}
          submit={m.ask.submit}
        />
      </section>

      {view.history.length > 0 ? (
        <table class="pf-table">
          <caption>{s.history}</caption>
          <thead>
            <tr>
              <th scope="col">{s.when}</th>
              <th scope="col">{s.what}</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((entry, index) => (
              <tr key={index}>
                <td>{entry.when}</td>
                <td>{entry.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <a href={`/portal/follow?lang=${access.language}`}>{s.lookupAnother}</a>
      </p>
    </>
  );
}
