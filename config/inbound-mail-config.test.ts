import { loadConfig, redactedConfig } from './app-config';
import { problemsOf } from '../test/support/config-problems';

describe('inbound mail configuration', () => {
  it('runs the SMTP receiver on 2525 by default, not in tests, and off on request', () => {
    expect(loadConfig({}).inboundMail).toMatchObject({
      smtpPort: 2525,
      smtpHost: '127.0.0.1',
      defaultDefinitionId: 'service-complaint',
      routes: {},
    });
    expect(loadConfig({ NODE_ENV: 'test' }).inboundMail.smtpPort).toBeUndefined();
    expect(loadConfig({ INBOUND_SMTP_PORT: 'off' }).inboundMail.smtpPort).toBeUndefined();
    expect(loadConfig({ INBOUND_SMTP_PORT: '0' }).inboundMail.smtpPort).toBe(0);
  });

  it('reads service addresses and an IMAP mailbox, and masks its password', () => {
    const config = loadConfig({
      INBOUND_MAIL_ROUTES: 'Permits@City.example=building-permit, 311@city.example=service-complaint',
      IMAP_URL: 'imaps://agency%40city.example:s3cret@imap.city.example/Requests',
    });
    expect(config.inboundMail.routes).toEqual({
      'permits@city.example': 'building-permit',
      '311@city.example': 'service-complaint',
    });
    expect(config.inboundMail.imap).toEqual({
      host: 'imap.city.example',
      port: 993,
      secure: true,
      user: 'agency@city.example',
      password: 's3cret',
      mailbox: 'Requests',
      processedMailbox: 'Processed',
      pollIntervalMs: 60_000,
    });
    expect(JSON.stringify(redactedConfig(config))).not.toContain('s3cret');
  });

  it('names every bad variable', () => {
    expect(
      problemsOf({
        INBOUND_MAIL_ROUTES: 'permits=building-permit',
        INBOUND_SMTP_PORT: '99999',
        IMAP_URL: 'http://x',
        INBOUND_MAIL_MAX_BYTES: '1',
      }),
    ).toEqual(
      expect.arrayContaining(['INBOUND_MAIL_ROUTES', 'INBOUND_SMTP_PORT', 'IMAP_URL', 'INBOUND_MAIL_MAX_BYTES']),
    );
  });
});
