/**
 * Field errors worded the GOV.UK way: say what to do ("Enter property address"), not what went wrong
 * in schema terms. One function per situation, so the wording lives in one place.
 */
import type { ErrorObject } from 'ajv';
import type { FieldDescriptor } from './field-descriptor';
import { inSentence } from '../../domain/humanise';

export function missingMessage(field: Pick<FieldDescriptor, 'label' | 'kind'>): string {
  const label = inSentence(field.label);
  switch (field.kind) {
    case 'select':
    case 'radios':
    case 'checkboxes':
      return `Choose ${label}`;
    case 'checkbox':
      return `Select ${label}`;
    default:
      return `Enter ${label}`;
  }
}

export function notANumberMessage(field: Pick<FieldDescriptor, 'label' | 'kind'>): string {
  return field.kind === 'integer' ? `${field.label} must be a whole number` : `${field.label} must be a number`;
}

export function notADateMessage(field: Pick<FieldDescriptor, 'label' | 'kind'>): string {
  return field.kind === 'datetime-local'
    ? `${field.label} must be a real date and time`
    : `${field.label} must be a real date`;
}

export function notAChoiceMessage(field: Pick<FieldDescriptor, 'label'>): string {
  return `Choose ${inSentence(field.label)} from the list`;
}

/** One ajv error (from the services' own case-data validator) in words. */
export function schemaMessage(field: Pick<FieldDescriptor, 'label' | 'kind'>, error: ErrorObject): string {
  const params = error.params as { limit?: number; format?: string };
  switch (error.keyword) {
    case 'required':
      return missingMessage(field);
    case 'type':
      return field.kind === 'integer' || field.kind === 'number'
        ? notANumberMessage(field)
        : `${field.label} is not valid`;
    case 'minimum':
      return `${field.label} must be ${params.limit} or more`;
    case 'exclusiveMinimum':
      return `${field.label} must be more than ${params.limit}`;
    case 'maximum':
      return `${field.label} must be ${params.limit} or less`;
    case 'exclusiveMaximum':
      return `${field.label} must be less than ${params.limit}`;
    case 'minLength':
      return `${field.label} must be ${params.limit} characters or more`;
    case 'maxLength':
      return `${field.label} must be ${params.limit} characters or fewer`;
    case 'minItems':
      return `Choose at least ${params.limit} for ${inSentence(field.label)}`;
    case 'maxItems':
      return `Choose at most ${params.limit} for ${inSentence(field.label)}`;
    case 'pattern':
      return `Enter ${inSentence(field.label)} in the correct format`;
    case 'enum':
    case 'const':
      return notAChoiceMessage(field);
    case 'format':
      switch (params.format) {
        case 'email':
          return 'Enter an email address in the correct format, like name@example.com';
        case 'uri':
        case 'url':
          return 'Enter a web address in the correct format, like https://www.example.com';
        case 'date':
        case 'date-time':
          return notADateMessage(field);
        default:
          return `Enter ${inSentence(field.label)} in the correct format`;
      }
    default:
      return `${field.label} is not valid`;
  }
}
