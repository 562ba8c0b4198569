/** The compiled runtime form: defaults, resolved references, parsed durations and expressions, hash. */
import { evaluateCondition } from '../../../domain/expressions';
import { createCaseDataValidator } from '../case-data-validator';
import { canonicalJson, contentHash } from '../content-hash';
import { codes, loadDoc, validDoc } from './definition-fixtures';

const compiled = () => {
  const result = loadDoc(validDoc());
  if (!result.compiled) throw new Error(JSON.stringify(result.problems));
  return result.compiled;
};

describe('compileDefinition', () => {
  it('fills defaults and resolves references', () => {
    const c = compiled();
    expect(c.defaultPriority).toBe('normal');
    expect(c.defaultCalendar).toBe('city-hall');
    expect(c.calendars['city-hall']).toMatchObject({ id: 'city-hall', timeZone: 'America/Los_Angeles' });
    expect(c.caseData.personalFields).toEqual(['applicantName', 'applicantEmail']);
    expect(c.caseData.required).toEqual(['applicantName', 'parcelId']);
    expect(c.steps.decision).toMatchObject({
      type: 'human',
      role: 'reviewer',
      department: 'permits',
      notSameActorAs: ['intake'],
      title: 'Decide',
    });
    expect(c.steps['zoning-review']).toMatchObject({ title: 'zoning-review', form: ['zoningOk'] });
    expect(c.steps.issued).toMatchObject({
      type: 'end',
      outcome: 'issued',
      retention: 'permit-record',
      status: 'decided',
      notify: { template: 'decision', to: [{ kind: 'applicant' }] },
    });
    expect(c.steps.reviews).toMatchObject({
      type: 'parallel',
      join: { kind: 'all' },
      branches: { zoning: { id: 'zoning', start: 'zoning-review', title: 'zoning' } },
    });
    expect(c.branchOf).toEqual({
      'zoning-review': { parallel: 'reviews', branch: 'zoning' },
      'fire-review': { parallel: 'reviews', branch: 'fire' },
    });
    expect(c.withdrawal).toEqual({ outcome: 'withdrawn', status: 'withdrawn' });
    expect(c.templates.decision.placeholders).toEqual(['applicantName', 'trackingNumber', 'decision', 'appealRights']);
  });

  it('parses durations and thresholds', () => {
    const c = compiled();
    const intake = c.steps.intake;
    if (intake.type !== 'human' || intake.sla.kind !== 'sla') throw new Error('intake shape');
    expect(intake.sla.due).toEqual({ basis: 'working', source: '2 working days', unit: 'day', amount: 2 });
    expect(intake.sla.calendar).toBe('city-hall');
    expect(intake.sla.warning).toEqual({ kind: 'fraction', fraction: 0.5, source: '50%' });
    expect(intake.sla.escalations).toEqual([
      {
        level: 1,
        at: { kind: 'fraction', fraction: 1, source: '100%' },
        notify: [{ kind: 'supervisor' }],
        template: 'overdue',
      },
      {
        level: 2,
        at: { kind: 'fraction', fraction: 1.5, source: '150%' },
        notify: [],
        reassign: 'supervisor',
        raisePriority: 'high',
      },
    ]);
    const wait = c.steps['await-documents'];
    expect(wait).toMatchObject({
      type: 'wait',
      sla: { kind: 'none' },
      pausesClock: 'awaiting-applicant',
      timeout: { after: { basis: 'calendar', ms: 30 * 86400000 }, next: 'abandoned' },
    });
    expect(c.steps.fees).toMatchObject({
      type: 'automated',
      task: { kind: 'activity', activity: 'fees.calculate', input: ['valuation', 'category'], output: ['feePaid'] },
      retry: { maxAttempts: 5, initialInterval: { basis: 'calendar', ms: 30000 }, backoff: 2 },
      onFailure: 'intake',
    });
    expect(c.statutoryClock).toMatchObject({
      limit: { basis: 'working', unit: 'day', amount: 30 },
      calendar: 'city-hall',
      startsAt: { kind: 'created' },
      warning: { kind: 'fraction', fraction: 0.8 },
      extensions: { maxCount: 1, maxEach: { amount: 15 }, reasons: ['complex'] },
    });
  });

  it('compiles expressions that evaluate without a parser', () => {
    const c = compiled();
    const route = c.steps.route;
    if (route.type !== 'choice') throw new Error('route shape');
    expect(evaluateCondition(route.choices[0].when, { zoningOk: true, fireOk: true })).toEqual({
      ok: true,
      value: true,
    });
    expect(evaluateCondition(route.choices[0].when, { zoningOk: true, fireOk: false })).toEqual({
      ok: true,
      value: false,
    });
    const variant = c.statutoryClock?.variants[0];
    expect(variant && evaluateCondition(variant.when, { category: 'commercial' })).toEqual({ ok: true, value: true });
  });

  it('is plain JSON with a hash over its canonical form', () => {
    const c = compiled();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    const { hash, ...rest } = c;
    expect(hash).toBe(contentHash(rest));
    expect(compiled().hash).toBe(hash);
    const reordered = validDoc();
    const steps = reordered.steps;
    reordered.steps = Object.fromEntries(Object.entries(steps).reverse());
    expect(loadDoc(reordered).compiled?.hash).toBe(hash);
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });
});

