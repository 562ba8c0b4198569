/**
 * JSON Schema (draft 2020-12) validation of a parsed definition, with ajv errors turned into coded
 * problems at YAML positions. Noise from `if/then` wrappers is dropped; a few missing properties get
 * the language-level code the static checks promise (an end without outcome, a task without actions).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import type { DefinitionProblemCode } from '../../domain/errors';
import schema from '../schema/process-definition.schema.json';
import { type DocPath, type ProblemSink, suggest } from './problems';

let compiled: ValidateFunction | undefined;
let ajvInstance: Ajv2020 | undefined;

/** Schema object → its name under $defs, to tell which part of the language an error is about. */
const DEF_NAMES = new Map<object, string>(Object.entries(schema.$defs).map(([name, definition]) => [definition, name]));

export function definitionSchemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = (ajvInstance = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowUnionTypes: true,
    }));
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

const MISSING_PROPERTY_CODES: Record<string, DefinitionProblemCode> = {
  'endStep:outcome': 'END_WITHOUT_OUTCOME',
  'humanStep:actions': 'HUMAN_NO_ACTIONS',
  'humanStep:sla': 'SLA_MISSING',
  'waitStep:sla': 'SLA_MISSING',
  'choiceStep:default': 'CHOICE_NO_DEFAULT',
};

const MAX_SCHEMA_PROBLEMS = 200;

let calendarValidator: ValidateFunction | undefined;

/** The calendar part of the schema on its own, for included calendar files. */
export function calendarSchemaValidator(): ValidateFunction {
  if (!calendarValidator) {
    definitionSchemaValidator();
    calendarValidator = ajvInstance?.getSchema(`${schema.$id}#/$defs/calendar`);
    if (!calendarValidator) throw new Error('calendar schema missing');
  }
  return calendarValidator;
}

/** Returns true when the document satisfies the schema. */
export function validateAgainstSchema(value: unknown, sink: ProblemSink): boolean {
  return validateWith(definitionSchemaValidator(), value, sink);
}

export function validateWith(validate: ValidateFunction, value: unknown, sink: ProblemSink): boolean {
  if (validate(value)) return true;
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
  const seen = new Set<string>();
  let count = 0;
  for (const error of errors) {
    const path = instancePath(error);
    const { code, message, atKey, target } = describe(error, path);
    const dedupe = `${code}|${target.join('/')}|${message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    count += 1;
    if (count > MAX_SCHEMA_PROBLEMS) break;
    sink.error(code, target, message, { key: atKey });
  }
  return false;
}

function instancePath(error: ErrorObject): (string | number)[] {
  if (error.instancePath === '') return [];
  return error.instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function where(path: DocPath): string {
  if (path.length === 0) return 'the document';
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : part))
    .join('.')
    .replace(/\.\[/g, '[');
}

function describe(
  error: ErrorObject,
  path: DocPath,
): { code: DefinitionProblemCode; message: string; atKey: boolean; target: DocPath } {
  const params = error.params as Record<string, unknown>;
  const def = (error.parentSchema && DEF_NAMES.get(error.parentSchema)) ?? '';
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const code = MISSING_PROPERTY_CODES[`${def}:${missing}`] ?? 'SCHEMA_MISSING_PROPERTY';
      const hint = code === 'SLA_MISSING' ? ' (write `sla: none` if the step has no target)' : '';
      return { code, message: `${where(path)} needs "${missing}"${hint}`, atKey: path.length > 0, target: path };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return {
        code: 'SCHEMA_UNKNOWN_PROPERTY',
        message: `${where(path)} has unknown property "${extra}"${suggest(extra, known)}`,
        atKey: true,
        target: [...path, extra],
      };
    }
    case 'type':
      return {
        code: 'SCHEMA_WRONG_TYPE',
        message: `${where(path)} must be ${String(params.type).replace(',', ' or ')}`,
        atKey: false,
        target: path,
      };
    case 'enum':
      return {
        code: 'SCHEMA_INVALID_VALUE',
        message: `${where(path)} must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${
          typeof error.data === 'string' ? suggest(error.data, (params.allowedValues as unknown[]).map(String)) : ''
        }`,
        atKey: false,
        target: path,
      };
    case 'const':
      return {
        code: 'SCHEMA_INVALID_VALUE',
        message: `${where(path)} must be ${JSON.stringify(params.allowedValue)}`,
        atKey: false,
        target: path,
      };
    case 'pattern':
    case 'format':
      return {
        code: 'SCHEMA_INVALID_FORMAT',
        message: `${where(path)} ${formatHint(def, error)}`,
        atKey: false,
        target: path,
      };
    case 'propertyNames':
      return {
        code: 'SCHEMA_INVALID_FORMAT',
        message: `${where(path)} has an invalid name "${String(params.propertyName)}"`,
        atKey: true,
        target: [...path, String(params.propertyName)],
      };
    case 'minProperties':
      if (error.parentSchema === schema.$defs.humanStep.properties.actions) {
        return {
          code: 'HUMAN_NO_ACTIONS',
          message: `${where(path)} must define at least one action`,
          atKey: false,
          target: path,
        };
      }
      return {
        code: 'SCHEMA_VIOLATION',
        message: `${where(path)} ${error.message ?? 'is invalid'}`,
        atKey: false,
        target: path,
      };
    default:
      return {
        code: 'SCHEMA_VIOLATION',
        message: `${where(path)} ${error.message ?? 'is invalid'}`,
        atKey: false,
        target: path,
      };
  }
}

function formatHint(def: string, error: ErrorObject): string {
  if (
    /duration|threshold/.test(def) ||
    /\/(due|limit|after|within|advance|maxEach|maxTotal|initialInterval|by)\//.test(error.schemaPath)
  ) {
    return 'is not a valid duration: use "P3D", "PT4H" (calendar time) or "10 working days" (working time), thresholds also "75%"';
  }
  const patterns: Record<string, string> = {
    id: 'must be an identifier: a letter, then letters, digits, "-" or "_"',
    kebabId: 'must be kebab-case, e.g. "building-permit"',
    fieldName: 'must be a field name: a letter or "_", then letters, digits or "_"',
    date: 'must be a date "YYYY-MM-DD"',
    instant: 'must be an instant such as "2026-03-02T09:00:00-08:00"',
    recipient: 'must be applicant, assignee, supervisor or role:<roleId>',
    next: 'must be a step id or $join',
  };
  return patterns[def] ?? `must match the required format (${error.message ?? ''})`;
}
