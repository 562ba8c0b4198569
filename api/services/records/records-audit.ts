/** Checks the records and audit services share. */

/** A free-text reason (hold, release): required, trimmed, bounded. Answers the text or a message. */
export function checkReason(value: unknown, what: string): { reason: string } | { problem: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { problem: `Enter the reason for the ${what}` };
  if (text.length > 2000) return { problem: `The reason for the ${what} must be 2,000 characters or fewer` };
  return { reason: text };
}
