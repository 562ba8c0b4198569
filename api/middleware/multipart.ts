/** One uploaded file from multipart/form-data (busboy), with byte, part and field limits. */
import busboy from 'busboy';
import type { Context } from 'koa';
import { ApiError } from '../errors/api-error';

export interface UploadedFile {
  filename: string;
  contentType: string;
  content: Buffer;
  fields: Record<string, string>;
}

export function readSingleFile(ctx: Context, maxBytes: number): Promise<UploadedFile> {
  if (!ctx.is('multipart/form-data')) return Promise.reject(new ApiError('UNSUPPORTED_MEDIA_TYPE', 'upload documents as multipart/form-data with a "file" part'));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 4000, parts: 12, headerPairs: 50 } });
    } catch (error) {
      reject(new ApiError('VALIDATION_FAILED', 'malformed multipart body', { reason: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    let failure: ApiError | undefined;
    let pending: Promise<void> = Promise.resolve();
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      pending = new Promise<void>((done) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => {
          failure = new ApiError('DOCUMENT_TOO_LARGE', `the document is larger than ${maxBytes} bytes`, { maxBytes });
        });
        stream.on('close', () => {
          if (name === 'file' && !file) file = { filename: info.filename || 'document', contentType: info.mimeType || 'application/octet-stream', content: Buffer.concat(chunks), fields };
          done();
        });
      });
    });
    parser.on('error', (error: unknown) => reject(new ApiError('VALIDATION_FAILED', 'malformed multipart body', { reason: error instanceof Error ? error.message : String(error) })));
    parser.on('close', () => {
      void pending.then(() => {
        if (failure) reject(failure);
        else if (!file) reject(new ApiError('VALIDATION_FAILED', 'the multipart body has no "file" part'));
        else resolve({ ...file, fields });
      });
    });
    ctx.req.pipe(parser);
  });
}
