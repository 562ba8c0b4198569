/**
 * The portal's language for a request and its page response. The language is the one asked for
 * (`lang` in the query or the form), else the one remembered for the case, else the visitor's
 * cookie, else the browser's preference, else English. An explicit choice is remembered in a cookie.
 */
import type { Context } from 'koa';
import type { ComponentChildren } from 'preact';
import { isPortalLanguage, type PortalLanguage } from '../../api/services/resident-portal-service';
import { PortalLayout } from '../components/portal-layout';
import { sendPage } from '../server/render';
import { messagesFor } from './messages';

const COOKIE = 'cf_lang';

function asked(ctx: Context, form?: Readonly<Record<string, string | string[]>>): PortalLanguage | undefined {
  const fromForm = form && typeof form.lang === 'string' ? form.lang : undefined;
  const fromQuery = typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined;
  const value = fromForm ?? fromQuery;
  return isPortalLanguage(value) ? value : undefined;
}

export function portalLanguage(
  ctx: Context,
  options: { form?: Readonly<Record<string, string | string[]>>; remembered?: PortalLanguage } = {},
): PortalLanguage {
  const explicit = asked(ctx, options.form);
  if (explicit) {
    ctx.cookies.set(COOKIE, explicit, {
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 365 * 24 * 3600 * 1000,
      overwrite: true,
    });
    return explicit;
  }
  if (options.remembered) return options.remembered;
  const cookie = ctx.cookies.get(COOKIE);
  if (isPortalLanguage(cookie)) return cookie;
  return /^es\b/i.test(ctx.get('Accept-Language')) ? 'es' : 'en';
}

/** The language the resident explicitly asked for on this request, if any. */
export function explicitLanguage(
  ctx: Context,
  form?: Readonly<Record<string, string | string[]>>,
): PortalLanguage | undefined {
  return asked(ctx, form);
}

export function respondPortal(
  ctx: Context,
  language: PortalLanguage,
  title: string,
  body: ComponentChildren,
  options: { status?: number; switchLanguage?: ComponentChildren } = {},
): void {
  const m = messagesFor(language);
  const other = m.otherLanguage.code;
  const switchLanguage = options.switchLanguage ?? (
    <a href={`${ctx.path}?lang=${other}`} lang={other}>
      {m.switchLanguage}
    </a>
  );
  sendPage(
    ctx,
    <PortalLayout
      title={title}
      language={language}
      service={m.service}
      skip={m.skip}
      footer={m.footer}
      words={{ optional: m.optional, errorPrefix: m.errorPrefix, errorHeading: m.errorHeading }}
      switchLanguage={switchLanguage}
    >
      {body}
    </PortalLayout>,
    options.status ?? 200,
  );
}
