/**
 * The Koa application, built from its dependencies and never listening (server.ts listens; tests call
 * `request(app.callback())`). Order matters: request context, then the error mapper, then everything else.
 */
import type { Client } from '@temporalio/client';
import Koa from 'koa';
import type { Knex } from 'knex';
import type { AppConfig } from '../config';
import { createDocumentStore, type DocumentStore } from '../db';
import { createOpen311Router, open311Errors } from '../open311';
import { smsWebhookRoutes } from './routes/sms-webhook.routes';
import { connectionRoutes } from './routes/connections.routes';
import { connectionsFromConfig } from '../client/connections';
import type { Connections } from '../domain/connections';
import { authenticate } from './auth/authenticate.middleware';
import { createSignInThrottle, type SignInThrottle } from './auth/sign-in-throttle';
import { jsonLogger, type Logger } from './logger';
import { createMetrics, type ApiMetrics } from './metrics';
import { errorHandler } from './middleware/error-handler.middleware';
import { metricsEndpoint } from './middleware/metrics-endpoint.middleware';
import { rateLimit } from './middleware/rate-limit.middleware';
import { requestContext } from './middleware/request-context.middleware';
import { requestHygiene } from './middleware/request-hygiene.middleware';
import { securityHeaders } from './middleware/security-headers.middleware';
import { createBodyValidator } from './openapi/body-validator';
import { authRoutes } from './routes/auth.routes';
import { caseRoutes } from './routes/cases.routes';
import { definitionRoutes } from './routes/definitions.routes';
import { operationsRoutes } from './routes/operations.routes';
import { publicRoutes } from './routes/public.routes';
import { recordsRoutes } from './routes/records.routes';
import { reportRoutes } from './routes/reports.routes';
import { supervisionRoutes } from './routes/supervision.routes';
import type { RouteDeps } from './routes/route-deps';
import { worklistRoutes } from './routes/worklists.routes';
import { knowledgeRoutes, publicKnowledgeRoutes } from './routes/knowledge.routes';
import { createKnowledgeService } from './services/knowledge/knowledge-service';
import { createAssigneeService } from './services/assignee-service';
import { createCaseSlaService } from './services/case-sla-service';
import { createCaseService } from './services/case-service';
import { createDefinitionService } from './services/definition-service';
import { createChangeSignalService } from './services/list-change-tag';
import { runIdempotent } from './services/idempotent-request';
import { createAuditService } from './services/records/audit-service';
import { createRecordsService } from './services/records/records-service';
import { createReportService } from './services/report-service';
import { createAtRiskService } from './services/at-risk-service';
import { createDashboardService } from './services/dashboard-service';
import { createResidentService } from './services/resident-service';
import type { ServiceDeps } from './services/service-deps';
import { createWorklistService } from './services/worklist-service';

export interface AppDeps {
  config: AppConfig;
  db: Knex;
  temporalClient: Client;
  logger?: Logger;
  clock?: () => Date;
  metrics?: ApiMetrics;
  documents?: DocumentStore;
  outcomeTimeoutMs?: number;
  signInThrottle?: SignInThrottle;
  /** Departments' systems (default: read from config.connectionsFile with secrets from the environment). */
  connections?: Connections;
  /** Feed settle time (tests: 0). */
  feedSettleMs?: number;
}

export interface CivicFlowApp {
  app: Koa;
  /** The shared services (the Open311 routes mount on `app` with these). */
  services: Pick<
    RouteDeps,
    | 'cases'
    | 'definitions'
    | 'worklists'
    | 'reports'
    | 'residents'
    | 'sla'
    | 'assignees'
    | 'changes'
    | 'records'
    | 'audit'
    | 'atRisk'
    | 'dashboard'
    | 'knowledge'
  >;
  serviceDeps: ServiceDeps;
  metrics: ApiMetrics;
  /** The sign-in throttle the API login uses; the web sign-in shares it. */
  signInThrottle: SignInThrottle;
  clock: () => Date;
  logger: Logger;
}

