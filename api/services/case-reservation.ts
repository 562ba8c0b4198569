/**
 * A new case's identity, fixed before its workflow starts: the case (= workflow) id, the tracking
 * number and the resident's verification code. Stored with the Idempotency-Key, so every attempt of
 * one create — a retry after a crash included — starts the same workflow and answers the same.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { generateVerificationCode, reserveTrackingNumber } from '../../db';
import type { JsonValue } from '../../domain/audit';
import { ApiError } from '../errors/api-error';
import type { Reservation } from './idempotent-request';

export interface CaseReservation {
  caseId: string;
  trackingNumber: string;
  /** Kept in plain text with the key (as the stored answer is) for the key's lifetime: a retry must show it again. */
  verificationCode: string;
}

export async function reserveCase(db: Knex): Promise<CaseReservation> {
  return {
    caseId: randomUUID(),
    trackingNumber: await reserveTrackingNumber(db),
    verificationCode: generateVerificationCode(),
  };
}

function readCaseReservation(stored: JsonValue): CaseReservation {
  const value = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? stored : {};
  const { caseId, trackingNumber, verificationCode } = value;
  if (typeof caseId !== 'string' || typeof trackingNumber !== 'string' || typeof verificationCode !== 'string') {
    throw new ApiError('INTERNAL', 'a stored case reservation is unreadable');
  }
  return { caseId, trackingNumber, verificationCode };
}

export const CASE_RESERVATION: Reservation<CaseReservation> = {
  reserve: async (trx) => ({ ...(await reserveCase(trx)) }),
  read: readCaseReservation,
};
