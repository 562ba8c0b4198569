/**
 * `civicflow <command>`: dispatches to the command modules. Each command is
 * `main(argv): Promise<number>` returning the exit code, so tests call it in-process.
 */
import { type CliIo, processIo } from './cli-io';
import { main as validate } from './validate-command';

const USAGE = `usage: civicflow <command> [options]

commands:
  validate <file|dir...> [--json] [--previous <file>] [--activities a,b]
                         check process definitions; exit 0 when valid, 1 when not
  simulate <file> [--scenario name]
                         run a definition's scenarios with virtual time; exit 1 if one fails
  move-embedded-store [--from <dir|url>] [--to <url|dir>] [--keep-source]
                         move the embedded Temporal server's workflows (platform stopped),
                         by default from TEMPORAL_DATA_DIR into DATABASE_URL
`;

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validate(rest, io);
    case 'simulate': {
      // Loaded on use: `validate` need not compile the interpreter and simulator through ts-node.
      const { main: simulate } = await import('./simulate-command');
      return simulate(rest, io);
    }
    case 'move-embedded-store': {
      const { main: moveStore } = await import('./move-store-command');
      return moveStore(rest, io);
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
