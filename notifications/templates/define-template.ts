/** The shape of a platform template: its audience, typed variables and a pure compose function. */
import type { MessageBlock, MessageDraft } from '../message-blocks';
import { contactSentence } from '../message-format';
import type { AgencyContact, FieldSpec, FieldsOutput } from '../template-fields';
import { residentWords, type ResidentLanguage } from './resident-words';

export type Audience = 'resident' | 'staff';

export interface NotificationTemplate<S extends FieldSpec = FieldSpec> {
  readonly id: string;
  readonly audience: Audience;
  /** One line for the template catalogue. */
  readonly description: string;
  readonly fields: S;
  compose(data: FieldsOutput<S>): MessageDraft;
}

export function defineTemplate<S extends FieldSpec>(template: NotificationTemplate<S>): NotificationTemplate<S> {
  return Object.freeze(template);
}

/** Every resident message ends the same way: how to reach the agency and which number to quote. */
export function residentFooter(
  agency: AgencyContact,
  trackingNumber: string,
  language: ResidentLanguage = 'en',
): MessageBlock[] {
  return [
    {
      kind: 'paragraph',
      text: `${contactSentence(agency, language)} ${residentWords(language).quoteNumber(trackingNumber)}`,
    },
    { kind: 'paragraph', text: `${agency.name}` },
  ];
}

/** Staff messages say where they come from, so nobody mistakes them for a resident's email. */
export function staffFooter(agency: AgencyContact): MessageBlock[] {
  return [
    { kind: 'paragraph', text: `This is an automatic message from CivicFlow for ${agency.name}. Do not reply to it.` },
  ];
}

export const paragraph = (text: string): MessageBlock => ({ kind: 'paragraph', text });
export const heading = (text: string): MessageBlock => ({ kind: 'heading', text });
export const link = (label: string, url: string): MessageBlock => ({ kind: 'link', label, url });
export const list = (items: readonly string[]): MessageBlock => ({ kind: 'list', items });
export const facts = (...rows: (readonly [string, string | undefined])[]): MessageBlock => ({
  kind: 'facts',
  facts: rows.filter((row): row is readonly [string, string] => row[1] !== undefined),
});

/** Drops the blocks a branch left out, so templates can write `cond ? block : undefined`. */
export const blocks = (...items: (MessageBlock | MessageBlock[] | undefined | false)[]): MessageBlock[] =>
  items.flatMap((item) => (item === undefined || item === false ? [] : Array.isArray(item) ? item : [item]));
