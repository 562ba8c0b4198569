/**
 * The `i18n` block: each language it declares should translate every resident-facing text (the
 * title and description, each field with a title and its choices, each status label). A missing one
 * is a warning, not an error: the portal shows the English text instead. A translation of something
 * the definition does not have is a typo, also a warning.
 */
import type { CheckContext } from '../check-context';

export function checkTranslations(ctx: CheckContext): void {
  const { doc } = ctx;
  if (!doc.i18n) return;
  const properties = doc.caseData.properties;
  for (const [language, translation] of Object.entries(doc.i18n)) {
    const at = ['i18n', language];
    const missing = (path: (string | number)[], what: string): void =>
      ctx.sink.warning('TRANSLATION_MISSING', at, `no ${language} translation of ${what} (${path.join('.')})`, {
        key: true,
      });
    if (translation.title === undefined) missing(['title'], 'the title');
    if (doc.description !== undefined && translation.description === undefined)
      missing(['description'], 'the description');
    for (const [name, schema] of Object.entries(properties)) {
      if (schema.title === undefined) continue;
      const field = translation.fields?.[name];
      if (field?.title === undefined) missing(['fields', name, 'title'], `the title of field "${name}"`);
      if (Array.isArray(schema.enum)) {
        for (const value of schema.enum.map((item) => JSON.stringify(item).replace(/^"|"$/g, '')))
          if (field?.choices?.[value] === undefined)
            missing(['fields', name, 'choices', value], `choice "${value}" of field "${name}"`);
      }
    }
    for (const status of Object.keys(doc.statuses))
      if (translation.statuses?.[status] === undefined)
        missing(['statuses', status], `the label of status "${status}"`);
    for (const [name, field] of Object.entries(translation.fields ?? {})) {
      const schema = Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (!schema) {
        ctx.sink.warning('TRANSLATION_UNKNOWN', [...at, 'fields', name], `"${name}" is not a case-data field`, {
          key: true,
        });
        continue;
      }
      const values = new Set(
        (Array.isArray(schema.enum) ? schema.enum : []).map((item) => JSON.stringify(item).replace(/^"|"$/g, '')),
      );
      for (const value of Object.keys(field.choices ?? {}))
        if (!values.has(value))
          ctx.sink.warning(
            'TRANSLATION_UNKNOWN',
            [...at, 'fields', name, 'choices', value],
            `"${value}" is not a choice of field "${name}"`,
            { key: true },
          );
    }
    for (const template of Object.keys(translation.templates ?? {}))
      if (!Object.hasOwn(doc.templates ?? {}, template))
        ctx.sink.warning('TRANSLATION_UNKNOWN', [...at, 'templates', template], `"${template}" is not a template`, {
          key: true,
        });
    for (const status of Object.keys(translation.statuses ?? {}))
      if (!Object.hasOwn(doc.statuses, status))
        ctx.sink.warning('TRANSLATION_UNKNOWN', [...at, 'statuses', status], `"${status}" is not a status`, {
          key: true,
        });
  }
}
