/**
 * `npm start`: the whole of CivicFlow in one process, zero configuration. Prints the URL, the demo
 * logins and a demo Open311 API key; stops cleanly on SIGINT/SIGTERM. DATABASE_URL and
 * TEMPORAL_ADDRESS switch to an external Postgres and a real Temporal cluster; `--no-worker` leaves
 * the case worker to another process.
 */
import { ConfigError, loadConfig, redactedConfig } from '../config';
import { jsonLogger } from '../api/logger';
import { installSdkLogging } from '../worker/sdk-logging';
import { startPlatform, type RunningPlatform } from './start-platform';

function banner(platform: RunningPlatform): string {
  const lines = [
    '',
    `CivicFlow is running at ${platform.url}`,
    `  Open in a browser: ${platform.url}/  (staff sign-in; residents check a request at ${platform.url}/status)`,
    `  Temporal: ${platform.embeddedTemporal ? `embedded server at ${platform.temporalAddress}, durable in ${platform.embeddedTemporalStore ?? 'its store'}` : platform.temporalAddress}`,
    `  Database: ${platform.embeddedDatabase ? 'embedded Postgres (PGlite)' : 'DATABASE_URL'}`,
    `  API:      ${platform.url}/api/v1  (docs: ${platform.url}/api/v1/openapi.json)`,
    `  Open311:  ${platform.url}/open311/v2/discovery.json`,
  ];
  if (platform.demo) {
    lines.push('', `Demo logins (sign in at ${platform.url}/sign-in, or POST ${platform.url}/api/v1/auth/login):`);
    for (const login of platform.demo.logins)
      lines.push(`  ${login.username.padEnd(12)} ${login.password.padEnd(16)} ${login.what}`);
    lines.push('', 'Demo Open311 key (new on every start):', `API key: ${platform.demo.open311ApiKey}`);
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

/** One JSON line on stderr that says why the process is going down. */
function logFatal(msg: string, error: unknown): void {
  const detail =
    error instanceof Error
      ? { error: error.message, ...(error.stack ? { stack: error.stack } : {}) }
      : { error: String(error) };
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg, ...detail })}\n`);
}

let platform: RunningPlatform | undefined;
let dying = false;

/**
 * A fatal error ends the process with exit code 1 (after a bounded attempt to shut down cleanly), so
 * a supervisor restarts it; a half-dead platform that keeps its port open but runs nothing is worse.
 */
function die(msg: string, error: unknown): void {
  logFatal(msg, error);
  if (dying) return;
  dying = true;
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  void (platform ? platform.shutdown() : Promise.resolve()).finally(() => process.exit(1));
}

process.on('unhandledRejection', (reason) => die('unhandled promise rejection', reason));
process.on('uncaughtException', (error) => die('uncaught exception', error));

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = jsonLogger(config.logLevel);
  installSdkLogging(config.logLevel, logger);
  logger.info({ msg: 'starting CivicFlow', config: redactedConfig(config) });
  // `--no-worker`: API and Open311 only (the compose stack runs the worker as its own service).
  platform = await startPlatform(config, logger, {
    worker: !process.argv.includes('--no-worker'),
    onFatal: (error) => die('the case worker stopped', error),
  });
  process.stdout.write(`${banner(platform)}\n`);
  const running = platform;

  const stop = (signal: string) => {
    logger.info({ msg: `${signal}: shutting down` });
    const force = setTimeout(() => {
      logger.error({ msg: 'shutdown took too long; exiting' });
      process.exit(1);
    }, 30_000);
    force.unref();
    running.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => die('start-up failed', error));
