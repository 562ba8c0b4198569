/** Open311's error answer: a list of `{code, description}` with 403 (bad key), 404 (unknown) or 400. */
import { OPEN311_LISTS, toXmlDocument } from './xml-format';

export type Open311Status = 400 | 403 | 404 | 413 | 429;

export interface Open311ErrorItem {
  code: number;
  description: string;
}

export class Open311Error extends Error {
  readonly errors: Open311ErrorItem[];

  constructor(
    readonly status: Open311Status,
    descriptions: string | readonly string[],
  ) {
    const list = typeof descriptions === 'string' ? [descriptions] : [...descriptions];
    super(list.join('; '));
    this.name = 'Open311Error';
    this.errors = list.map((description) => ({ code: status, description }));
  }
}

export const badRequest = (descriptions: string | readonly string[]): Open311Error =>
  new Open311Error(400, descriptions);
export const notFound = (description: string): Open311Error => new Open311Error(404, description);
export const forbidden = (description: string): Open311Error => new Open311Error(403, description);

/**
 * An Open311 error document for answers written outside Koa (node's parser errors): the media type
 * and the body, in the format the path's suffix asks for.
 */
export function open311ErrorDocument(
  path: string,
  status: number,
  description: string,
): { contentType: string; body: string } {
  const errors = [{ code: status, description }];
  if (/\.xml(?:\?|$)/i.test(path))
    return { contentType: 'text/xml; charset=utf-8', body: toXmlDocument('errors', errors, OPEN311_LISTS) };
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(errors) };
}
