/**
 * One case per problem code: a mutation of the reference fixture that trips it, and a near variant
 * (default: the fixture itself) that does not. A final test proves every code has a case.
 */
import { stringify } from 'yaml';

import { DEFINITION_PROBLEM_CODES, type DefinitionProblem, type DefinitionProblemCode } from '../../../domain/errors';
import { checkVersionChange, loadDefinitionText } from '../load-definition';
import { codes, type Doc, loadDoc, validDoc } from './definition-fixtures';

interface Case {
  code: DefinitionProblemCode;
  trip: (d: Doc) => void;
  /** A variant that must not trip the code; default: the unmodified fixture. */
  pass?: (d: Doc) => void;
  options?: { knownActivities?: string[]; knownConnections?: string[] };
  passOptions?: { knownActivities?: string[]; knownConnections?: string[] };
}

const cases: Case[] = [
  // schema
  { code: 'SCHEMA_MISSING_PROPERTY', trip: (d) => delete d.title },
  { code: 'SCHEMA_UNKNOWN_PROPERTY', trip: (d) => (d.steps.intake.colour = 'blue') },
  { code: 'SCHEMA_WRONG_TYPE', trip: (d) => (d.steps.intake.form = 'applicantName') },
  {
    code: 'SCHEMA_INVALID_VALUE',
    trip: (d) => (d.steps.decision.priority = 'asap'),
    pass: (d) => (d.steps.decision.priority = 'urgent'),
  },
  { code: 'SCHEMA_INVALID_FORMAT', trip: (d) => (d.version = '1.0'), pass: (d) => (d.version = '1.0.12') },
  { code: 'SCHEMA_VIOLATION', trip: (d) => (d.steps.reviews.branches = {}) },
  // references
  { code: 'REF_STEP_UNKNOWN', trip: (d) => (d.steps.intake.actions.complete.next = 'fess') },
  { code: 'REF_ROLE_UNKNOWN', trip: (d) => (d.steps.intake.role = 'clerk') },
  { code: 'REF_DEPARTMENT_UNKNOWN', trip: (d) => (d.roles.reviewer.department = 'nowhere') },
  {
    code: 'REF_FIELD_UNKNOWN',
    trip: (d) => d.steps.intake.form.push('shoeSize'),
    pass: (d) => d.steps.intake.form.push('valuation'),
  },
  {
    code: 'REF_CALENDAR_UNKNOWN',
    trip: (d) => (d.steps.decision.sla.calendar = 'town-hall'),
    pass: (d) => (d.steps.decision.sla.calendar = 'city-hall'),
  },
  { code: 'REF_TEMPLATE_UNKNOWN', trip: (d) => (d.steps['ask-applicant'].notify.template = 'nope') },
  { code: 'REF_STATUS_UNKNOWN', trip: (d) => (d.steps.intake.status = 'nope') },
  { code: 'REF_OUTCOME_UNKNOWN', trip: (d) => (d.steps.issued.outcome = 'approved') },
  {
    code: 'REF_RETENTION_UNKNOWN',
    trip: (d) => (d.steps.issued.retention = 'forever'),
    pass: (d) => (d.steps.issued.retention = 'short'),
  },
  { code: 'REF_EVENT_UNKNOWN', trip: (d) => (d.steps['await-documents'].on[0].event = 'docs') },
  { code: 'REF_PAUSE_REASON_UNKNOWN', trip: (d) => (d.steps['await-documents'].pausesClock = 'holiday') },
  {
    code: 'TEMPLATE_PLACEHOLDER_UNKNOWN',
    trip: (d) => (d.templates.overdue.body += ' {{shoeSize}}'),
    pass: (d) => (d.templates.overdue.body += ' {{valuation}} {{dueDate}}'),
  },
  {
    code: 'ACTIVITY_UNKNOWN',
    trip: () => undefined,
    options: { knownActivities: ['fees.lookup'] },
    passOptions: { knownActivities: ['fees.calculate'] },
  },
  {
    code: 'CONNECTION_UNKNOWN',
    trip: (d) => Object.assign(d.steps.fees, { activity: 'work-orders.send', connection: 'streets-workorders' }),
    options: { knownConnections: ['streets-work-orders'] },
    pass: (d) => Object.assign(d.steps.fees, { activity: 'work-orders.send', connection: 'streets-work-orders' }),
    passOptions: { knownConnections: ['streets-work-orders'] },
  },
  {
    code: 'CONNECTION_MISPLACED',
    trip: (d) => (d.steps.fees.connection = 'streets-work-orders'),
    pass: (d) => Object.assign(d.steps.fees, { activity: 'work-orders.send', connection: 'streets-work-orders' }),
  },
  {
    code: 'DECLARATION_UNUSED',
    trip: (d) => (d.statuses.archived = { label: 'Archived' }),
    pass: (d) => {
      d.statuses.archived = { label: 'Archived' };
      d.steps.abandoned.status = 'archived';
    },
  },
  { code: 'DECLARATION_UNUSED', trip: (d) => (d.events.paid = { from: 'external' }) },
  { code: 'DECLARATION_UNUSED', trip: (d) => (d.templates.unused = { body: 'x' }) },
  // flow
  {
    code: 'STEP_UNREACHABLE',
    trip: (d) => (d.steps.orphan = { type: 'end', outcome: 'issued' }),
    pass: (d) => {
      d.steps.orphan = { type: 'end', outcome: 'issued' };
      d.steps.route.choices.push({ when: 'valuation > 5', next: 'orphan' });
    },
  },
  { code: 'STEP_CANNOT_END', trip: (d) => (d.steps['fire-review'].actions.done.next = 'fire-review') },
  {
    code: 'CYCLE_WITHOUT_EXIT',
    trip: (d) => {
      d.steps['await-documents'].on[0].next = 'await-documents';
      delete d.steps['await-documents'].timeout;
    },
    pass: (d) =>
      d.steps['await-documents'].on.push({
        event: 'documents-received',
        next: 'await-documents',
        when: 'parcelId == null',
      }),
  },
  { code: 'START_NOT_ALLOWED', trip: (d) => (d.start = 'issued') },
  { code: 'CHOICE_NO_DEFAULT', trip: (d) => delete d.steps.route.default },
  {
    code: 'CHOICE_DUPLICATE_CONDITION',
    trip: (d) => d.steps.route.choices.push({ when: 'zoningOk&&fireOk', next: 'issued' }),
    pass: (d) => d.steps.route.choices.push({ when: 'zoningOk || fireOk', next: 'issued' }),
  },
  { code: 'HUMAN_NO_ACTIONS', trip: (d) => (d.steps.decision.actions = {}) },
  { code: 'HUMAN_REQUIRED_FIELD_UNKNOWN', trip: (d) => (d.steps.decision.actions.deny.requires = ['reasons']) },
  {
    code: 'ACTION_FIELD_NOT_ON_FORM',
    trip: (d) => d.steps.intake.actions.complete.requires.push('valuation'),
    pass: (d) => d.steps.intake.actions.complete.requires.push('complete'),
  },
  {
    code: 'ACTION_SET_VALUE_INVALID',
    trip: (d) => (d.steps.decision.actions.approve.set.decision = 'maybe'),
    pass: (d) => (d.steps.decision.actions.approve.set.valuation = 12),
  },
  {
    code: 'PERSONAL_FIELD_HIDDEN',
    trip: (d) => (d.roles['intake-clerk'].seesPersonalData = ['applicantEmail']),
    pass: (d) => (d.roles['intake-clerk'].seesPersonalData = true),
  },
  { code: 'SOD_STEP_NOT_HUMAN', trip: (d) => (d.steps.decision.notSameActorAs = 'fees') },
  {
    code: 'SOD_STEP_NEVER_BEFORE',
    trip: (d) => (d.steps.intake.notSameActorAs = ['decision']),
    pass: (d) => (d.steps.decision.notSameActorAs = ['intake', 'zoning-review']),
  },
  {
    code: 'PARALLEL_QUORUM_TOO_LARGE',
    trip: (d) => (d.steps.reviews.join = { quorum: 3 }),
    pass: (d) => (d.steps.reviews.join = { quorum: 2 }),
  },
  { code: 'PARALLEL_BRANCH_NO_JOIN', trip: (d) => (d.steps['fire-review'].actions.done.next = 'fire-review') },
  { code: 'PARALLEL_BRANCH_ESCAPES', trip: (d) => (d.steps['zoning-review'].actions.done.next = 'issued') },
  { code: 'PARALLEL_BRANCH_OVERLAP', trip: (d) => (d.steps.reviews.branches.fire.start = 'zoning-review') },
  { code: 'PARALLEL_BRANCH_ENTERED', trip: (d) => (d.steps.route.default = 'fire-review') },
  {
    code: 'PARALLEL_NESTED',
    trip: (d) => {
      d.steps.nested = { type: 'parallel', branches: { a: { start: 'inner' } }, join: 'all', next: '$join' };
      d.steps.inner = { type: 'human', role: 'reviewer', actions: { ok: { next: '$join' } }, sla: 'none' };
      d.steps['zoning-review'].actions.done.next = 'nested';
    },
  },
  { code: 'JOIN_OUTSIDE_BRANCH', trip: (d) => (d.steps.decision.actions.approve.next = '$join') },
  { code: 'END_WITHOUT_OUTCOME', trip: (d) => delete d.steps.issued.outcome },
  { code: 'END_WITHOUT_RETENTION', trip: (d) => (d.outcomes.issued.retention = 'nope') },
  { code: 'END_APPEAL_NOT_NOTIFIED', trip: (d) => delete d.steps['deny-notice'].notify },
  // time
  {
    code: 'DURATION_INVALID',
    trip: (d) => (d.steps.intake.sla.due = 'PT0S'),
    pass: (d) => (d.steps.intake.sla.due = 'PT1S'),
  },
  {
    code: 'DATE_INVALID',
    trip: (d) => (d.effectiveFrom = '2026-02-30'),
    pass: (d) => (d.effectiveFrom = '2028-02-29'),
  },
  { code: 'SLA_MISSING', trip: (d) => delete d.steps.decision.sla, pass: (d) => (d.steps.decision.sla = 'none') },
  { code: 'SLA_THRESHOLDS_NOT_ASCENDING', trip: (d) => (d.steps.intake.sla.escalations[1].at = '90%') },
  { code: 'SLA_WARNING_NOT_BEFORE_DUE', trip: (d) => (d.steps.intake.sla.warning = '100%') },
  {
    code: 'SLA_THRESHOLD_INCOMPARABLE',
    trip: (d) => (d.steps['zoning-review'].sla.warning = 'PT4H'),
    pass: (d) => (d.steps['zoning-review'].sla.warning = '4 working days'),
  },
  {
    code: 'SLA_ESCALATION_EMPTY',
    trip: (d) => (d.steps.intake.sla.escalations[0] = { at: '100%', template: 'overdue' }),
  },
  {
    code: 'WAIT_RECIPIENT_UNRESOLVED',
    trip: (d) =>
      (d.steps['await-documents'].sla = {
        due: 'P10D',
        escalations: [{ at: '100%', notify: ['assignee', 'role:supervisor'] }],
      }),
    pass: (d) =>
      (d.steps['await-documents'] = {
        ...d.steps['await-documents'],
        role: 'intake-clerk',
        sla: { due: 'P10D', escalations: [{ at: '100%', notify: ['assignee'] }] },
      }),
  },
  {
    code: 'CALENDAR_REQUIRED',
    trip: (d) => {
      delete d.calendars;
      delete d.defaultCalendar;
    },
  },
  {
    code: 'CALENDAR_TIME_ZONE_UNKNOWN',
    trip: (d) => (d.calendars['city-hall'].timeZone = 'Mars/Olympus_Mons'),
    pass: (d) => (d.calendars['city-hall'].timeZone = 'Europe/Amsterdam'),
  },
  {
    code: 'CALENDAR_HOURS_INVALID',
    trip: (d) =>
      (d.calendars['city-hall'].businessHours.monday = [
        { start: '12:00', end: '17:00' },
        { start: '08:00', end: '12:30' },
      ]),
    pass: (d) =>
      (d.calendars['city-hall'].businessHours.monday = [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '24:00' },
      ]),
  },
  {
    code: 'SCHEMA_VIOLATION',
    trip: (d) => d.calendars['city-hall'].holidays.push({ month: 11, weekday: 'thursday', nth: 4, offsetDays: 9 }),
    pass: (d) =>
      d.calendars['city-hall'].holidays.push({
        name: 'Day after Thanksgiving',
        month: 11,
        weekday: 'thursday',
        nth: 4,
        offsetDays: 1,
      }),
  },
  { code: 'CALENDAR_NO_WORKING_TIME', trip: (d) => (d.calendars['city-hall'].businessHours = {}) },
  { code: 'CLOCK_MISSING', trip: (d) => delete d.statutoryClock },
  {
    code: 'CLOCK_EXTENSION_INVALID',
    trip: (d) => (d.statutoryClock.extensions.maxTotal = '5 working days'),
    pass: (d) => (d.statutoryClock.extensions.maxTotal = '30 working days'),
  },
  // expressions
  { code: 'EXPRESSION_SYNTAX', trip: (d) => (d.steps.route.choices[0].when = 'zoningOk &&') },
  {
    code: 'EXPRESSION_FUNCTION_NOT_ALLOWED',
    trip: (d) => (d.steps.route.choices[0].when = 'now() > 5'),
    pass: (d) => (d.steps.route.choices[0].when = 'len(parcelId) > 5'),
  },
  { code: 'EXPRESSION_UNSUPPORTED', trip: (d) => (d.steps.route.choices[0].when = 'zoningOk | fireOk') },
  { code: 'EXPRESSION_FIELD_UNKNOWN', trip: (d) => (d.steps.route.choices[0].when = 'zoningOK && fireOk') },
  {
    code: 'EXPRESSION_TYPE_MISMATCH',
    trip: (d) => (d.statutoryClock.variants[0].when = "category == 'comercial'"),
    pass: (d) =>
      (d.statutoryClock.variants[0].when =
        "category in ['commercial', 'residential'] && valuation >= 10 && zoningOk != false"),
  },
  { code: 'EXPRESSION_TYPE_MISMATCH', trip: (d) => (d.steps.decision.sla.variants[0].when = "valuation > '1000000'") },
  { code: 'EXPRESSION_TYPE_MISMATCH', trip: (d) => (d.steps.route.choices[0].when = "zoningOk == 'yes' && fireOk") },
  {
    code: 'EXPRESSION_TYPE_MISMATCH',
    trip: (d) => (d.steps.route.choices[0].when = "category in ['residential', 'industrial']"),
  },
  {
    code: 'CASE_DATA_SCHEMA_INVALID',
    trip: (d) => (d.caseData.properties.parcelId.pattern = '(unclosed'),
    pass: (d) => (d.caseData.properties.parcelId.pattern = '^P-\\d+$'),
  },
  {
    code: 'CASE_DATA_KEYWORD_UNKNOWN',
    trip: (d) => (d.caseData.properties.parcelId.maxLenght = 5),
    pass: (d) => (d.caseData.properties.parcelId.maxLength = 5),
  },
  // scenarios
  {
    code: 'SCENARIO_DUPLICATE_NAME',
    trip: (d) => d.scenarios.push({ ...d.scenarios[0] }),
    pass: (d) => d.scenarios.push({ ...d.scenarios[0], name: 'again' }),
  },
  { code: 'SCENARIO_REF_UNKNOWN', trip: (d) => (d.scenarios[0].steps[0].act.action = 'finish') },
  {
    code: 'SCENARIO_REF_UNKNOWN',
    trip: (d) => d.scenarios[0].steps.push({ pauseClock: { reason: 'lunch' } }),
    pass: (d) => d.scenarios[0].steps.push({ pauseClock: { reason: 'lunch', expectRejected: 'UNKNOWN_PAUSE_REASON' } }),
  },
  { code: 'SCENARIO_REF_UNKNOWN', trip: (d) => (d.scenarios[0].steps[3].expect.events[0].step = 'review') },
  {
    code: 'SCENARIO_REF_UNKNOWN',
    trip: (d) => {
      delete d.cancellation;
      d.scenarios[0].steps.push({ cancel: { by: 'rita', comment: 'duplicate' } });
    },
    pass: (d) => d.scenarios[0].steps.push({ cancel: { by: 'rita', comment: 'duplicate', expectRejected: 'ROLE' } }),
  },
  { code: 'REF_ROLE_UNKNOWN', trip: (d) => (d.cancellation.roles = ['boss']) },
  {
    code: 'REF_ROLE_UNKNOWN',
    trip: (d) => (d.departments.permits.supervisorRole = 'boss'),
    pass: (d) => (d.departments.permits.supervisorRole = 'supervisor'),
  },
  {
    code: 'REF_ROLE_UNKNOWN',
    trip: (d) => (d.steps.decision.assigners = ['boss']),
    pass: (d) => (d.steps.decision.assigners = ['supervisor']),
  },
  {
    code: 'SCENARIO_REF_UNKNOWN',
    trip: (d) => (d.scenarios[0].activities = { 'fees.calc': { output: { feePaid: true } } }),
    pass: (d) => (d.scenarios[0].activities = { 'fees.calculate': { output: { feePaid: true } } }),
  },
  {
    code: 'SCENARIO_REF_UNKNOWN',
    trip: (d) => (d.scenarios[0].activities = { 'fees.calculate': { output: { valuation: 1 } } }),
    pass: (d) => (d.scenarios[0].activities = { 'fees.calculate': { fail: 'fee service down' } }),
  },
  { code: 'REF_OUTCOME_UNKNOWN', trip: (d) => (d.cancellation.outcome = 'cancelled') },
  {
    code: 'MIGRATION_TARGET_UNKNOWN',
    trip: (d) => (d.migrations = [{ from: '*', steps: { review: 'reveiw' } }]),
    pass: (d) => (d.migrations = [{ from: '*', steps: { review: 'decision' } }]),
  },
];

