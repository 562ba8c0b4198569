import * as path from 'node:path';
import { loadConfig, redactedConfig } from './app-config';
import { problemsOf } from '../test/support/config-problems';

describe('loadConfig', () => {
  it('starts on a bare machine with defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir: path.resolve('data'),
      logLevel: 'info',
      database: { url: undefined, embeddedDir: path.resolve('data/postgres'), connectTimeoutMs: 10_000 },
      temporal: {
        address: undefined,
        namespace: 'default',
        taskQueue: 'civicflow-cases',
        embeddedDir: path.resolve('data/temporal'),
      },
      api: { bodyLimitBytes: 1024 * 1024, publicRateLimitPerMinute: 60, trustProxy: false },
      seedDemoData: true,
      smtp: undefined,
      documents: { maxBytes: 10 * 1024 * 1024, storage: 'disk', dir: path.resolve('data/documents') },
      auth: { jwtSecretGenerated: true, tokenTtlSeconds: 900, tokenMaxTtlSeconds: 900 },
      metrics: { host: '127.0.0.1' },
    });
    expect(config.metrics.token).toBeUndefined();
    expect(config.metrics.port).toBeUndefined();
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads every variable and freezes the result deeply', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app:pw@db:5432/civicflow',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'city',
      TASK_QUEUE: 'cases-v2',
      PORT: '8080',
      DATA_DIR: '/var/lib/civicflow',
      SMTP_URL: 'smtps://mailer:p%40ss@smtp.city.example',
      MAIL_FROM: 'City Services <noreply@city.example>',
      SMS_PROVIDER_URL: 'https://sms.example/send',
      JWT_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'debug',
      PUBLIC_URL: 'https://services.city.example/',
      DOCUMENT_MAX_BYTES: '2048',
      DOCUMENT_STORAGE: 'db',
      DOCUMENT_CONTENT_TYPES: 'application/pdf, image/png',
    });
    expect(config.database.url).toBe('postgres://app:pw@db:5432/civicflow');
    expect(config.temporal).toEqual({
      address: 'temporal:7233',
      namespace: 'city',
      taskQueue: 'cases-v2',
      embeddedDir: '/var/lib/civicflow/temporal',
      workflowCacheSize: 1250,
    });
    expect(config.seedDemoData).toBe(false);
    expect(config.smtp).toEqual({
      host: 'smtp.city.example',
      port: 465,
      secure: true,
      user: 'mailer',
      password: 'p@ss',
    });
    expect(config.auth).toEqual({
      jwtSecret: 'x'.repeat(40),
      jwtSecretGenerated: false,
      tokenTtlSeconds: 900,
      tokenMaxTtlSeconds: 900,
    });
    expect(config.documents).toEqual({
      maxBytes: 2048,
      storage: 'db',
      allowedContentTypes: ['application/pdf', 'image/png'],
      dir: '/var/lib/civicflow/documents',
    });
    expect(config.publicUrl).toBe('https://services.city.example');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.smtp)).toBe(true);
    expect(Object.isFrozen(config.documents.allowedContentTypes)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('masks secrets for logging', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:hunter2@db/civicflow',
      SMTP_URL: 'smtp://u:mailpw@mail',
      JWT_SECRET: 'j'.repeat(32),
    });
    const logged = JSON.stringify(redactedConfig(config));
    expect(logged).not.toMatch(/hunter2|mailpw|jjjj/);
    expect(logged).toContain('postgres://app:***@db/civicflow');
  });

  it('reads the web session timeouts and marks cookies Secure for an https PUBLIC_URL', () => {
    expect(loadConfig({}).web).toEqual({
      idleTimeoutSeconds: 30 * 60,
      absoluteTimeoutSeconds: 12 * 3600,
      secureCookies: false,
    });
    expect(
      loadConfig({ SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8', PUBLIC_URL: 'https://services.city.example' })
        .web,
    ).toEqual({ idleTimeoutSeconds: 900, absoluteTimeoutSeconds: 8 * 3600, secureCookies: true });
    expect(problemsOf({ SESSION_IDLE_MINUTES: '0', SESSION_MAX_HOURS: 'ever' }).sort()).toEqual([
      'SESSION_IDLE_MINUTES',
      'SESSION_MAX_HOURS',
    ]);
    expect(problemsOf({ SESSION_IDLE_MINUTES: '180', SESSION_MAX_HOURS: '2' })).toEqual(['SESSION_IDLE_MINUTES']);
  });

  it('caps token lifetimes and guards /metrics as configured', () => {
    expect(loadConfig({ JWT_TTL_SECONDS: '600', JWT_MAX_TTL_SECONDS: '3600' }).auth).toMatchObject({
      tokenTtlSeconds: 600,
      tokenMaxTtlSeconds: 3600,
    });
    expect(problemsOf({ JWT_TTL_SECONDS: '600', JWT_MAX_TTL_SECONDS: '300' })).toEqual(['JWT_MAX_TTL_SECONDS']);
    expect(
      loadConfig({ METRICS_TOKEN: 'm'.repeat(20), METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics,
    ).toEqual({ token: 'm'.repeat(20), port: 9464, host: '10.0.0.5' });
    expect(problemsOf({ METRICS_TOKEN: 'short', METRICS_PORT: 'x' }).sort()).toEqual(['METRICS_PORT', 'METRICS_TOKEN']);
    expect(JSON.stringify(redactedConfig(loadConfig({ METRICS_TOKEN: 'm'.repeat(20) })))).not.toContain('mmmm');
  });

  it("reads the embedded server's history cache size, within bounds", () => {
    expect(loadConfig({ TEMPORAL_HISTORY_CACHE_MB: '16' }).temporal.embeddedHistoryCacheMiB).toBe(16);
    expect(loadConfig({ TEMPORAL_HISTORY_CACHE_MB: '0' }).temporal.embeddedHistoryCacheMiB).toBe(0);
    expect(loadConfig({}).temporal.embeddedHistoryCacheMiB).toBeUndefined();
    expect(problemsOf({ TEMPORAL_HISTORY_CACHE_MB: '-1' })).toEqual(['TEMPORAL_HISTORY_CACHE_MB']);
    expect(problemsOf({ TEMPORAL_HISTORY_CACHE_MB: 'lots' })).toEqual(['TEMPORAL_HISTORY_CACHE_MB']);
  });

  it('reads the database connect timeout, within bounds', () => {
    expect(loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '2500' }).database.connectTimeoutMs).toBe(2500);
    expect(problemsOf({ DATABASE_CONNECT_TIMEOUT_MS: '0' })).toEqual(['DATABASE_CONNECT_TIMEOUT_MS']);
    expect(problemsOf({ DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toEqual(['DATABASE_CONNECT_TIMEOUT_MS']);
  });

  it('reads where the embedded server keeps its workflows, refusing the database without one', () => {
    const db = { DATABASE_URL: 'postgres://civicflow@db:5432/civicflow' };
    expect(loadConfig({}).temporal.embeddedStore).toBeUndefined();
    expect(loadConfig(db).temporal.embeddedStore).toBeUndefined();
    expect(loadConfig({ ...db, TEMPORAL_EMBEDDED_STORE: 'database' }).temporal.embeddedStore).toBe('database');
    expect(loadConfig({ ...db, TEMPORAL_EMBEDDED_STORE: 'Data-Dir' }).temporal.embeddedStore).toBe('data-dir');
    expect(loadConfig({ TEMPORAL_EMBEDDED_STORE: 'data-dir' }).temporal.embeddedStore).toBe('data-dir');
    expect(problemsOf({ TEMPORAL_EMBEDDED_STORE: 'database' })).toEqual(['TEMPORAL_EMBEDDED_STORE']);
    expect(problemsOf({ ...db, TEMPORAL_EMBEDDED_STORE: 'cloud' })).toEqual(['TEMPORAL_EMBEDDED_STORE']);
    expect(() => loadConfig({ TEMPORAL_EMBEDDED_STORE: 'database' })).toThrow(
      /TEMPORAL_EMBEDDED_STORE: is "database", which needs DATABASE_URL/,
    );
  });

  it('reads the workflow cache size, within bounds, with the platform default (not the SDK one) when unset', () => {
    expect(loadConfig({ WORKFLOW_CACHE_SIZE: '500' }).temporal.workflowCacheSize).toBe(500);
    expect(loadConfig({}).temporal.workflowCacheSize).toBe(1250);
    expect(problemsOf({ WORKFLOW_CACHE_SIZE: '1' })).toEqual(['WORKFLOW_CACHE_SIZE']);
    expect(problemsOf({ WORKFLOW_CACHE_SIZE: 'many' })).toEqual(['WORKFLOW_CACHE_SIZE']);
  });

  it('accepts SMTP host and port as separate variables', () => {
    expect(loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '2525' }).smtp).toEqual({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
      user: undefined,
      password: undefined,
    });
  });

  it('names every bad variable at once', () => {
    expect(
      problemsOf({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        TEMPORAL_ADDRESS: 'no-port',
        LOG_LEVEL: 'loud',
        SMTP_PORT: '25',
        MAIL_FROM: 'not an address',
        SMS_PROVIDER_URL: 'ftp://sms',
        JWT_SECRET: 'short',
        DOCUMENT_MAX_BYTES: '-1',
        DOCUMENT_STORAGE: 's3',
        TASK_QUEUE: 'bad queue!',
        TRUST_PROXY: 'maybe',
        API_BODY_LIMIT_BYTES: '10',
      }).sort(),
    ).toEqual([
      'API_BODY_LIMIT_BYTES',
      'DATABASE_URL',
      'DOCUMENT_MAX_BYTES',
      'DOCUMENT_STORAGE',
      'JWT_SECRET',
      'LOG_LEVEL',
      'MAIL_FROM',
      'PORT',
      'SMS_PROVIDER_URL',
      'SMTP_HOST',
      'TASK_QUEUE',
      'TEMPORAL_ADDRESS',
      'TRUST_PROXY',
    ]);
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET']);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: must be an integer between 0 and 65535 \(got "70000"\)/);
  });
});
