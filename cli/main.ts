/**
 * `civicflow <command>`: dispatches to the command modules. Each command is
 * `main(argv): Promise<number>` returning the exit code, so tests call it in-process.
 */
import path from 'node:path';

import { main as validate } from '../process-definitions/validate-cli';
import { type CliIo, processIo } from './cli-io';

const USAGE = `usage: civicflow <command> [options]

commands:
  validate <file|dir...> [--json] [--previous <file>] [--activities a,b]
                         check process definitions; exit 0 when valid, 1 when not
  simulate <file> [--scenario name]
                         run a definition's scenarios with virtual time; exit 1 if one fails
`;

type Simulate = (argv: string[]) => Promise<number>;

/** Loaded lazily: the simulator is the interpreter helper's module and may not exist yet. */
function loadSimulate(): Simulate | undefined {
  try {
    const module = require(path.join(__dirname, '..', 'simulator', 'simulate-cli')) as { main?: Simulate };
    return typeof module.main === 'function' ? module.main : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes('simulate-cli')) return undefined;
    throw error;
  }
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validate(rest, io);
    case 'simulate': {
      const simulate = loadSimulate();
      if (!simulate) {
        io.err('civicflow: the simulator is not available (simulator/simulate-cli.ts)');
        return 2;
      }
      return simulate(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`civicflow: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
