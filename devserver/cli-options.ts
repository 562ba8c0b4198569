// Parses the standalone command's arguments (pure, so it can be tested).
export interface CliOptions {
  port: number;
  host: string;
  db?: string;
  timeSkipping: boolean;
  /** Print the stored schedules after start-up. */
  listSchedules: boolean;
  help: boolean;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `Usage: npm run devserver -- [--port 7233] [--host 127.0.0.1] [--db <postgres-url|dir>] [--time-skipping] [--list-schedules]

  --port           port to listen on (default 7233; 0 picks a free port)
  --host           interface to bind (default 127.0.0.1)
  --db             durable mode: a postgres:// URL, or a directory for an embedded PGlite database
  --time-skipping  Java test server semantics: time jumps to the next timer when nothing holds a lock
  --list-schedules print the schedules (id, workflow type, next action time) once started`;

export function parseCliOptions(argv: string[]): CliOptions {
  const options: CliOptions = { port: 7233, host: '127.0.0.1', timeSkipping: false, listSchedules: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new CliUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliUsageError('--port must be an integer between 0 and 65535');
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--db':
        options.db = value();
        break;
      case '--time-skipping':
        options.timeSkipping = true;
        break;
      case '--list-schedules':
        options.listSchedules = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new CliUsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

/** The start-up lines for --list-schedules (pure). */
export function formatScheduleList(
  schedules: ReadonlyArray<{
    namespace: string;
    scheduleId: string;
    workflowType: string;
    paused: boolean;
    nextActionMs?: number;
  }>,
): string[] {
  if (schedules.length === 0) return ['Schedules: none'];
  return [
    `Schedules (${schedules.length}):`,
    ...[...schedules]
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.scheduleId.localeCompare(b.scheduleId))
      .map(
        (s) =>
          `  ${s.namespace}/${s.scheduleId} → ${s.workflowType}; ${s.paused ? 'paused' : s.nextActionMs !== undefined ? `next ${new Date(s.nextActionMs).toISOString()}` : 'no more actions'}`,
      ),
  ];
}
