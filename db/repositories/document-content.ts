/**
 * Pure checks on uploaded content: size and type limits, and that the bytes look like the declared
 * type (a "PDF" that is really an executable is refused). Throws typed errors.
 */
import { DbError } from '../errors';

export interface DocumentLimits {
  maxBytes: number;
  allowedContentTypes: readonly string[];
}

const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 2 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) =>
    b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) =>
    b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')),
  'text/plain': (b) => !b.includes(0),
  'text/csv': (b) => !b.includes(0),
};

/** "Image/PNG; charset=x" -> "image/png". */
export function normalizeContentType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** Keeps the last path segment, drops control characters, caps the length; never empty. */
export function sanitizeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  const limited = cleaned.slice(-200);
  return limited === '' ? 'document' : limited;
}

export function checkDocumentContent(content: Buffer, declaredType: string, limits: DocumentLimits): string {
  if (content.length === 0) throw new DbError('DOCUMENT_EMPTY', 'the document is empty');
  if (content.length > limits.maxBytes) {
    throw new DbError(
      'DOCUMENT_TOO_LARGE',
      `the document is ${content.length} bytes; the limit is ${limits.maxBytes}`,
      {
        sizeBytes: content.length,
        maxBytes: limits.maxBytes,
      },
    );
  }
  const contentType = normalizeContentType(declaredType);
  if (!limits.allowedContentTypes.includes(contentType)) {
    throw new DbError(
      'DOCUMENT_TYPE_NOT_ALLOWED',
      `documents of type ${JSON.stringify(contentType)} are not accepted`,
      {
        contentType,
        allowed: [...limits.allowedContentTypes],
      },
    );
  }
  const matches = SIGNATURES[contentType];
  if (matches && !matches(content)) {
    throw new DbError('DOCUMENT_CONTENT_MISMATCH', `the content is not a valid ${contentType} file`, { contentType });
  }
  return contentType;
}
