/**
 * The case at a glance and its data. A value the viewer may not see is shown as "withheld", never
 * blank, so nobody mistakes masked personal data for missing data.
 */
import type { JsonValue } from '../../domain/definition';
import { SummaryRow } from './summary-row';

export interface CaseSummaryProps {
  trackingNumber: string;
  title: string | null;
  definition: { id: string; version: string; title: string };
  status: string;
  priority: string;
  department: string | null;
  assignee: string | null;
  createdAt: string;
  closedAt: string | null;
  outcome: string | null;
  /** The definition's fields in order, with labels; values from the (masked) case view. */
  fields: readonly { name: string; label: string }[];
  data: Readonly<Record<string, JsonValue>>;
  maskedFields: readonly string[];
  residentContact: Readonly<Record<string, JsonValue>> | null;
}

export const WITHHELD = 'withheld';

function Withheld() {
  return (
    <span class="cf-withheld">
      {WITHHELD}
      <span class="usa-sr-only"> (personal data your role does not see)</span>
    </span>
  );
}

export function displayValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null || value === '') return 'Not recorded';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map((item) => displayValue(item)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function CaseSummary(props: CaseSummaryProps) {
  const masked = new Set(props.maskedFields);
  return (
    <>
      <dl class="cf-summary-list" aria-label="Case summary">
        <SummaryRow term="Status">{props.status}</SummaryRow>
        <SummaryRow term="Process">
          {props.definition.title} — version {props.definition.version} (this case stays on this version)
        </SummaryRow>
        <SummaryRow term="Department">{props.department ?? 'None'}</SummaryRow>
        <SummaryRow term="Assigned to">{props.assignee ?? 'Nobody'}</SummaryRow>
        <SummaryRow term="Priority">{props.priority}</SummaryRow>
        <SummaryRow term="Opened">{props.createdAt}</SummaryRow>
        {props.closedAt ? (
          <SummaryRow term="Closed">{`${props.closedAt}${props.outcome ? ` — ${props.outcome}` : ''}`}</SummaryRow>
        ) : null}
      </dl>
      <h2 id="case-data">Case data</h2>
      <dl class="cf-summary-list" aria-labelledby="case-data">
        {props.fields.map((field) => (
          <SummaryRow key={field.name} term={field.label}>
            {masked.has(field.name) ? <Withheld /> : displayValue(props.data[field.name])}
          </SummaryRow>
        ))}
        <SummaryRow term="Resident contact">
          {masked.has('residentContact') ? (
            <Withheld />
          ) : props.residentContact ? (
            displayValue(Object.values(props.residentContact).filter((v) => v !== null && v !== ''))
          ) : (
            'None given'
          )}
        </SummaryRow>
      </dl>
    </>
  );
}
