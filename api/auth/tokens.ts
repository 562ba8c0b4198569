/** Short-lived staff tokens: HS256 JWTs signed with the configured secret (jose). */
import { SignJWT, jwtVerify } from 'jose';
import { ApiError } from '../errors/api-error';

const ISSUER = 'civicflow';
const AUDIENCE = 'civicflow-api';

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
  /** Longest lifetime (exp - iat) accepted; defaults to ttlSeconds. */
  maxTtlSeconds?: number;
}

/** Clocks of the issuing and the checking process may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 60;

export async function issueToken(
  settings: TokenSettings,
  userId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + settings.ttlSeconds) * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + settings.ttlSeconds)
    .sign(new TextEncoder().encode(settings.secret));
  return { token, expiresAt };
}

/**
 * The user id in a valid token; UNAUTHENTICATED otherwise (bad signature, expired, wrong algorithm,
 * no `exp` or `iat`, issued in the future, or a lifetime beyond the configured maximum: a leaked
 * secret or a bug must not mint tokens that never die).
 */
export async function verifyToken(settings: TokenSettings, token: string, now: Date): Promise<string> {
  const maxTtlSeconds = settings.maxTtlSeconds ?? settings.ttlSeconds;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(settings.secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const { exp, iat } = payload as { exp: number; iat: number };
    if (exp - iat > maxTtlSeconds) throw new Error('lifetime too long');
    if (iat > now.getTime() / 1000 + CLOCK_TOLERANCE_SECONDS) throw new Error('issued in the future');
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no subject');
    return payload.sub;
  } catch {
    throw new ApiError('UNAUTHENTICATED', 'the token is invalid or expired');
  }
}
