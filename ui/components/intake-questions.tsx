/** Intake's own questions around the process's form: how the request came in, contact, notices. */
import type { Choice } from './select';
import { Radios } from './radios';
import { TextInput } from './text-input';
import { Textarea } from './textarea';
import { errorFor, type FieldError } from './error-summary';

export interface IntakeQuestionNames {
  channel: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  contactAddress: string;
  notice: string;
}

interface Props {
  names: IntakeQuestionNames;
  values: Readonly<Record<string, string | readonly string[]>>;
  errors: readonly FieldError[];
}

const text = (values: Props['values'], name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value : '';
};

export function IntakeChannelQuestion({ names, values, errors, channels }: Props & { channels: readonly Choice[] }) {
  return (
    <Radios
      id={names.channel}
      name={names.channel}
      label="How did the request come in?"
      options={channels}
      value={text(values, names.channel)}
      required
      error={errorFor(errors, names.channel)}
    />
  );
}

export function ResidentContactQuestions({ names, values, errors, notices }: Props & { notices: readonly Choice[] }) {
  return (
    <>
      <h2>The resident</h2>
      <p class="usa-hint">Ask how they want to hear about the request. Notices go only where they choose.</p>
      <TextInput
        id={names.contactName}
        name={names.contactName}
        label="Resident’s name"
        autocomplete="off"
        value={text(values, names.contactName)}
        error={errorFor(errors, names.contactName)}
      />
      <TextInput
        id={names.contactEmail}
        name={names.contactEmail}
        label="Email address"
        type="email"
        autocomplete="off"
        spellcheck={false}
        value={text(values, names.contactEmail)}
        error={errorFor(errors, names.contactEmail)}
      />
      <TextInput
        id={names.contactPhone}
        name={names.contactPhone}
        label="Phone number"
        hint="A mobile number if they want text messages"
        type="tel"
        width="md"
        autocomplete="off"
        value={text(values, names.contactPhone)}
        error={errorFor(errors, names.contactPhone)}
      />
      <Textarea
        id={names.contactAddress}
        name={names.contactAddress}
        label="Postal address"
        rows={3}
        value={text(values, names.contactAddress)}
        error={errorFor(errors, names.contactAddress)}
      />
      <Radios
        id={names.notice}
        name={names.notice}
        label="How should we send notices about this request?"
        options={notices}
        value={text(values, names.notice)}
        required
        error={errorFor(errors, names.notice)}
      />
    </>
  );
}
