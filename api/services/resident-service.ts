/**
 * What a resident may see about their own case, given the tracking number and verification code:
 * resident-facing status and dates only. No case data, no staff names, no internal notes.
 */
import { findCaseForResident, getDefinition, listAuditEntries } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import { ApiError } from '../errors/api-error';
import type { ServiceDeps } from './service-deps';

export interface ResidentStatus {
  trackingNumber: string;
  /** The status id and its plain-language label from the process definition. */
  status: string;
  statusLabel: string;
  open: boolean;
  submittedAt: string;
  updatedAt: string;
  closedAt: string | null;
  dueBy: string | null;
  history: { at: string; status: string }[];
}

/** Audit types that mark a resident-visible status change; their `label`/`status` are public text from the definition. */
const STATUS_EVENTS = new Set(['status-changed']);

export function createResidentService(deps: Pick<ServiceDeps, 'db'>) {
  return {
    async status(trackingNumber: string, verificationCode: string): Promise<ResidentStatus> {
      const record = await findCaseForResident(deps.db, trackingNumber, verificationCode);
      // One answer for an unknown number and a wrong code, so numbers cannot be probed.
      if (!record) throw new ApiError('NOT_FOUND', 'no case matches this tracking number and code');
      const definition = (await getDefinition(deps.db, record.definitionId, record.definitionVersion))?.compiled as
        CompiledDefinition | undefined;
      const labelOf = (status: string): string => definition?.statuses[status]?.label ?? status;
      const entries = await listAuditEntries(deps.db, record.id, { limit: 5000 });
      const history = entries
        .filter((entry) => STATUS_EVENTS.has(entry.eventType))
        .map((entry) => {
          const status = typeof entry.details.status === 'string' ? entry.details.status : 'updated';
          return { at: entry.occurredAt.toISOString(), status: labelOf(status) };
        });
      return {
        trackingNumber: record.trackingNumber,
        status: record.residentStatus,
        statusLabel: labelOf(record.residentStatus),
        open: record.closedAt === null,
        submittedAt: record.createdAt.toISOString(),
        updatedAt: record.updatedAt.toISOString(),
        closedAt: record.closedAt ? record.closedAt.toISOString() : null,
        dueBy: record.statutoryDueAt ? record.statutoryDueAt.toISOString() : null,
        history,
      };
    },
  };
}