export function buildApp(deps: AppDeps): CivicFlowApp {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? jsonLogger(deps.config.logLevel);
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: true });
  const documents = deps.documents ?? createDocumentStore(deps.db, deps.config.documents);
  const serviceDeps: ServiceDeps = {
    db: deps.db,
    temporal: deps.temporalClient,
    taskQueue: deps.config.temporal.taskQueue,
    clock,
    documents,
    ...(deps.outcomeTimeoutMs ? { outcomeTimeoutMs: deps.outcomeTimeoutMs } : {}),
  };
  const cases = createCaseService(serviceDeps);
  const services = {
    cases,
    definitions: createDefinitionService(serviceDeps),
    worklists: createWorklistService(serviceDeps),
    reports: createReportService(serviceDeps),
    residents: createResidentService(serviceDeps),
    sla: createCaseSlaService({ ...serviceDeps, definitions: cases.definitions }),
    assignees: createAssigneeService({ ...serviceDeps, definitions: cases.definitions }),
    changes: createChangeSignalService(serviceDeps),
    records: createRecordsService({ ...serviceDeps, definitions: cases.definitions }),
    audit: createAuditService({ ...serviceDeps, definitions: cases.definitions }),
    atRisk: createAtRiskService({ ...serviceDeps, definitions: cases.definitions }),
    dashboard: createDashboardService({ ...serviceDeps, agencyName: deps.config.agency.name }),
    knowledge: createKnowledgeService(serviceDeps),
  };
  const signInThrottle = deps.signInThrottle ?? createSignInThrottle();
  const routeDeps: RouteDeps = {
    config: deps.config,
    db: deps.db,
    temporal: deps.temporalClient,
    clock,
    metrics,
    bodies: createBodyValidator(),
    signInThrottle,
    ...services,
  };

  const app = new Koa({ proxy: deps.config.api.trustProxy });
  app.silent = true;
  app.use(requestContext(logger, metrics));
  app.use(errorHandler(logger));
  const reportOpen311Error = (error: unknown) =>
    logger.error({
      msg: 'open311 request failed',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  // Under /open311 every answer, whoever raises it, is in Open311's error shape.
  app.use(open311Errors(reportOpen311Error));
  app.use(securityHeaders());
  app.use(requestHygiene());
  // /metrics takes its own bearer token, so it answers before staff authentication.
  if (deps.config.metrics.port === undefined) app.use(metricsEndpoint(metrics, deps.config.metrics.token));
  app.use(
    authenticate(
      deps.db,
      {
        secret: deps.config.auth.jwtSecret,
        ttlSeconds: deps.config.auth.tokenTtlSeconds,
        maxTtlSeconds: deps.config.auth.tokenMaxTtlSeconds,
      },
      clock,
    ),
  );
  for (const router of [
    operationsRoutes(routeDeps),
    authRoutes(routeDeps),
    definitionRoutes(routeDeps),
    caseRoutes(routeDeps),
    worklistRoutes(routeDeps),
    reportRoutes(routeDeps),
    publicRoutes(routeDeps),
    recordsRoutes(routeDeps),
    supervisionRoutes(routeDeps),
    smsWebhookRoutes(routeDeps),
    knowledgeRoutes(routeDeps),
    publicKnowledgeRoutes(routeDeps),
    connectionRoutes({
      ...routeDeps,
      connections: deps.connections ?? connectionsFromConfig(deps.config),
      ...(deps.feedSettleMs !== undefined ? { feedSettleMs: deps.feedSettleMs } : {}),
    }),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  // Open311 GeoReport v2 over the same case service; it answers its own error shape.
  app.use(
    createOpen311Router({
      db: deps.db,
      cases: services.cases,
      idempotent: (key, run) => runIdempotent(deps.db, key, run),
      clock,
      config: deps.config,
      middleware: [rateLimit({ perMinute: deps.config.api.publicRateLimitPerMinute })],
      onError: reportOpen311Error,
    }).routes(),
  );
  return { app, services, serviceDeps, metrics, signInThrottle, clock, logger };
}

/** The Koa app alone. */
export function createApp(deps: AppDeps): Koa {
  return buildApp(deps).app;
}
