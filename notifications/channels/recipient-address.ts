/** Cheap checks that catch addresses no provider will ever accept, before a message is sent. */
import { NotificationError } from '../notification-error';

// One @, no whitespace, brackets, commas or quotes: enough to refuse typos and header injection;
// the SMTP server has the final word on whether the mailbox exists.
const EMAIL = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function checkEmailAddress(address: string): string {
  const trimmed = address.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed) || trimmed.startsWith('.') || trimmed.endsWith('.')) {
    throw new NotificationError('RECIPIENT_INVALID', `not an email address: ${JSON.stringify(address)}`, {
      recipient: address,
    });
  }
  return trimmed;
}

/** Phone numbers in E.164 (+15551234567); separators people type are removed first. */
export function checkPhoneNumber(number: string): string {
  const compact = number.replace(/[\s().-]/g, '');
  if (!E164.test(compact)) {
    throw new NotificationError(
      'RECIPIENT_INVALID',
      `not a phone number in international format (+15551234567): ${JSON.stringify(number)}`,
      { recipient: number },
    );
  }
  return compact;
}
