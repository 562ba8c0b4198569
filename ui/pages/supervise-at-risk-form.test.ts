import { readSuperviseForm } from './supervise-at-risk-form';

const CASE_A = '11111111-2222-4333-8444-555555555555';
const CASE_B = '66666666-7777-4888-8999-aaaaaaaaaaaa';

describe('the at-risk bulk form', () => {
  it('asks for the action, the selection and each action’s fields, beside the fields', () => {
    expect(readSuperviseForm({})).toEqual({
      errors: [
        { field: 'bulk-action', message: 'Choose what to do with the selected cases' },
        { field: 'select-first', message: 'Select at least one case to act on' },
      ],
    });
    const reassign = readSuperviseForm({ action: 'reassign', case: `${CASE_A}:triage:CF-1` });
    expect('errors' in reassign && reassign.errors.map((e) => e.field)).toEqual(['bulk-assignee']);
    const extend = readSuperviseForm({ action: 'extend', case: `${CASE_A}:triage:CF-1` });
    expect('errors' in extend && extend.errors.map((e) => e.field)).toEqual(['bulk-by', 'bulk-extend-reason']);
    const pause = readSuperviseForm({ action: 'pause', case: 'not-an-id:triage:CF-1' });
    expect('errors' in pause && pause.errors.map((e) => e.message)).toEqual([
      'Choose why the clock is paused',
      'The selection was not understood: select the cases again',
    ]);
  });

  it('makes one command per ticked case; a row without a step cannot be reassigned', () => {
    const read = readSuperviseForm({
      action: 'reassign',
      assignee: 'u-1',
      case: [`${CASE_A}:triage:CF-1`, `${CASE_B}:-:CF-2`],
    });
    if ('errors' in read) throw new Error(JSON.stringify(read.errors));
    expect(read.selected.map((s) => read.commandFor(s))).toEqual([
      { kind: 'assign', step: 'triage', assigneeId: 'u-1' },
      { refused: 'NO_TASK' },
    ]);
    const extend = readSuperviseForm({
      action: 'extend',
      by: '10 working days',
      reason: 'waiting for the applicant',
      case: `${CASE_B}:-:CF-2`,
    });
    if ('errors' in extend) throw new Error(JSON.stringify(extend.errors));
    expect(extend.commandFor(extend.selected[0])).toEqual({
      kind: 'extend-clock',
      by: '10 working days',
      reason: 'waiting for the applicant',
    });
  });
});
