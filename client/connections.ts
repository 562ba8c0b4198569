/**
 * The departments' systems this process talks to: the connections file read and checked once at
 * start (its problems at file:line:col), secrets from the environment (config/connection-settings.ts).
 */
import { ConfigError, resolveConnections, type AppConfig } from '../config';
import type { Connections } from '../domain/connections';
import { formatProblem } from '../process-definitions/loader';
import { loadConnectionsFileSync } from '../process-definitions/loader/load-connections';

export function connectionsFromConfig(config: Pick<AppConfig, 'connectionsFile' | 'env'>, env: Readonly<Record<string, string | undefined>> = process.env): Connections {
  const loaded = loadConnectionsFileSync(config.connectionsFile);
  if (!loaded.ok) throw new ConfigError(loaded.problems.map((problem) => ({ variable: 'CONNECTIONS_FILE', message: formatProblem(problem) })));
  return resolveConnections(loaded.document, env, config.env);
}
