/** Intake's own questions around the process's form: how the request came in, contact, notices. */
import type { Choice } from './select';
import { Radios } from './radios';
import { TextInput } from './text-input';
import { Textarea } from './textarea';
import type { FieldError } from './error-summary';
import { boundField } from './field-binding';

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

export function IntakeChannelQuestion({ names, values, errors, channels }: Props & { channels: readonly Choice[] }) {
  const field = (name: string) => boundField(name, values, errors);
  return <Radios {...field(names.channel)} label="How did the request come in?" options={channels} required />;
}

export function ResidentContactQuestions({ names, values, errors, notices }: Props & { notices: readonly Choice[] }) {
  const field = (name: string) => boundField(name, values, errors);
  return (
    <>
      <h2>The resident</h2>
      <p class="usa-hint">Ask how they want to hear about the request. Notices go only where they choose.</p>
      <TextInput {...field(names.contactName)} label="Resident’s name" autocomplete="off" />
      <TextInput
        {...field(names.contactEmail)}
        label="Email address"
        type="email"
        autocomplete="off"
        spellcheck={false}
      />
      <TextInput
        {...field(names.contactPhone)}
        label="Phone number"
        hint="A mobile number if they want text messages"
        type="tel"
        width="md"
        autocomplete="off"
      />
      <Textarea {...field(names.contactAddress)} label="Postal address" rows={3} />
      <Radios
        {...field(names.notice)}
        label="How should we send notices about this request?"
        options={notices}
        required
      />
    </>
  );
}
