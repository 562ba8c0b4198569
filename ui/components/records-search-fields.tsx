/** The fields of a records search (legal hold, export): tracking numbers, or a service and a period of opening. */
import type { FieldError } from './error-summary';
import { boundField } from './field-binding';
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
  const field = (name: string) => boundField(name, values, errors);
  return (
    <>
      <TextInput
        {...field('trackingNumbers')}
        label="Tracking numbers"
        hint="One case, or several separated by spaces"
        spellcheck={false}
      />
      <TextInput
        {...field('service')}
        label="Or every case of a service"
        hint="The process id, for example service-complaint"
        spellcheck={false}
      />
      {withPeriod ? (
        <>
          <TextInput {...field('createdFrom')} label="Opened from" hint="A date, for example 2026-03-01" width="md" />
          <TextInput {...field('createdTo')} label="Opened before" hint="A date, for example 2026-04-01" width="md" />
        </>
      ) : null}
    </>
  );
}
