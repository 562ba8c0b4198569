/**
 * Reads a request body up to a byte limit: refused early by its Content-Length, or as soon as the
 * bytes read pass the limit (the rest is drained, not buffered). Callers map `undefined` (too large)
 * to their own error (API: BODY_TOO_LARGE; Open311: HTTP 413).
 */
import type { IncomingMessage } from 'node:http';

export async function readBoundedBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limitBytes) {
      req.resume();
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
