/**
 * One generated form field (a ui/forms FieldDescriptor) as its control, with label, hint and error
 * beside it. The control's id and name are the case field's name (the error summary links to it).
 */
import type { FieldDescriptor } from '../forms';
import { Checkboxes } from './checkboxes';
import { describedBy, FormGroup } from './form-group';
import { Radios } from './radios';
import { Select } from './select';
import { TextInput } from './text-input';
import { Textarea } from './textarea';

export interface CaseDataFieldProps {
  field: FieldDescriptor;
  /** What the form shows: a string, or the chosen values of checkboxes. */
  value?: string | readonly string[];
  error?: string;
}

const single = (value: CaseDataFieldProps['value']): string => (typeof value === 'string' ? value : (value?.[0] ?? ''));

export function CaseDataField({ field, value, error }: CaseDataFieldProps) {
  const common = { id: field.name, name: field.name, label: field.label, hint: field.hint, error, required: field.required };
  const options = field.options ?? [];
  switch (field.kind) {
    case 'radios':
      return <Radios {...common} options={options} value={single(value)} />;
    case 'select':
      return <Select {...common} options={options} value={single(value)} />;
    case 'checkboxes':
      return <Checkboxes {...common} options={options} values={Array.isArray(value) ? value : value ? [single(value)] : []} />;
    case 'textarea':
      return <Textarea {...common} value={single(value)} />;
    case 'list':
      return <Textarea {...common} hint={[field.hint, 'One per line.'].filter(Boolean).join(' ')} value={single(value)} />;
    case 'email':
      return <TextInput {...common} type="email" spellcheck={false} value={single(value)} />;
    case 'tel':
      return <TextInput {...common} type="tel" width="md" value={single(value)} />;
    case 'url':
      return <TextInput {...common} type="url" spellcheck={false} value={single(value)} />;
    // Numbers as text boxes (GOV.UK): browsers' number inputs round, scroll and drop what they cannot parse.
    case 'number':
    case 'integer':
      return <TextInput {...common} width="md" value={single(value)} />;
    case 'checkbox':
      return (
        <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
          {error ? (
            <span class="usa-error-message" id={`${field.name}-error`}>
              <span class="usa-sr-only">Error: </span>
              {error}
            </span>
          ) : null}
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" id={field.name} type="checkbox" name={field.name} value="true" checked={single(value) === 'true'} aria-describedby={describedBy({ id: field.name, hint: field.hint, error })} />
            <label class="usa-checkbox__label" for={field.name}>
              {field.label}
            </label>
          </div>
          {field.hint ? (
            <div class="usa-hint" id={`${field.name}-hint`}>
              {field.hint}
            </div>
          ) : null}
        </div>
      );
    case 'date':
    case 'datetime-local': {
      const hint = [field.hint, field.kind === 'datetime-local' && field.timeZone ? `Time in ${field.timeZone}.` : ''].filter(Boolean).join(' ') || undefined;
      return (
        <FormGroup {...common} hint={hint}>
          <input
            class={`usa-input usa-input--md${error ? ' usa-input--error' : ''}`}
            id={field.name}
            name={field.name}
            type={field.kind}
            value={single(value)}
            required={field.required}
            aria-describedby={describedBy({ id: field.name, hint, error })}
            aria-invalid={error ? 'true' : undefined}
          />
        </FormGroup>
      );
    }
    case 'unsupported':
      return null;
    default:
      return <TextInput {...common} value={single(value)} />;
  }
}
