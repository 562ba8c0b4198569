/**
 * Templates a process definition writes itself (`templates:` in the YAML, `{{field}}` placeholders),
 * rendered inside the platform's frame: the tracking number, how to reach the agency and, for an
 * appealable decision, the appeal rights are always added, whatever the author wrote.
 */
import { formatDate } from './message-format';
import { type MessageBlock, renderDraft, type RenderedMessage } from './message-blocks';
import { NotificationError } from './notification-error';
import {
  agency,
  checkFields,
  flag,
  instant,
  parseDateValue,
  text,
  throwFieldProblems,
  url,
  type FieldProblem,
  type FieldsOutput,
} from './template-fields';
import { blocks, heading, link, list, paragraph, residentFooter, staffFooter } from './templates/define-template';

/** The authored template as the compiled definition holds it. */
export interface DefinitionTemplateSource {
  readonly id: string;
  readonly subject?: string;
  readonly body: string;
}

/** The frame's own variables; every other data key may fill a placeholder. */
const FRAME_FIELDS = {
  agency: agency('the agency name and how to reach it').required(),
  trackingNumber: text('the case tracking number').required(),
  audience: text('"resident" (default) or "staff"').optional(),
  statusUrl: url('the public status page (resident messages)').optional(),
  caseUrl: url('the case in the staff application (staff messages)').optional(),
  appealable: flag('whether the message announces an appealable decision').optional(),
  appealDeadline: instant('the last day an appeal is accepted; required when appealable').optional(),
  appealHow: text('how to appeal').optional(),
};

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
  );
}

export function renderDefinitionTemplate(
  source: DefinitionTemplateSource,
  data: Readonly<Record<string, unknown>>,
): RenderedMessage {
  const { values, problems } = checkFields(FRAME_FIELDS, data);
  const audience = values.audience ?? 'resident';
  if (audience !== 'resident' && audience !== 'staff')
    problems.push({
      field: 'audience',
      kind: 'invalid',
      message: `"audience" must be "resident" or "staff", got ${JSON.stringify(audience)}`,
    });
  if (values.appealable === true && values.appealDeadline === undefined) {
    problems.push({
      field: 'appealDeadline',
      kind: 'missing',
      message: '"appealDeadline" is missing (an appealable decision must state the appeal deadline)',
    });
  }
  if (problems.length > 0) throwFieldProblems(source.id, problems);
  // Checked just above: every required frame field is present and well-formed.
  const frame = values as FieldsOutput<typeof FRAME_FIELDS>;

  const appealRights = frame.appealDeadline
    ? `You have the right to appeal this decision. Your appeal must reach us by ${formatDate(frame.appealDeadline, frame.agency)}. ${frame.appealHow ?? 'To appeal, write to us. Say which decision you disagree with and why. Include your tracking number.'}`
    : 'This decision cannot be appealed. If you think we made a mistake, contact us.';
  const lookup = (name: string): Scalar | Scalar[] | undefined => {
    if (name === 'appealRights') return appealRights;
    if (name === 'trackingNumber') return frame.trackingNumber;
    if (name === 'portalUrl' && data.portalUrl === undefined) return frame.statusUrl ?? frame.caseUrl;
    const value = Object.prototype.hasOwnProperty.call(data, name) ? data[name] : undefined;
    if (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)))
      return formatDate(parseDateValue(value), frame.agency);
    if (isScalar(value)) return typeof value === 'string' ? value.trim() : value;
    if (Array.isArray(value) && value.every(isScalar)) return value;
    return undefined;
  };

  // Check every placeholder first so one error names all missing variables.
  const missing: FieldProblem[] = [];
  for (const match of `${source.subject ?? ''}\n${source.body}`.matchAll(PLACEHOLDER)) {
    const name = match[1];
    const value = lookup(name);
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      const present =
        Object.prototype.hasOwnProperty.call(data, name) &&
        data[name] !== null &&
        data[name] !== undefined &&
        data[name] !== '';
      if (!missing.some((p) => p.field === name)) {
        missing.push(
          present
            ? { field: name, kind: 'invalid', message: `"${name}" must be text, a number or a list of those` }
            : { field: name, kind: 'missing', message: `"${name}" is missing (used as {{${name}}})` },
        );
      }
    }
  }
  if (missing.length > 0) throwFieldProblems(source.id, missing);

  const fill = (template: string): string =>
    template.replace(PLACEHOLDER, (_all, name: string) => {
      const value = lookup(name);
      return Array.isArray(value) ? value.join(', ') : String(value);
    });

  const bodyBlocks: MessageBlock[] = [];
  for (const chunk of source.body.split(/\n\s*\n/)) {
    let pending: string[] = [];
    const flush = (): void => {
      if (pending.length > 0) bodyBlocks.push(paragraph(fill(pending.join(' '))));
      pending = [];
    };
    for (const raw of chunk.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      const alone = /^\{\{\s*([^}]*?)\s*\}\}$/.exec(line);
      const value = alone ? lookup(alone[1]) : undefined;
      if (Array.isArray(value)) {
        // A list placeholder on its own line becomes a bulleted list.
        flush();
        bodyBlocks.push(list(value.map(String)));
      } else {
        pending.push(line);
      }
    }
    flush();
  }

  const tracking = frame.trackingNumber;
  const subject = source.subject !== undefined ? fill(source.subject) : `About case ${tracking}`;
  const usesAppealRights = /\{\{\s*appealRights\s*\}\}/.test(`${source.subject ?? ''}${source.body}`);
  const rendered = blocks(
    bodyBlocks,
    audience === 'resident' &&
      frame.appealable !== undefined &&
      !usesAppealRights && [heading('If you disagree'), paragraph(appealRights)],
    audience === 'resident' && frame.statusUrl !== undefined && link('See your case', frame.statusUrl),
    audience === 'staff' && frame.caseUrl !== undefined && link('Open the case', frame.caseUrl),
    audience === 'resident'
      ? residentFooter(frame.agency, tracking)
      : [paragraph(`Case: ${tracking}`), ...staffFooter(frame.agency)],
  );
  const link_ = audience === 'resident' ? frame.statusUrl : frame.caseUrl;
  const sms = `${audience === 'resident' ? `${frame.agency.name}: ` : ''}${fill(source.body)} Ref ${tracking}.${link_ ? ` ${link_}` : ''}`;
  if (!subject.trim())
    throw new NotificationError('TEMPLATE_DATA_INVALID', `template "${source.id}" renders an empty subject`, {
      template: source.id,
    });
  return renderDraft({ subject, blocks: rendered, sms });
}
