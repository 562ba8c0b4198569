import { ApiError } from '../../api/errors/api-error';
import { refusalErrors } from './case-refusal';

const target = {
  formId: 'act-review-approve',
  fieldIds: {
    valuation: 'act-review-approve-valuation',
    'action-comment': 'act-review-approve-action-comment',
    by: 'clock-extend-by',
  },
};
const rejected = (rejection: string, message: string) => new ApiError('ACTION_REJECTED', message, { rejection });

describe('refusalErrors', () => {
  it('puts a field the workflow names beside that field, with its reason', () => {
    expect(refusalErrors(rejected('INVALID_FIELD_VALUE', '"valuation" must be >= 0'), target)).toEqual([
      { field: 'act-review-approve-valuation', message: '"valuation" must be >= 0' },
    ]);
  });
  it('puts a missing comment beside the comment and an extension refusal beside "Extend by"', () => {
    expect(refusalErrors(rejected('COMMENT_REQUIRED', '"deny" needs a comment'), target)).toEqual([
      { field: 'act-review-approve-action-comment', message: 'Enter the reasons' },
    ]);
    expect(
      refusalErrors(rejected('EXTENSION_TOO_LONG', 'an extension may be at most 30 working days'), target)?.[0],
    ).toEqual({
      field: 'clock-extend-by',
      message: 'Extension is too long: an extension may be at most 30 working days',
    });
  });
  it('puts a refusal about the whole form (out of date, someone else has it) on the form', () => {
    expect(refusalErrors(rejected('ASSIGNED_TO_OTHER', 'step "review" is assigned to u1'), target)).toEqual([
      { field: 'act-review-approve', message: 'Someone else is working on this task now' },
    ]);
    expect(refusalErrors(rejected('SOMETHING_NEW', 'the workflow said no'), target)).toEqual([
      { field: 'act-review-approve', message: 'The workflow said no' },
    ]);
  });
  it('leaves what is not a refusal to the error page', () => {
    expect(refusalErrors(new ApiError('CASE_NOT_FOUND', 'case x not found'), target)).toBeUndefined();
    expect(refusalErrors(new Error('boom'), target)).toBeUndefined();
  });
});
