/**
 * The case's messages with the resident (issue 11): what came in by email (a stranger's mail marked
 * as such) and what staff answered, oldest first, and the form to answer by email.
 */
import { CaseForm, type CaseFormFrame } from './case-form';
import { errorFor, type FieldError } from './error-summary';
import { Textarea } from './textarea';

export interface CaseMessageRow {
  id: number;
  incoming: boolean;
  /** The sender's address (incoming) or the staff member's name. */
  from: string;
  /** Incoming from an address that is not the case's contact. */
  unverified: boolean;
  subject: string | null;
  body: string;
  when: string;
  isNew: boolean;
}

export interface CaseMessagesProps {
  caseId: string;
  messages: readonly CaseMessageRow[];
  /** The reply form, when the viewer may act and the resident has an email address. */
  reply?: { frame: CaseFormFrame; errors: readonly FieldError[]; value: string };
}

export function CaseMessages({ caseId, messages, reply }: CaseMessagesProps) {
  return (
    <>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol class="usa-list usa-list--unstyled cf-messages">
        {messages.map((message) => (
          <li key={message.id} class="cf-message" id={`message-${message.id}`}>
            <p class="cf-message__meta">
              <strong>{message.incoming ? `From ${message.from}` : `Reply by ${message.from}`}</strong>, {message.when}
              {message.isNew ? <span class="usa-tag cf-tag-new">New</span> : null}
              {message.unverified ? <span class="usa-tag">Not the resident's address</span> : null}
            </p>
            {message.subject ? <p class="cf-message__subject">{message.subject}</p> : null}
            {message.body.split(/\n{2,}/).map((part, index) => (
              <p key={index}>{part}</p>
            ))}
          </li>
        ))}
      </ol>
      {reply ? (
        <CaseForm
          action={`/cases/${caseId}/messages`}
          frame={reply.frame}
          submit="Send reply by email"
          id="reply"
          error={errorFor(reply.errors, 'reply')}
        >
          <Textarea
            id="reply-text"
            name="text"
            label="Reply to the resident"
            hint="Sent by email on the resident's thread, with the tracking number. The resident reads every word."
            rows={5}
            value={reply.value}
            required
            error={errorFor(reply.errors, 'reply-text')}
          />
        </CaseForm>
      ) : null}
    </>
  );
}
