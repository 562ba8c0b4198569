/**
 * `civicflow simulate <file...> [--scenario name] [--json]`: runs the scenarios shipped in process
 * definitions through the interpreter with virtual time, prints a timeline and coverage.
 * Exit 0 when every scenario passes, 1 when one fails or a definition is invalid, 2 on usage errors.
 */
import { formatProblems, loadDefinitionFile } from '../process-definitions/loader';
import { runScenarios } from '../simulator/scenario-runner';
import { coverageOf, formatReports } from '../simulator/timeline-format';
import { processIo, type CliIo } from './cli-io';
import { parseCommandLine } from './command-line';

const USAGE = 'usage: civicflow simulate <file...> [--scenario name] [--json]';

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCommandLine(argv, {
    json: { type: 'boolean' },
    scenario: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (typeof parsed === 'string') {
    io.err(`civicflow simulate: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  const files = parsed.positionals;
  const { scenario } = parsed.values;
  const json = parsed.values.json === true;
  if (scenario === '') {
    io.err(`civicflow simulate: --scenario needs a name\n${USAGE}`);
    return 2;
  }
  if (files.length === 0) {
    io.err(USAGE);
    return 2;
  }

  let failed = false;
  const results: unknown[] = [];
  for (const file of files) {
    const loaded = await loadDefinitionFile(file);
    if (!loaded.compiled) {
      failed = true;
      if (json) results.push({ file, valid: false, problems: loaded.problems });
      else
        io.err(
          `${file}: the definition is not valid, nothing simulated\n${formatProblems(loaded.problems.filter((p) => p.severity === 'error'))}`,
        );
      continue;
    }
    const definition = loaded.compiled;
    if (scenario !== undefined && !definition.scenarios.some((s) => s.name === scenario)) {
      io.err(
        `${file}: no scenario "${scenario}" (scenarios: ${definition.scenarios.map((s) => s.name).join(', ') || 'none'})`,
      );
      if (files.length === 1) return 2;
      continue;
    }
    const reports = runScenarios(definition, scenario);
    if (reports.some((r) => !r.passed)) failed = true;
    if (json) {
      results.push({
        file,
        valid: true,
        definition: { id: definition.id, version: definition.version, hash: definition.hash },
        scenarios: reports.map(({ finalState, ...report }) => ({
          ...report,
          openSteps: finalState?.active.map((a) => a.stepId) ?? [],
        })),
        coverage: coverageOf(definition, reports),
      });
    } else {
      io.out(formatReports(definition, file, reports));
    }
  }
  if (json) io.out(JSON.stringify(files.length === 1 ? results[0] : results, null, 2));
  return failed ? 1 : 0;
}
