import { bulkResultText, decodeBulkResults, encodeBulkResults, readBulkForm } from './work-list-bulk';

const CASE_A = '0b5d7a8e-1111-4222-8333-944455556666';
const CASE_B = '0b5d7a8e-aaaa-4bbb-8ccc-dddeeefff000';

describe('bulk claim and release', () => {
  it('acts only on the ticked rows, once each', () => {
    const read = readBulkForm({
      action: 'claim',
      case: [`${CASE_A}:triage:SR-1`, `${CASE_B}:triage:SR-2`, `${CASE_A}:triage:SR-1`],
    });
    expect(read).toEqual({
      action: 'claim',
      selected: [
        { caseId: CASE_A, stepId: 'triage', trackingNumber: 'SR-1' },
        { caseId: CASE_B, stepId: 'triage', trackingNumber: 'SR-2' },
      ],
    });
  });

  it('refuses a post with nothing ticked, an unknown action or a forged value', () => {
    expect(readBulkForm({ action: 'claim' })).toEqual({
      error: { field: 'select-first', message: 'Select at least one case to claim' },
    });
    expect(readBulkForm({ action: 'terminate', case: `${CASE_A}:triage:SR-1` })).toEqual({
      error: { field: 'bulk-actions', message: 'Choose claim or release' },
    });
    expect('error' in readBulkForm({ action: 'release', case: 'all' })).toBe(true);
    expect('error' in readBulkForm({ action: 'release', case: `${CASE_A}:triage:<script>` })).toBe(true);
    const tooMany = Array.from(
      { length: 51 },
      (_, i) => `${CASE_A.slice(0, -2)}${String(i).padStart(2, '0')}:triage:SR-${i}`,
    );
    expect(readBulkForm({ action: 'claim', case: tooMany })).toEqual({
      error: { field: 'select-first', message: 'Select at most 50 cases at a time' },
    });
  });

  it('carries the results through the redirect and words them', () => {
    const results = [
      { trackingNumber: 'SR-1', result: 'claimed' },
      { trackingNumber: 'SR-2', result: 'ASSIGNED_TO_OTHER' },
    ];
    expect(decodeBulkResults(encodeBulkResults(results))).toEqual(results);
    expect(decodeBulkResults(['SR-3~<b>', 'no-separator', 'SR-4~released'])).toEqual([
      { trackingNumber: 'SR-4', result: 'released' },
    ]);
    expect(bulkResultText('claimed')).toEqual({ done: true, text: 'claimed' });
    expect(bulkResultText('ASSIGNED_TO_OTHER')).toEqual({ done: false, text: 'refused: someone else holds this task' });
    expect(bulkResultText('SOMETHING_NEW')).toEqual({
      done: false,
      text: 'refused: the workflow refused it (SOMETHING_NEW)',
    });
  });
});
