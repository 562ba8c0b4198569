/**
 * The platform's configuration: read from the environment once at start-up, validated, frozen and
 * passed down. Nothing else in the code base reads `process.env`.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, type ConfigProblem } from './config-error';
import { isTimeZone } from '../domain/time-zone';
import { readSignIn, type SignInConfig } from './sign-in-config';
import { readMap, type MapConfig } from './map-config';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type DocumentStorageKind = 'disk' | 'db';

export type EmbeddedStorePlace = 'database' | 'data-dir';

export interface DatabaseConfig {
  /** External Postgres; when absent the embedded PGlite store in `embeddedDir` is used. */
  readonly url?: string;
  /** Directory of the embedded Postgres (PGlite) files. */
  readonly embeddedDir: string;
  /** How long opening one connection to the external Postgres may take before it fails. */
  readonly connectTimeoutMs: number;
}

/** A server that accepts and never answers fails the connect after this long (DATABASE_CONNECT_TIMEOUT_MS). */
export const DEFAULT_DATABASE_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Case workflows the worker keeps cached. The SDK's own default grows with the heap limit (about 2,300
 * on a 4 GiB heap), and a cached case costs 0.3–0.45 MB across the workflow thread, the SDK's core and
 * the embedded server: that cache alone would be up to half of the 2 GiB that 100,000 open cases must
 * fit in. 1,250 keeps warm a thousand cases worked on in the last minutes with room to spare; a cache
 * the size of such a burst replayed most of them and doubled their lag. Cases woken long after they
 * were last used are replayed whatever the size (bench/notes/open-cases.md).
 */
export const DEFAULT_WORKFLOW_CACHE_SIZE = 1250;

export interface TemporalConfig {
  /** host:port of a real Temporal frontend; when absent the embedded server is started. */
  readonly address?: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Where the embedded server keeps its durable state when no address is given. */
  readonly embeddedDir: string;
  /**
   * TEMPORAL_EMBEDDED_STORE: the embedded server's executions in the application's Postgres
   * ('database': DATABASE_URL, their own schema) or in PGlite in `embeddedDir` ('data-dir'). Absent:
   * chosen at start-up by embeddedServerStore (config/embedded-store.ts).
   */
  readonly embeddedStore?: EmbeddedStorePlace;
  /**
   * A case workflow bundle built ahead of time (`npm run bundle:workflows`): the worker loads it instead
   * of bundling the workflow code itself at start-up (webpack, a few seconds). Absent: it bundles.
   */
  readonly workflowBundlePath?: string;
  /**
   * How many case workflows the worker keeps in memory between their tasks (the SDK's
   * maxCachedWorkflows). A workflow out of the cache is replayed from its history when it next has
   * work. Default {@link DEFAULT_WORKFLOW_CACHE_SIZE}, not the SDK's own.
   */
  readonly workflowCacheSize: number;
  /**
   * The embedded server only: MiB of encoded history events it keeps in memory; runs used less
   * recently keep their last event and load the rest from its store when needed. Absent: 16.
   */
  readonly embeddedHistoryCacheMiB?: number;
}

export interface ApiLimitsConfig {
  /** Largest JSON or form body accepted (uploads are limited by documents.maxBytes). */
  readonly bodyLimitBytes: number;
  /** Requests per minute per client IP on public (resident and Open311) endpoints. */
  readonly publicRateLimitPerMinute: number;
  /** Trust X-Forwarded-For from a reverse proxy when judging the client IP. */
  readonly trustProxy: boolean;
}

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (port 465 style); STARTTLS is negotiated by the mailer otherwise. */
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
}

export interface DocumentLimitsConfig {
  readonly maxBytes: number;
  readonly allowedContentTypes: readonly string[];
  readonly storage: DocumentStorageKind;
  /** Where disk-stored document content lives. */
  readonly dir: string;
}

export interface AuthConfig {
  readonly jwtSecret: string;
  /** True when no JWT_SECRET was given outside production and a random one was made for this run. */
  readonly jwtSecretGenerated: boolean;
  readonly tokenTtlSeconds: number;
  /** Longest lifetime (exp - iat) a presented token may have; tokens without exp are refused. */
  readonly tokenMaxTtlSeconds: number;
}

/** Who may read /metrics: a bearer token, and/or a listener of its own (then the API port does not serve it). */
export interface MetricsConfig {
  /** Secret; `Authorization: Bearer <token>` required when set. */
  readonly token?: string;
  /** A separate listener for /metrics (e.g. bound to an internal interface); absent: served on the API port. */
  readonly port?: number;
  readonly host: string;
}

