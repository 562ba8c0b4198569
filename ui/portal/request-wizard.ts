/**
 * The request wizard's pure core: which of the definition's resident fields go on which page (the
 * questions, the location, the contact details), the definition's words in the resident's language,
 * and reading the contact page. Answers travel between pages as hidden fields and are read again on
 * every post, never trusted.
 */
import type { PortalLanguage } from '../../api/services/resident-portal-service';
import type { ResidentContactInput } from '../../api/services';
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { LOCATION_FIELDS, residentForm, type FieldError, type FormDescriptor } from '../forms';
import { EMAIL, INTAKE_NAMES, LIMITS, PHONE } from '../intake/intake-answers';
import { messagesFor, type Messages } from './messages';

/** Case fields holding the resident's own contact details (asked on the contact page, by meaning). */
const CONTACT_FIELDS = {
  name: ['residentName', 'applicantName', 'reporterName'],
  email: ['residentEmail', 'applicantEmail', 'reporterEmail'],
  phone: ['residentPhone', 'applicantPhone', 'reporterPhone'],
} as const;
type ContactKind = keyof typeof CONTACT_FIELDS;
const ANONYMOUS_FIELD = 'anonymous';
const CHANNEL_FIELD = 'channel';
/** The channel value a web request gets, first one the definition's `channel` enum knows. */
const WEB_CHANNELS = ['web', 'online', 'portal', 'mobile-app'];

export const PORTAL_NAMES = {
  ...INTAKE_NAMES,
  anonymous: 'contact-anonymous',
  language: 'lang',
  stage: 'stage',
  attachment: 'attachment',
  attachmentName: 'attachment-name',
} as const;
export const NOTICES = ['email', 'sms', 'none'] as const;
export type PortalNotice = (typeof NOTICES)[number];

export function definitionTitle(definition: CompiledDefinition, language: PortalLanguage): string {
  return (language !== 'en' ? definition.i18n?.[language]?.title : undefined) ?? definition.title;
}

export function statusLabel(definition: CompiledDefinition, status: string, language: PortalLanguage): string {
  return (
    (language !== 'en' ? definition.i18n?.[language]?.statuses?.[status] : undefined) ??
    definition.statuses[status]?.label ??
    status
  );
}

/** The form with the definition's translated labels, hints and choice labels (English where missing). */
export function translateForm(
  form: FormDescriptor,
  definition: CompiledDefinition,
  language: PortalLanguage,
): FormDescriptor {
  const texts = language !== 'en' ? definition.i18n?.[language]?.fields : undefined;
  if (!texts) return form;
  return {
    ...form,
    fields: form.fields.map((field) => {
      const text = Object.hasOwn(texts, field.name) ? texts[field.name] : undefined;
      if (!text) return field;
      return {
        ...field,
        label: text.title ?? field.label,
        ...(text.description !== undefined ? { hint: text.description } : {}),
        ...(field.options
          ? {
              options: field.options.map((option) => ({
                ...option,
                label: text.choices?.[option.value] ?? option.label,
              })),
            }
          : {}),
      };
    }),
  };
}

const contactKindOf = (name: string): ContactKind | undefined =>
  (Object.keys(CONTACT_FIELDS) as ContactKind[]).find((kind) =>
    (CONTACT_FIELDS[kind] as readonly string[]).includes(name),
  );

export interface WizardForms {
  questions: FormDescriptor;
  location: FormDescriptor;
  /** The definition's own contact fields by kind (filled from the contact page). */
  contactFields: Partial<Record<ContactKind, { name: string; required: boolean }>>;
  anonymousAllowed: boolean;
  /** The definition's channel field and the web value, when it has one. */
  channel?: { field: string; value: string };
}

/** `map`: the agency configured a map (config MAP_TILE_URL), so the location page also asks for the point. */
export function wizardForms(
  definition: CompiledDefinition,
  language: PortalLanguage,
  options: { map?: boolean } = {},
): WizardForms {
  const form = translateForm(residentForm(definition), definition, language);
  const contactFields: WizardForms['contactFields'] = {};
  for (const field of form.fields) {
    const kind = contactKindOf(field.name);
    if (kind && !contactFields[kind]) contactFields[kind] = { name: field.name, required: field.required };
  }
  const contactNames = new Set(Object.values(contactFields).map((field) => field.name));
  const enumOf = definition.caseData.schema.properties[CHANNEL_FIELD]?.enum;
  const webValue = Array.isArray(enumOf) ? WEB_CHANNELS.find((value) => enumOf.includes(value)) : undefined;
  // Lat/long need a map: without one configured the address is asked in words only.
  const isPoint = (name: string) => name === 'latitude' || name === 'longitude';
  const isLocation = (name: string) => LOCATION_FIELDS.includes(name) && (options.map === true || !isPoint(name));
  const skipped = (name: string) =>
    contactNames.has(name) || name === ANONYMOUS_FIELD || name === CHANNEL_FIELD || isPoint(name);
  // A point field the definition neither titles nor translates gets the portal's own word for it.
  const words = messagesFor(language).location;
  const pointLabel = (name: 'latitude' | 'longitude') =>
    (language !== 'en' ? definition.i18n?.[language]?.fields?.[name]?.title : undefined) ??
    definition.caseData.schema.properties[name]?.title ??
    words[name];
  const location = form.fields
    .filter((field) => isLocation(field.name))
    .map((field) =>
      field.name === 'latitude' || field.name === 'longitude' ? { ...field, label: pointLabel(field.name) } : field,
    );
  return {
    questions: { ...form, fields: form.fields.filter((field) => !isLocation(field.name) && !skipped(field.name)) },
    location: { ...form, fields: location },
    contactFields,
    anonymousAllowed:
      form.fields.some((field) => field.name === ANONYMOUS_FIELD) &&
      !Object.values(contactFields).some((field) => field.required),
    ...(webValue ? { channel: { field: CHANNEL_FIELD, value: webValue } } : {}),
  };
}

