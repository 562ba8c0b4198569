/** Page components: each takes plain data and returns markup; none reads the database or the session. */
export { PageLayout, type PageLayoutProps } from './page-layout';
export { CsrfField } from './csrf-field';
export { ErrorSummary, errorFor, type FieldError } from './error-summary';
export { FormGroup, Fieldset, describedBy, type FieldProps } from './form-group';
export { TextInput } from './text-input';
export { Textarea } from './textarea';
export { Select, type Choice } from './select';
export { Radios } from './radios';
export { Checkboxes } from './checkboxes';
export { DateInput, type DateParts } from './date-input';
export { Notice } from './notice';
export { ErrorPage } from './error-page';
