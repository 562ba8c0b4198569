/** Complete sample data for every platform template; the type makes a missing template a compile error. */
import type { AgencyContact, NotificationData, NotificationTemplateId } from '../../notifications';

export const AGENCY: AgencyContact = {
  name: 'City of Springfield, Department of Building and Safety',
  phone: '(555) 010-0311',
  email: 'permits@springfield.example',
  website: 'https://springfield.example/help',
  hours: 'Monday to Friday, 8 am to 5 pm',
  timeZone: 'America/Los_Angeles',
};

const TN = 'CF-2026-000123';
const STATUS = 'https://springfield.example/track/CF-2026-000123';
const CASE = 'https://springfield.example/staff/cases/case-123';

export const TEMPLATE_FIXTURES: { [K in NotificationTemplateId]: NotificationData<K> } = {
  'case-received': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, verificationCode: 'K7QP2MXA',
    statusUrl: STATUS, receivedAt: '2026-11-20T18:30:00Z', expectedBy: '2027-01-15T20:00:00Z',
  },
  'status-changed': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, statusLabel: 'Under plan review',
    statusDescription: 'A plan checker is reviewing your drawings.', statusUrl: STATUS, changedAt: '2026-11-23T17:00:00Z',
  },
  'information-requested': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN,
    items: ['Structural calculations signed by an engineer', 'A site plan showing the setbacks'],
    replyUrl: `${STATUS}/reply`, respondBy: '2027-02-20T20:00:00Z', clockPaused: true, consequence: 'your application expires',
  },
  decision: {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, outcomeLabel: 'Permit denied',
    decidedAt: '2026-12-01T19:00:00Z', reasons: ['The building is taller than the zone allows.', 'There is no second fire exit.'],
    statusUrl: STATUS, appealable: true, appealDeadline: '2026-12-31T20:00:00Z', appealUrl: 'https://springfield.example/appeals',
  },
  'case-closed': {
    agency: AGENCY, serviceName: 'service request', trackingNumber: TN, closedAt: '2026-11-25T21:00:00Z',
    resolution: 'The crew filled the pothole.', reopenUntil: '2026-12-25T20:00:00Z', statusUrl: STATUS,
  },
  'case-reopened': {
    agency: AGENCY, serviceName: 'service request', trackingNumber: TN, reopenedAt: '2026-11-28T16:00:00Z',
    reason: 'The pothole opened again.', statusUrl: STATUS,
  },
  'task-assigned': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, caseUrl: CASE, stepTitle: 'Plan review',
    recipientName: 'Dana Reyes', assignedBy: 'Sam Ortiz', dueAt: '2026-12-04T01:00:00Z', priority: 'high',
  },
  'sla-warning': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, caseUrl: CASE, stepTitle: 'Plan review',
    dueAt: '2026-12-04T01:00:00Z', assigneeName: 'Dana Reyes',
  },
  'sla-breach': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, caseUrl: CASE, stepTitle: 'Plan review',
    dueAt: '2026-12-04T01:00:00Z', at: '2026-12-04T01:00:00Z', assigneeName: 'Dana Reyes',
  },
  'sla-escalation': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, caseUrl: CASE, stepTitle: 'Plan review',
    dueAt: '2026-12-04T01:00:00Z', at: '2026-12-07T03:30:00Z', level: 2, assigneeName: 'Dana Reyes',
    actionsTaken: ['Reassigned to the plan-check team', 'Priority raised to urgent'], nextEscalationAt: '2026-12-09T01:00:00Z',
  },
  'clock-warning': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, caseUrl: CASE, dueAt: '2027-01-29T01:00:00Z',
    stepTitle: 'Plan review', consequence: 'the permit is deemed approved',
  },
  'clock-breached': {
    agency: AGENCY, serviceName: 'building permit application', trackingNumber: TN, caseUrl: CASE, dueAt: '2027-01-29T01:00:00Z',
  },
  'staff-reply': {
    agency: AGENCY, trackingNumber: TN, subject: 'Re: Sofa on Elm St', message: 'Thank you. The crew will collect it on Monday.\n\nPlease leave it where it is.', statusUrl: STATUS,
  },
  'satisfaction-survey': {
    agency: AGENCY, serviceName: 'service request', trackingNumber: TN, surveyUrl: 'https://city.example/portal/survey/abc?lang=en', expiresAt: '2026-12-25T20:00:00Z', statusUrl: STATUS,
  },
};
