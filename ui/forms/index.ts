/** Forms generated from a process definition: descriptors to render, and reading a post back. */
export type {
  ChoiceOption,
  CommentDescriptor,
  ControlKind,
  FieldConstraints,
  FieldDescriptor,
  FormDescriptor,
} from './field-descriptor';
export { actionForm, intakeForm, residentForm, withoutFields, FormSpecError, LOCATION_FIELDS } from './describe-form';
export { readSubmittedForm, type FieldError, type PostedBody, type SubmittedForm } from './read-submitted-form';
export { formValues } from './form-values';
export { humanise } from '../../domain/humanise';