type Posted = Readonly<Record<string, string | string[] | undefined>>;
function one(body: Posted, name: string): string {
  if (!Object.hasOwn(body, name)) return '';
  const raw: unknown = body[name];
  const value = Array.isArray(raw) ? raw.find((item): item is string => typeof item === 'string') : raw;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

export interface ContactAnswers {
  anonymous: boolean;
  notice: PortalNotice;
  name: string;
  email: string;
  phone: string;
}

export type ContactRead =
  | { ok: true; answers: ContactAnswers; values: Record<string, string> }
  | { ok: false; errors: FieldError[]; values: Record<string, string> };

const isNotice = (value: string): value is PortalNotice => (NOTICES as readonly string[]).includes(value);

/** The contact page: who, and how to be told. The choice must be deliverable; anonymous only where allowed. */
export function readContact(body: Posted, forms: WizardForms, words: Messages['contact']): ContactRead {
  const n = PORTAL_NAMES;
  const values = Object.fromEntries(
    [n.contactName, n.contactEmail, n.contactPhone, n.notice, n.anonymous].map((name) => [name, one(body, name)]),
  );
  const anonymous = forms.anonymousAllowed && values[n.anonymous] === 'true';
  const errors: FieldError[] = [];
  const name = anonymous ? '' : values[n.contactName];
  const email = anonymous ? '' : values[n.contactEmail];
  const phone = anonymous ? '' : values[n.contactPhone];
  const notice = anonymous ? 'none' : values[n.notice];
  if (name.length > LIMITS.name) errors.push({ field: n.contactName, message: words.nameError });
  else if (forms.contactFields.name?.required && name === '')
    errors.push({ field: n.contactName, message: words.nameError });
  if (
    (email !== '' && (email.length > LIMITS.email || !EMAIL.test(email))) ||
    (forms.contactFields.email?.required && email === '')
  )
    errors.push({ field: n.contactEmail, message: words.emailError });
  if ((phone !== '' && !PHONE.test(phone)) || (forms.contactFields.phone?.required && phone === ''))
    errors.push({ field: n.contactPhone, message: words.phoneError });
  if (!isNotice(notice)) errors.push({ field: n.notice, message: words.noticeError });
  else if (notice === 'email' && email === '' && !errors.some((e) => e.field === n.contactEmail))
    errors.push({ field: n.contactEmail, message: words.needEmail });
  else if (notice === 'sms' && phone === '' && !errors.some((e) => e.field === n.contactPhone))
    errors.push({ field: n.contactPhone, message: words.needPhone });
  if (errors.length > 0 || !isNotice(notice)) return { ok: false, errors, values };
  return { ok: true, answers: { anonymous, notice, name, email, phone }, values };
}

/** The case data from the contact answers: the definition's own contact fields, anonymity and channel. */
export function contactData(forms: WizardForms, answers: ContactAnswers): Record<string, JsonValue> {
  const data: Record<string, JsonValue> = {};
  const put = (kind: ContactKind, value: string) => {
    const field = forms.contactFields[kind];
    if (field && value !== '') data[field.name] = value;
  };
  put('name', answers.name);
  put('email', answers.email);
  put('phone', answers.phone);
  if (forms.anonymousAllowed) data[ANONYMOUS_FIELD] = answers.anonymous;
  if (forms.channel) data[forms.channel.field] = forms.channel.value;
  return data;
}

export function residentContact(answers: ContactAnswers): ResidentContactInput | undefined {
  if (answers.anonymous) return undefined;
  return {
    ...(answers.name ? { name: answers.name } : {}),
    ...(answers.email ? { email: answers.email } : {}),
    ...(answers.phone ? { phone: answers.phone } : {}),
    preferredChannel: answers.notice,
  };
}

/**
 * A generated field's error in the resident's language. The generated messages (ui/forms) are English
 * sentences of a few kinds; in another language each kind gets its own sentence with the translated label.
 */
export function fieldErrorIn(language: PortalLanguage, label: string, english: string): string {
  if (language === 'en') return english;
  if (/^Enter an email/.test(english)) return 'Escriba un correo electrónico, por ejemplo nombre@ejemplo.com';
  if (/^Choose|^Select/.test(english)) return `Elija: ${label}`;
  if (/^Enter/.test(english)) return `Escriba: ${label}`;
  if (/must be a (whole )?number/.test(english)) return `${label}: escriba un número`;
  if (/characters or fewer/.test(english)) return `${label}: el texto es demasiado largo`;
  return `Revise: ${label}`;
}
