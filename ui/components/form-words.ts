/**
 * The few words the shared form components say themselves ("(optional)", "Error:", the error summary
 * heading), in English unless a page provides another language (the resident portal's Spanish pages).
 */
import { createContext } from 'preact';

export interface FormWords {
  optional: string;
  errorPrefix: string;
  errorHeading: string;
}

export const FormWordsContext = createContext<FormWords>({
  optional: ' (optional)',
  errorPrefix: 'Error: ',
  errorHeading: 'There is a problem',
});
