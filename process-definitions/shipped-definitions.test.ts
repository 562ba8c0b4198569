/**
 * The three processes CivicFlow ships: valid without a single warning, every scenario passes, and
 * together the scenarios enter every step, take every action and reach every outcome. Also holds the
 * shipped definitions to the house rules for SLAs: every human and wait step has a warning and two
 * escalation levels.
 */
import path from 'node:path';

import type { CompiledDefinition } from '../domain/definition';
import { runScenarios } from '../simulator/scenario-runner';
import { loadDefinitionFileSync } from './loader';

const SHIPPED = ['building-permit.yaml', 'service-complaint.yaml', 'benefit-application.yaml'];

function load(file: string): { definition: CompiledDefinition; problems: string[] } {
  const result = loadDefinitionFileSync(path.join(__dirname, file));
  const problems = result.problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.code} ${p.message}`);
  if (!result.compiled) throw new Error(`${file} does not compile:\n${problems.join('\n')}`);
  return { definition: result.compiled, problems };
}

describe.each(SHIPPED)('%s', (file) => {
  const { definition, problems } = load(file);
  const reports = runScenarios(definition);

  it('validates without errors or warnings', () => {
    expect(problems).toEqual([]);
  });

  it('has scenarios and all of them pass', () => {
    expect(reports.length).toBeGreaterThanOrEqual(8);
    const failures = reports
      .filter((r) => !r.passed)
      .map((r) => `${r.name}: ${r.failures.map((f) => `step ${f.step}: ${f.message}`).join('; ')}`);
    expect(failures).toEqual([]);
  });

  it('covers every step, action and outcome', () => {
    const entered = new Set(reports.flatMap((r) => r.stepsEntered));
    const taken = new Set(reports.flatMap((r) => r.actionsTaken));
    const reached = new Set(reports.map((r) => r.outcome));
    expect(Object.keys(definition.steps).filter((id) => !entered.has(id))).toEqual([]);
    const actions = Object.values(definition.steps).flatMap((step) =>
      step.type === 'human' ? Object.keys(step.actions).map((a) => `${step.id}.${a}`) : [],
    );
    expect(actions.filter((a) => !taken.has(a))).toEqual([]);
    expect(Object.keys(definition.outcomes).filter((o) => !reached.has(o))).toEqual([]);
  });

  it('gives every human and wait step a warning and two escalation levels', () => {
    for (const step of Object.values(definition.steps)) {
      if (step.type !== 'human' && step.type !== 'wait') continue;
      expect({ step: step.id, kind: step.sla.kind }).toEqual({ step: step.id, kind: 'sla' });
      if (step.sla.kind !== 'sla') continue;
      expect({ step: step.id, warning: step.sla.warning !== undefined, levels: step.sla.escalations.length }).toEqual({
        step: step.id,
        warning: true,
        levels: 2,
      });
    }
  });

  it('tags personal data and gives every outcome a retention class', () => {
    expect(definition.caseData.personalFields.length).toBeGreaterThan(0);
    for (const outcome of Object.values(definition.outcomes))
      expect(definition.retentionClasses[outcome.retention]).toBeDefined();
  });

  it('exercises an SLA escalation to level 2 and a rejected action', () => {
    const timeline = reports.flatMap((r) => r.timeline.map((t) => t.entry));
    expect(timeline.some((e) => e.type === 'sla-escalated' && (e as { level?: number }).level === 2)).toBe(true);
    expect(reports.some((r) => r.rejections.some((x) => x.expected))).toBe(true);
  });
});
