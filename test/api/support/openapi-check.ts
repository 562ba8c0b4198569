/** Validates API responses against the OpenAPI document the app itself serves (ajv, JSON Schema 2020-12). */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';

type Json = Record<string, unknown>;

export interface ResponseChecker {
  /** Throws with the ajv errors when the response body does not match the documented schema. */
  check(method: string, template: string, response: Response): void;
  /** Operations checked so far ("GET /api/v1/cases 200"). */
  covered: Set<string>;
}

export function responseChecker(document: Json): ResponseChecker {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const id = 'https://civicflow.local/served-openapi.json';
  ajv.addSchema({ ...document, $id: id });
  const covered = new Set<string>();
  return {
    covered,
    check(method, template, response) {
      const paths = document.paths as Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
      const operation = paths[template]?.[method.toLowerCase()];
      if (!operation) throw new Error(`${method} ${template} is not in the OpenAPI document`);
      const documented = operation.responses[String(response.status)];
      if (!documented)
        throw new Error(
          `${method} ${template} answered ${response.status}, which the document does not list: ${JSON.stringify(response.body)}`,
        );
      covered.add(`${method.toUpperCase()} ${template} ${response.status}`);
      const pointer = `${id}#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${response.status}/content/application~1json/schema`;
      if (!documented.content || !('application/json' in documented.content)) return;
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
      if (!validate(response.body))
        throw new Error(
          `${method} ${template} ${response.status} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 2000)}`,
        );
    },
  };
}
