import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDocumentStore, type DocumentStoreOptions } from '../../db/repositories/documents.repository';
import { sanitizeFilename } from '../../db/repositories/document-content';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'civicflow-docs-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 0x20), Buffer.from('%%EOF')]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const limits = { maxBytes: 1024, allowedContentTypes: ['application/pdf', 'image/png', 'text/plain'] };

function store(storage: DocumentStoreOptions['storage']) {
  return createDocumentStore(t.db, { ...limits, storage, dir });
}

describe('documents', () => {
  it.each(['disk', 'db'] as const)('stores and reads back content (%s)', async (storage) => {
    const documents = store(storage);
    const meta = await documents.save({
      caseId: 'case-d',
      filename: '../../etc/site plan.pdf',
      contentType: 'Application/PDF; qs=1',
      content: pdf,
      uploadedBy: 'u-1',
    });
    expect(meta).toMatchObject({
      caseId: 'case-d',
      filename: 'site plan.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      storageKind: storage,
    });
    const { content } = await documents.read(meta.id);
    expect(content.equals(pdf)).toBe(true);
    expect((await documents.listForCase('case-d')).map((d) => d.id)).toContain(meta.id);
    const row = await t.db('documents').where({ id: meta.id }).first();
    expect(row.content === null).toBe(storage === 'disk');
  });

  it('enforces size, emptiness, type and content checks with typed errors, writing nothing', async () => {
    const documents = store('disk');
    const before = await t.db('documents').count<{ count: string }[]>('* as count');
    await expect(
      documents.save({
        caseId: 'c',
        filename: 'big.pdf',
        contentType: 'application/pdf',
        content: Buffer.concat([pdf, Buffer.alloc(2000)]),
        uploadedBy: 'u',
      }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    await expect(
      documents.save({
        caseId: 'c',
        filename: 'e.txt',
        contentType: 'text/plain',
        content: Buffer.alloc(0),
        uploadedBy: 'u',
      }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_EMPTY' });
    await expect(
      documents.save({
        caseId: 'c',
        filename: 'x.exe',
        contentType: 'application/x-msdownload',
        content: Buffer.from('MZ'),
        uploadedBy: 'u',
      }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_TYPE_NOT_ALLOWED' });
    await expect(
      documents.save({
        caseId: 'c',
        filename: 'fake.pdf',
        contentType: 'application/pdf',
        content: png,
        uploadedBy: 'u',
      }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_CONTENT_MISMATCH' });
    const after = await t.db('documents').count<{ count: string }[]>('* as count');
    expect(after[0].count).toBe(before[0].count);
  });

  it('detects content altered on disk', async () => {
    const documents = store('disk');
    const meta = await documents.save({
      caseId: 'case-x',
      filename: 'scan.png',
      contentType: 'image/png',
      content: png,
      uploadedBy: 'u',
    });
    const row = await t.db('documents').where({ id: meta.id }).first();
    writeFileSync(path.join(dir, row.storage_path as string), Buffer.concat([png, Buffer.from('tampered')]));
    await expect(documents.read(meta.id)).rejects.toMatchObject({ code: 'DOCUMENT_INTEGRITY' });
    await expect(documents.read('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });

  it('sanitises hostile file names', () => {
    expect(sanitizeFilename('..\\..\\windows\\evil.txt')).toBe('evil.txt');
    expect(sanitizeFilename('a\u0000b\r\n.txt')).toBe('a_b__.txt');
    expect(sanitizeFilename('....')).toBe('document');
    expect(sanitizeFilename('x'.repeat(1000)).length).toBe(200);
  });
});