/** The staff web pages' server-side sessions (ui/server/session.middleware.ts). */
export interface WebSessionConfig {
  /** A session unused this long ends (SESSION_IDLE_MINUTES, default 30). */
  readonly idleTimeoutSeconds: number;
  /** A session ends this long after sign-in whatever its use (SESSION_MAX_HOURS, default 12). */
  readonly absoluteTimeoutSeconds: number;
  /** Mark cookies Secure: PUBLIC_URL is https (requests arriving over https get Secure anyway). */
  readonly secureCookies: boolean;
}

/** How residents reach the agency; ends every resident message (notifications' AgencyContact). */
export interface AgencyConfig {
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly website?: string;
  /** "Monday to Friday, 8 am to 5 pm". */
  readonly hours?: string;
  /** IANA time zone dates are shown in. */
  readonly timeZone: string;
}

/** Predicted resolution and the public performance figures (api/services/prediction-service.ts, public-performance-service.ts). */
export interface InsightsConfig {
  /** Published cells resting on fewer cases than this are withheld (PUBLIC_MIN_CELL_COUNT, default 5). */
  readonly publicMinCellCount: number;
  /** Predictions older than this are recomputed when next read (PREDICTION_REFRESH_MINUTES, default 60). */
  readonly predictionRefreshMinutes: number;
}

export interface AppConfig {
  readonly env: 'production' | 'development' | 'test';
  readonly host: string;
  readonly port: number;
  /** Base URL residents see in messages (links to the status page); defaults to http://localhost:PORT. */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly temporal: TemporalConfig;
  /** Absent: no SMTP server configured (email is then only recorded in the outbox). */
  readonly smtp?: SmtpConfig;
  readonly mailFrom: string;
  readonly smsProviderUrl?: string;
  /** Bearer token for the SMS gateway (secret; masked in logs). */
  readonly smsProviderToken?: string;
  /** Sender id or number the SMS gateway sends from. */
  readonly smsFrom?: string;
  readonly agency: AgencyConfig;
  readonly auth: AuthConfig;
  readonly web: WebSessionConfig;
  readonly documents: DocumentLimitsConfig;
  readonly api: ApiLimitsConfig;
  readonly metrics: MetricsConfig;
  /** Seed departments, demo users and the shipped processes on start (default: on outside production). */
  readonly seedDemoData: boolean;
  readonly insights: InsightsConfig;
  /** Days a satisfaction survey link works after the case closes (SURVEY_EXPIRY_DAYS, default 30). */
  readonly surveyExpiryDays: number;
  /** Local accounts, second factor, OpenID Connect single sign-on (config/sign-in-config.ts). */
  readonly signIn: SignInConfig;
  /** Email in: the embedded SMTP receiver, IMAP polling, service addresses (issue 11). */
  readonly inboundMail: InboundMailConfig;
  /** Departments' systems for work orders (CONNECTIONS_FILE; unset: the shipped process-definitions/connections/connections.yaml when present); secrets: config/connection-settings.ts. */
  readonly connectionsFile?: string;
  /** The portal's map on the location page (config/map-config.ts); absent: no map. */
  readonly map?: MapConfig;
}

