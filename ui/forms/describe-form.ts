/**
 * The forms a definition implies: intake (the fields a case is created with) and each action of a
 * human step (its editable fields, required fields and comment). Pure.
 */
import type { CompiledDefinition, CompiledHumanStep } from '../../domain/definition';
import { describeField } from './describe-field';
import type { CommentDescriptor, FieldDescriptor, FormDescriptor } from './field-descriptor';

export class FormSpecError extends Error {
  constructor(
    readonly code: 'STEP_UNKNOWN' | 'NOT_A_HUMAN_STEP' | 'ACTION_UNKNOWN',
    message: string,
  ) {
    super(message);
    this.name = 'FormSpecError';
  }
}

/** The agency's zone for wall-clock inputs: the definition's default calendar, else UTC. */
function timeZoneOf(definition: CompiledDefinition, override?: string): string {
  if (override) return override;
  const calendar = definition.defaultCalendar ? definition.calendars[definition.defaultCalendar] : undefined;
  return calendar?.timeZone ?? 'UTC';
}

function fieldsFor(
  definition: CompiledDefinition,
  names: readonly string[],
  required: ReadonlySet<string>,
  timeZone: string,
): FieldDescriptor[] {
  const properties = definition.caseData.schema.properties;
  return names
    .filter((name) => Object.hasOwn(properties, name))
    .map((name) => describeField(name, properties[name], { required: required.has(name), timeZone }));
}

/**
 * Fields the process fills in itself, later: written by an action's `set`, an automated step's output,
 * an event, or edited on a human step other than the first. Intake leaves them out.
 */
function fieldsProducedLater(definition: CompiledDefinition): Set<string> {
  const produced = new Set<string>();
  for (const step of Object.values(definition.steps)) {
    if (step.type === 'human') {
      for (const action of Object.values(step.actions))
        for (const field of Object.keys(action.set)) produced.add(field);
      if (step.id !== definition.start) for (const field of step.form) produced.add(field);
    }
    if (step.type === 'automated' && step.task.kind === 'activity')
      for (const field of step.task.output) produced.add(field);
  }
  for (const event of Object.values(definition.events)) for (const field of event.fields) produced.add(field);
  return produced;
}

/**
 * Intake: every field the schema requires, every field on the first step's form, and every field the
 * process never writes itself (contact details, the applicant's own answers). In schema order.
 */
export function intakeForm(definition: CompiledDefinition, options: { timeZone?: string } = {}): FormDescriptor {
  const required = new Set(definition.caseData.required);
  const start = definition.steps[definition.start];
  const firstForm = new Set(start?.type === 'human' ? start.form : []);
  const later = fieldsProducedLater(definition);
  const names = definition.caseData.fields.filter(
    (name) => required.has(name) || firstForm.has(name) || !later.has(name),
  );
  return {
    purpose: { kind: 'intake' },
    definition: { id: definition.id, version: definition.version },
    fields: fieldsFor(definition, names, required, timeZoneOf(definition, options.timeZone)),
    schema: definition.caseData.schema,
  };
}

/** Case fields that hold where the problem is: the portal asks them on a page of their own. */
export const LOCATION_FIELDS: readonly string[] = [
  'address',
  'addressString',
  'location',
  'propertyAddress',
  'latitude',
  'longitude',
];

/**
 * What a resident fills in themselves (the portal): the schema's required fields, the location, and
 * the fields the process never writes and staff never fill on the first step (so not the triage
 * agent's council district or duplicate reference). In schema order.
 */
export function residentForm(definition: CompiledDefinition, options: { timeZone?: string } = {}): FormDescriptor {
  const required = new Set(definition.caseData.required);
  const start = definition.steps[definition.start];
  const staffFirst = new Set(start?.type === 'human' ? start.form : []);
  const later = fieldsProducedLater(definition);
  const names = definition.caseData.fields.filter(
    (name) => required.has(name) || LOCATION_FIELDS.includes(name) || (!later.has(name) && !staffFirst.has(name)),
  );
  return {
    purpose: { kind: 'intake' },
    definition: { id: definition.id, version: definition.version },
    fields: fieldsFor(definition, names, required, timeZoneOf(definition, options.timeZone)),
    schema: definition.caseData.schema,
  };
}

function humanStep(definition: CompiledDefinition, stepId: string): CompiledHumanStep {
  const step = Object.hasOwn(definition.steps, stepId) ? definition.steps[stepId] : undefined;
  if (!step) throw new FormSpecError('STEP_UNKNOWN', `${definition.id}@${definition.version} has no step "${stepId}"`);
  if (step.type !== 'human')
    throw new FormSpecError('NOT_A_HUMAN_STEP', `step "${stepId}" is a ${step.type} step, not a human task`);
  return step;
}

/**
 * An action's form: the step's form fields plus the action's required ones (what the workflow lets the
 * action write), less the fields the action sets itself (its `set` would overwrite them). A required
 * field may already hold a value on the case: the page pre-fills it.
 */
export function actionForm(
  definition: CompiledDefinition,
  stepId: string,
  actionId: string,
  options: { timeZone?: string } = {},
): FormDescriptor {
  const step = humanStep(definition, stepId);
  const action = Object.hasOwn(step.actions, actionId) ? step.actions[actionId] : undefined;
  if (!action) throw new FormSpecError('ACTION_UNKNOWN', `step "${stepId}" has no action "${actionId}"`);
  const editable = [...new Set([...step.form, ...action.requires])].filter(
    (field) => !Object.hasOwn(action.set, field),
  );
  // Any action may carry a comment; some must (reasons for a denial, stated in the notice).
  const comment: CommentDescriptor = action.requiresComment
    ? { name: 'action-comment', label: 'Reasons', hint: 'Kept on the case record with your name.', required: true }
    : { name: 'action-comment', label: 'Comment (optional)', required: false };
  return {
    purpose: { kind: 'action', step: step.id, action: action.id, label: action.label },
    definition: { id: definition.id, version: definition.version },
    fields: fieldsFor(definition, editable, new Set(action.requires), timeZoneOf(definition, options.timeZone)),
    comment,
    schema: definition.caseData.schema,
  };
}

/**
 * The form without some fields — pass the case view's `maskedFields`: a value the person may not see
 * must be shown as withheld, never offered for editing (a post would overwrite what they never saw).
 */
export function withoutFields(form: FormDescriptor, names: readonly string[]): FormDescriptor {
  const hidden = new Set(names);
  return { ...form, fields: form.fields.filter((field) => !hidden.has(field.name)) };
}
