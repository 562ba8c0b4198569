/**
 * A case as an Open311 service request. Pure. Fields drawn from case data the definition marks
 * personal are null unless the caller sees that field (public callers see none of them). For public
 * callers free text and location are shown only when a public service's definition declares the case
 * field they fill without marking it personal: a definition with no such field (or a service that is
 * not public) does not mark them public, so the values Open311 stored beside the case stay withheld.
 */
import type { CaseRecord } from '../domain/case';
import type { CompiledDefinition } from '../domain/definition';
import { isPublicService, type Open311Service, type StandardFieldMap } from './service-catalog';

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** w3c date-time in UTC without milliseconds, e.g. 2026-05-01T16:30:00Z. */
export function w3cDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RESOLUTION_NOTE_FIELD = 'resolutionNote';

export interface RequestViewContext {
  service: Open311Service | undefined;
  definition: CompiledDefinition | undefined;
  /** Personal case fields this caller may see. */
  visiblePersonalFields: ReadonlySet<string>;
  /** The caller holds the personal-data scope: free text and location are not withheld. */
  readsPersonalData: boolean;
  /** The case's predicted close date, if one was made; else expected_datetime falls back to the due date. */
  predictedCloseAt?: Date;
}

export function toOpen311Request(record: CaseRecord, context: RequestViewContext): Open311Request {
  const { definition, service } = context;
  const personal = new Set(definition?.caseData.personalFields ?? []);
  const mapped: StandardFieldMap = service?.standardFields ?? {};
  const data = record.caseData as Record<string, unknown>;
  /** A value kept both as an Open311 column and in case data: hidden when its case field is personal and not visible. */
  const shown = <T>(
    field: string | undefined,
    column: T | undefined,
    fromData: (value: unknown) => T | undefined,
  ): T | null => {
    if (field !== undefined && personal.has(field) && !context.visiblePersonalFields.has(field)) return null;
    if (!context.readsPersonalData && (field === undefined || !isPublicService(definition))) return null;
    const value = column ?? (field !== undefined ? fromData(data[field]) : undefined);
    return value ?? null;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

  const closed = record.closedAt !== null;
  const label = definition?.statuses[record.residentStatus]?.label ?? record.residentStatus;
  const note = closed && !personal.has(RESOLUTION_NOTE_FIELD) ? text(data[RESOLUTION_NOTE_FIELD]) : undefined;
  const due = record.statutoryDueAt ?? record.slaDueAt;
  const lat = shown(mapped.lat, record.open311.lat, number);
  const long = shown(mapped.long, record.open311.long, number);
  return {
    service_request_id: record.trackingNumber,
    status: closed ? 'closed' : 'open',
    status_notes: note ? `${label}. ${note}` : label,
    service_name: service?.name ?? definition?.title ?? null,
    service_code: service?.code ?? record.open311.serviceCode ?? record.definitionId,
    description: shown(mapped.description, record.open311.description, text),
    agency_responsible:
      (record.departmentId ? definition?.departments[record.departmentId]?.title : undefined) ??
      record.open311.agencyResponsible ??
      null,
    service_notice: record.open311.serviceNotice ?? null,
    requested_datetime: w3cDate(record.createdAt),
    updated_datetime: w3cDate(record.closedAt ?? record.updatedAt),
    expected_datetime: closed
      ? null
      : context.predictedCloseAt
        ? w3cDate(context.predictedCloseAt)
        : due
          ? w3cDate(due)
          : null,
    address: shown(mapped.address, record.open311.addressString, text),
    address_id: shown(mapped.address, record.open311.addressId, () => undefined),
    zipcode: shown(mapped.address, record.open311.zipcode, () => undefined),
    // A point is shown whole or not at all.
    lat: lat !== null && long !== null ? lat : null,
    long: lat !== null && long !== null ? long : null,
    media_url: shown(mapped.description, record.open311.mediaUrl, () => undefined),
  };
}
