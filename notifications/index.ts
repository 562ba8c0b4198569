/** The notification layer: templates (pure) and channel adapters (email via SMTP, SMS via HTTP). */
export * from './notification-error';
export * from './notification-templates';
export * from './definition-template';
export { escapeHtml, type MessageBlock, type MessageDraft, type RenderedMessage } from './message-blocks';
export type { AgencyContact, FieldsInput } from './template-fields';
export type { Audience, NotificationTemplate } from './templates/define-template';
export * from './channels/email-sender';
export * from './channels/smtp-email-sender';
export * from './channels/sms-provider';
export * from './channels/http-sms-provider';
export { checkEmailAddress, checkPhoneNumber } from './channels/recipient-address';
export * from './channels/channels-from-config';
