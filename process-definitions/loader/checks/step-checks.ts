/**
 * Rules inside single steps: human tasks (actions, required fields, values they set), choices
 * (expressions, duplicate conditions), ends (outcome and retention, appeal notices), automated steps
 * (registered activities, work orders to configured connections), and every expression in the document.
 */
import { WORK_ORDER_ACTIVITY } from '../../../domain/connections';
import type { AutomatedStepDocument, CaseFieldSchema, JsonValue } from '../../../domain/definition';
import type { CheckContext } from '../check-context';
import { type DocPath, suggest } from '../problems';
import { stepEntries } from '../step-graph';

export function checkSteps(ctx: CheckContext): void {
  const { doc, sink } = ctx;
  const clock = doc.statutoryClock;
  clock?.variants?.forEach((variant, i) => ctx.expression(['statutoryClock', 'variants', i, 'when'], variant.when));

  for (const [id, step] of stepEntries(doc)) {
    const base: DocPath = ['steps', id];
    if ((step.type === 'human' || step.type === 'wait') && step.sla !== 'none') {
      step.sla.variants?.forEach((variant, i) => ctx.expression([...base, 'sla', 'variants', i, 'when'], variant.when));
    }
    switch (step.type) {
      case 'human': {
        const form = new Set(step.form ?? []);
        const role = ctx.has(doc.roles, step.role) ? doc.roles[step.role] : undefined;
        const sees = role?.seesPersonalData === true ? undefined : new Set(role?.seesPersonalData || []);
        if (role && sees) {
          const personal = (field: string) => ctx.fields.has(field) && doc.caseData.properties[field].personal === true;
          const needed = new Set([...form, ...Object.values(step.actions).flatMap((action) => action.requires ?? [])]);
          const hidden = [...needed].filter((field) => personal(field) && !sees.has(field));
          if (hidden.length > 0) {
            sink.warning(
              'PERSONAL_FIELD_HIDDEN',
              [...base, 'role'],
              `"${id}" asks role "${step.role}" to fill personal data it may not see (${hidden.join(', ')}); list them in the role's seesPersonalData`,
            );
          }
        }
        for (const [actionId, action] of Object.entries(step.actions)) {
          const actionPath: DocPath = [...base, 'actions', actionId];
          if (action.when !== undefined) ctx.expression([...actionPath, 'when'], action.when);
          const set = action.set ?? {};
          (action.requires ?? []).forEach((field, i) => {
            if (ctx.fields.has(field) && !form.has(field) && !Object.prototype.hasOwnProperty.call(set, field)) {
              sink.warning(
                'ACTION_FIELD_NOT_ON_FORM',
                [...actionPath, 'requires', i],
                `action "${actionId}" requires "${field}", which is not on the form of "${id}"; staff can only fill it if it was set earlier`,
              );
            }
          });
          for (const [field, value] of Object.entries(set)) {
            if (!ctx.fields.has(field)) continue;
            const problem = valueProblem(doc.caseData.properties[field], value);
            if (problem)
              sink.error(
                'ACTION_SET_VALUE_INVALID',
                [...actionPath, 'set', field],
                `action "${actionId}" sets "${field}" to ${JSON.stringify(value)}: ${problem}`,
              );
          }
        }
        break;
      }
      case 'choice': {
        const seen = new Map<string, number>();
        step.choices.forEach((choice, i) => {
          const parsed = ctx.expression([...base, 'choices', i, 'when'], choice.when);
          if (!parsed) return;
          const key = JSON.stringify(parsed.compiled.ast);
          if (seen.has(key)) {
            sink.warning(
              'CHOICE_DUPLICATE_CONDITION',
              [...base, 'choices', i, 'when'],
              `this condition repeats choice ${(seen.get(key) ?? 0) + 1}; it can never be taken`,
            );
          } else {
            seen.set(key, i);
          }
        });
        break;
      }
      case 'wait':
        step.on.forEach((handler, i) => {
          if (handler.when !== undefined) ctx.expression([...base, 'on', i, 'when'], handler.when);
        });
        if (step.role === undefined && step.sla !== 'none') {
          step.sla.escalations?.forEach((escalation, i) => {
            const to =
              escalation.notify === undefined
                ? []
                : Array.isArray(escalation.notify)
                  ? escalation.notify
                  : [escalation.notify];
            const personal = to.filter((recipient) => recipient === 'assignee' || recipient === 'supervisor');
            if (personal.length > 0) {
              sink.warning(
                'WAIT_RECIPIENT_UNRESOLVED',
                [...base, 'sla', 'escalations', i, 'notify'],
                `wait step "${id}" has no role, so ${personal.join(' and ')} reach nobody; add \`role:\` to the step or notify role:<id>`,
              );
            }
          });
        }
        break;
      case 'automated':
        if (
          step.activity !== undefined &&
          ctx.options.knownActivities &&
          !ctx.options.knownActivities.includes(step.activity)
        ) {
          sink.error(
            'ACTIVITY_UNKNOWN',
            [...base, 'activity'],
            `"${step.activity}" is not a registered activity (known: ${ctx.options.knownActivities.join(', ') || 'none'})`,
          );
        }
        checkConnection(ctx, id, step, base);
        break;
      case 'end': {
        const outcome = ctx.has(doc.outcomes, step.outcome) ? doc.outcomes[step.outcome] : undefined;
        const retention = step.retention ?? outcome?.retention;
        if (outcome && (retention === undefined || !ctx.has(doc.retentionClasses, retention))) {
          sink.error('END_WITHOUT_RETENTION', [...base, 'outcome'], `end step "${id}" has no valid retention class`);
        }
        if (outcome?.appealable && !step.notify) {
          sink.warning(
            'END_APPEAL_NOT_NOTIFIED',
            [...base, 'outcome'],
            `outcome "${step.outcome}" is appealable but "${id}" does not notify the applicant of appeal rights`,
          );
        }
        break;
      }
      default:
        break;
    }
  }
}

/** A work order names a connection, and the connection exists when the connections file is known. */
function checkConnection(ctx: CheckContext, id: string, step: AutomatedStepDocument, base: DocPath): void {
  const sends = step.activity === WORK_ORDER_ACTIVITY;
  if (sends && step.connection === undefined) {
    ctx.sink.error(
      'CONNECTION_MISPLACED',
      [...base, 'activity'],
      `step "${id}" sends a work order: name its \`connection:\``,
    );
  } else if (!sends && step.connection !== undefined) {
    ctx.sink.error(
      'CONNECTION_MISPLACED',
      [...base, 'connection'],
      `step "${id}" names a connection but does not send a work order (activity: ${WORK_ORDER_ACTIVITY})`,
    );
  } else if (
    step.connection !== undefined &&
    ctx.options.knownConnections &&
    !ctx.options.knownConnections.includes(step.connection)
  ) {
    const known = ctx.options.knownConnections;
    ctx.sink.error(
      'CONNECTION_UNKNOWN',
      [...base, 'connection'],
      `"${step.connection}" is not a configured connection (known: ${known.join(', ') || 'none'})${suggest(step.connection, known)}`,
    );
  }
}

/** A light check of a literal against a field's declared type and enum. */
function valueProblem(schema: CaseFieldSchema, value: JsonValue): string | undefined {
  if (value === null) return undefined;
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `allowed values are ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  const type = schema.type;
  if (type === undefined) return undefined;
  const actual = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  if (type === 'integer') return Number.isInteger(value) ? undefined : 'the field is an integer';
  if (type !== actual) return `the field is of type ${type}`;
  return undefined;
}
