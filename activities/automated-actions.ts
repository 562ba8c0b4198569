/**
 * The registry of automated actions a definition may name (`activity: fees.calculate`). Each action
 * gets its declared input fields and returns the fields it may set; it must be idempotent under the
 * command key it receives, because Temporal retries it.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { JsonValue } from '../domain/definition';
import type { RunAutomatedActionInput } from '../workflows/case-activities';

export interface AutomatedActionContext {
  caseId: string;
  key: string;
  step: string;
  /** The step's connection, for a work order. */
  connection?: string;
  token?: string;
}

export type AutomatedAction = (
  input: Record<string, JsonValue>,
  context: AutomatedActionContext,
) => Promise<Record<string, JsonValue>>;
export type AutomatedActionRegistry = Readonly<Record<string, AutomatedAction>>;

const num = (value: JsonValue | undefined, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
/** A short stable reference derived from the case, so a retried action hands out the same number. */
const reference = (prefix: string, caseId: string): string =>
  `${prefix}-${createHash('sha256').update(caseId).digest('hex').slice(0, 8).toUpperCase()}`;

/** LADBS-style fee schedule, simplified: plan check 1.2 % and permit 0.9 % of valuation, floor-area surcharge, minimum 150 USD. */
const calculateFees: AutomatedAction = async (input) => {
  const valuation = num(input.valuation);
  const area = num(input.floorArea);
  const base = valuation * 0.021 + area * 0.25;
  const fee = Math.max(150, Math.round(base * 100) / 100);
  return { feeAmount: input.workType === 'demolition' ? Math.max(150, Math.round(fee * 50) / 100) : fee };
};

const issuePermit: AutomatedAction = async (_input, context) => ({ permitNumber: reference('BP', context.caseId) });

const issueBenefits: AutomatedAction = async (_input, context) => ({
  benefitReference: reference('EBT', context.caseId),
});

export const SHIPPED_AUTOMATED_ACTIONS: AutomatedActionRegistry = {
  'fees.calculate': calculateFees,
  'permits.issue': issuePermit,
  'benefits.issue': issueBenefits,
};

export function createAutomatedActionActivities(deps: { automatedActions?: AutomatedActionRegistry }) {
  const registry = deps.automatedActions ?? SHIPPED_AUTOMATED_ACTIONS;
  return {
    async runAutomatedAction(input: RunAutomatedActionInput): Promise<Record<string, JsonValue>> {
      const action = registry[input.activity];
      if (!action)
        throw ApplicationFailure.nonRetryable(
          `no automated action "${input.activity}" is registered`,
          'UNKNOWN_AUTOMATED_ACTION',
        );
      return action(input.input, {
        caseId: input.caseId,
        key: input.key,
        step: input.step,
        ...(input.connection !== undefined ? { connection: input.connection } : {}),
        ...(input.token !== undefined ? { token: input.token } : {}),
      });
    },
  };
}
