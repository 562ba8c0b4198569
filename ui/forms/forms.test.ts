import path from 'node:path';
import type { CompiledDefinition } from '../../domain/definition';
import { loadDefinitionFileSync, requireCompiled } from '../../process-definitions/loader/load-definition';
import {
  actionForm,
  formValues,
  intakeForm,
  readSubmittedForm,
  withoutFields,
  type FieldDescriptor,
  type FormDescriptor,
} from './index';

const load = (name: string): CompiledDefinition =>
  requireCompiled(loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', `${name}.yaml`)));
const permit = load('building-permit');
const complaint = load('service-complaint');
const benefit = load('benefit-application');
const SHIPPED = [permit, complaint, benefit];

const field = (form: FormDescriptor, name: string): FieldDescriptor => {
  const found = form.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} on ${form.purpose.kind}`);
  return found;
};
const names = (form: FormDescriptor) => form.fields.map((f) => f.name);

/** A post every field of which is filled with a value its descriptor accepts. */
function validPost(form: FormDescriptor): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const f of form.fields) {
    const c = f.constraints;
    switch (f.kind) {
      case 'number':
      case 'integer':
        body[f.name] = String(Math.max(c.minimum ?? 1, 1));
        break;
      case 'checkbox':
        body[f.name] = 'true';
        break;
      case 'date':
        body[f.name] = '2026-03-02';
        break;
      case 'datetime-local':
        body[f.name] = '2026-03-02T09:30';
        break;
      case 'email':
        body[f.name] = 'ada@example.org';
        break;
      case 'url':
        body[f.name] = 'https://example.org/x';
        break;
      case 'select':
      case 'radios':
        body[f.name] = f.options?.[0]?.value ?? '';
        break;
      case 'checkboxes':
        body[f.name] = [f.options?.[0]?.value ?? ''];
        break;
      case 'list':
        body[f.name] = 'pay stub\r\nlease';
        break;
      default:
        body[f.name] =
          f.constraints.pattern === '^[0-9]{4}$' ? '1234' : f.constraints.pattern ? '5432-016-021' : 'Some text';
    }
  }
  if (form.comment) body[form.comment.name] = 'Because.';
  return body;
}

describe('descriptors for every shipped form', () => {
  const forms: [string, FormDescriptor][] = [];
  for (const definition of SHIPPED) {
    forms.push([`${definition.id} intake`, intakeForm(definition)]);
    for (const step of Object.values(definition.steps)) {
      if (step.type !== 'human') continue;
      for (const action of Object.keys(step.actions))
        forms.push([`${definition.id} ${step.id}.${action}`, actionForm(definition, step.id, action)]);
    }
  }

  it.each(forms)('%s: labelled, known kinds, required fields present, valid post round-trips', (_label, form) => {
    const definition = SHIPPED.find((d) => d.id === form.definition.id) as CompiledDefinition;
    for (const f of form.fields) {
      expect(f.label.trim()).not.toBe('');
      expect(f.kind).not.toBe('unsupported');
      expect(definition.caseData.fields).toContain(f.name);
      expect(f.personal).toBe(definition.caseData.personalFields.includes(f.name));
      if (f.kind === 'select' || f.kind === 'radios' || f.kind === 'checkboxes')
        expect(f.options?.length).toBeGreaterThan(0);
    }
    if (form.purpose.kind === 'action') {
      const step = definition.steps[form.purpose.step];
      if (step.type !== 'human') throw new Error('not human');
      const action = step.actions[form.purpose.action];
      // every required field is on the form unless the action sets it itself
      for (const r of action.requires) if (!(r in action.set)) expect(field(form, r).required).toBe(true);
      for (const s of Object.keys(action.set)) expect(names(form)).not.toContain(s);
      expect(form.comment?.required).toBe(action.requiresComment);
    } else {
      for (const r of definition.caseData.required) expect(field(form, r).required).toBe(true);
    }
    const read = readSubmittedForm(form, validPost(form));
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(Object.keys(read.data).sort()).toEqual(names(form).sort());
  });

  it('intake holds what the applicant says, not what staff or the process fill in later', () => {
    expect(names(intakeForm(permit))).toEqual(
      expect.arrayContaining([
        'applicantName',
        'applicantPhone',
        'propertyAddress',
        'parcelNumber',
        'valuation',
        'dwellingUnits',
      ]),
    );
    expect(names(intakeForm(permit))).not.toEqual(expect.arrayContaining(['feeAmount']));
    for (const later of [
      'feeAmount',
      'paymentReference',
      'zoningCleared',
      'zoningFindings',
      'denialReasons',
      'permitNumber',
    ])
      expect(names(intakeForm(permit))).not.toContain(later);
    expect(names(intakeForm(complaint))).toEqual(
      expect.arrayContaining([
        'category',
        'channel',
        'description',
        'address',
        'latitude',
        'longitude',
        'residentEmail',
        'anonymous',
      ]),
    );
    for (const later of ['crewNote', 'resolutionCode', 'resolutionNote', 'transferReason'])
      expect(names(intakeForm(complaint))).not.toContain(later);
    expect(names(intakeForm(benefit))).toEqual(
      expect.arrayContaining(['applicantName', 'dateOfBirth', 'ssnLast4', 'householdSize', 'monthlyGrossIncome']),
    );
    for (const later of ['expedited', 'eligible', 'documentsReceived', 'monthlyBenefit', 'denialReason'])
      expect(names(intakeForm(benefit))).not.toContain(later);
  });

  it('chooses controls from the schema', () => {
    const intake = intakeForm(permit);
    expect(field(intake, 'applicantName')).toMatchObject({
      kind: 'text',
      label: 'Applicant or agent name',
      required: true,
      personal: true,
    });
    expect(field(intake, 'applicantEmail')).toMatchObject({ kind: 'email', label: 'Applicant email' });
    expect(field(intake, 'applicantPhone').kind).toBe('tel');
    expect(field(intake, 'projectDescription')).toMatchObject({ kind: 'textarea', constraints: { maxLength: 4000 } });
    expect(field(intake, 'workType').kind).toBe('radios');
    expect(field(intake, 'workType').options).toContainEqual({ value: 'new-building', label: 'New building' });
    expect(field(intake, 'valuation')).toMatchObject({ kind: 'number', constraints: { minimum: 0, step: 'any' } });
    expect(field(intake, 'dwellingUnits')).toMatchObject({ kind: 'integer', constraints: { step: '1' } });
    expect(field(intake, 'dwellingUnits').hint).toContain('25 units');
    expect(field(intake, 'parcelNumber').constraints.pattern).toBe('^[0-9]{4}-[0-9]{3}-[0-9]{3}$');
    expect(field(intakeForm(complaint), 'category').kind).toBe('select');
    expect(field(intakeForm(complaint), 'anonymous')).toMatchObject({ kind: 'checkbox', defaultValue: false });
    expect(field(intakeForm(benefit), 'dateOfBirth').kind).toBe('date');
    expect(
      field(
        actionForm(
          benefit,
          'document-verification',
          Object.keys((benefit.steps['document-verification'] as { actions: object }).actions)[0],
        ),
        'documentsReceived',
      ).kind,
    ).toBe('list');
    const deny = actionForm(permit, 'decision', 'deny');
    expect(deny.comment).toMatchObject({ name: 'action-comment', required: true });
    expect(field(deny, 'denialReasons').required).toBe(true);
    expect(field(deny, 'permitConditions').required).toBe(false);
  });

  it('refuses unknown steps and actions', () => {
    expect(() => actionForm(permit, 'nope', 'x')).toThrow(/no step/);
    expect(() => actionForm(permit, 'calculate-fees', 'x')).toThrow(/not a human task/);
    expect(() => actionForm(permit, 'decision', 'constructor')).toThrow(/no action/);
  });
});

describe('readSubmittedForm', () => {
  const intake = intakeForm(permit);
  const base = {
    applicantName: ' Ada Lovelace ',
    applicantEmail: 'ada@example.org',
    propertyAddress: '200 N Spring St',
    workType: 'alteration',
    projectDescription: 'Kitchen\r\nremodel',
  };

  it('types the data, trims, omits empty optional fields', () => {
    const read = readSubmittedForm(intake, {
      ...base,
      valuation: '12,500.50',
      dwellingUnits: '2',
      floorArea: '',
      applicantPhone: '   ',
    });
    expect(read).toEqual({
      ok: true,
      data: {
        applicantName: 'Ada Lovelace',
        applicantEmail: 'ada@example.org',
        propertyAddress: '200 N Spring St',
        workType: 'alteration',
        projectDescription: 'Kitchen\nremodel',
        valuation: 12500.5,
        dwellingUnits: 2,
      },
    });
  });

  it('booleans, lists, dates and wall-clock times in the agency zone', () => {
    const complaintIntake = intakeForm(complaint);
    const ok = readSubmittedForm(complaintIntake, {
      category: 'graffiti',
      channel: 'call',
      description: 'Tag on wall',
      anonymous: 'true',
      latitude: '34.05',
      longitude: '-118.24',
    });
    expect(ok).toMatchObject({ ok: true, data: { anonymous: true, latitude: 34.05, longitude: -118.24 } });
    const unchecked = readSubmittedForm(complaintIntake, { category: 'graffiti', channel: 'call', description: 'x' });
    expect(unchecked).toMatchObject({ ok: true, data: { anonymous: false } });
    const verify = actionForm(
      benefit,
      'document-verification',
      Object.keys((benefit.steps['document-verification'] as { actions: object }).actions)[0],
    );
    const list = readSubmittedForm(verify, { ...validPost(verify), documentsReceived: 'pay stub\r\n\r\n lease \n' });
    expect(list).toMatchObject({ ok: true, data: { documentsReceived: ['pay stub', 'lease'] } });
    const withWhen: FormDescriptor = {
      ...intake,
      fields: [
        {
          name: 'inspectedAt',
          label: 'Inspected at',
          kind: 'datetime-local',
          required: true,
          personal: false,
          constraints: {},
          timeZone: 'America/Los_Angeles',
        },
      ],
      schema: { type: 'object', properties: { inspectedAt: { type: 'string', format: 'date-time' } } },
    };
    expect(readSubmittedForm(withWhen, { inspectedAt: '2026-07-01T09:30' })).toEqual({
      ok: true,
      data: { inspectedAt: '2026-07-01T16:30:00.000Z' },
    });
    expect(readSubmittedForm(withWhen, { inspectedAt: '2026-12-01T09:30' })).toEqual({
      ok: true,
      data: { inspectedAt: '2026-12-01T17:30:00.000Z' },
    });
    expect(readSubmittedForm(withWhen, { inspectedAt: '2026-02-30T09:30' })).toMatchObject({
      ok: false,
      errors: [{ field: 'inspectedAt', message: 'Inspected at must be a real date and time' }],
    });
    expect(formValues(withWhen, { inspectedAt: '2026-07-01T16:30:00.000Z' })).toEqual({
      inspectedAt: '2026-07-01T09:30',
    });
  });

  it.each([
    ['missing text', { propertyAddress: '' }, 'propertyAddress', 'Enter property address'],
    ['missing choice', { workType: undefined }, 'workType', 'Choose type of work'],
    ['choice not offered', { workType: 'castle' }, 'workType', 'Choose type of work from the list'],
    ['not a number', { valuation: 'lots' }, 'valuation', 'Declared valuation of the work (USD) must be a number'],
    ['not whole', { dwellingUnits: '2.5' }, 'dwellingUnits', 'Dwelling units created must be a whole number'],
    ['below minimum', { valuation: '-1' }, 'valuation', 'Declared valuation of the work (USD) must be 0 or more'],
    [
      'too long',
      { projectDescription: 'x'.repeat(4001) },
      'projectDescription',
      'Project description must be 4000 characters or fewer',
    ],
    ['pattern', { parcelNumber: '12-34' }, 'parcelNumber', 'Enter assessor parcel number (APN) in the correct format'],
    [
      'email format',
      { applicantEmail: 'ada at example' },
      'applicantEmail',
      'Enter an email address in the correct format, like name@example.com',
    ],
  ])('%s', (_label, change, name, message) => {
    const read = readSubmittedForm(intake, { ...base, ...change });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual([{ field: name, message }]);
    expect(read.values.applicantName).toBe(' Ada Lovelace ');
  });

  it('dates must be real dates; integers within bounds', () => {
    const applicant = intakeForm(benefit);
    const good = { applicantName: 'Ada', householdSize: '3' };
    expect(readSubmittedForm(applicant, { ...good, dateOfBirth: '1990-02-30' })).toMatchObject({
      ok: false,
      errors: [{ field: 'dateOfBirth', message: 'Date of birth must be a real date' }],
    });
    expect(readSubmittedForm(applicant, { ...good, householdSize: '21' })).toMatchObject({
      ok: false,
      errors: [{ field: 'householdSize', message: 'Household size must be 20 or less' }],
    });
    expect(readSubmittedForm(applicant, { ...good, dateOfBirth: '1990-02-28' })).toMatchObject({
      ok: true,
      data: { dateOfBirth: '1990-02-28', householdSize: 3 },
    });
  });

  it('an action needs its required fields and its comment; reports all errors in form order', () => {
    const deny = actionForm(permit, 'decision', 'deny');
    const read = readSubmittedForm(deny, { denialReasons: ' ', 'action-comment': '' });
    expect(read).toMatchObject({
      ok: false,
      errors: [
        { field: 'denialReasons', message: 'Enter reasons for denial (stated in the notice)' },
        { field: 'action-comment', message: 'Enter the reasons' },
      ],
    });
    expect(
      readSubmittedForm(deny, { denialReasons: 'Setback', 'action-comment': ' Too close to the lot line ' }),
    ).toEqual({ ok: true, data: { denialReasons: 'Setback' }, comment: 'Too close to the lot line' });
  });

  it('issuing a permit needs its conditions (the permit-issued notice states them), beside the field', () => {
    const issue = actionForm(permit, 'decision', 'issue');
    expect(field(issue, 'permitConditions').required).toBe(true);
    expect(readSubmittedForm(issue, { permitConditions: '  ' })).toMatchObject({
      ok: false,
      errors: [{ field: 'permitConditions', message: 'Enter conditions of approval' }],
    });
    expect(readSubmittedForm(issue, { permitConditions: 'Construction hours 7:00-18:00.' })).toMatchObject({
      ok: true,
      data: { permitConditions: 'Construction hours 7:00-18:00.' },
    });
  });

  it('never copies unknown or prototype names', () => {
    const body = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": "x", "feeAmount": "1", "isAdmin": "true"}',
    ) as Record<string, string>;
    const read = readSubmittedForm(intake, { ...base, ...body });
    if (!read.ok) throw new Error('expected ok');
    expect(Object.keys(read.data).sort()).toEqual(Object.keys(base).sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read.data)).toBe(Object.prototype);
    // non-string values (a nested parser's objects) count as nothing posted
    const nested = readSubmittedForm(intake, { ...base, propertyAddress: { x: 1 } as unknown as string });
    expect(nested).toMatchObject({
      ok: false,
      errors: [{ field: 'propertyAddress', message: 'Enter property address' }],
    });
  });

  it('a masked field is left off the form, so a post cannot overwrite it', () => {
    const triage = withoutFields(actionForm(complaint, 'triage', 'route'), ['description']);
    expect(names(triage)).not.toContain('description');
    const read = readSubmittedForm(triage, { category: 'graffiti', address: '1 Main St', description: 'overwritten' });
    expect(read).toMatchObject({ ok: true, data: { category: 'graffiti', address: '1 Main St' } });
    if (read.ok) expect(read.data).not.toHaveProperty('description');
  });

  it('formValues pre-fills from case data and defaults', () => {
    const form = intakeForm(complaint);
    expect(formValues(form, { category: 'graffiti', latitude: 34.1 })).toMatchObject({
      category: 'graffiti',
      latitude: '34.1',
      anonymous: '',
    });
  });
});
