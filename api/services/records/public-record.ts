/**
 * A case as a public record: what may be released and the log of what was withheld and why. Every
 * case-data field the definition marks personal, the resident's contact, the Open311 copies of the
 * report (description, address, position, media), every document not marked releasable and every
 * internal note (comment) is withheld; the timeline keeps only the steps and decisions. Pure.
 */
import type { AuditEntry, JsonObject, JsonValue } from '../../../domain/audit';
import type { CaseRecord } from '../../../domain/case';
import type { CompiledDefinition } from '../../../domain/definition';

export interface ReleasedDocument {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Where its content sits in the package. */
  file: string;
}

export interface PublicRecord {
  trackingNumber: string;
  service: { id: string; version: string; title: string };
  status: string;
  outcome: string | null;
  outcomeLabel: string | null;
  retentionClass: string | null;
  createdAt: string;
  closedAt: string | null;
  channel: string | null;
  caseData: JsonObject;
  documents: ReleasedDocument[];
  timeline: { occurredAt: string; event: string; step?: string; action?: string; status?: string }[];
}

export type RedactionKind =
  'personal-field' | 'resident-contact' | 'report-copy' | 'document' | 'internal-note' | 'internal-activity';

export interface Redaction {
  trackingNumber: string;
  /** What was withheld, named without its value (a field name, a document id, a count of entries). */
  item: string;
  kind: RedactionKind;
  reason: string;
}

export interface CaseDocumentForRelease {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  releasable: boolean;
}

/** Timeline events a public record shows (with step, action and status only, never their data). */
const PUBLIC_EVENTS = new Set([
  'case-created',
  'step-entered',
  'step-completed',
  'action-taken',
  'status-changed',
  'case-finished',
  'case-cancelled',
  'case-withdrawn',
  'case-reopened',
  'clock-started',
  'clock-paused',
  'clock-resumed',
  'clock-extended',
]);

const REPORT_COPIES: readonly (keyof CaseRecord['open311'])[] = [
  'description',
  'lat',
  'long',
  'addressString',
  'addressId',
  'zipcode',
  'mediaUrl',
];

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function documentFileName(doc: Pick<CaseDocumentForRelease, 'id' | 'filename'>): string {
  return `documents/${doc.id}-${doc.filename.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export function publicRecordOf(
  record: CaseRecord,
  definition: Pick<CompiledDefinition, 'id' | 'version' | 'title' | 'caseData' | 'outcomes'>,
  documents: readonly CaseDocumentForRelease[],
  timeline: readonly AuditEntry[],
): { record: PublicRecord; redactions: Redaction[] } {
  const trackingNumber = record.trackingNumber;
  const redactions: Redaction[] = [];
  const withhold = (item: string, kind: RedactionKind, reason: string): void =>
    void redactions.push({ trackingNumber, item, kind, reason });
  const personal = new Set(definition.caseData.personalFields);

  const caseData: JsonObject = {};
  for (const [field, value] of Object.entries(record.caseData)) {
    if (personal.has(field))
      withhold(`caseData.${field}`, 'personal-field', 'marked personal in the process definition');
    else caseData[field] = value;
  }
  if (record.residentContact)
    withhold('residentContact', 'resident-contact', "the resident's contact details are personal data");
  for (const field of REPORT_COPIES) {
    if (record.open311[field] !== undefined && record.open311[field] !== null)
      withhold(`open311.${field}`, 'report-copy', "a copy of the resident's own report (location or description)");
  }

  const released: ReleasedDocument[] = [];
  for (const doc of documents) {
    if (doc.releasable)
      released.push({
        id: doc.id,
        filename: doc.filename,
        contentType: doc.contentType,
        sizeBytes: doc.sizeBytes,
        sha256: doc.sha256,
        file: documentFileName(doc),
      });
    else withhold(`document ${doc.id}`, 'document', 'not marked releasable');
  }

  const events: PublicRecord['timeline'] = [];
  let notes = 0;
  let internal = 0;
  for (const entry of timeline) {
    if (entry.eventType.startsWith('comment')) notes += 1;
    else if (!PUBLIC_EVENTS.has(entry.eventType)) internal += 1;
    else {
      const step = text(entry.details.step);
      const action = text(entry.details.action);
      const status = text(entry.details.status);
      events.push({
        occurredAt: entry.occurredAt.toISOString(),
        event: entry.eventType,
        ...(step ? { step } : {}),
        ...(action ? { action } : {}),
        ...(status ? { status } : {}),
      });
    }
  }
  if (notes > 0)
    withhold(
      `${notes} internal note${notes === 1 ? '' : 's'}`,
      'internal-note',
      'internal notes are not part of the public record',
    );
  if (internal > 0)
    withhold(
      `${internal} internal timeline entr${internal === 1 ? 'y' : 'ies'}`,
      'internal-activity',
      'staff assignments, reads, reminders and system activity are internal',
    );

  const outcome = record.outcome;
  return {
    record: {
      trackingNumber,
      service: { id: definition.id, version: definition.version, title: definition.title },
      status: record.status,
      outcome,
      outcomeLabel: outcome ? (definition.outcomes[outcome]?.label ?? outcome) : null,
      retentionClass: record.retentionClass,
      createdAt: record.createdAt.toISOString(),
      closedAt: record.closedAt ? record.closedAt.toISOString() : null,
      channel: record.channel,
      caseData,
      documents: released,
      timeline: events,
    },
    redactions,
  };
}
