/**
 * A service refusal (the workflow said no, the data was invalid, the upload was too big) → errors for
 * the error summary, placed beside the field they are about. Pure. Anything that is not a refusal
 * (not found, forbidden, a crash) returns undefined and goes to the HTML error page as usual.
 */
import { toApiError } from '../../api/errors/to-api-error';
import type { FieldError } from '../components/error-summary';

export interface RefusalTarget {
  /** Control ids by case-field (or control) name, in form order. */
  readonly fieldIds: Readonly<Record<string, string>>;
  /** Where a refusal about the whole form goes (its first control). */
  readonly formId: string;
}

/** The workflow's refusals in words a person can act on; the reason text says the rest. */
const REJECTION_WORDS: Readonly<Record<string, string>> = {
  CASE_CLOSED: 'This case is closed: nothing more can be done on it',
  STEP_NOT_ACTIVE: 'This task has already moved on. The page now shows the case as it is',
  ACTION_NOT_AVAILABLE: 'This action is not available on the case as it is now',
  UNKNOWN_ACTION: 'This action is not available on the case as it is now',
  ROLE_NOT_ALLOWED: 'Your role cannot do this task',
  DEPARTMENT_NOT_ALLOWED: 'This task belongs to another department',
  ASSIGNED_TO_OTHER: 'Someone else is working on this task now',
  SEPARATION_OF_DUTIES: 'You took an earlier decision on this case, so someone else must do this one',
  ASSIGNEE_NOT_ELIGIBLE: 'Choose someone who may work on this task',
  COMMENT_REQUIRED: 'Enter the reasons',
  NO_STATUTORY_CLOCK: 'This process has no statutory clock',
  CLOCK_NOT_RUNNING: 'The clock is not running',
  CLOCK_ALREADY_PAUSED: 'The clock is already paused',
  CLOCK_NOT_PAUSED: 'The clock is not paused',
  UNKNOWN_PAUSE_REASON: 'Choose a reason for pausing the clock',
  EXTENSION_NOT_ALLOWED: 'The deadline cannot be extended',
  EXTENSION_REASON: 'Choose a reason for the extension',
  EXTENSION_LIMIT: 'The deadline has already been extended as many times as the law allows',
  EXTENSION_TOO_LONG: 'Extension is too long',
  BAD_DURATION: 'Enter the extension like "10 working days"',
};

/** Which control a rejection code is about, by control name, when it is not named in the reason. */
const REJECTION_CONTROL: Readonly<Record<string, string>> = {
  COMMENT_REQUIRED: 'action-comment',
  ASSIGNEE_NOT_ELIGIBLE: 'assigneeId',
  UNKNOWN_PAUSE_REASON: 'reason',
  EXTENSION_REASON: 'reason',
  EXTENSION_TOO_LONG: 'by',
  BAD_DURATION: 'by',
  EXTENSION_LIMIT: 'by',
};

const sentence = (text: string): string => (text === '' ? text : text[0].toUpperCase() + text.slice(1));

/** Field names quoted or listed in the workflow's reason ("\"valuation\" must be >= 0", "needs a, b"). */
function fieldsNamedIn(reason: string, target: RefusalTarget): string[] {
  return Object.keys(target.fieldIds).filter((name) =>
    new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[^A-Za-z0-9_-]/g, '')}([^A-Za-z0-9_]|$)`).test(reason),
  );
}

function idOf(target: RefusalTarget, name: string | undefined): string {
  return (name !== undefined && target.fieldIds[name]) || target.formId;
}

export function refusalErrors(thrown: unknown, target: RefusalTarget): FieldError[] | undefined {
  const error = toApiError(thrown);
  switch (error.code) {
    case 'ACTION_REJECTED': {
      const code = typeof error.details.rejection === 'string' ? error.details.rejection : '';
      const words = REJECTION_WORDS[code];
      const named = fieldsNamedIn(error.message, target);
      if (
        named.length > 0 &&
        (code === 'INVALID_FIELD_VALUE' ||
          code === 'REQUIRED_FIELD_MISSING' ||
          code === 'FIELD_NOT_EDITABLE' ||
          code === 'UNKNOWN_FIELD')
      ) {
        return named.map((name) => ({ field: idOf(target, name), message: sentence(error.message) }));
      }
      const message = words
        ? code === 'EXTENSION_TOO_LONG' || code === 'BAD_DURATION'
          ? `${words}: ${error.message}`
          : words
        : sentence(error.message);
      return [{ field: idOf(target, REJECTION_CONTROL[code]), message }];
    }
    case 'ACTION_IGNORED':
      return [{ field: target.formId, message: 'This had already been done: nothing changed' }];
    case 'CASE_BUSY':
      return [
        {
          field: target.formId,
          message: 'The case did not answer in time. Send the form again: it will act only once',
        },
      ];
    case 'USER_NOT_FOUND':
      return [{ field: idOf(target, 'assigneeId'), message: 'Choose someone from the list' }];
    case 'STEP_NOT_ACTIVE':
      return [{ field: target.formId, message: REJECTION_WORDS.STEP_NOT_ACTIVE }];
    case 'DOCUMENT_TOO_LARGE':
      return [
        {
          field: idOf(target, 'file'),
          message: `The file must be smaller than ${Math.floor(Number(error.details.maxBytes ?? 0) / 1024)} KB`,
        },
      ];
    case 'DOCUMENT_EMPTY':
      return [{ field: idOf(target, 'file'), message: 'The selected file is empty' }];
    case 'DOCUMENT_TYPE_NOT_ALLOWED':
    case 'DOCUMENT_CONTENT_MISMATCH':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return [
        {
          field: idOf(target, 'file'),
          message: 'The file must be a PDF, an image or an office document, and its content must match its type',
        },
      ];
    case 'VALIDATION_FAILED':
      return [{ field: target.formId, message: sentence(error.message) }];
    default:
      return undefined;
  }
}
