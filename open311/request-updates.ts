/**
 * The `servicerequestupdates` feed FixMyStreet polls: one update per resident-visible change (status
 * changed, reopened, finished), numbered by the audit entry id. Pure mapping from audit entries.
 */
import type { AuditEntry } from '../domain/audit';
import type { CaseRecord } from '../domain/case';
import type { CompiledDefinition } from '../domain/definition';
import { w3cDate } from './request-view';

export const UPDATE_EVENT_TYPES: readonly string[] = ['status-changed', 'case-reopened', 'case-finished'];

export interface Open311RequestUpdate {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string;
  media_url: string | null;
}

/** Statuses that mean the case is closed: the ones outcomes and withdrawal end in. */
export function closingStatuses(definition: CompiledDefinition | undefined): Set<string> {
  const closing = new Set<string>();
  for (const outcome of Object.values(definition?.outcomes ?? {})) if (outcome.status) closing.add(outcome.status);
  if (definition?.withdrawal?.status) closing.add(definition.withdrawal.status);
  return closing;
}

export interface UpdateSource {
  entry: AuditEntry;
  record: CaseRecord;
  definition: CompiledDefinition | undefined;
}

/** Maps feed entries in order; a `case-finished` right after a closing status adds nothing new and is skipped. */
export function toRequestUpdates(sources: readonly UpdateSource[]): Open311RequestUpdate[] {
  const lastStatus = new Map<string, 'open' | 'closed'>();
  const updates: Open311RequestUpdate[] = [];
  for (const { entry, record, definition } of sources) {
    const labelOf = (status: string) => definition?.statuses[status]?.label ?? status;
    let status: 'open' | 'closed';
    let description: string;
    if (entry.eventType === 'status-changed') {
      const id = typeof entry.details.status === 'string' ? entry.details.status : '';
      status = closingStatuses(definition).has(id) ? 'closed' : 'open';
      description = labelOf(id);
    } else if (entry.eventType === 'case-reopened') {
      status = 'open';
      description = 'Reopened';
    } else if (entry.eventType === 'case-finished') {
      if (lastStatus.get(record.id) === 'closed') continue;
      status = 'closed';
      const outcome =
        typeof entry.details.outcome === 'string' ? definition?.outcomes[entry.details.outcome] : undefined;
      description = outcome?.label ?? 'Closed';
    } else {
      continue;
    }
    lastStatus.set(record.id, status);
    updates.push({
      update_id: String(entry.id),
      service_request_id: record.trackingNumber,
      status,
      updated_datetime: w3cDate(entry.occurredAt),
      description,
      media_url: null,
    });
  }
  return updates;
}
