/** Add a comment to the case record. */
import { CaseForm, type CaseFormFrame } from './case-form';
import { errorFor, type FieldError } from './error-summary';
import { Textarea } from './textarea';

export const COMMENT_MAX_LENGTH = 10_000;

export function CommentForm({
  caseId,
  frame,
  errors,
  value,
}: {
  caseId: string;
  frame: CaseFormFrame;
  errors: readonly FieldError[];
  value: string;
}) {
  return (
    <CaseForm
      action={`/cases/${caseId}/comments`}
      frame={frame}
      submit="Add comment"
      id="comment"
      error={errorFor(errors, 'comment')}
    >
      <Textarea
        id="comment-text"
        name="text"
        label="Comment"
        hint="Kept on the case record with your name. Staff only."
        rows={4}
        value={value}
        required
        error={errorFor(errors, 'comment-text')}
      />
    </CaseForm>
  );
}
