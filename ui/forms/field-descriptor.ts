/**
 * What a page needs to render one form field, derived from the definition's case-data JSON Schema.
 * Plain data: components render it, `readSubmittedForm` reads a post back against it.
 */
import type { CaseDataDocument, JsonValue } from '../../domain/definition';

export type ControlKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'integer'
  | 'checkbox'
  | 'date'
  | 'datetime-local'
  | 'email'
  | 'tel'
  | 'url'
  | 'select'
  | 'radios'
  | 'checkboxes'
  /** A list of free-text items (array of strings): a textarea, one item per line. */
  | 'list'
  /** A shape no control fits (nested objects, arrays of objects): shown read-only, never read from a post. */
  | 'unsupported';

export interface ChoiceOption {
  /** The value as posted (the enum value as text). */
  readonly value: string;
  readonly label: string;
}

export interface FieldConstraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** For number inputs: 1 for integers, "any" for decimals. */
  readonly step?: '1' | 'any';
}

export interface FieldDescriptor {
  /** The case field and the HTML control name. */
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly kind: ControlKind;
  readonly required: boolean;
  /** Personal data: masked for roles that do not see it. */
  readonly personal: boolean;
  readonly constraints: FieldConstraints;
  /** For select, radios and checkboxes. */
  readonly options?: readonly ChoiceOption[];
  /** The schema's default, as a suggestion for an empty form. */
  readonly defaultValue?: JsonValue;
  /** For datetime-local: the zone the wall-clock time is read in. */
  readonly timeZone?: string;
}

/** The comment an action asks for (reasons for a denial…); not a case field. */
export interface CommentDescriptor {
  /** Not a valid case field name (fields cannot contain "-"), so it never collides with one. */
  readonly name: 'action-comment';
  readonly label: string;
  readonly hint?: string;
  readonly required: boolean;
}

export interface FormDescriptor {
  readonly purpose:
    | { readonly kind: 'intake' }
    | { readonly kind: 'action'; readonly step: string; readonly action: string; readonly label: string };
  readonly definition: { readonly id: string; readonly version: string };
  readonly fields: readonly FieldDescriptor[];
  readonly comment?: CommentDescriptor;
  /** The case-data schema the services validate with; submitted data is checked against it. */
  readonly schema: CaseDataDocument;
}
