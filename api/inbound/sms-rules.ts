/**
 * What an incoming text is (pure): a keyword (STOP/START/HELP and their usual synonyms, honoured as
 * carriers require), a status request (tracking number and verification code), or a message for a
 * case. And the webhook signature: HMAC-SHA256 over `timestamp.body` with the shared secret.
 */
import { checkSignature, signatureOf } from '../../lib/signed-request';
import type { SmsKeyword } from '../../db';
import { TRACKING_NUMBER_PATTERN } from './mail-rules';

export type SmsDecision =
  | { kind: 'keyword'; keyword: SmsKeyword }
  | { kind: 'status'; trackingNumber: string; code: string }
  | { kind: 'message'; trackingNumber?: string };

const KEYWORDS: Readonly<Record<string, SmsKeyword>> = {
  STOP: 'STOP',
  STOPALL: 'STOP',
  UNSUBSCRIBE: 'STOP',
  CANCEL: 'STOP',
  END: 'STOP',
  QUIT: 'STOP',
  START: 'START',
  UNSTOP: 'START',
  YES: 'START',
  HELP: 'HELP',
  INFO: 'HELP',
};

export function classifySms(text: string): SmsDecision {
  const trimmed = text.trim();
  const keyword = KEYWORDS[trimmed.toUpperCase().replace(/[.!]+$/, '')];
  if (keyword) return { kind: 'keyword', keyword };
  const tracking = TRACKING_NUMBER_PATTERN.exec(trimmed)?.[0].toUpperCase();
  if (tracking === undefined) return { kind: 'message' };
  // "CF-2026-000123 K7QP2MXA": the tracking number and the code alone make a status request.
  const rest = trimmed.replace(TRACKING_NUMBER_PATTERN, ' ').trim();
  if (/^[A-Za-z0-9]{6,12}$/.test(rest)) return { kind: 'status', trackingNumber: tracking, code: rest.toUpperCase() };
  return { kind: 'message', trackingNumber: tracking };
}

/** The gateway signs with the platform's one scheme (lib/signed-request.ts). */
export function smsSignature(secret: string, timestamp: string, body: Buffer): string {
  return signatureOf(secret, timestamp, body);
}

export function verifySmsSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: Buffer,
  now: Date,
): boolean {
  return checkSignature(secret, headers, body, now) === 'valid';
}
