import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../cli/simulate-command';

const root = path.resolve(__dirname, '..', '..');
const permit = path.join(root, 'process-definitions', 'building-permit.yaml');

async function simulate(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The generic fixture plus two scenarios: one that passes and one whose expectation is wrong.
const SCENARIOS = `
scenarios:
  - name: straight-through
    startAt: "2026-04-20T10:00:00+02:00"
    data: { title: Shed }
    actors:
      clara: { roles: [clerk] }
      ann: { roles: [reviewer-a] }
      bob: { roles: [reviewer-b] }
    steps:
      - act: { step: intake, action: submit, by: clara, data: { amount: 50 } }
      - act: { step: review-a, action: done, by: ann, data: { findingA: ok } }
      - act: { step: review-b, action: done, by: bob, data: { findingB: ok } }
      - expect: { steps: [await-reply], status: waiting }
      - event: { type: reply, data: { reply: thanks } }
    expect:
      outcome: done
      events:
        - { type: clock-paused }
        - { type: clock-resumed }
        - { type: case-finished }
  - name: checkpoints-and-rejections
    startAt: "2026-04-20T10:00:00+02:00"
    data: { title: Shed }
    actors:
      clara: { roles: [clerk] }
      sam: { roles: [supervisor] }
    steps:
      - event: { type: reply, data: { note: sneaky }, expectRejected: FIELD_NOT_EDITABLE }
      - resumeClock: { expectRejected: CLOCK_NOT_PAUSED }
      - advanceTo: "2026-04-20T12:30:00+02:00"
      - expect:
          events: [{ type: sla-warning, step: intake, at: "2026-04-20T12:00:00+02:00" }]
          absent: [{ type: sla-escalated }]
      - cancel: { by: clara, comment: wrong role, expectRejected: ROLE_NOT_ALLOWED }
      - cancel: { by: sam, expectRejected: COMMENT_REQUIRED }
      - cancel: { by: sam, comment: opened in error }
    expect:
      outcome: withdrawn
      events:
        - { type: action-rejected }
        - { type: case-cancelled }
      absent:
        - { type: sla-escalated }
  - name: wrong-expectation
    data: { title: Shed }
    actors:
      clara: { roles: [clerk] }
    steps:
      - advance: 1 working day
    expect:
      outcome: done
`;

describe('civicflow simulate', () => {
  let dir: string;
  let fixture: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-simulate-'));
    fixture = path.join(dir, 'review-flow.yaml');
    writeFileSync(
      fixture,
      readFileSync(path.join(root, 'test', 'interpreter', 'fixtures', 'review-flow.yaml'), 'utf8') + SCENARIOS,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every shipped scenario, prints a timeline and coverage, exits 0', async () => {
    const { code, out } = await simulate(permit);
    expect(code).toBe(0);
    const summary = /(\d+)\/(\d+) scenario\(s\) passed/.exec(out);
    expect(summary?.[1]).toBe(summary?.[2]);
    expect(out).toMatch(/scenario issued-straight-through: PASS/);
    expect(out).toMatch(/⏱ clock paused \(awaiting-payment\)/);
    expect(out).toMatch(/SLA warning on/);
    expect(out).toMatch(/coverage: steps \d+\/\d+/);
    expect(out).toMatch(/actions \d+\/\d+/);
    expect(out).toMatch(/■ outcome permit-issued/);
  });

  it('--scenario runs one scenario', async () => {
    const { code, out } = await simulate(permit, '--scenario', 'issued-straight-through');
    expect(code).toBe(0);
    expect(out).toMatch(/1\/1 scenario\(s\) passed/);
    expect(out).not.toMatch(/scenario withdrawn-during-review/);
  });

  it('exits 1 when a scenario fails and says why', async () => {
    const { code, out } = await simulate(fixture);
    expect(code).toBe(1);
    expect(out).toMatch(/scenario straight-through: PASS/);
    expect(out).toMatch(/scenario wrong-expectation: FAIL/);
    expect(out).toMatch(/FAILED: expected outcome "done", got "\(still open\)"/);
    expect(out).toMatch(/2\/3 scenario\(s\) passed/);
    expect(out).toMatch(/scenario checkpoints-and-rejections: PASS/);
    expect((await simulate(fixture, '--scenario', 'straight-through')).code).toBe(0);
  });

  it('a checkpoint with a wrong event instant fails and names the real instant', async () => {
    const wrongAt = path.join(dir, 'wrong-at.yaml');
    writeFileSync(
      wrongAt,
      readFileSync(fixture, 'utf8').replace('at: "2026-04-20T12:00:00+02:00"', 'at: "2026-04-20T12:15:00+02:00"'),
    );
    const { code, out } = await simulate(wrongAt, '--scenario', 'checkpoints-and-rejections');
    expect(code).toBe(1);
    expect(out).toMatch(/did not occur so far \(it occurred at 2026-04-20T10:00:00.000Z\)/);
  });

  it('--json gives a machine-readable report', async () => {
    const { code, out } = await simulate(fixture, '--json');
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      valid: boolean;
      definition: { id: string };
      scenarios: { name: string; passed: boolean; failures: unknown[]; timeline: unknown[] }[];
      coverage: { steps: { covered: number; total: number } };
    };
    expect(report.valid).toBe(true);
    expect(report.definition.id).toBe('review-flow');
    expect(report.scenarios.map((s) => [s.name, s.passed])).toEqual([
      ['straight-through', true],
      ['checkpoints-and-rejections', true],
      ['wrong-expectation', false],
    ]);
    expect(report.scenarios[0].timeline.length).toBeGreaterThan(10);
    expect(report.coverage.steps.total).toBe(13);
  });

  it('exits 1 on an invalid definition and 2 on usage errors', async () => {
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'format: civicflow/v1\nid: [unclosed\n');
    const invalid = await simulate(broken);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/broken\.yaml:\d+:\d+: error/);
    expect((await simulate()).code).toBe(2);
    expect((await simulate(permit, '--frobnicate')).code).toBe(2);
    const unknown = await simulate(permit, '--scenario', 'no-such');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/issued-straight-through/);
  });

  it('is what `civicflow simulate` runs', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'bin', 'civicflow.js'), 'simulate', permit, '--scenario', 'issued-straight-through'],
      { cwd: root },
    );
    expect(stdout).toMatch(/1\/1 scenario\(s\) passed/);
    await expect(
      run(process.execPath, [path.join(root, 'bin', 'civicflow.js'), 'simulate', fixture], { cwd: root }),
    ).rejects.toMatchObject({ code: 1 });
  });
});