describe('createCaseDataValidator', () => {
  it('checks case data against the definition schema, fully or partially', () => {
    const validate = createCaseDataValidator(compiled());
    expect(validate({ applicantName: 'Ada', parcelId: 'P-1', valuation: 10 })).toEqual([]);
    expect(validate({ applicantName: 'Ada' }).map((p) => p.field)).toEqual(['parcelId']);
    expect(validate({ valuation: -1 }, { partial: true }).map((p) => p.field)).toEqual(['valuation']);
    expect(validate({ category: 'industrial' }, { partial: true }).map((p) => p.field)).toEqual(['category']);
    expect(validate({ applicantEmail: 'not-an-email' }, { partial: true }).map((p) => p.field)).toEqual([
      'applicantEmail',
    ]);
  });
});

it('pathological template and expression text is refused or handled, never hangs', () => {
  const doc = validDoc();
  doc.templates.overdue.body = `{{${' '.repeat(19990)}`;
  doc.templates.decision.body = '{{'.repeat(9000);
  doc.steps.route.choices[0].when = `${'('.repeat(40)}zoningOk${')'.repeat(40)} && ${'!'.repeat(1500)}fireOk`;
  const result = loadDoc(doc);
  expect(result.problems.every((p) => p.code !== 'CHECK_CRASHED')).toBe(true);
  expect(codes(result.problems)).not.toContain('TEMPLATE_PLACEHOLDER_UNKNOWN');
});

it('a long chain of steps (worst case for the can-end analysis) validates', () => {
  const doc = validDoc();
  doc.scenarios = [];
  const chain: Record<string, unknown> = {};
  const n = 800;
  for (let i = 0; i < n; i += 1) {
    const next = i + 1 < n ? `s${i + 1}` : 'fees';
    chain[`s${i}`] = { type: 'choice', choices: [{ when: 'complete', next }], default: next };
  }
  doc.steps = { ...chain, ...doc.steps };
  doc.steps.intake.actions.complete.next = 's0';
  const result = loadDoc(doc);
  expect(result.problems).toEqual([]);
  doc.steps[`s${n - 1}`].default = `s${n - 1}`;
  doc.steps[`s${n - 1}`].choices[0].next = `s${n - 1}`;
  expect(codes(loadDoc(doc).problems)).toEqual(
    expect.arrayContaining(['CYCLE_WITHOUT_EXIT', 'STEP_CANNOT_END', 'STEP_UNREACHABLE']),
  );
});

it('thousands of unknown references against thousands of names finish (bounded suggestions)', () => {
  const doc = validDoc();
  doc.scenarios = [];
  for (let i = 0; i < 800; i += 1) {
    const id = String(i).padStart(5, '0');
    doc.steps[`step-number-${id}`] = {
      type: 'choice',
      choices: [{ when: 'complete', next: `missing-step-${id}` }],
      default: `nowhere-${id}`,
    };
  }
  const result = loadDoc(doc);
  expect(result.problems.filter((p) => p.code === 'REF_STEP_UNKNOWN')).toHaveLength(1600);
  expect(result.problems.every((p) => p.line > 1)).toBe(true);
});
