/**
 * A notice as a printed letter (pdfkit): the agency's letterhead, the date, the resident's name and
 * postal address placed for a US #10 window envelope (left window 7/8" from the left, 2" from the
 * top), the subject in bold and the plain-language text of the notice, then how to reach the agency.
 */
import PDFDocument from 'pdfkit';
import type { AgencyContact } from '../template-fields';

export interface LetterContent {
  agency: AgencyContact;
  /** The date printed on the letter, already formatted. */
  date: string;
  recipientName?: string;
  /** Postal address, one line per line. */
  address: string;
  subject: string;
  /** The notice's plain text (paragraphs separated by blank lines). */
  text: string;
}

const INCH = 72;

export function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 0.75 * INCH, bottom: 0.75 * INCH, left: 0.875 * INCH, right: 0.875 * INCH },
    info: { Title: letter.subject, Author: letter.agency.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Letterhead: the agency and how to reach it.
  doc.font('Helvetica-Bold').fontSize(14).text(letter.agency.name, { align: 'left' });
  const contact = [letter.agency.phone, letter.agency.email, letter.agency.website].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  doc.font('Helvetica').fontSize(9).text(contact.join('  ·  '));

  // The address block sits where a #10 window envelope shows it.
  const window = { x: 0.875 * INCH, y: 2 * INCH, width: 4 * INCH };
  doc.font('Helvetica').fontSize(11);
  const lines = [letter.recipientName, ...letter.address.split(/\r?\n/)]
    .filter((line): line is string => typeof line === 'string' && line.trim() !== '')
    .map((line) => line.trim());
  doc.text(lines.join('\n'), window.x, window.y, { width: window.width, lineGap: 1 });

  doc.text(letter.date, doc.page.margins.left, 3.4 * INCH, { align: 'right' });
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(12).text(letter.subject, doc.page.margins.left);
  doc.moveDown(0.75);
  doc.font('Helvetica').fontSize(11);
  for (const paragraph of letter.text.split(/\n{2,}/)) {
    doc.text(paragraph.replace(/\n/g, ' ').trim(), { lineGap: 2 });
    doc.moveDown(0.6);
  }
  doc.end();
  return done;
}
