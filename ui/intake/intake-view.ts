/** What the intake pages show, worked out from plain data (pure; the components only lay it out). */
import type { PossibleDuplicate } from '../../api/services/possible-duplicates';
import type { CompiledDefinition } from '../../domain/definition';
import { humanise, type FormDescriptor } from '../forms';
import type { DuplicateRow } from '../components/possible-duplicates';
import type { SummaryRow } from '../components/summary-list';
import { INTAKE_CHANNELS, INTAKE_NAMES, NOTICE_PREFERENCES } from './intake-answers';

type Values = Readonly<Record<string, string | readonly string[]>>;

const labelOf = (options: readonly { value: string; label: string }[], value: string): string =>
  options.find((option) => option.value === value)?.label ?? value;

/** Check your answers: the process's fields as the clerk typed or chose them, then contact and notices. */
export function answerRows(form: FormDescriptor, values: Values, asksChannel: boolean): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const n = INTAKE_NAMES;
  const text = (name: string): string => {
    const value = values[name];
    return typeof value === 'string' ? value : '';
  };
  if (asksChannel) rows.push({ label: 'How the request came in', value: labelOf(INTAKE_CHANNELS, text(n.channel)) });
  for (const field of form.fields) {
    if (field.kind === 'unsupported') continue;
    const raw = values[field.name];
    const chosen = typeof raw === 'string' ? (raw === '' ? [] : [raw]) : [...(raw ?? [])];
    let shown: string;
    if (field.kind === 'checkbox') shown = chosen.includes('true') ? 'Yes' : 'No';
    else if (field.options) shown = chosen.map((value) => labelOf(field.options ?? [], value)).join(', ');
    else shown = chosen.join(', ');
    rows.push({ label: field.label, value: shown });
  }
  rows.push({ label: 'Resident’s name', value: text(n.contactName) });
  rows.push({ label: 'Resident’s email', value: text(n.contactEmail) });
  rows.push({ label: 'Resident’s phone', value: text(n.contactPhone) });
  rows.push({ label: 'Resident’s postal address', value: text(n.contactAddress) });
  rows.push({ label: 'Notices by', value: labelOf(NOTICE_PREFERENCES, text(n.notice)) });
  return rows;
}

function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/** The possible duplicates as table rows: what the request is, its status, why it is listed. */
export function duplicateRows(
  found: readonly PossibleDuplicate[],
  definition: Pick<CompiledDefinition, 'title' | 'statuses'>,
  timeZone: string,
): DuplicateRow[] {
  return found.map(({ case: view, match }) => {
    const category = typeof view.data.category === 'string' ? humanise(view.data.category) : undefined;
    const why = [
      match.sameAddress ? 'Same address' : '',
      match.distanceMetres !== undefined ? `${match.distanceMetres} m away` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      caseId: view.id,
      trackingNumber: view.trackingNumber,
      title: category ?? view.title ?? definition.title,
      status: definition.statuses[view.residentStatus]?.label ?? humanise(view.status),
      createdOn: formatDay(view.createdAt, timeZone),
      match: why,
    };
  });
}
