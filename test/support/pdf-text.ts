/**
 * The text of a PDF, read with pdf-parse in a plain Node child process: pdf-parse loads pdf.js with a
 * dynamic import, which jest's module sandbox refuses.
 */
import { execFile } from 'node:child_process';

const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try { process.stdout.write((await parser.getText()).text); } finally { await parser.destroy(); }
});`;

export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', SCRIPT], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => (error ? reject(new Error(`pdf-parse failed: ${error.message}`)) : resolve(stdout)));
    child.stdin?.end(pdf);
  });
}
