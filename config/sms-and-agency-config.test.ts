import { DEMO_AGENCY, loadConfig, redactedConfig } from './app-config';
import { problemsOf } from '../test/support/config-problems';

describe('SMS and agency configuration', () => {
  it('gives a bare machine the demo agency and no SMS credentials', () => {
    const config = loadConfig({});
    expect(config.agency).toEqual(DEMO_AGENCY);
    expect(config.agency.timeZone).toBe('America/Los_Angeles');
    expect(config.smsProviderToken).toBeUndefined();
    expect(config.smsFrom).toBeUndefined();
  });

  it('reads the SMS token, sender and every agency variable', () => {
    const config = loadConfig({
      SMS_PROVIDER_URL: 'https://sms.example/send',
      SMS_PROVIDER_TOKEN: ' tok-123 ',
      SMS_FROM: 'CITY311',
      AGENCY_NAME: 'City of Springfield, Public Works',
      AGENCY_PHONE: '+1 555 0100',
      AGENCY_EMAIL: 'works@springfield.example',
      AGENCY_WEBSITE: 'https://springfield.example/help',
      AGENCY_HOURS: 'Weekdays 9 to 4',
      AGENCY_TIME_ZONE: 'America/Chicago',
    });
    expect(config.smsProviderToken).toBe('tok-123');
    expect(config.smsFrom).toBe('CITY311');
    expect(config.agency).toEqual({
      name: 'City of Springfield, Public Works',
      phone: '+1 555 0100',
      email: 'works@springfield.example',
      website: 'https://springfield.example/help',
      hours: 'Weekdays 9 to 4',
      timeZone: 'America/Chicago',
    });
    expect(Object.isFrozen(config.agency)).toBe(true);
  });

  it('keeps demo defaults for agency fields left unset', () => {
    const config = loadConfig({ AGENCY_NAME: 'Town of Hill Valley' });
    expect(config.agency).toMatchObject({
      name: 'Town of Hill Valley',
      phone: DEMO_AGENCY.phone,
      timeZone: DEMO_AGENCY.timeZone,
    });
  });

  it('names a bad agency email, website or time zone', () => {
    expect(
      problemsOf({ AGENCY_EMAIL: 'nobody', AGENCY_WEBSITE: 'ftp://city', AGENCY_TIME_ZONE: 'Mars/Olympus' }).sort(),
    ).toEqual(['AGENCY_EMAIL', 'AGENCY_TIME_ZONE', 'AGENCY_WEBSITE']);
  });

  it('masks the SMS token for logging', () => {
    const logged = JSON.stringify(redactedConfig(loadConfig({ SMS_PROVIDER_TOKEN: 'very-secret-token' })));
    expect(logged).not.toContain('very-secret-token');
    expect(logged).toContain('"smsProviderToken":"***"');
  });
});
