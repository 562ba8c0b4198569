/**
 * The connections file (process-definitions/connections.yaml): departments' work-order systems,
 * checked like a definition — YAML limits, its JSON Schema, problems at file:line:col. Secrets and
 * the https rule are the configuration's business (config/connection-settings.ts).
 */
import fs from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ConnectionsDocument } from '../../domain/connections';
import type { DefinitionProblem } from '../../domain/errors';
import schema from '../schema/connections.schema.json';
import { validateWith } from './schema-validator';
import { readYaml } from './yaml-reader';

let validator: ValidateFunction | undefined;

function connectionsValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
    });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  return validator;
}

export interface ConnectionsLoadResult {
  readonly ok: boolean;
  readonly document?: ConnectionsDocument;
  readonly problems: readonly DefinitionProblem[];
}

/** A connections file is recognised by its format line. */
export function isConnectionsFile(text: string): boolean {
  return /^format:\s*["']?civicflow\/connections-v1/m.test(text);
}

export function loadConnectionsText(text: string, file: string): ConnectionsLoadResult {
  const read = readYaml(text.replace(/^\uFEFF/, ''), file);
  if (read.value !== undefined && !read.sink.hasErrors) validateWith(connectionsValidator(), read.value, read.sink);
  const ok = read.value !== undefined && !read.sink.hasErrors;
  // The schema has just checked the shape; this is the typed view of a checked value.
  return ok
    ? { ok, document: read.value as unknown as ConnectionsDocument, problems: read.sink.problems }
    : { ok, problems: read.sink.problems };
}

export function loadConnectionsFileSync(file: string): ConnectionsLoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          code: 'FILE_UNREADABLE',
          severity: 'error',
          message: `cannot read ${file}: ${(error as Error).message}`,
          file,
          line: 1,
          col: 1,
          path: '',
        },
      ],
    };
  }
  return loadConnectionsText(text, file);
}

/** The connection names a definition may use: what `--connections` / the validator's option takes. */
export function connectionNames(document: ConnectionsDocument | undefined): string[] {
  return Object.keys(document?.connections ?? {});
}
