/**
 * The frame every case-page form shares: post to the case, CSRF token, idempotency key, novalidate
 * (the server's messages are the ones people see), one submit button.
 */
import type { ComponentChildren } from 'preact';
import { CsrfField } from './csrf-field';
import { IdempotencyField } from './idempotency-field';

export interface CaseFormFrame {
  csrfToken: string;
  idempotencyKey: string;
}

export interface CaseFormProps {
  action: string;
  frame: CaseFormFrame;
  submit: string;
  /** The form's id: refusals about the whole form link here and show at its top. */
  id: string;
  error?: string;
  secondary?: boolean;
  enctype?: string;
  children?: ComponentChildren;
}

export function CaseForm({ action, frame, submit, id, error, secondary, enctype, children }: CaseFormProps) {
  return (
    <form
      method="post"
      action={action}
      class={`usa-form cf-case-form${error ? ' usa-form-group--error' : ''}`}
      id={id}
      novalidate
      enctype={enctype}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      {error ? (
        <span class="usa-error-message" id={`${id}-error`}>
          <span class="usa-sr-only">Error: </span>
          {error}
        </span>
      ) : null}
      <CsrfField token={frame.csrfToken} />
      <IdempotencyField value={frame.idempotencyKey} />
      {children}
      <button type="submit" class={`usa-button${secondary ? ' usa-button--outline' : ''}`}>
        {submit}
      </button>
    </form>
  );
}
