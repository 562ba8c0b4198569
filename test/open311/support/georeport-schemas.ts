/**
 * The official GeoReport v2 JSON Schemas, loaded at test time from ../shared/open311/georeport-v2
 * beside the repository (CI checks shared/ out at the same relative path), and XML checks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'open311', 'georeport-v2');

export type GeoReportSchema =
  'services.json' | 'service.json' | 'service-definition.json' | 'requests.json' | 'request.json';

export function loadGeoReportValidators(): (schema: GeoReportSchema, body: unknown) => void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const file of ['request.json', 'requests.json', 'service.json', 'services.json', 'service-definition.json']) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object, file);
  }
  return (schema, body) => {
    const validate = ajv.getSchema(schema) as ValidateFunction;
    if (!validate(body))
      throw new Error(
        `response does not match ${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`,
      );
  };
}

/** Parses XML after checking it is well-formed; lists come back as arrays for the names given. */
export function parseXml(
  text: string,
  arrays: readonly string[] = [
    'service',
    'request',
    'attribute',
    'value',
    'error',
    'endpoint',
    'format',
    'request_update',
  ],
): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`XML is not well-formed: ${JSON.stringify(valid.err)}\n${text.slice(0, 1000)}`);
  if (!text.startsWith('<?xml version="1.0" encoding="utf-8"?>')) throw new Error('XML lacks the UTF-8 declaration');
  const parser = new XMLParser({
    ignoreDeclaration: true,
    parseTagValue: false,
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(text) as Record<string, unknown>;
}
