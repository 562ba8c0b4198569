/**
 * Interpreter time per event: every interpreter call made while running the shipped processes'
 * scenarios (staff actions, external events, timers, activity completions) is recorded once, then
 * replayed many times against its recorded input state. Also: case start, and the working-time
 * arithmetic underneath (a 60-working-day deadline, 40 working hours).
 */
import path from 'node:path';
import type { CompiledDefinition } from '../domain/definition';
import { applyCaseEvent, startCase } from '../interpreter';
import { addWorkingDays, addWorkingTime, HOUR_MS } from '../interpreter/working-time';
import { loadDefinitionFileSync, requireCompiled } from '../process-definitions/loader';
import { runScenarios } from '../simulator/scenario-runner';
import type { BenchFigures } from './lib/bench-result';
import { percentile } from './lib/measure';

const PROCESSES = ['building-permit', 'service-complaint', 'benefit-application'];
const ROUNDS = Number(process.env.BENCH_INTERPRETER_ROUNDS ?? 30);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function microsPerCall(task: () => void, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) task();
  return Number(process.hrtime.bigint() - start) / 1e3 / calls;
}

export async function run(): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  const perEvent: number[] = [];
  let events = 0;
  for (const name of PROCESSES) {
    const definition: CompiledDefinition = requireCompiled(
      loadDefinitionFileSync(path.join(__dirname, '..', 'process-definitions', `${name}.yaml`)),
    );
    const traces = runScenarios(definition, undefined, { trace: true }).flatMap((r) => r.trace ?? []);
    // Warm up, then time each recorded call over many rounds.
    for (const t of traces) applyCaseEvent(definition, t.state, t.event, t.nowMs);
    const samples: number[] = [];
    const start = process.hrtime.bigint();
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of traces) {
        const s = process.hrtime.bigint();
        applyCaseEvent(definition, t.state, t.event, t.nowMs);
        samples.push(Number(process.hrtime.bigint() - s) / 1e3);
      }
    }
    const totalUs = Number(process.hrtime.bigint() - start) / 1e3;
    perEvent.push(...samples);
    events += samples.length;
    figures[`${name}.events`] = traces.length;
    // Largest case state seen (JSON bytes): what a workflow carries and continue-as-new passes on.
    figures[`${name}.maxStateBytes`] = Math.max(...traces.map((t) => Buffer.byteLength(JSON.stringify(t.state))));
    // Medians and p90 rather than p99/mean: on a shared 2-core machine single calls get preempted for
    // tens of milliseconds, which says nothing about the interpreter.
    figures[`${name}.meanUsPerEvent`] = round(totalUs / samples.length);
    figures[`${name}.p50UsPerEvent`] = round(percentile(samples, 0.5));
    figures[`${name}.p90UsPerEvent`] = round(percentile(samples, 0.9));
    const scenario = definition.scenarios[0];
    figures[`${name}.startCaseUs`] = round(
      microsPerCall(
        () =>
          startCase(
            definition,
            { caseId: 'bench', data: scenario.data ?? {} },
            Date.parse(scenario.startAt ?? '2026-01-05T09:00:00Z'),
          ),
        2000,
      ),
    );
  }
  figures['all.eventsTimed'] = events;
  figures['all.p50UsPerEvent'] = round(percentile(perEvent, 0.5));
  figures['all.p90UsPerEvent'] = round(percentile(perEvent, 0.9));
  figures['all.eventsPerSecondAtMedian'] = Math.round(1e6 / percentile(perEvent, 0.5));

  const calendar = requireCompiled(
    loadDefinitionFileSync(path.join(__dirname, '..', 'process-definitions', 'building-permit.yaml')),
  ).calendars['la-city'];
  let t = Date.parse('2026-03-02T17:00:00Z');
  figures['workingTime.add60WorkingDaysUs'] = round(
    microsPerCall(() => {
      t += 3_600_000;
      addWorkingDays(calendar, t, 60);
    }, 5000),
    2,
  );
  figures['workingTime.add40WorkingHoursUs'] = round(
    microsPerCall(() => {
      t += 3_600_000;
      addWorkingTime(calendar, t, 40 * HOUR_MS);
    }, 5000),
    2,
  );
  await Promise.resolve();
  return figures;
}
