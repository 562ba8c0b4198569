/** A resident's case (from the resident-portal service) → what the status page shows, in their language. Pure. */
import type { PortalCase, PortalLanguage } from '../../api/services/resident-portal-service';
import type { StatusView } from '../pages/portal-follow-views';
import { formatDate, messagesFor } from './messages';
import { definitionTitle, statusLabel } from './request-wizard';
import { humanise } from '../forms';

export function statusView(found: PortalCase, language: PortalLanguage, agencyTimeZone: string, now: Date): StatusView {
  const { record, definition } = found;
  const m = messagesFor(language);
  const timeZone =
    (definition.defaultCalendar ? definition.calendars[definition.defaultCalendar]?.timeZone : undefined) ??
    agencyTimeZone;
  const when = (at: string | Date) => formatDate(at, language, timeZone);
  const day = (at: string | Date) => formatDate(at, language, timeZone, false);
  // The staff's request fields, labelled in the resident's language (the definition's translations).
  const fieldLabel = (field: string) =>
    (language !== 'en' ? definition.i18n?.[language]?.fields?.[field]?.title : undefined) ??
    definition.caseData.schema.properties[field]?.title ??
    humanise(field);
  return {
    trackingNumber: record.trackingNumber,
    serviceTitle: definitionTitle(definition, language),
    statusLabel: statusLabel(definition, record.residentStatus, language),
    submitted: when(record.createdAt),
    updated: when(record.updatedAt),
    ...(found.expectedBy ? { expected: day(found.expectedBy) } : {}),
    ...(record.closedAt ? { closed: when(record.closedAt) } : {}),
    ...(definition.statutoryClock && !record.closedAt
      ? {
          clock: {
            paused: record.statutoryClockPaused,
            ...(record.statutoryDueAt ? { due: day(record.statutoryDueAt) } : {}),
          },
        }
      : {}),
    ...(found.waiting
      ? {
          waiting: {
            requested: found.waiting.requested.map((item) => ({ label: fieldLabel(item.field), value: item.value })),
          },
        }
      : {}),
    history: found.history.map((entry) => ({
      when: when(entry.at),
      what:
        entry.kind === 'status' ? statusLabel(definition, entry.status ?? '', language) : m.status.history_[entry.kind],
    })),
    inquiries: found.inquiries.map((inquiry) => ({
      question: inquiry.question,
      asked: when(inquiry.askedAt),
      ...(inquiry.answer ? { answer: inquiry.answer } : {}),
    })),
    documents: found.documents.map((document) => ({
      id: document.id,
      name: document.filename,
      fromResident: document.fromResident,
      when: when(document.uploadedAt),
    })),
    ...(found.reopenUntil && found.reopenUntil.getTime() > now.getTime()
      ? { reopenUntil: when(found.reopenUntil) }
      : {}),
  };
}
