/**
 * Scenarios say how automated actions answer (`activities: { name: { output | fail } }`), so the
 * success output and the `onFailure` path can both be simulated; unlisted activities succeed empty.
 */
import path from 'node:path';
import type { ScenarioDocument } from '../../domain/definition';
import { formatProblems, loadDefinitionFileSync } from '../../process-definitions/loader';
import { runScenario } from '../../simulator/scenario-runner';

const loaded = loadDefinitionFileSync(path.join(__dirname, '..', 'fixtures', 'definitions', 'valid-permit.yaml'));
if (!loaded.compiled) throw new Error(formatProblems(loaded.problems));
const definition = loaded.compiled;

function scenario(activities: ScenarioDocument['activities'], expectSteps: string[]): ScenarioDocument {
  return {
    name: 'fees',
    startAt: '2026-03-02T09:00:00-08:00',
    data: { applicantName: 'Ada', parcelId: 'P-1', category: 'residential', valuation: 1000 },
    actors: { carla: { roles: ['intake-clerk', 'reviewer'] } },
    ...(activities ? { activities } : {}),
    steps: [{ act: { step: 'intake', action: 'complete', by: 'carla' } }, { expect: { steps: expectSteps } }],
    expect: {},
  };
}

describe('scenario activities', () => {
  it('a failing activity takes the onFailure path', () => {
    const report = runScenario(definition, scenario({ 'fees.calculate': { fail: 'fee service down' } }, ['intake']));
    expect(report.failures).toEqual([]);
    expect(report.timeline.some((item) => item.entry.type === 'activity-failed')).toBe(true);
  });

  it('an activity with an output writes it to the case; unlisted ones succeed empty', () => {
    const withOutput = runScenario(
      definition,
      scenario({ 'fees.calculate': { output: { feePaid: true } } }, ['zoning-review', 'fire-review']),
    );
    expect(withOutput.failures).toEqual([]);
    expect(withOutput.finalState?.data.feePaid).toBe(true);
    const plain = runScenario(definition, scenario(undefined, ['zoning-review', 'fire-review']));
    expect(plain.failures).toEqual([]);
    expect(plain.finalState?.data.feePaid).toBeUndefined();
  });
});
