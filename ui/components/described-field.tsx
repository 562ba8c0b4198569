/**
 * One form field from a ui/forms descriptor (a case-data field of a definition): the right control,
 * label, hint, required marking, constraints as HTML attributes, and the error beside it.
 */
import type { FieldDescriptor } from '../forms';
import { Checkboxes } from './checkboxes';
import { describedBy, FormGroup } from './form-group';
import { Radios } from './radios';
import { Select } from './select';
import { Textarea } from './textarea';

export interface DescribedFieldProps {
  field: FieldDescriptor;
  /** The element id (unique on the page: several forms may offer the same case field). */
  id: string;
  value?: string | string[];
  error?: string;
}

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

export function DescribedField({ field, id, value, error }: DescribedFieldProps) {
  const common = { id, name: field.name, label: field.label, hint: field.hint, error, required: field.required };
  const c = field.constraints;
  switch (field.kind) {
    case 'radios':
      return <Radios {...common} options={field.options ?? []} value={one(value)} />;
    case 'select':
      return <Select {...common} options={field.options ?? []} value={one(value)} />;
    case 'checkboxes':
      return (
        <Checkboxes
          {...common}
          options={field.options ?? []}
          values={Array.isArray(value) ? value : value ? [value] : []}
        />
      );
    case 'textarea':
      return <Textarea {...common} value={one(value)} />;
    case 'list':
      return (
        <Textarea
          {...common}
          hint={field.hint ?? 'One item per line'}
          value={Array.isArray(value) ? value.join('\n') : one(value)}
        />
      );
    case 'checkbox':
      return (
        <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
          {error ? (
            <span class="usa-error-message" id={`${id}-error`}>
              <span class="usa-sr-only">Error: </span>
              {error}
            </span>
          ) : null}
          <div class="usa-checkbox">
            <input
              class="usa-checkbox__input"
              id={id}
              type="checkbox"
              name={field.name}
              value="true"
              checked={one(value) === 'true'}
              aria-describedby={describedBy({ id, hint: field.hint, error })}
            />
            <label class="usa-checkbox__label" for={id}>
              {field.label}
            </label>
          </div>
          {field.hint ? (
            <div class="usa-hint" id={`${id}-hint`}>
              {field.hint}
            </div>
          ) : null}
        </div>
      );
    case 'unsupported':
      return (
        <FormGroup {...common} required>
          <output id={id}>{one(value) || 'Not recorded'}</output>
        </FormGroup>
      );
    default: {
      const type = field.kind === 'integer' || field.kind === 'number' ? 'text' : field.kind;
      return (
        <FormGroup {...common}>
          <input
            class={`usa-input${error ? ' usa-input--error' : ''}`}
            id={id}
            name={field.name}
            // preact types each input type separately; the kinds here are all single-line inputs (tsc needs the
            // assertion; the lint rule misreads the attribute union, as in text-input.tsx).
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
            type={type as 'text'}
            inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined}
            value={one(value)}
            required={field.required}
            maxLength={c.maxLength}
            pattern={c.pattern}
            aria-describedby={describedBy({ id, hint: field.hint, error })}
            aria-invalid={error ? 'true' : undefined}
          />
        </FormGroup>
      );
    }
  }
}
