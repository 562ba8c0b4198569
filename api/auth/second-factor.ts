/**
 * The local accounts' second factor: RFC 6238 time-based one-time passwords (otplib) with single-use
 * recovery codes. A code is accepted once (the last accepted time step is stored), one period late at
 * most; wrong codes count in the sign-in throttle like wrong passwords. Every event is audited.
 */
import type { Knex } from 'knex';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { toDataURL } from 'qrcode';
import type { SignInConfig } from '../../config';
import {
  acceptTotpStep,
  countUnusedRecoveryCodes,
  generateVerificationCode,
  getUserTotp,
  replaceRecoveryCodes,
  startTotpEnrolment,
  useRecoveryCode,
  type UserRecord,
} from '../../db';
import { recordSignInEvent, type SignInSource } from './platform-audit';
import type { SignInThrottle } from './sign-in-throttle';

export const RECOVERY_CODE_COUNT = 10;
/** Accept the code of the previous 30 s period too (a code typed as it turned over). */
const LATE_SECONDS = 30;
const PERIOD_SECONDS = 30;

export interface SecondFactorDeps {
  db: Knex;
  clock: () => Date;
  throttle: SignInThrottle;
}

/** What a user who gave the right password must still do: nothing, enter a code, or enrol first. */
export async function secondFactorStep(
  db: Knex,
  config: SignInConfig,
  user: UserRecord,
): Promise<'none' | 'verify' | 'enrol'> {
  const totp = await getUserTotp(db, user.id);
  if (totp?.confirmed) return 'verify';
  return user.roles.some((role) => config.totpRequiredRoles.includes(role)) ? 'enrol' : 'none';
}

/** Pure: a TOTP code is six digits; anything longer with letters is a recovery code. */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/** The matching time step of `code` for `secret`, if it is current (or one period late) and later than `after`. */
function matchingStep(secret: string, code: string, now: Date, after: number | null): number | undefined {
  const epoch = Math.floor(now.getTime() / 1000);
  const result = verifySync({
    secret,
    token: code.replace(/\s/g, ''),
    epoch,
    epochTolerance: [LATE_SECONDS, 0],
    ...(after !== null ? { afterTimeStep: after } : {}),
  });
  return result.valid ? Math.floor(epoch / PERIOD_SECONDS) + result.delta : undefined;
}

export type SecondFactorResult =
  | { ok: true; method: 'totp' | 'recovery-code' }
  | { ok: false; reason: 'wrong-code' | 'throttled'; retryAfterSeconds?: number };

/** Checks a code (TOTP or recovery) of a user who has already given the right password. */
export async function verifySecondFactor(
  deps: SecondFactorDeps,
  user: UserRecord,
  code: string,
  source: SignInSource,
): Promise<SecondFactorResult> {
  const address = source.ip ?? '';
  const verdict = deps.throttle.check(user.username, address);
  if (!verdict.allowed) {
    await recordSignInEvent(deps, user.id, 'auth.second-factor-failed', { reason: 'throttled' }, source);
    return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }
  const now = deps.clock();
  let method: 'totp' | 'recovery-code' | undefined;
  if (looksLikeTotp(code)) {
    const totp = await getUserTotp(deps.db, user.id);
    const step = totp?.confirmed ? matchingStep(totp.secret, code, now, totp.lastTimeStep) : undefined;
    if (step !== undefined && (await acceptTotpStep(deps.db, user.id, step, now))) method = 'totp';
  } else if (code.length <= 40 && (await useRecoveryCode(deps.db, user.id, code, now))) method = 'recovery-code';

  if (method === undefined) {
    deps.throttle.failed(user.username, address);
    await recordSignInEvent(deps, user.id, 'auth.second-factor-failed', { reason: 'wrong-code' }, source);
    return { ok: false, reason: 'wrong-code' };
  }
  deps.throttle.succeeded(user.username, address);
  await recordSignInEvent(
    deps,
    user.id,
    'auth.second-factor',
    method === 'recovery-code'
      ? { method, recoveryCodesLeft: await countUnusedRecoveryCodes(deps.db, user.id) }
      : { method },
    source,
  );
  return { ok: true, method };
}

export interface Enrolment {
  /** The base32 secret, for typing into an app by hand. */
  secret: string;
  /** otpauth:// URI the QR code holds. */
  uri: string;
  /** The QR code as a data: URL (PNG) for an <img>. */
  qrDataUrl: string;
}

/** Starts enrolment (a new secret, not yet in force) and returns what the person's app needs. */
export async function beginEnrolment(db: Knex, config: SignInConfig, user: UserRecord): Promise<Enrolment | undefined> {
  const secret = generateSecret();
  if (!(await startTotpEnrolment(db, user.id, secret))) return undefined;
  const uri = generateURI({ issuer: config.totpIssuer, label: user.username, secret });
  return { secret, uri, qrDataUrl: await toDataURL(uri, { margin: 2, width: 200 }) };
}

/** The secret of an enrolment in progress (to show it again beside an error). */
export async function pendingEnrolment(
  db: Knex,
  config: SignInConfig,
  user: UserRecord,
): Promise<Enrolment | undefined> {
  const totp = await getUserTotp(db, user.id);
  if (!totp || totp.confirmed) return undefined;
  const uri = generateURI({ issuer: config.totpIssuer, label: user.username, secret: totp.secret });
  return { secret: totp.secret, uri, qrDataUrl: await toDataURL(uri, { margin: 2, width: 200 }) };
}

/** Pure: recovery codes as people read them, XXXX-XXXX. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => generateVerificationCode().replace(/^(.{4})(.{4})$/, '$1-$2'));
}

/** The first correct code puts the second factor in force and returns fresh recovery codes (shown once). */
export async function confirmEnrolment(
  deps: SecondFactorDeps,
  user: UserRecord,
  code: string,
  source: SignInSource,
): Promise<string[] | undefined> {
  const now = deps.clock();
  const totp = await getUserTotp(deps.db, user.id);
  const step =
    totp && !totp.confirmed && looksLikeTotp(code)
      ? matchingStep(totp.secret, code, now, totp.lastTimeStep)
      : undefined;
  if (step === undefined || !(await acceptTotpStep(deps.db, user.id, step, now))) {
    await recordSignInEvent(deps, user.id, 'auth.second-factor-enrolment-failed', { reason: 'wrong-code' }, source);
    return undefined;
  }
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(deps.db, user.id, codes);
  await recordSignInEvent(
    deps,
    user.id,
    'auth.second-factor-enrolled',
    { method: 'totp', recoveryCodes: codes.length },
    source,
  );
  return codes;
}
