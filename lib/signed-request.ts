/**
 * The one signing scheme for calls between CivicFlow and other systems (the SMS gateway, department
 * work-order systems, callbacks): `X-CivicFlow-Timestamp` (Unix seconds) and `X-CivicFlow-Signature:
 * sha256=<hex HMAC-SHA256 of "timestamp.body" with the shared secret>`. The timestamp window refuses
 * old calls; a replay inside the window is the receiver's job (a replay store).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-civicflow-timestamp';
export const SIGNATURE_HEADER = 'x-civicflow-signature';

/** How far a signed call's timestamp may be from our clock (replays of old calls are refused). */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export function signatureOf(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Headers for a signed call made at `now`. */
export function signedHeaders(secret: string, body: Buffer | string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signatureOf(secret, timestamp, body) };
}

export type SignatureCheck = 'valid' | 'missing' | 'stale' | 'mismatch';

export function checkSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: Buffer | string,
  now: Date,
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,15}$/.test(timestamp)) return 'missing';
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > SIGNATURE_TOLERANCE_MS) return 'stale';
  const expected = Buffer.from(signatureOf(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'mismatch';
}
