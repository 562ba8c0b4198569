/**
 * `civicflow validate <file|dir...> [--json] [--previous <file>] [--activities a,b] [--connections <file>]`
 * Prints every problem as `file:line:col: error|warning CODE message` (or one JSON object with
 * --json). Exit 0 when every file is valid, 1 when any is not, 2 on a usage error. Work orders are
 * checked against the connections file (--connections, default process-definitions/connections/connections.yaml
 * when present); a connections file given as a file is checked against its own schema.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { DefinitionProblem } from '../domain/errors';
import { checkVersionChange, formatProblem, loadDefinitionFile, type LoadResult } from '../process-definitions/loader';
import { isCalendarFile, loadCalendarText } from '../process-definitions/loader/load-calendar';
import {
  connectionNames,
  isConnectionsFile,
  loadConnectionsFileSync,
  loadConnectionsText,
} from '../process-definitions/loader/load-connections';
import { sortProblems } from '../process-definitions/loader/problems';
import { processIo, type CliIo } from './cli-io';
import { parseCommandLine } from './command-line';

interface Arguments {
  files: string[];
  json: boolean;
  previous?: string;
  activities?: string[];
  connections?: string;
}

/** The connections file used when --connections is not given (relative to the working directory). */
export const DEFAULT_CONNECTIONS_FILE = path.join('process-definitions', 'connections', 'connections.yaml');

function parseArguments(argv: string[]): Arguments | string {
  const parsed = parseCommandLine(argv, {
    json: { type: 'boolean' },
    previous: { type: 'string' },
    activities: { type: 'string' },
    connections: { type: 'string' },
  });
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  if (values.previous === '') return '--previous needs a file';
  if (positionals.length === 0) return 'give at least one definition file';
  return {
    files: positionals,
    json: values.json === true,
    ...(values.previous !== undefined ? { previous: values.previous } : {}),
    ...(values.activities !== undefined
      ? {
          activities: values.activities
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
        }
      : {}),
    ...(values.connections !== undefined ? { connections: values.connections } : {}),
  };
}

export interface FileReport {
  readonly file: string;
  /** Calendar files (calendars/*.yaml) are validated against the calendar schema. */
  readonly kind?: 'calendar' | 'connections';
  readonly valid: boolean;
  readonly id?: string;
  readonly version?: string;
  readonly hash?: string;
  readonly problems: readonly DefinitionProblem[];
}

/** Validates files (and their succession from `previous`); pure apart from reading the files. */
export async function validateFiles(
  files: string[],
  options: { previous?: string; activities?: string[]; connections?: string } = {},
): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  const connectionsFile = options.connections ?? DEFAULT_CONNECTIONS_FILE;
  const given =
    options.connections !== undefined || (await fs.stat(connectionsFile).catch(() => undefined)) !== undefined;
  const connections = given ? loadConnectionsFileSync(connectionsFile) : undefined;
  if (connections && !connections.ok)
    reports.push({ file: connectionsFile, valid: false, problems: connections.problems });
  const loadOptions = {
    knownActivities: options.activities,
    ...(connections?.ok ? { knownConnections: connectionNames(connections.document) } : {}),
  };
  const previous: LoadResult | undefined = options.previous
    ? await loadDefinitionFile(options.previous, loadOptions)
    : undefined;
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined && isCalendarFile(file, text)) {
      // A shared calendar is checked as a calendar, not as a definition missing its steps.
      const calendar = loadCalendarText(text, file);
      reports.push({ file, valid: calendar.ok, kind: 'calendar', problems: calendar.problems });
      continue;
    }
    if (text !== undefined && isConnectionsFile(text)) {
      const checked = loadConnectionsText(text, file);
      reports.push({ file, valid: checked.ok, kind: 'connections', problems: checked.problems });
      continue;
    }
    const result = await loadDefinitionFile(file, loadOptions);
    let problems = [...result.problems];
    if (previous) {
      if (!previous.ok) {
        problems.push(...previous.problems.filter((problem) => problem.severity === 'error'));
      } else {
        problems.push(...checkVersionChange(previous, result));
      }
      problems = sortProblems(problems);
    }
    reports.push({
      file,
      valid: !problems.some((problem) => problem.severity === 'error'),
      id: result.document?.id,
      version: result.document?.version,
      hash: result.compiled?.hash,
      problems,
    });
  }
  return reports;
}

/** A directory stands for the definitions directly inside it (*.yaml, *.yml), sorted. */
async function expandDirectories(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    const stat = await fs.stat(entry).catch(() => undefined);
    if (stat?.isDirectory()) {
      const names = (await fs.readdir(entry)).filter((name) => /\.ya?ml$/.test(name)).sort();
      files.push(...names.map((name) => path.join(entry, name)));
    } else {
      files.push(entry);
    }
  }
  return files;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseArguments(argv);
  if (typeof args === 'string') {
    io.err(
      `civicflow validate: ${args}\nusage: civicflow validate <file|dir...> [--json] [--previous <file>] [--activities a,b] [--connections <file>]`,
    );
    return 2;
  }
  const files = await expandDirectories(args.files);
  if (files.length === 0) {
    io.err('civicflow validate: no definition files found');
    return 2;
  }
  const reports = await validateFiles(files, { previous: args.previous, activities: args.activities });
  const valid = reports.every((report) => report.valid);
  if (args.json) {
    io.out(JSON.stringify({ valid, files: reports }, null, 2));
    return valid ? 0 : 1;
  }
  for (const report of reports) for (const problem of report.problems) io.out(formatProblem(problem));
  const errors = reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'error').length, 0);
  const warnings = reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0);
  for (const report of reports) {
    if (report.valid)
      io.err(
        report.kind === 'calendar' || report.kind === 'connections'
          ? `${report.file}: valid ${report.kind}`
          : `${report.file}: valid ${report.id ?? ''}@${report.version ?? ''} sha256:${report.hash ?? ''}`,
      );
  }
  io.err(
    `${reports.length} file(s): ${reports.filter((r) => r.valid).length} valid, ${errors} error(s), ${warnings} warning(s)`,
  );
  return valid ? 0 : 1;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
