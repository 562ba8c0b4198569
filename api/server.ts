/**
 * Starts the API against configured Postgres and Temporal (`DATABASE_URL`, `TEMPORAL_ADDRESS`) and
 * listens on PORT. The one-command platform (`npm start`) wires the embedded pieces instead.
 */
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../config';
import { createDatabase } from '../db';
import type { Knex } from 'knex';
import { answerClientError } from './client-error';
import { buildApp, type createApp } from './create-app';
import { metricsApp } from './middleware/metrics-endpoint.middleware';
import { removeOrphanCases } from './services/orphan-cases';
import { jsonLogger, type Logger } from './logger';

export async function listen(
  app: { listen: ReturnType<typeof createApp>['listen'] },
  config: Pick<AppConfig, 'host' | 'port'>,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve(server));
    server.once('error', reject);
    server.on('clientError', answerClientError);
    server.requestTimeout = 60_000;
    server.headersTimeout = 20_000;
  });
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
