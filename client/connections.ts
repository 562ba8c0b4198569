/**
 * The departments' systems this process talks to: the connections file read and checked once at
 * start (its problems at file:line:col), secrets from the environment (config/connection-settings.ts).
 * Shared by the worker (sending work orders) and the API (their callbacks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, resolveConnections, type AppConfig } from '../config';
import type { Connections } from '../domain/connections';
import { formatProblem } from '../process-definitions/loader';
import { loadConnectionsFileSync } from '../process-definitions/loader/load-connections';

/** Used when CONNECTIONS_FILE is unset and the file is there (a source checkout, `npm start`). */
export const SHIPPED_CONNECTIONS_FILE = path.join(
  __dirname,
  '..',
  'process-definitions',
  'connections',
  'connections.yaml',
);

export function connectionsFromConfig(
  config: Pick<AppConfig, 'connectionsFile' | 'env'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Connections {
  const file =
    config.connectionsFile ?? (fs.existsSync(SHIPPED_CONNECTIONS_FILE) ? SHIPPED_CONNECTIONS_FILE : undefined);
  if (file === undefined) return {};
  const loaded = loadConnectionsFileSync(file);
  if (!loaded.ok)
    throw new ConfigError(
      loaded.problems.map((problem) => ({ variable: 'CONNECTIONS_FILE', message: formatProblem(problem) })),
    );
  return resolveConnections(loaded.document, env, config.env);
}
