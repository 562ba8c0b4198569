/**
 * A message as a few kinds of blocks, rendered once to plain text and once to HTML. Templates never
 * write markup: every string passes through the one escaping function here, so data cannot inject
 * HTML, and the text and HTML versions always say the same thing.
 */
export type MessageBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  /** Label/value lines: "Tracking number: CF-2026-000123". */
  | { readonly kind: 'facts'; readonly facts: readonly (readonly [label: string, value: string])[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  /** `url` must already be a checked http(s) URL. */
  | { readonly kind: 'link'; readonly label: string; readonly url: string };

export interface MessageDraft {
  readonly subject: string;
  readonly blocks: readonly MessageBlock[];
  /** The short version for SMS: one or two sentences, the tracking number, a link. */
  readonly sms: string;
}

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sms: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** One line, no control characters: subjects are headers and SMS bodies are single messages. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

function blockText(block: MessageBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return block.text.toUpperCase();
    case 'facts':
      return block.facts.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'link':
      return `${block.label}: ${block.url}`;
  }
}

const withBreaks = (value: string): string => escapeHtml(value).replace(/\r?\n/g, '<br>');

function blockHtml(block: MessageBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${withBreaks(block.text)}</p>`;
    case 'heading':
      return `<h2 style="font-size:1.1em;margin:1.2em 0 0.4em">${escapeHtml(block.text)}</h2>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse">${block.facts
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;font-weight:normal;color:#555">${escapeHtml(label)}</th><td style="padding:2px 0"><strong>${withBreaks(value)}</strong></td></tr>`,
        )
        .join('')}</table>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${withBreaks(item)}</li>`).join('')}</ul>`;
    case 'link':
      return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
  }
}

export function renderDraft(draft: MessageDraft): RenderedMessage {
  const subject = oneLine(draft.subject);
  const text = `${draft.blocks.map(blockText).join('\n\n')}\n`;
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>` +
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:40em;margin:0 auto;padding:16px">' +
    draft.blocks.map(blockHtml).join('\n') +
    '</body></html>\n';
  return { subject, text, html, sms: oneLine(draft.sms) };
}
