/** The fields of a records search (legal hold, export): tracking numbers, or a service and a period of opening. */
import { errorFor, type FieldError } from './error-summary';
import { TextInput } from './text-input';

export function RecordsSearchFields({
  values,
  errors,
  withPeriod,
}: {
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  withPeriod: boolean;
}) {
  return (
    <>
      <TextInput
        id="trackingNumbers"
        name="trackingNumbers"
        label="Tracking numbers"
        hint="One case, or several separated by spaces"
        value={values.trackingNumbers ?? ''}
        spellcheck={false}
        error={errorFor(errors, 'trackingNumbers')}
      />
      <TextInput
        id="service"
        name="service"
        label="Or every case of a service"
        hint="The process id, for example service-complaint"
        value={values.service ?? ''}
        spellcheck={false}
        error={errorFor(errors, 'service')}
      />
      {withPeriod ? (
        <>
          <TextInput
            id="createdFrom"
            name="createdFrom"
            label="Opened from"
            hint="A date, for example 2026-03-01"
            value={values.createdFrom ?? ''}
            width="md"
            error={errorFor(errors, 'createdFrom')}
          />
          <TextInput
            id="createdTo"
            name="createdTo"
            label="Opened before"
            hint="A date, for example 2026-04-01"
            value={values.createdTo ?? ''}
            width="md"
            error={errorFor(errors, 'createdTo')}
          />
        </>
      ) : null}
    </>
  );
}
