/** The PDF rendering of a public-records package: each released record, then the redaction log. */
import PDFDocument from 'pdfkit';
import type { PublicRecord, Redaction } from './public-record';

function field(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderPublicRecordsPdf(input: {
  title: string;
  generatedAt: Date;
  records: readonly PublicRecord[];
  redactions: readonly Redaction[];
}): Promise<Buffer> {
  // A fixed creation date, so the same package renders to the same bytes (and hashes).
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    info: { Title: input.title, Producer: 'CivicFlow', Creator: 'CivicFlow', CreationDate: input.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(input.title);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Prepared ${input.generatedAt.toISOString()}. Personal data, documents not marked releasable and internal notes are withheld; see the redaction log.`,
    );
  for (const record of input.records) {
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text(`Case ${record.trackingNumber}`);
    doc.fontSize(10);
    field(doc, 'Service', `${record.service.title} (${record.service.id} ${record.service.version})`);
    field(doc, 'Status', record.status);
    field(doc, 'Outcome', record.outcomeLabel ?? '—');
    field(doc, 'Opened', record.createdAt);
    field(doc, 'Closed', record.closedAt ?? '—');
    field(doc, 'Retention class', record.retentionClass ?? '—');
    doc.moveDown(0.5).font('Helvetica-Bold').text('Case details');
    for (const [name, value] of Object.entries(record.caseData)) field(doc, name, display(value));
    doc.moveDown(0.5).font('Helvetica-Bold').text('Documents released');
    if (record.documents.length === 0) doc.font('Helvetica').text('None.');
    for (const released of record.documents)
      doc
        .font('Helvetica')
        .text(`${released.filename} (${released.contentType}, ${released.sizeBytes} bytes, sha256 ${released.sha256})`);
    doc.moveDown(0.5).font('Helvetica-Bold').text('What happened');
    for (const event of record.timeline) {
      doc
        .font('Helvetica')
        .text(
          [event.occurredAt, event.event, event.step, event.action, event.status]
            .filter((part) => part !== undefined)
            .join(' · '),
        );
    }
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(14).text('Redaction log');
  doc.fontSize(10);
  if (input.redactions.length === 0) doc.font('Helvetica').text('Nothing was withheld.');
  for (const redaction of input.redactions)
    doc.font('Helvetica').text(`${redaction.trackingNumber} · ${redaction.item} · withheld: ${redaction.reason}`);
  doc.end();
  return done;
}
