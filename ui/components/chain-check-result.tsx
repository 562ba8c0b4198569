/** The chain check in words: it holds, or which entry breaks it and how. */
import type { AuditChainVerification } from '../../domain/audit';

const REASONS: Record<Extract<AuditChainVerification, { ok: false }>['brokenLink']['reason'], string> = {
  'hash-mismatch': 'its content was changed after it was written (its hash no longer matches)',
  'prev-hash-mismatch': 'it does not follow the entry before it (entries were replaced or reordered)',
  'sequence-gap': 'the entry before it is missing (an entry was removed)',
  'missing-tail': 'the newest entries are missing (the chain ends before its recorded last entry)',
  'head-mismatch': 'the recorded last entry does not match the chain',
};

export function ChainCheckResult({ result }: { result: AuditChainVerification }) {
  if (result.ok) {
    return (
      <div class="usa-alert usa-alert--success" role="status">
        <div class="usa-alert__body">
          <h2 class="usa-alert__heading">The chain holds</h2>
          <p class="usa-alert__text">
            All {result.entriesChecked} entries were recomputed and each links to the one before it.
          </p>
        </div>
      </div>
    );
  }
  const link = result.brokenLink;
  return (
    <div class="usa-alert usa-alert--error" role="alert">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">Entry {link.sequence} breaks the chain</h2>
        <p class="usa-alert__text">
          Entry {link.sequence} of {link.caseId}: {REASONS[link.reason]}. Expected {link.expected.slice(0, 16)}…, found{' '}
          {link.actual.slice(0, 16)}….
        </p>
      </div>
    </div>
  );
}
