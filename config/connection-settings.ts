/**
 * Connections to departments' systems made usable: each shared secret read from the environment
 * variable the connections file names (never from the file or the database), at least 32 characters,
 * and the address held to https — plain http is allowed only to this machine (localhost) and only
 * outside production.
 * Runs once at start, beside loadConfig; every problem is reported at once as a ConfigError.
 */
import { isLoopbackHttp, type Connection, type Connections, type ConnectionsDocument } from '../domain/connections';
import { ConfigError, type ConfigProblem } from './config-error';

/** Shortest secret accepted: HMAC keys shorter than this are guessable. */
export const MIN_CONNECTION_SECRET_LENGTH = 32;

export function resolveConnections(
  document: ConnectionsDocument | undefined,
  env: Readonly<Record<string, string | undefined>>,
  nodeEnv: 'production' | 'development' | 'test',
): Connections {
  const problems: ConfigProblem[] = [];
  const resolved: Record<string, Connection> = {};
  for (const [name, connection] of Object.entries(document?.connections ?? {})) {
    const variable = `connections.${name}`;
    let url: URL | undefined;
    try {
      url = new URL(connection.url);
    } catch {
      problems.push({ variable, message: `url ${JSON.stringify(connection.url)} is not a URL` });
    }
    if (url && url.protocol !== 'https:' && !(nodeEnv !== 'production' && isLoopbackHttp(url))) {
      problems.push({
        variable,
        message:
          nodeEnv === 'production'
            ? 'url must be https in production'
            : 'url must be https (plain http only to localhost, outside production)',
      });
    }
    const secret = env[connection.secret.env];
    if (secret !== undefined && secret.length < MIN_CONNECTION_SECRET_LENGTH) {
      problems.push({
        variable: connection.secret.env,
        message: `the secret of connection "${name}" must be at least ${MIN_CONNECTION_SECRET_LENGTH} characters`,
      });
    }
    // An unset secret leaves the connection named but unusable (a deployment that does not use it need
    // not invent one): a work order to it becomes an incident saying so, and its callbacks are 404.
    resolved[name] = Object.freeze({ ...connection, name, ...(secret !== undefined ? { secretValue: secret } : {}) });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(resolved);
}
