/**
 * Typed views of supertest JSON bodies (supertest types `body` as `any`). The type is what the test
 * expects the API to answer; where a test also runs the OpenAPI checker, the shape itself is checked.
 */
import type { ErrorBody } from '../../../api/errors/api-error';

/** The response's JSON body as `T`. */
export function jsonBody<T>(response: { body: unknown }): T {
  return response.body as T;
}

/** The `error` of an API error response (code, message, details). */
export function errorOf(response: { body: unknown }): ErrorBody['error'] {
  return jsonBody<ErrorBody>(response).error;
}
