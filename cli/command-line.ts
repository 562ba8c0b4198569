/**
 * Command-line options for the `civicflow` commands through node:util's parseArgs (strict: an unknown
 * option or a missing value is a usage error, returned as a message for the command to print).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export type CommandLine<T extends Options> = ReturnType<
  typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>
>;

export function parseCommandLine<T extends Options>(argv: string[], options: T): CommandLine<T> | string {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Checked by code, not class: under jest the error comes from another realm's TypeError.
    if (
      error !== null &&
      typeof error === 'object' &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS') &&
      'message' in error
    )
      return String(error.message);
    throw error;
  }
}
