/** Answers a file to download (CSV, PDF): its type, an attachment filename and the bytes. */
import type { Context } from 'koa';

export function sendDownload(ctx: Context, file: { filename: string; type: string; body: string | Buffer }): void {
  ctx.type = file.type;
  // Filenames are made by the services from ids and dates: no quotes or path characters to escape.
  ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`);
  ctx.body = file.body;
}
