/**
 * Open311's XML: schemaless, no namespace, one element per field, lists as repeated children. Pure.
 * Characters XML 1.0 cannot carry (most control characters, lone surrogates) are dropped, so a
 * hostile description can never make the document ill-formed.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [name: string]: XmlValue };

/** For each list element name, the name of its children (`services` → `service`). */
export type XmlListNames = Readonly<Record<string, string>>;

const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue, lists: XmlListNames): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = lists[name] ?? 'item';
    return `<${name}>${value.map((item) => element(child, item, lists)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([key, inner]) => element(key, inner, lists))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the XML declaration, then `root` holding `value`. */
export function toXmlDocument(root: string, value: XmlValue, lists: XmlListNames = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, lists)}\n`;
}

/** Child element names of every Open311 list. */
export const OPEN311_LISTS: XmlListNames = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests_updates: 'request_update',
};
