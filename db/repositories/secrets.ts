/**
 * Hashing for secrets the platform hands out: API keys and residents' verification codes are
 * high-entropy or rate-limited, so a salted sha256 is enough and keeps lookups fast. Passwords, which
 * people choose, use scrypt (see passwords.ts).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** No 0/O, 1/I/L: codes are read from letters and typed on phones. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const VERIFICATION_CODE_LENGTH = 8;

export function generateVerificationCode(): string {
  let code = '';
  for (let i = 0; i < VERIFICATION_CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Residents may type the code in lower case, with spaces or a dash. */
export function normalizeVerificationCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Salted with the tracking number so equal codes on two cases hash differently. */
export function hashVerificationCode(trackingNumber: string, code: string): string {
  return sha256Hex(`civicflow-verification:${trackingNumber}:${normalizeVerificationCode(code)}`);
}

/** `cf_<8 id chars>_<43 secret chars>`: the prefix identifies the key in listings without revealing it. */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = `cf_${randomBytes(6).toString('base64url')}`;
  return { key: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function hashApiKey(key: string): string {
  return sha256Hex(`civicflow-api-key:${key}`);
}
