/**
 * The printable compliance report: the dashboard's tables for a period as a PDF made on the server
 * (pdfkit, its built-in Helvetica, so no font files are read). Each table prints the same cells as the
 * page and the CSV; long tables continue on the next page with their heading repeated.
 */
import PDFDocument from 'pdfkit';
import { cellText, type DashboardTable } from './dashboard-tables';

export interface ComplianceReportInput {
  agency: string;
  from: Date;
  to: Date;
  generatedAt: Date;
  /** Cases open at this instant are the backlog (the period's end, or now if that is earlier). */
  backlogAt: Date;
  scope: string;
  tables: readonly DashboardTable[];
}

const MARGIN = 50;
const ROW_HEIGHT = 15;
const FONT_SIZE = 9;

const day = (date: Date): string => date.toISOString().slice(0, 10);
const instant = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function drawTable(doc: PDFKit.PDFDocument, table: DashboardTable): void {
  const width = doc.page.width - 2 * MARGIN;
  const columnWidth = width / table.columns.length;
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y > bottom()) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    cells.forEach((cell, i) => {
      doc.text(cell, MARGIN + i * columnWidth, y, {
        width: columnWidth - 6,
        lineBreak: false,
        ellipsis: true,
        align: table.columns[i]?.numeric ? 'right' : 'left',
      });
    });
    doc.x = MARGIN;
    doc.y = y + ROW_HEIGHT;
  };
  if (doc.y > doc.page.height - MARGIN - 6 * ROW_HEIGHT) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).text(table.title, MARGIN, doc.y);
  doc.font('Helvetica').fontSize(FONT_SIZE).text(table.description, { width });
  doc.moveDown(0.4);
  const headings = table.columns.map((c) => c.label);
  drawRow(headings, true);
  if (table.rows.length === 0) drawRow(['No cases in this period'], false);
  for (const row of table.rows) {
    if (doc.y > bottom()) {
      doc.addPage();
      drawRow(headings, true);
    }
    drawRow(
      table.columns.map((c) => cellText(row[c.key])),
      false,
    );
  }
  doc.moveDown(1);
}

/** The report as PDF bytes. */
export function renderCompliancePdf(input: ComplianceReportInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    // Landscape: five columns of headings fit on one line each.
    layout: 'landscape',
    margin: MARGIN,
    info: {
      Title: `SLA compliance report from ${day(input.from)}`,
      Author: input.agency,
      Subject: 'Service-level compliance',
      CreationDate: input.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text('Service-level compliance report');
  doc.font('Helvetica').fontSize(10);
  doc.text(input.agency);
  doc.text(
    `Period: from ${instant(input.from)} up to ${instant(input.to)} (cases closed, created or escalated in this time)`,
  );
  doc.text(`Departments: ${input.scope}`);
  doc.text(`Backlog counted at ${instant(input.backlogAt)}. Generated ${instant(input.generatedAt)}.`);
  doc.moveDown(1);
  for (const table of input.tables) drawTable(doc, table);
  doc.end();
  return done;
}
