/**
 * Builds the configured channels once at worker start (through worker/activity-deps.ts): SMTP when the configuration names a server,
 * the HTTP SMS gateway when it names a URL. A channel left out makes deliveries on it fail with
 * CHANNEL_NOT_CONFIGURED (the outbox keeps them).
 */
import type { AppConfig } from '../../config/app-config';
import type { EmailSender } from './email-sender';
import { createHttpSmsProvider } from './http-sms-provider';
import type { SmsProvider } from './sms-provider';
import { createSmtpEmailSender } from './smtp-email-sender';

export interface NotificationChannels {
  readonly email?: EmailSender;
  readonly sms?: SmsProvider;
  close(): Promise<void>;
}

export function createNotificationChannels(
  config: Pick<AppConfig, 'smtp' | 'mailFrom' | 'smsProviderUrl' | 'smsProviderToken' | 'smsFrom'>,
): NotificationChannels {
  const email = config.smtp ? createSmtpEmailSender({ smtp: config.smtp, from: config.mailFrom }) : undefined;
  const sms = config.smsProviderUrl
    ? createHttpSmsProvider({
        url: config.smsProviderUrl,
        ...(config.smsProviderToken ? { token: config.smsProviderToken } : {}),
        ...(config.smsFrom ? { from: config.smsFrom } : {}),
      })
    : undefined;
  return {
    ...(email ? { email } : {}),
    ...(sms ? { sms } : {}),
    close: async () => {
      await email?.close();
    },
  };
}
