/**
 * The questions intake asks besides the process's own form: how the request came in, the resident's
 * contact details and how they want notices. Pure: a posted form in, answers or field errors out.
 * Control names hold a hyphen, so they can never collide with a case-data field (fields cannot).
 */
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import type { ResidentContactInput } from '../../api/services';
import { IDEMPOTENCY_FIELD } from '../components/idempotency-field';
import type { FieldError } from '../forms';
import { fieldText } from '../forms/field-text';

export const INTAKE_CHANNELS = [
  { value: 'phone', label: 'Phone call' },
  { value: 'walk-in', label: 'Walk-in at the counter' },
  { value: 'letter', label: 'Letter' },
  { value: 'email', label: 'Email' },
] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number]['value'];

export const NOTICE_PREFERENCES = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'Text message (SMS)' },
  { value: 'post', label: 'Post (letters mailed by the office)' },
  { value: 'none', label: 'No notices' },
] as const;
export type NoticePreference = (typeof NOTICE_PREFERENCES)[number]['value'];

export const INTAKE_NAMES = {
  channel: 'intake-channel',
  contactName: 'contact-name',
  contactEmail: 'contact-email',
  contactPhone: 'contact-phone',
  contactAddress: 'contact-address',
  notice: 'notice-preference',
  idempotencyKey: IDEMPOTENCY_FIELD,
  /** The information request this call started as (knowledge base): the case is linked to it. */
  informationRequest: 'information-request',
} as const;

/** The same limits the API's ResidentContact schema enforces (api/openapi/schemas.ts). */
export const LIMITS = { name: 500, email: 320, phone: 40, address: 500 };
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PHONE = /^[+0-9 ()./-]{3,40}$/;

/**
 * The case field that already records how a request came in (the 311 complaint's `channel` choice):
 * when the definition has one, the form asks it there and intake does not ask a second time.
 */
export function ownChannelField(definition: Pick<CompiledDefinition, 'caseData'>): string | undefined {
  const schema = Object.hasOwn(definition.caseData.schema.properties, 'channel')
    ? definition.caseData.schema.properties.channel
    : undefined;
  return schema && Array.isArray(schema.enum) && schema.enum.length > 0 ? 'channel' : undefined;
}

export interface IntakeAnswers {
  /** One of INTAKE_CHANNELS, or the definition's own channel value. */
  channel: string;
  notice: NoticePreference;
  contact: ResidentContactInput;
}

export type IntakeAnswersRead =
  | { ok: true; answers: IntakeAnswers; values: Record<string, string> }
  | { ok: false; errors: FieldError[]; values: Record<string, string> };

type Posted = Readonly<Record<string, string | string[] | undefined>>;

function one(body: Posted, name: string): string {
  if (!Object.hasOwn(body, name)) return '';
  const raw: unknown = body[name];
  const value = Array.isArray(raw) ? raw.find((item): item is string => typeof item === 'string') : raw;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

const isChannel = (value: string): value is IntakeChannel => INTAKE_CHANNELS.some((option) => option.value === value);
const isNotice = (value: string): value is NoticePreference =>
  NOTICE_PREFERENCES.some((option) => option.value === value);

/** `recorded`: the channel the definition's own field holds, when it has one (then intake asks none). */
export function readIntakeAnswers(body: Posted, recorded?: JsonValue): IntakeAnswersRead {
  const n = INTAKE_NAMES;
  const values = Object.fromEntries(
    [n.channel, n.contactName, n.contactEmail, n.contactPhone, n.contactAddress, n.notice].map((name) => [
      name,
      one(body, name),
    ]),
  );
  const errors: FieldError[] = [];
  const asked = recorded === undefined;
  const channel = asked ? values[n.channel] : fieldText(recorded);
  const notice = values[n.notice];
  const name = values[n.contactName];
  const email = values[n.contactEmail];
  const phone = values[n.contactPhone];
  const address = values[n.contactAddress];
  if (asked && !isChannel(channel)) errors.push({ field: n.channel, message: 'Choose how the request came in' });
  if (name.length > LIMITS.name)
    errors.push({ field: n.contactName, message: `Name must be ${LIMITS.name} characters or fewer` });
  if (email !== '' && (email.length > LIMITS.email || !EMAIL.test(email)))
    errors.push({
      field: n.contactEmail,
      message: 'Enter an email address in the correct format, like name@example.com',
    });
  if (phone !== '' && !PHONE.test(phone))
    errors.push({ field: n.contactPhone, message: 'Enter a phone number, like 213 555 0100' });
  if (address.length > LIMITS.address)
    errors.push({ field: n.contactAddress, message: `Postal address must be ${LIMITS.address} characters or fewer` });
  if (!isNotice(notice))
    errors.push({ field: n.notice, message: 'Choose how the resident wants to hear about the request' });
  // The preference must be deliverable: a notice with nowhere to go would be silently lost.
  else if (notice === 'email' && email === '' && !errors.some((e) => e.field === n.contactEmail))
    errors.push({
      field: n.contactEmail,
      message: 'Enter the resident’s email address, or choose another way to send notices',
    });
  else if (notice === 'sms' && phone === '' && !errors.some((e) => e.field === n.contactPhone))
    errors.push({
      field: n.contactPhone,
      message: 'Enter the resident’s mobile number, or choose another way to send notices',
    });
  else if (notice === 'post' && address === '')
    errors.push({
      field: n.contactAddress,
      message: 'Enter the resident’s postal address, or choose another way to send notices',
    });
  // Error summary in page order.
  const order: string[] = [n.channel, n.contactName, n.contactEmail, n.contactPhone, n.contactAddress, n.notice];
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (errors.length > 0 || !isNotice(notice)) return { ok: false, errors, values };
  const contact: ResidentContactInput = {
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(address ? { address } : {}),
    preferredChannel: notice,
  };
  return { ok: true, answers: { channel, notice, contact }, values };
}

/** The idempotency key rendered with the form: 1–100 URL-safe characters (a UUID in practice). */
/** The information request id carried from the knowledge base, when well-formed. */
export function readInformationRequest(body: Posted): string | undefined {
  const id = one(body, INTAKE_NAMES.informationRequest);
  return /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

export function readIdempotencyKey(body: Posted): string | undefined {
  const key = one(body, INTAKE_NAMES.idempotencyKey);
  return /^[A-Za-z0-9-]{16,100}$/.test(key) ? key : undefined;
}
