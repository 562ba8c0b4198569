/**
 * Case documents: metadata in the database, content on disk (default) or in a bytea column. Limits
 * are enforced here so every way in (API, Open311 media, workflow) gets the same rules.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Knex } from 'knex';
import type { ActorKind } from '../../domain/audit';
import { DbError } from '../errors';
import { checkDocumentContent, sanitizeFilename, type DocumentLimits } from './document-content';
import { sha256Hex } from './secrets';
import { storableOptionalText } from './db-values';

export type DocumentStorageKind = 'disk' | 'db';

export interface DocumentStoreOptions extends DocumentLimits {
  storage: DocumentStorageKind;
  /** Root directory of disk-stored content. */
  dir: string;
}

export interface SaveDocumentInput {
  caseId: string;
  filename: string;
  contentType: string;
  content: Buffer;
  uploadedBy: string;
  uploadedByKind?: ActorKind;
  description?: string;
}

export interface DocumentMeta {
  id: string;
  caseId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKind: DocumentStorageKind;
  uploadedBy: string;
  uploadedByKind: ActorKind;
  description: string | null;
  uploadedAt: Date;
}

interface DocumentRow {
  id: string;
  case_id: string;
  filename: string;
  content_type: string;
  size_bytes: number | string;
  sha256: string;
  storage_kind: DocumentStorageKind;
  storage_path: string | null;
  content: Uint8Array | null;
  uploaded_by: string;
  uploaded_by_kind: ActorKind;
  description: string | null;
  uploaded_at: Date;
}

const META_COLUMNS = [
  'id',
  'case_id',
  'filename',
  'content_type',
  'size_bytes',
  'sha256',
  'storage_kind',
  'storage_path',
  'uploaded_by',
  'uploaded_by_kind',
  'description',
  'uploaded_at',
];

function toMeta(row: Omit<DocumentRow, 'content'>): DocumentMeta {
  return {
    id: row.id,
    caseId: row.case_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    storageKind: row.storage_kind,
    uploadedBy: row.uploaded_by,
    uploadedByKind: row.uploaded_by_kind,
    description: row.description,
    uploadedAt: row.uploaded_at,
  };
}

export interface DocumentStore {
  save(input: SaveDocumentInput): Promise<DocumentMeta>;
  getMeta(id: string): Promise<DocumentMeta | undefined>;
  /** Content and metadata; the content's sha256 is checked against the stored one (DOCUMENT_INTEGRITY). */
  read(id: string): Promise<{ meta: DocumentMeta; content: Buffer }>;
  listForCase(caseId: string): Promise<DocumentMeta[]>;
}

export function createDocumentStore(db: Knex, options: DocumentStoreOptions): DocumentStore {
  const root = path.resolve(options.dir);

  async function writeToDisk(id: string, digest: string, content: Buffer): Promise<string> {
    const relative = path.join(digest.slice(0, 2), id);
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so a crash never leaves a half-written file under the final name.
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
    return relative;
  }

  return {
    async save(input) {
      const contentType = checkDocumentContent(input.content, input.contentType, options);
      if (input.caseId === '' || input.uploadedBy === '')
        throw new DbError('INVALID_INPUT', 'caseId and uploadedBy are required');
      const id = randomUUID();
      const digest = sha256Hex(input.content);
      const storagePath = options.storage === 'disk' ? await writeToDisk(id, digest, input.content) : null;
      try {
        const [row] = (await db('documents')
          .insert({
            id,
            case_id: input.caseId,
            filename: sanitizeFilename(input.filename),
            content_type: contentType,
            size_bytes: input.content.length,
            sha256: digest,
            storage_kind: options.storage,
            storage_path: storagePath,
            content: options.storage === 'db' ? input.content : null,
            uploaded_by: input.uploadedBy,
            uploaded_by_kind: input.uploadedByKind ?? 'staff',
            description: storableOptionalText(input.description) ?? null,
          })
          .returning(META_COLUMNS)) as DocumentRow[];
        return toMeta(row);
      } catch (error) {
        if (storagePath !== null) await rm(path.join(root, storagePath), { force: true });
        throw error;
      }
    },

    async getMeta(id) {
      const row = (await db('documents').select(META_COLUMNS).where({ id }).first()) as DocumentRow | undefined;
      return row ? toMeta(row) : undefined;
    },

    async read(id) {
      const row = (await db('documents').where({ id }).first()) as DocumentRow | undefined;
      if (!row) throw new DbError('DOCUMENT_NOT_FOUND', `document ${id} not found`, { documentId: id });
      let content: Buffer;
      if (row.storage_kind === 'db') {
        content = Buffer.from(row.content ?? new Uint8Array());
      } else {
        const file = path.resolve(root, row.storage_path ?? '');
        if (!file.startsWith(root + path.sep))
          throw new DbError('DOCUMENT_INTEGRITY', `document ${id} points outside the document store`);
        try {
          content = await readFile(file);
        } catch {
          throw new DbError('DOCUMENT_INTEGRITY', `the content of document ${id} is missing`, { documentId: id });
        }
      }
      if (sha256Hex(content) !== row.sha256)
        throw new DbError('DOCUMENT_INTEGRITY', `the content of document ${id} does not match its checksum`, {
          documentId: id,
        });
      return { meta: toMeta(row), content };
    },

    async listForCase(caseId) {
      const rows = (await db('documents')
        .select(META_COLUMNS)
        .where({ case_id: caseId })
        .orderBy('uploaded_at')
        .orderBy('id')) as DocumentRow[];
      return rows.map(toMeta);
    },
  };
}