function problemsOf(mutate: ((d: Doc) => void) | undefined, options: Case['options']): DefinitionProblem[] {
  const doc = validDoc();
  mutate?.(doc);
  return [...loadDoc(doc, options).problems];
}

describe('static checks: each code trips on its fixture and not on its near miss', () => {
  it('the reference fixture is valid, warning-free and compiles', () => {
    const result = loadDoc(validDoc());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.compiled?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(cases.map((c, i) => [c.code, i, c] as const))('%s (case %d)', (code, _i, c) => {
    const tripped = problemsOf(c.trip, c.options);
    const hit = tripped.filter((problem) => problem.code === code);
    expect(hit.length).toBeGreaterThan(0);
    for (const problem of hit) {
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.col).toBeGreaterThanOrEqual(1);
      expect(problem.message.length).toBeGreaterThan(5);
    }
    const passed = problemsOf(c.pass, c.passOptions);
    expect(codes(passed)).not.toContain(code);
  });
});

describe('version checks', () => {
  const load = (mutate?: (d: Doc) => void, file = 'v.yaml') => {
    const doc = validDoc();
    mutate?.(doc);
    return loadDefinitionText(stringify(doc), { file });
  };
  const v1 = load(undefined, 'v1.yaml');

  it('the same version with the same content is fine', () => {
    expect(checkVersionChange(v1, load())).toEqual([]);
  });
  it('VERSION_ID_MISMATCH', () => {
    expect(
      codes(
        checkVersionChange(
          v1,
          load((d) => (d.id = 'other-permit')),
        ),
      ),
    ).toContain('VERSION_ID_MISMATCH');
  });
  it('VERSION_NOT_INCREASED', () => {
    const older = load((d) => (d.version = '0.9.0'));
    expect(codes(checkVersionChange(v1, older))).toContain('VERSION_NOT_INCREASED');
    expect(codes(checkVersionChange(older, v1))).not.toContain('VERSION_NOT_INCREASED');
  });
  it('EFFECTIVE_DATE_EARLIER warns', () => {
    const earlier = load((d) => {
      d.version = '1.1.0';
      d.effectiveFrom = '2025-12-31';
    });
    expect(checkVersionChange(v1, earlier).map((p) => [p.code, p.severity])).toEqual([
      ['EFFECTIVE_DATE_EARLIER', 'warning'],
    ]);
    expect(
      checkVersionChange(
        v1,
        load((d) => (d.version = '1.1.0')),
      ),
    ).toEqual([]);
  });
  it('PUBLISHED_VERSION_MODIFIED', () => {
    const changed = load((d) => (d.steps.intake.sla.due = '3 working days'));
    expect(codes(checkVersionChange(v1, changed))).toContain('PUBLISHED_VERSION_MODIFIED');
    // Layout and comments do not change the hash.
    const relaidOut = loadDefinitionText(`# comment\n${stringify(validDoc(), { indent: 4 })}`, { file: 'x.yaml' });
    expect(relaidOut.compiled?.hash).toBe(v1.compiled?.hash);
  });
  const withoutDecision = (d: Doc): void => {
    d.version = '1.1.0';
    d.steps.decide = { ...d.steps.decision };
    delete d.steps.decision;
    d.steps.route.choices[0].next = 'decide';
    d.scenarios = [];
  };
  it('MIGRATION_MISSING when a step where cases wait is removed without a mapping', () => {
    const v2 = load(withoutDecision, 'v2.yaml');
    expect(v2.ok).toBe(true);
    const problems = checkVersionChange(v1, v2);
    expect(codes(problems)).toContain('MIGRATION_MISSING');
    expect(problems[0].file).toBe('v2.yaml');
    const mapped = load((d) => {
      withoutDecision(d);
      d.migrations = [{ from: '1.0.0', steps: { decision: 'decide' } }];
    });
    expect(checkVersionChange(v1, mapped)).toEqual([]);
  });
  it('MIGRATION_MISSING when a kept step changes type', () => {
    const v2 = load((d) => {
      d.version = '2.0.0';
      d.steps.fees = { type: 'human', role: 'reviewer', actions: { ok: { next: 'reviews' } }, sla: 'none' };
    });
    expect(codes(checkVersionChange(v1, v2))).toContain('MIGRATION_MISSING');
  });
  it('CASE_FIELD_CHANGED warns on removed or retyped fields', () => {
    const v2 = load((d) => {
      d.version = '1.1.0';
      d.caseData.properties.valuation.type = 'string';
      delete d.caseData.properties.applicantEmail;
      d.roles['intake-clerk'].seesPersonalData = ['applicantName'];
    });
    const problems = checkVersionChange(v1, v2).filter((p) => p.code === 'CASE_FIELD_CHANGED');
    expect(problems.map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(
      checkVersionChange(
        v1,
        load((d) => (d.version = '1.1.0')),
      ),
    ).toEqual([]);
  });
  it('ACTION_REMOVED warns', () => {
    const v2 = load((d) => {
      d.version = '1.0.1';
      d.steps.intake.actions.askApplicant = d.steps.intake.actions.requestInfo;
      delete d.steps.intake.actions.requestInfo;
    });
    const problems = checkVersionChange(v1, v2);
    expect(problems.find((p) => p.code === 'ACTION_REMOVED')?.severity).toBe('warning');
    expect(codes(problems)).toEqual(['ACTION_REMOVED']);
  });
});

export const COVERED_ELSEWHERE: DefinitionProblemCode[] = [
  // yaml-reader.test.ts
  'FILE_UNREADABLE',
  'FILE_TOO_LARGE',
  'YAML_SYNTAX',
  'YAML_DUPLICATE_KEY',
  'YAML_MULTIPLE_DOCUMENTS',
  'YAML_ALIAS_LIMIT',
  'YAML_ALIAS_UNRESOLVED',
  'YAML_TOO_DEEP',
  'YAML_UNSUPPORTED_VALUE',
  // translation-checks.test.ts
  'TRANSLATION_MISSING',
  'TRANSLATION_UNKNOWN',
  // calendar-includes.test.ts
  'INCLUDE_NOT_ALLOWED',
  'INCLUDE_UNREADABLE',
  // version checks above
  'VERSION_ID_MISMATCH',
  'VERSION_NOT_INCREASED',
  'PUBLISHED_VERSION_MODIFIED',
  'MIGRATION_MISSING',
  'ACTION_REMOVED',
  'CASE_FIELD_CHANGED',
  'EFFECTIVE_DATE_EARLIER',
  // never expected: the fuzz test asserts it does not occur
  'CHECK_CRASHED',
];

it('every problem code has a test case', () => {
  const covered = new Set<string>([...cases.map((c) => c.code), ...COVERED_ELSEWHERE]);
  expect(DEFINITION_PROBLEM_CODES.filter((code) => !covered.has(code))).toEqual([]);
});

it('scenario steps accept expectRejected on every kind, and checkpoint events with instants', () => {
  const doc = validDoc();
  doc.scenarios[0].steps.push(
    { resumeClock: { expectRejected: true } },
    { pauseClock: { reason: 'awaiting-applicant', expectRejected: false } },
    { extendClock: { by: '5 working days', reason: 'complex', expectRejected: 'CLOCK_NOT_RUNNING' } },
    { event: { type: 'documents-received', expectRejected: true } },
    { reopen: { expectRejected: true } },
    { withdraw: null },
    { expect: { events: [{ type: 'sla-warning', step: 'intake', at: '2026-03-02T13:30:00-08:00' }] } },
  );
  const result = loadDoc(doc);
  expect(result.problems).toEqual([]);
  expect(result.compiled?.cancellation).toEqual({
    roles: ['supervisor'],
    outcome: 'withdrawn',
    status: 'withdrawn',
    requiresComment: true,
  });
  doc.scenarios[0].steps.push({ reopen: { expectRejected: true, extra: 1 } });
  expect(codes(loadDoc(doc).problems)).toEqual(['SCHEMA_UNKNOWN_PROPERTY']);
});
