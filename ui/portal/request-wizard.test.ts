/** The request wizard's pure core against the shipped definitions: which field goes on which page, translations, the contact page. */
import path from 'node:path';
import { loadDefinitionFileSync } from '../../process-definitions/loader/load-definition';
import type { CompiledDefinition } from '../../domain/definition';
import { messagesFor } from './messages';
import {
  contactData,
  fieldErrorIn,
  PORTAL_NAMES,
  readContact,
  residentContact,
  statusLabel,
  wizardForms,
} from './request-wizard';

const load = (id: string): CompiledDefinition => {
  const compiled = loadDefinitionFileSync(
    path.join(__dirname, '..', '..', 'process-definitions', `${id}.yaml`),
  ).compiled;
  if (!compiled) throw new Error(`${id} does not compile`);
  return compiled;
};
const complaint = load('service-complaint');
const permit = load('building-permit');
const names = (fields: readonly { name: string }[]) => fields.map((field) => field.name);

it('asks a resident only their own fields: no triage-only fields, no channel, contact details on their own page', () => {
  const forms = wizardForms(complaint, 'en');
  expect(names(forms.questions.fields)).toEqual(['category', 'description']);
  expect(names(forms.location.fields)).toEqual(['address']);
  expect(forms.contactFields).toEqual({
    name: { name: 'residentName', required: false },
    email: { name: 'residentEmail', required: false },
    phone: { name: 'residentPhone', required: false },
  });
  expect(forms.anonymousAllowed).toBe(true);
  expect(forms.channel).toEqual({ field: 'channel', value: 'web' });
  const permitForms = wizardForms(permit, 'en');
  expect(names(permitForms.location.fields)).toEqual(['propertyAddress']);
  expect(permitForms.contactFields.name).toEqual({ name: 'applicantName', required: true });
  expect(permitForms.anonymousAllowed).toBe(false);
});

it('asks for the point on the location page only when the agency configured a map', () => {
  const forms = wizardForms(complaint, 'en', { map: true });
  expect(names(forms.location.fields)).toEqual(['address', 'latitude', 'longitude']);
  expect(names(forms.questions.fields)).toEqual(['category', 'description']);
  expect(names(wizardForms(permit, 'en', { map: true }).location.fields)).toEqual(['propertyAddress']);
  const spanish = wizardForms(complaint, 'es', { map: true }).location.fields;
  expect(spanish.filter((field) => field.kind === 'number').map((field) => field.label)).toEqual([
    'Latitud',
    'Longitud',
  ]);
});

it('shows the definition in Spanish where it is translated, English where not', () => {
  const category = wizardForms(complaint, 'es').questions.fields.find((field) => field.name === 'category');
  expect(category?.label).toBe('Categoría');
  expect(category?.options?.find((option) => option.value === 'pothole')?.label).toBe('Bache');
  expect(statusLabel(complaint, 'assigned', 'es')).toBe('Enviada a la cuadrilla');
  expect(statusLabel(complaint, 'assigned', 'en')).toBe('Sent to the crew');
  expect(fieldErrorIn('es', 'Categoría', 'Choose category')).toBe('Elija: Categoría');
  expect(fieldErrorIn('en', 'Category', 'Choose category')).toBe('Choose category');
});

describe('the contact page', () => {
  const words = messagesFor('es').contact;
  const n = PORTAL_NAMES;

  it('refuses a notice that cannot be delivered, and a missing required name', () => {
    const read = readContact({ [n.notice]: 'sms' }, wizardForms(permit, 'es'), words);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.errors).toEqual([
        { field: n.contactName, message: words.nameError },
        { field: n.contactEmail, message: words.emailError },
        { field: n.contactPhone, message: words.needPhone },
      ]);
  });

  it('fills the definition’s own contact fields, channel and anonymity; anonymous drops every contact detail', () => {
    const forms = wizardForms(complaint, 'en');
    const named = readContact(
      { [n.contactName]: 'Ana', [n.contactEmail]: 'ana@example.org', [n.notice]: 'email' },
      forms,
      words,
    );
    expect(named.ok && contactData(forms, named.answers)).toEqual({
      residentName: 'Ana',
      residentEmail: 'ana@example.org',
      anonymous: false,
      channel: 'web',
    });
    expect(named.ok && residentContact(named.answers)).toEqual({
      name: 'Ana',
      email: 'ana@example.org',
      preferredChannel: 'email',
    });
    const anonymous = readContact(
      { [n.contactName]: 'Ana', [n.contactEmail]: 'ana@example.org', [n.notice]: 'email', [n.anonymous]: 'true' },
      forms,
      words,
    );
    expect(anonymous.ok && contactData(forms, anonymous.answers)).toEqual({ anonymous: true, channel: 'web' });
    expect(anonymous.ok && residentContact(anonymous.answers)).toBeUndefined();
  });
});
