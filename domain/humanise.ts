/** Labels for keys and enum values that have no title of their own (forms, Open311 service names). */

/** "applicantEmail" → "Applicant email", "bulky-items" → "Bulky items", "ssn_last4" → "Ssn last 4". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A label inside a sentence: "Property address" → "property address", but "APN number" stays. */
export function inSentence(label: string): string {
  if (/^[A-Z]{2}/.test(label)) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}
