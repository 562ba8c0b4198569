/** Timeline entries by kind (for the filter) and in words (who, what, from where). Pure. */
import type { TimelineEntry } from '../../api/services';
import type { JsonValue } from '../../domain/definition';
import { humanise } from '../forms';

export const TIMELINE_KINDS = [
  'all',
  'actions',
  'assignment',
  'clock',
  'sla',
  'documents',
  'comments',
  'reads',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_KIND_LABELS: Readonly<Record<TimelineKind, string>> = {
  all: 'Everything, reads included',
  actions: 'Actions and steps',
  assignment: 'Claims and assignments',
  clock: 'Statutory clock',
  sla: 'Warnings and escalations',
  documents: 'Documents',
  comments: 'Comments',
  reads: 'Who read the case',
};

/** The kind in the URL, or undefined (the default view: everything but reads). Unknown values are ignored. */
export function parseTimelineKind(value: unknown): TimelineKind | undefined {
  return typeof value === 'string' && (TIMELINE_KINDS as readonly string[]).includes(value)
    ? (value as TimelineKind)
    : undefined;
}

export function kindOf(type: string): Exclude<TimelineKind, 'all'> {
  if (type === 'case.read') return 'reads';
  if (type.startsWith('task-')) return 'assignment';
  if (type.startsWith('clock-')) return 'clock';
  if (type.startsWith('sla-') || type === 'priority-raised') return 'sla';
  if (type.startsWith('document')) return 'documents';
  if (type.startsWith('comment')) return 'comments';
  return 'actions';
}

export function matchesKind(entry: Pick<TimelineEntry, 'type'>, kind: TimelineKind | undefined): boolean {
  if (kind === 'all') return true;
  if (kind === undefined) return kindOf(entry.type) !== 'reads';
  return kindOf(entry.type) === kind;
}

const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** "Action taken: approve (review)", "Comment added: “Called the resident”", "Read: timeline". */
export function describeEntry(
  entry: Pick<TimelineEntry, 'type' | 'details'>,
  names: ReadonlyMap<string, string>,
): string {
  // The workflow's entries keep their particulars under `detail`; others at the top.
  const nested = entry.details.detail;
  const d =
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? { ...entry.details, ...nested }
      : entry.details;
  const person = (id: JsonValue | undefined) => {
    const value = typeof id === 'object' && id !== null && !Array.isArray(id) ? id.id : id;
    const key = text(value);
    return key ? (names.get(key) ?? key) : undefined;
  };
  const parts: string[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) parts.push(label ? `${label} ${value}` : value);
  };
  add('', text(d.action) ?? text(d.what));
  add('on', text(d.step) ?? text(d.stepId));
  add('to', person(d.assignee) ?? person(d.to) ?? text(d.status));
  add('', text(d.name));
  add('', text(d.text) ? `“${text(d.text)}”` : undefined);
  add('reason:', text(d.reason));
  add('by', text(d.by));
  add(
    '',
    text(d.fromVersion) && text(d.toVersion) ? `version ${text(d.fromVersion)} → ${text(d.toVersion)}` : undefined,
  );
  add('', text(d.comment) ? `“${text(d.comment)}”` : undefined);
  const title = entry.type === 'case.read' ? 'Read' : humanise(entry.type.replace(/[.-]/g, ' '));
  return parts.length > 0 ? `${title}: ${parts.join(', ')}` : title;
}

export function describeSource(source: TimelineEntry['source']): string {
  const channel = source.channel ?? 'unknown channel';
  return source.ip ? `${channel}, ${source.ip}` : channel;
}