export const DEFAULT_ALLOWED_CONTENT_TYPES: readonly string[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

type Env = Readonly<Record<string, string | undefined>>;

/** Reads values and records every problem instead of stopping at the first. */
class EnvReader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly env: Env) {}

  /** Trimmed value, or undefined when unset or blank. */
  text(name: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    const value = raw.trim();
    return value === '' ? undefined : value;
  }

  problem(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problem(name, `must be an integer between ${min} and ${max} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return Number(raw);
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problem(name, `must be true or false (got ${JSON.stringify(raw)})`);
    return fallback;
  }

  url(name: string, protocols: readonly string[]): URL | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      this.problem(name, `must be a URL (${protocols.join(' or ')})`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problem(name, `must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      return undefined;
    }
    return parsed;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const found = allowed.find((candidate) => candidate === raw.toLowerCase());
    if (found === undefined) {
      this.problem(name, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return found;
  }
}

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const TASK_QUEUE = /^[A-Za-z0-9._-]{1,200}$/;
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

function readSmtp(reader: EnvReader): SmtpConfig | undefined {
  const url = reader.url('SMTP_URL', ['smtp:', 'smtps:']);
  if (url) {
    const secure = url.protocol === 'smtps:';
    return {
      host: url.hostname,
      port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
      secure,
      user: url.username === '' ? undefined : decodeURIComponent(url.username),
      password: url.password === '' ? undefined : decodeURIComponent(url.password),
    };
  }
  const host = reader.text('SMTP_HOST');
  if (host === undefined) {
    if (reader.text('SMTP_PORT') !== undefined) reader.problem('SMTP_HOST', 'must be set when SMTP_PORT is set');
    return undefined;
  }
  const secure = reader.boolean('SMTP_SECURE', false);
  return {
    host,
    port: reader.integer('SMTP_PORT', secure ? 465 : 587, 1, 65535),
    secure,
    user: reader.text('SMTP_USER'),
    password: reader.text('SMTP_PASSWORD'),
  };
}

function readAuth(reader: EnvReader, env: AppConfig['env']): AuthConfig {
  const tokenTtlSeconds = reader.integer('JWT_TTL_SECONDS', 900, 30, 86400);
  const tokenMaxTtlSeconds = reader.integer('JWT_MAX_TTL_SECONDS', tokenTtlSeconds, 30, 86400);
  if (tokenMaxTtlSeconds < tokenTtlSeconds)
    reader.problem('JWT_MAX_TTL_SECONDS', `must be at least JWT_TTL_SECONDS (${tokenTtlSeconds})`);
  const secret = reader.text('JWT_SECRET');
  if (secret !== undefined) {
    if (secret.length < 32) reader.problem('JWT_SECRET', 'must be at least 32 characters long');
    return { jwtSecret: secret, jwtSecretGenerated: false, tokenTtlSeconds, tokenMaxTtlSeconds };
  }
  if (env === 'production') reader.problem('JWT_SECRET', 'must be set in production (at least 32 characters)');
  // Outside production a per-run secret keeps `npm start` zero-config; tokens are short-lived anyway.
  return {
    jwtSecret: randomBytes(32).toString('base64url'),
    jwtSecretGenerated: true,
    tokenTtlSeconds,
    tokenMaxTtlSeconds,
  };
}

function readMetrics(reader: EnvReader): MetricsConfig {
  const token = reader.text('METRICS_TOKEN');
  if (token !== undefined && (token.length < 16 || !/^[A-Za-z0-9._~+/=-]+$/.test(token)))
    reader.problem('METRICS_TOKEN', 'must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / = -');
  const portText = reader.text('METRICS_PORT');
  const port = portText === undefined ? undefined : reader.integer('METRICS_PORT', 0, 0, 65535);
  return {
    ...(token !== undefined ? { token } : {}),
    ...(port !== undefined ? { port } : {}),
    host: reader.text('METRICS_HOST') ?? '127.0.0.1',
  };
}

function readWebSessions(reader: EnvReader, publicUrl: URL | undefined): WebSessionConfig {
  const idleMinutes = reader.integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60);
  const maxHours = reader.integer('SESSION_MAX_HOURS', 12, 1, 7 * 24);
  if (idleMinutes > maxHours * 60)
    reader.problem('SESSION_IDLE_MINUTES', `must not exceed SESSION_MAX_HOURS (${maxHours} h)`);
  return {
    idleTimeoutSeconds: idleMinutes * 60,
    absoluteTimeoutSeconds: maxHours * 3600,
    secureCookies: publicUrl?.protocol === 'https:',
  };
}

