/**
 * Answers what node's HTTP parser refuses before Koa sees a request (headers too large, a method or
 * request line it cannot parse, a request that took too long) in the API's error shape, instead of
 * node's bare status line with an empty body. Mounted by `listen` as the server's 'clientError' handler.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { open311ErrorDocument } from '../open311';
import { HTTP_STATUS, type ApiErrorCode, type ErrorBody } from './errors/api-error';

const BY_PARSER_CODE: Record<string, { code: ApiErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' },
  HPE_INVALID_METHOD: { code: 'METHOD_NOT_ALLOWED', message: 'the request method is not supported' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive' },
};

/** The request target, when the bytes received so far have a request line. */
function targetOf(rawPacket: unknown): string | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  return / (\/\S*) HTTP\/\d/.exec(rawPacket.subarray(0, 8192).toString('latin1'))?.[1];
}

/**
 * The raw HTTP/1.1 answer for a parser error code (pure): the API's error shape, or Open311's for a
 * request line under /open311.
 */
export function clientErrorResponse(parserCode: string | undefined, target?: string): string {
  const known = (parserCode && BY_PARSER_CODE[parserCode]) || {
    code: 'MALFORMED_REQUEST' as const,
    message: 'the request is not well-formed HTTP',
  };
  const status = HTTP_STATUS[known.code];
  const body: ErrorBody = { error: { code: known.code, message: known.message, details: {} } };
  const answer =
    target !== undefined && /^\/open311(?:[/.-]|$)/i.test(target)
      ? open311ErrorDocument(target, status, known.message)
      : { contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    `Content-Type: ${answer.contentType}`,
    `Content-Length: ${Buffer.byteLength(answer.body)}`,
    'Connection: close',
    '',
    answer.body,
  ].join('\r\n');
}

export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  // A reset or an already-answered socket has nobody left to read an answer.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error.code, targetOf(error.rawPacket)));
}
