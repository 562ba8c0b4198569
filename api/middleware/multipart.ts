/**
 * One uploaded file from multipart/form-data (busboy), with byte, part and field limits. Every stream
 * involved (the request, the parser, the file) has an error listener: a truncated or aborted upload
 * is a 400 for this request, never an unhandled 'error' event that takes the process down. Nothing
 * is kept from a failed upload (the caller stores the file only once this resolves).
 */
import busboy from 'busboy';
import type { Context } from 'koa';
import { ApiError } from '../errors/api-error';

export interface UploadedFile {
  filename: string;
  contentType: string;
  content: Buffer;
  fields: Record<string, string>;
}

const malformed = (error: unknown): ApiError =>
  new ApiError('VALIDATION_FAILED', 'malformed multipart body', {
    reason: error instanceof Error ? error.message : String(error),
  });

/**
 * A form past the reader's field limits (too many fields, or one too long). Refused whole rather
 * than read in part; `fields` holds what was read before the limit, so a page can show itself again
 * with the error beside the field (never serialised into the API's answer).
 */
export class FormLimitError extends ApiError {
  constructor(
    readonly fields: Record<string, string>,
    limit: 'fields' | 'fieldSize',
    max: number,
    field?: string,
  ) {
    super(
      'BODY_TOO_LARGE',
      limit === 'fields'
        ? `the form has more than ${max} fields`
        : `the form field "${field ?? ''}" is longer than ${max} bytes`,
      { limit, max, ...(field !== undefined ? { field } : {}) },
    );
  }
}

/** How many form fields may come with the file, and how long each may be (a wizard page carries its earlier answers). */
export interface FieldLimits {
  fields: number;
  fieldSize: number;
}

export function readSingleFile(
  ctx: Context,
  maxBytes: number,
  fieldLimits: FieldLimits = { fields: 10, fieldSize: 4000 },
): Promise<UploadedFile> {
  if (!ctx.is('multipart/form-data'))
    return Promise.reject(
      new ApiError('UNSUPPORTED_MEDIA_TYPE', 'upload documents as multipart/form-data with a "file" part'),
    );
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: {
          files: 1,
          fileSize: maxBytes,
          fields: fieldLimits.fields,
          fieldSize: fieldLimits.fieldSize,
          parts: fieldLimits.fields + 2,
          headerPairs: 50,
        },
      });
    } catch (error) {
      reject(malformed(error));
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    let failure: ApiError | undefined;
    let settled = false;
    let pending: Promise<void> = Promise.resolve();

    /** Answers once; on failure stops parsing and lets the rest of the body drain. */
    const fail = (error: ApiError): void => {
      failure ??= error;
      if (settled) return;
      settled = true;
      ctx.req.unpipe(parser);
      ctx.req.resume();
      reject(failure);
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) failure ??= new FormLimitError(fields, 'fieldSize', fieldLimits.fieldSize, name);
      else fields[name] = value;
    });
    // busboy stops emitting fields past its limits; dropping them silently would lose answers.
    parser.on('fieldsLimit', () => {
      failure ??= new FormLimitError(fields, 'fields', fieldLimits.fields);
    });
    parser.on('partsLimit', () => {
      failure ??= new FormLimitError(fields, 'fields', fieldLimits.fields);
    });
    parser.on('filesLimit', () => {
      failure ??= new ApiError('VALIDATION_FAILED', 'send one file only', { limit: 'files', max: 1 });
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      pending = new Promise<void>((done) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => {
          failure ??= new ApiError('DOCUMENT_TOO_LARGE', `the document is larger than ${maxBytes} bytes`, { maxBytes });
        });
        // busboy destroys the file stream with an error when the body ends inside the file.
        stream.on('error', (error: unknown) => {
          failure ??= malformed(error);
          done();
        });
        stream.on('close', () => {
          if (name === 'file' && !file && !failure)
            file = {
              filename: info.filename || 'document',
              contentType: info.mimeType || 'application/octet-stream',
              content: Buffer.concat(chunks),
              fields,
            };
          done();
        });
      });
    });
    parser.on('error', (error: unknown) => fail(malformed(error)));
    parser.on('close', () => {
      void pending.then(() => {
        if (settled) return;
        if (failure) return fail(failure);
        settled = true;
        if (!file) reject(new ApiError('VALIDATION_FAILED', 'the multipart body has no "file" part'));
        else resolve({ ...file, fields });
      });
    });
    ctx.req.on('error', (error: unknown) => fail(malformed(error)));
    ctx.req.on('aborted', () => fail(new ApiError('VALIDATION_FAILED', 'the upload was interrupted')));
    ctx.req.pipe(parser);
  });
}