function readDocuments(reader: EnvReader, dataDir: string): DocumentLimitsConfig {
  const listed = reader.text('DOCUMENT_CONTENT_TYPES');
  let allowedContentTypes = DEFAULT_ALLOWED_CONTENT_TYPES;
  if (listed !== undefined) {
    allowedContentTypes = listed
      .split(',')
      .map((type) => type.trim().toLowerCase())
      .filter((type) => type !== '');
    const bad = allowedContentTypes.filter((type) => !CONTENT_TYPE.test(type));
    if (bad.length > 0 || allowedContentTypes.length === 0) {
      reader.problem(
        'DOCUMENT_CONTENT_TYPES',
        `must be a comma-separated list of media types (bad: ${JSON.stringify(bad.join(','))})`,
      );
    }
  }
  return {
    maxBytes: reader.integer('DOCUMENT_MAX_BYTES', 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    allowedContentTypes,
    storage: reader.oneOf<DocumentStorageKind>('DOCUMENT_STORAGE', ['disk', 'db'], 'disk'),
    dir: path.resolve(reader.text('DOCUMENT_DIR') ?? path.join(dataDir, 'documents')),
  };
}

/** Demo defaults keep `npm start` zero-config; a real agency sets AGENCY_* once. */
export const DEMO_AGENCY: AgencyConfig = {
  name: 'City of Example (CivicFlow demo)',
  phone: '311',
  email: 'help@city.example',
  hours: 'Monday to Friday, 8 am to 5 pm',
  timeZone: 'America/Los_Angeles',
};

function readAgency(reader: EnvReader): AgencyConfig {
  const email = reader.text('AGENCY_EMAIL') ?? DEMO_AGENCY.email;
  if (email !== undefined && !/^[^<>@\s]+@[^<>@\s]+$/.test(email))
    reader.problem('AGENCY_EMAIL', `must be an email address (got ${JSON.stringify(email)})`);
  const website = reader.url('AGENCY_WEBSITE', ['http:', 'https:'])?.toString();
  const timeZone = reader.text('AGENCY_TIME_ZONE') ?? DEMO_AGENCY.timeZone;
  if (!isTimeZone(timeZone))
    reader.problem(
      'AGENCY_TIME_ZONE',
      `must be an IANA time zone such as America/Chicago (got ${JSON.stringify(timeZone)})`,
    );
  const phone = reader.text('AGENCY_PHONE') ?? DEMO_AGENCY.phone;
  const hours = reader.text('AGENCY_HOURS') ?? DEMO_AGENCY.hours;
  return {
    name: reader.text('AGENCY_NAME') ?? DEMO_AGENCY.name,
    ...(phone !== undefined ? { phone } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(website !== undefined ? { website } : {}),
    ...(hours !== undefined ? { hours } : {}),
    timeZone,
  };
}

/**
 * WORKFLOW_BUNDLE_PATH, checked here so that a wrong path stops start-up with the variable's name
 * rather than failing when the worker is created (or, in the API-only process, never).
 */
function readWorkflowBundlePath(reader: EnvReader): string | undefined {
  const given = reader.text('WORKFLOW_BUNDLE_PATH');
  if (given === undefined) return undefined;
  const file = path.resolve(given);
  try {
    const stats = statSync(file);
    if (!stats.isFile()) reader.problem('WORKFLOW_BUNDLE_PATH', `is not a file: ${file}`);
    else if (stats.size === 0) reader.problem('WORKFLOW_BUNDLE_PATH', `is an empty file: ${file}`);
    else accessSync(file, fsConstants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    reader.problem('WORKFLOW_BUNDLE_PATH', `cannot be read (${code}): ${file}`);
  }
  return file;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parses the environment into an {@link AppConfig}. Throws {@link ConfigError} naming every bad
 * variable. Pass an explicit env object in tests; the default is `process.env`.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const reader = new EnvReader(env);
  const nodeEnv = reader.oneOf('NODE_ENV', ['production', 'development', 'test'] as const, 'development');
  const dataDir = path.resolve(reader.text('DATA_DIR') ?? './data');
  const port = reader.integer('PORT', 3000, 0, 65535);
  const host = reader.text('HOST') ?? '0.0.0.0';

  const databaseUrl = reader.url('DATABASE_URL', ['postgres:', 'postgresql:']);

  const temporalAddress = reader.text('TEMPORAL_ADDRESS');
  if (temporalAddress !== undefined) {
    const match = HOST_PORT.exec(temporalAddress);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      reader.problem('TEMPORAL_ADDRESS', `must be host:port (got ${JSON.stringify(temporalAddress)})`);
    }
  }
  const taskQueue = reader.text('TASK_QUEUE') ?? 'civicflow-cases';
  if (!TASK_QUEUE.test(taskQueue))
    reader.problem('TASK_QUEUE', 'must be 1-200 letters, digits, dots, dashes or underscores');
  const namespace = reader.text('TEMPORAL_NAMESPACE') ?? 'default';
  if (!TASK_QUEUE.test(namespace))
    reader.problem('TEMPORAL_NAMESPACE', 'must be 1-200 letters, digits, dots, dashes or underscores');
  const workflowBundlePath = readWorkflowBundlePath(reader);
  const embeddedStore =
    reader.text('TEMPORAL_EMBEDDED_STORE') === undefined
      ? undefined
      : reader.oneOf<EmbeddedStorePlace>('TEMPORAL_EMBEDDED_STORE', ['database', 'data-dir'], 'data-dir');
  if (embeddedStore === 'database' && databaseUrl === undefined)
    reader.problem('TEMPORAL_EMBEDDED_STORE', 'is "database", which needs DATABASE_URL');

  const mailFrom = reader.text('MAIL_FROM') ?? 'CivicFlow <no-reply@civicflow.localhost>';
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom)) {
    reader.problem(
      'MAIL_FROM',
      `must be an email address, optionally "Name <address>" (got ${JSON.stringify(mailFrom)})`,
    );
  }

  const publicUrl = reader.url('PUBLIC_URL', ['http:', 'https:']);
  const publicBase = (publicUrl?.toString() ?? `http://localhost:${port}/`).replace(/\/$/, '');
  const agency = readAgency(reader);
  const map = readMap(reader, nodeEnv);

  const config: AppConfig = {
    env: nodeEnv,
    host,
    port,
    publicUrl: publicBase,
    dataDir,
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    database: {
      url: databaseUrl?.toString(),
      embeddedDir: path.resolve(reader.text('EMBEDDED_POSTGRES_DIR') ?? path.join(dataDir, 'postgres')),
      connectTimeoutMs: reader.integer(
        'DATABASE_CONNECT_TIMEOUT_MS',
        DEFAULT_DATABASE_CONNECT_TIMEOUT_MS,
        100,
        10 * 60 * 1000,
      ),
    },
    temporal: {
      address: temporalAddress,
      namespace,
      taskQueue,
      embeddedDir: path.resolve(reader.text('TEMPORAL_DATA_DIR') ?? path.join(dataDir, 'temporal')),
      ...(embeddedStore !== undefined ? { embeddedStore } : {}),
      ...(workflowBundlePath !== undefined ? { workflowBundlePath } : {}),
      workflowCacheSize: reader.integer('WORKFLOW_CACHE_SIZE', DEFAULT_WORKFLOW_CACHE_SIZE, 2, 1_000_000),
      ...(reader.text('TEMPORAL_HISTORY_CACHE_MB') !== undefined
        ? { embeddedHistoryCacheMiB: reader.integer('TEMPORAL_HISTORY_CACHE_MB', 0, 0, 1_048_576) }
        : {}),
    },
    smtp: readSmtp(reader),
    mailFrom,
    smsProviderUrl: reader.url('SMS_PROVIDER_URL', ['http:', 'https:'])?.toString(),
    smsProviderToken: reader.text('SMS_PROVIDER_TOKEN'),
    smsFrom: reader.text('SMS_FROM'),
    agency,
    auth: readAuth(reader, nodeEnv),
    web: readWebSessions(reader, publicUrl),
    documents: readDocuments(reader, dataDir),
    api: {
      bodyLimitBytes: reader.integer('API_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
      publicRateLimitPerMinute: reader.integer('PUBLIC_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
      trustProxy: reader.boolean('TRUST_PROXY', false),
    },
    metrics: readMetrics(reader),
    insights: {
      publicMinCellCount: reader.integer('PUBLIC_MIN_CELL_COUNT', 5, 1, 1000),
      predictionRefreshMinutes: reader.integer('PREDICTION_REFRESH_MINUTES', 60, 1, 7 * 24 * 60),
    },
    surveyExpiryDays: reader.integer('SURVEY_EXPIRY_DAYS', 30, 1, 365),
    seedDemoData: reader.boolean('SEED_DEMO_DATA', nodeEnv !== 'production'),
    signIn: readSignIn(reader, nodeEnv, publicBase, agency.name),
    inboundMail: readInboundMail(reader, nodeEnv),
    connectionsFile:
      reader.text('CONNECTIONS_FILE') !== undefined ? path.resolve(reader.text('CONNECTIONS_FILE') ?? '') : undefined,
    ...(map ? { map } : {}),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return deepFreeze(config);
}

function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/** The configuration with secrets masked, for the start-up log. */
export function redactedConfig(config: AppConfig): Record<string, unknown> {
  return {
    ...config,
    database: { ...config.database, url: redactUrl(config.database.url) },
    smtp: config.smtp
      ? { ...config.smtp, password: config.smtp.password === undefined ? undefined : '***' }
      : undefined,
    smsProviderUrl: redactUrl(config.smsProviderUrl),
    smsProviderToken: config.smsProviderToken === undefined ? undefined : '***',
    auth: { ...config.auth, jwtSecret: '***' },
    metrics: { ...config.metrics, token: config.metrics.token === undefined ? undefined : '***' },
    signIn: {
      ...config.signIn,
      ...(config.signIn.oidc ? { oidc: { ...config.signIn.oidc, clientSecret: '***' } } : {}),
    },
    inboundMail: {
      ...config.inboundMail,
      imap: config.inboundMail.imap ? { ...config.inboundMail.imap, password: '***' } : undefined,
      smsWebhookSecret: config.inboundMail.smsWebhookSecret === undefined ? undefined : '***',
    },
  };
}

export interface InboundImapConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
  readonly mailbox: string;
  readonly processedMailbox: string;
  readonly pollIntervalMs: number;
}

export interface InboundMailConfig {
  /** Port of the embedded SMTP receiver; absent: off (INBOUND_SMTP_PORT=off, and in tests). */
  readonly smtpPort?: number;
  readonly smtpHost: string;
  /** Service address (lower case) → definition id. */
  readonly routes: Readonly<Record<string, string>>;
  /** The triage service for mail to any other address. */
  readonly defaultDefinitionId: string;
  readonly maxMessageBytes: number;
  readonly maxCasesPerSenderPerHour: number;
  /** An existing mailbox to poll (IMAP_URL); absent: none. */
  readonly imap?: InboundImapConfig;
  /** Shared secret the SMS gateway signs its webhook calls with (INBOUND_SMS_SECRET); absent: SMS in is off. */
  readonly smsWebhookSecret?: string;
}

function readInboundMail(reader: EnvReader, env: AppConfig['env']): InboundMailConfig {
  const portText = reader.text('INBOUND_SMTP_PORT');
  const off = portText?.toLowerCase() === 'off' || (portText === undefined && env === 'test');
  const smtpPort = off ? undefined : reader.integer('INBOUND_SMTP_PORT', 2525, 0, 65535);
  const routes: Record<string, string> = {};
  for (const entry of (reader.text('INBOUND_MAIL_ROUTES') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = /^([^=\s@]+@[^=\s@]+)=([a-z0-9][a-z0-9-]*)$/i.exec(entry);
    if (match) routes[match[1].toLowerCase()] = match[2];
    else
      reader.problem(
        'INBOUND_MAIL_ROUTES',
        `must be address=definition-id pairs separated by commas (got ${JSON.stringify(entry)})`,
      );
  }
  const imapUrl = reader.url('IMAP_URL', ['imap:', 'imaps:']);
  let imap: InboundImapConfig | undefined;
  if (imapUrl) {
    const secure = imapUrl.protocol === 'imaps:';
    if (imapUrl.username === '')
      reader.problem('IMAP_URL', 'must name the user and password: imap://user:password@host:port/mailbox');
    imap = {
      host: imapUrl.hostname,
      port: imapUrl.port === '' ? (secure ? 993 : 143) : Number(imapUrl.port),
      secure,
      user: decodeURIComponent(imapUrl.username),
      password: decodeURIComponent(imapUrl.password),
      mailbox: decodeURIComponent(imapUrl.pathname.replace(/^\//, '')) || 'INBOX',
      processedMailbox: reader.text('IMAP_PROCESSED_MAILBOX') ?? 'Processed',
      pollIntervalMs: reader.integer('IMAP_POLL_SECONDS', 60, 5, 86_400) * 1000,
    };
  }
  const smsWebhookSecret = reader.text('INBOUND_SMS_SECRET');
  if (smsWebhookSecret !== undefined && smsWebhookSecret.length < 16)
    reader.problem('INBOUND_SMS_SECRET', 'must be at least 16 characters long');
  return {
    ...(smtpPort !== undefined ? { smtpPort } : {}),
    smtpHost: reader.text('INBOUND_SMTP_HOST') ?? '127.0.0.1',
    routes,
    defaultDefinitionId: reader.text('INBOUND_DEFAULT_SERVICE') ?? 'service-complaint',
    maxMessageBytes: reader.integer('INBOUND_MAIL_MAX_BYTES', 25 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    maxCasesPerSenderPerHour: reader.integer('INBOUND_MAX_CASES_PER_SENDER_PER_HOUR', 5, 1, 10_000),
    ...(imap ? { imap } : {}),
    ...(smsWebhookSecret !== undefined ? { smsWebhookSecret } : {}),
  };
}
