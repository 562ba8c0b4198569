/** Request bodies validated with ajv against the OpenAPI document's component schemas. */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { ApiError } from '../errors/api-error';
import { OPENAPI_DOCUMENT } from './openapi-document';

const DOCUMENT_ID = 'https://civicflow.local/openapi.json';

export interface BodyValidator {
  /** Returns the body typed as T when it matches the named schema; VALIDATION_FAILED otherwise. */
  check<T>(schema: string, body: unknown): T;
}

export function createBodyValidator(): BodyValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ ...OPENAPI_DOCUMENT, $id: DOCUMENT_ID });
  const compiled = new Map<string, ValidateFunction>();
  return {
    check<T>(schema: string, body: unknown): T {
      let validate = compiled.get(schema);
      if (!validate) {
        validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/${schema}` });
        compiled.set(schema, validate);
      }
      if (!validate(body)) {
        const problems = (validate.errors ?? [])
          .slice(0, 20)
          .map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is invalid', keyword: e.keyword }));
        throw new ApiError('VALIDATION_FAILED', `the request body does not match ${schema}`, { problems });
      }
      return body as T;
    },
  };
}
