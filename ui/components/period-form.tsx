/** The dashboard's period: a GET form, so every period is an address that can be bookmarked and shared. */
import { errorFor, type FieldError } from './error-summary';
import { TextInput } from './text-input';

export function PeriodForm({
  action,
  from,
  to,
  errors,
}: {
  action: string;
  from: string;
  to: string;
  errors: readonly FieldError[];
}) {
  return (
    <form method="get" action={action} class="usa-form cf-period-form">
      <fieldset class="usa-fieldset">
        <legend class="usa-legend">Period</legend>
        <TextInput
          id="period-from"
          name="from"
          label="First day"
          hint="For example, 2026-11-01"
          value={from}
          width="md"
          required
          error={errorFor(errors, 'period-from')}
        />
        <TextInput
          id="period-to"
          name="to"
          label="Last day"
          hint="For example, 2026-11-30 (included)"
          value={to}
          width="md"
          required
          error={errorFor(errors, 'period-to')}
        />
        <button type="submit" class="usa-button">
          Show this period
        </button>
      </fieldset>
    </form>
  );
}
