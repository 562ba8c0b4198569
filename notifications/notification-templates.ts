/**
 * The platform's template catalogue and its one rendering entry point:
 * template id + data → { subject, text, html, sms }. Pure: no I/O, no clock.
 */
import { renderDraft, type RenderedMessage } from './message-blocks';
import { NotificationError } from './notification-error';
import { parseFields, type FieldsInput, type FieldSpec } from './template-fields';
import type { NotificationTemplate } from './templates/define-template';
import {
  caseClosed,
  caseReceived,
  caseReopened,
  decision,
  informationRequested,
  satisfactionSurvey,
  staffReply,
  statusChanged,
} from './templates/resident-templates';
import {
  clockBreached,
  clockWarning,
  slaBreach,
  slaEscalation,
  slaWarning,
  taskAssigned,
} from './templates/staff-templates';

export const NOTIFICATION_TEMPLATES = {
  'case-received': caseReceived,
  'status-changed': statusChanged,
  'information-requested': informationRequested,
  decision,
  'case-closed': caseClosed,
  'case-reopened': caseReopened,
  'task-assigned': taskAssigned,
  'sla-warning': slaWarning,
  'sla-breach': slaBreach,
  'sla-escalation': slaEscalation,
  'clock-warning': clockWarning,
  'clock-breached': clockBreached,
  'staff-reply': staffReply,
  'satisfaction-survey': satisfactionSurvey,
} as const;

type Catalogue = typeof NOTIFICATION_TEMPLATES;
export type NotificationTemplateId = keyof Catalogue;

/** The variables a template needs, as a caller supplies them (dates as ISO strings). */
export type NotificationData<T extends NotificationTemplateId> = FieldsInput<Catalogue[T]['fields']>;

/** Variables that are secrets: sent to their owner once, never kept in the outbox afterwards. */
export const SECRET_VARIABLES: readonly string[] = ['verificationCode', 'surveyUrl'];

export const NOTIFICATION_TEMPLATE_IDS = Object.keys(NOTIFICATION_TEMPLATES) as NotificationTemplateId[];

export function isNotificationTemplateId(id: string): id is NotificationTemplateId {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_TEMPLATES, id);
}

/** Looks a template up or throws TEMPLATE_UNKNOWN (a permanent error). */
export function getNotificationTemplate(id: string): NotificationTemplate {
  if (!isNotificationTemplateId(id)) {
    throw new NotificationError(
      'TEMPLATE_UNKNOWN',
      `no notification template "${id}" (known: ${NOTIFICATION_TEMPLATE_IDS.join(', ')})`,
      { template: id },
    );
  }
  return NOTIFICATION_TEMPLATES[id];
}

/**
 * Renders a platform template. Typed overload for code that knows the template; the untyped one for
 * data that arrived as JSON (an activity input). Missing or malformed variables throw
 * NotificationError TEMPLATE_DATA_MISSING / TEMPLATE_DATA_INVALID naming every bad field.
 */
export function renderNotification<T extends NotificationTemplateId>(
  template: T,
  data: NotificationData<T>,
): RenderedMessage;
export function renderNotification(template: string, data: Readonly<Record<string, unknown>>): RenderedMessage;
export function renderNotification(template: string, data: Readonly<Record<string, unknown>>): RenderedMessage {
  const found = getNotificationTemplate(template);
  return renderWith(found, data);
}

function renderWith<S extends FieldSpec>(
  template: NotificationTemplate<S>,
  data: Readonly<Record<string, unknown>>,
): RenderedMessage {
  return renderDraft(template.compose(parseFields(template.id, template.fields, data)));
}

/** One template's variables, for documentation and for an API that lists the catalogue. */
export interface TemplateDescription {
  id: NotificationTemplateId;
  audience: 'resident' | 'staff';
  description: string;
  variables: { name: string; required: boolean; description: string }[];
}

export function describeNotificationTemplates(): TemplateDescription[] {
  return NOTIFICATION_TEMPLATE_IDS.map((id) => {
    const template = getNotificationTemplate(id);
    return {
      id,
      audience: template.audience,
      description: template.description,
      variables: Object.entries(template.fields).map(([name, field]) => ({
        name,
        required: !field.optional,
        description: field.description,
      })),
    };
  });
}
