/**
 * The public-records package: a zip holding the PDF rendering, the machine-readable JSON, the
 * redaction log, each released document, and a manifest with the SHA-256 of every other file.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { renderPublicRecordsPdf } from './public-records-pdf';
import type { PublicRecord, Redaction } from './public-record';

export interface PackageManifest {
  title: string;
  generatedAt: string;
  cases: string[];
  files: { path: string; sha256: string; bytes: number }[];
}

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

export async function buildPublicRecordsPackage(input: {
  title: string;
  generatedAt: Date;
  records: readonly PublicRecord[];
  redactions: readonly Redaction[];
  documents: readonly { file: string; content: Buffer }[];
}): Promise<{ zip: Buffer; manifest: PackageManifest }> {
  const files: { path: string; content: Buffer }[] = [
    { path: 'records.pdf', content: await renderPublicRecordsPdf(input) },
    {
      path: 'records.json',
      content: Buffer.from(
        JSON.stringify(
          { title: input.title, generatedAt: input.generatedAt.toISOString(), records: input.records },
          null,
          2,
        ),
      ),
    },
    { path: 'redaction-log.json', content: Buffer.from(JSON.stringify(input.redactions, null, 2)) },
    ...input.documents.map((doc) => ({ path: doc.file, content: doc.content })),
  ];
  const manifest: PackageManifest = {
    title: input.title,
    generatedAt: input.generatedAt.toISOString(),
    cases: input.records.map((record) => record.trackingNumber),
    files: files.map((file) => ({ path: file.path, sha256: sha256(file.content), bytes: file.content.length })),
  };
  const zip = new JSZip();
  // Fixed dates inside the zip too: the same records give the same package.
  for (const file of files) zip.file(file.path, file.content, { date: input.generatedAt });
  zip.file('manifest.json', JSON.stringify(manifest, null, 2), { date: input.generatedAt });
  return { zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), manifest };
}
