/** The `cases` row and its mapping to the domain read model. */
import type { JsonObject } from '../../domain/audit';
import type { CaseRecord, CurrentStep, Open311Fields, ResidentContact } from '../../domain/case';
import { storableOptionalText } from './db-values';

export interface CaseRow {
  id: string;
  tracking_number: string;
  verification_code_hash: string | null;
  definition_id: string;
  definition_version: string;
  definition_hash: string;
  title: string | null;
  status: string;
  resident_status: string;
  current_steps: CurrentStep[];
  assignee_id: string | null;
  department_id: string | null;
  priority: string;
  escalation_level: number;
  sla_due_at: Date | null;
  statutory_due_at: Date | null;
  statutory_clock_paused: boolean;
  case_data: JsonObject;
  resident_contact: ResidentContact | null;
  outcome: string | null;
  retention_class: string | null;
  channel: string | null;
  service_code: string | null;
  description: string | null;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  address_id: string | null;
  zipcode: string | null;
  media_url: string | null;
  open311_token: string | null;
  status_notes: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  projection_seq: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

/** Open311 fields as columns; only the ones given are written. */
export function open311Columns(fields: Open311Fields | undefined): Partial<CaseRow> {
  if (!fields) return {};
  const columns: Partial<CaseRow> = {};
  const assign = <K extends keyof CaseRow>(key: K, value: CaseRow[K] | undefined) => {
    if (value !== undefined) columns[key] = value;
  };
  assign('service_code', fields.serviceCode);
  assign('description', storableOptionalText(fields.description));
  assign('lat', fields.lat);
  assign('long', fields.long);
  assign('address_string', storableOptionalText(fields.addressString));
  assign('address_id', fields.addressId);
  assign('zipcode', fields.zipcode);
  assign('media_url', fields.mediaUrl);
  assign('open311_token', fields.token);
  assign('status_notes', storableOptionalText(fields.statusNotes));
  assign('agency_responsible', fields.agencyResponsible);
  assign('service_notice', storableOptionalText(fields.serviceNotice));
  return columns;
}

function open311Fields(row: CaseRow): Open311Fields {
  const fields: Open311Fields = {};
  if (row.service_code !== null) fields.serviceCode = row.service_code;
  if (row.description !== null) fields.description = row.description;
  if (row.lat !== null) fields.lat = Number(row.lat);
  if (row.long !== null) fields.long = Number(row.long);
  if (row.address_string !== null) fields.addressString = row.address_string;
  if (row.address_id !== null) fields.addressId = row.address_id;
  if (row.zipcode !== null) fields.zipcode = row.zipcode;
  if (row.media_url !== null) fields.mediaUrl = row.media_url;
  if (row.open311_token !== null) fields.token = row.open311_token;
  if (row.status_notes !== null) fields.statusNotes = row.status_notes;
  if (row.agency_responsible !== null) fields.agencyResponsible = row.agency_responsible;
  if (row.service_notice !== null) fields.serviceNotice = row.service_notice;
  return fields;
}

export function toCaseRecord(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    definitionId: row.definition_id,
    definitionVersion: row.definition_version,
    definitionHash: row.definition_hash,
    status: row.status,
    residentStatus: row.resident_status,
    currentSteps: row.current_steps,
    assigneeId: row.assignee_id,
    departmentId: row.department_id,
    priority: row.priority,
    slaDueAt: row.sla_due_at,
    statutoryDueAt: row.statutory_due_at,
    statutoryClockPaused: row.statutory_clock_paused,
    escalationLevel: Number(row.escalation_level),
    caseData: row.case_data,
    residentContact: row.resident_contact,
    outcome: row.outcome,
    retentionClass: row.retention_class,
    title: row.title,
    channel: row.channel,
    open311: open311Fields(row),
    projectionSequence: Number(row.projection_seq),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}
