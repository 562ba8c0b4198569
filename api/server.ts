/**
 * Starts the API against configured Postgres and Temporal (`DATABASE_URL`, `TEMPORAL_ADDRESS`) and
 * listens on PORT. The one-command platform (`npm start`) wires the embedded pieces instead.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../config';
import { createDatabase } from '../db';
import type { Knex } from 'knex';
import { answerClientError } from './client-error';
import { HTTP_STATUS, type ErrorBody } from './errors/api-error';
import { buildApp } from './create-app';
import { metricsApp } from './middleware/metrics-endpoint.middleware';
import { removeOrphanCases } from './services/orphan-cases';
import { jsonLogger, type Logger } from './logger';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface BoundServer {
  server: Server;
  /** Hands the port's requests to the app; until then they get 503 with Retry-After. */
  serve(app: { callback(): RequestHandler }): void;
  /** Stops listening and ends idle connections; once, however often it is called. */
  close(): Promise<void>;
}

/** Until the app is ready: the API's error body, for people and probes alike. */
const STARTING: ErrorBody = {
  error: { code: 'UNAVAILABLE', message: 'CivicFlow is starting; try again in a few seconds.', details: {} },
};
const starting: RequestHandler = (_req, res) => {
  res.writeHead(HTTP_STATUS.UNAVAILABLE, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
  res.end(JSON.stringify(STARTING));
};

/**
 * Binds the port before anything slow starts (database, Temporal, worker): a port that is taken fails
 * the start in a second, not after every other part came up.
 */
export async function bind(config: Pick<AppConfig, 'host' | 'port'>): Promise<BoundServer> {
  let handler: RequestHandler = starting;
  const server = createServer((req, res) => handler(req, res));
  server.on('clientError', answerClientError);
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    serve(app) {
      handler = app.callback();
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })),
  };
}

export async function listen(
  app: { callback(): RequestHandler },
  config: Pick<AppConfig, 'host' | 'port'>,
): Promise<Server> {
  const bound = await bind(config);
  bound.serve(app);
  return bound.server;
}

/** Half-done creates from earlier versions (see orphan-cases.ts); a failure is logged, never fatal. */
export async function sweepOrphanCases(db: Knex, temporal: Client, logger: Logger): Promise<void> {
  try {
    const sweep = await removeOrphanCases({ db, temporal, clock: () => new Date() });
    if (sweep.checked > 0)
      logger.info({ msg: 'orphan case rows checked', removed: sweep.removed, kept: sweep.kept.length });
  } catch (error) {
    logger.error({ msg: 'orphan case sweep failed', error: error instanceof Error ? error.message : String(error) });
  }
}

export async function main(given?: Logger): Promise<void> {
  const config = loadConfig();
  const logger = given ?? jsonLogger(config.logLevel);
  if (!config.temporal.address)
    throw new Error('TEMPORAL_ADDRESS is not set: use `npm start` for the embedded platform');
  const db = await createDatabase(config.database);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporalClient = new Client({ connection, namespace: config.temporal.namespace });
  await sweepOrphanCases(db, temporalClient, logger);
  const built = buildApp({ config, db, temporalClient, logger });
  const server = await listen(built.app, config);
  logger.info({ msg: 'api listening', url: `http://${config.host}:${config.port}` });
  if (config.metrics.port !== undefined)
    await listen(metricsApp(built.metrics, config.metrics.token, logger), {
      port: config.metrics.port,
      host: config.metrics.host,
    });
  const stop = () => {
    server.close(() => {
      void Promise.all([db.destroy(), connection.close()]).then(() => process.exit(0));
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
