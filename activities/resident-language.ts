/**
 * The one language-aware lookup for notices to a resident: the language they chose on the portal
 * (remembered on the case) and the definition's translation of the notice in that language, if it
 * has one, with the service's name and status labels as the definition translates them. English, the
 * definition's own text, otherwise.
 */
import type { Knex } from 'knex';
import { getCase, getCaseLanguage, getDefinition } from '../db';
import type { CompiledDefinition } from '../domain/definition';

export interface ResidentNoticeText {
  language: string;
  /** The definition's translated template, when the resident reads another language and it exists. */
  translated?: { subject?: string; body: string };
  /** The service's name in that language (`i18n.<lang>.title`), for the platform's notices. */
  serviceName?: string;
  /** Status labels in that language, by status id (`i18n.<lang>.statuses`). */
  statuses?: Readonly<Record<string, string>>;
}

export async function residentNoticeText(db: Knex, caseId: string, template: string): Promise<ResidentNoticeText> {
  const language = (await getCaseLanguage(db, caseId)) ?? 'en';
  if (language === 'en') return { language };
  const record = await getCase(db, caseId);
  const definition = record
    ? ((await getDefinition(db, record.definitionId, record.definitionVersion))?.compiled as
        CompiledDefinition | undefined)
    : undefined;
  const translation = definition?.i18n?.[language];
  const translated = translation?.templates?.[template];
  return {
    language,
    ...(translated ? { translated } : {}),
    ...(translation?.title ? { serviceName: translation.title } : {}),
    ...(translation?.statuses ? { statuses: translation.statuses } : {}),
  };
}

/** The portal page where the resident follows the case, in their language. */
export function residentStatusUrl(base: string, trackingNumber: string, language: string): string {
  return `${base.replace(/\/$/, '')}/portal/follow?lang=${encodeURIComponent(language)}&trackingNumber=${encodeURIComponent(trackingNumber)}`;
}
