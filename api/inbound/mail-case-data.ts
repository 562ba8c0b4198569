/**
 * The case data an email can give a definition (pure): the body as its description, `email` as its
 * channel, `other` as its category, the sender as applicant, each only where the definition's case
 * data has such a field and accepts the value. A definition needing more than that cannot take mail
 * directly; the intake then files the message under the triage service.
 */
import type { CaseDataDocument, CaseFieldSchema, JsonValue } from '../../domain/definition';

function accepts(shape: CaseFieldSchema | undefined, value: string): shape is CaseFieldSchema {
  if (!shape) return false;
  if (Array.isArray(shape.enum)) return shape.enum.includes(value);
  return shape.type === undefined || shape.type === 'string';
}

export interface MailCaseFacts {
  from: string;
  fromName?: string;
  subject: string;
  text: string;
}

export function mailCaseData(schema: CaseDataDocument, mail: MailCaseFacts): Record<string, JsonValue> {
  const data: Record<string, JsonValue> = {};
  const body = [mail.subject.trim(), mail.text.trim()].filter((part) => part !== '').join('\n\n');
  const put = (name: string, value: string) => {
    const shape = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (!accepts(shape, value)) return;
    data[name] = shape.maxLength !== undefined ? value.slice(0, shape.maxLength) : value;
  };
  put('description', body || '(no text)');
  put('channel', 'email');
  put('category', 'other');
  put('applicantEmail', mail.from);
  if (mail.fromName) put('applicantName', mail.fromName);
  return data;
}
