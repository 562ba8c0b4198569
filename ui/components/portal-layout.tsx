/**
 * The resident portal's frame: the page language, a light stylesheet of its own, skip link, the
 * service name, the switch to the other language, one <main>. The shared form components say their
 * own few words ("optional", "Error:") in the page's language. Takes plain data only.
 */
import type { ComponentChildren } from 'preact';
import { FormWordsContext, type FormWords } from './form-words';

export interface PortalLayoutProps {
  /** The page's own title; the <title> reads "<title> – <service>". */
  title: string;
  language: string;
  service: string;
  skip: string;
  footer: string;
  words: FormWords;
  /** The link (or a small form, for pages answered to a post) that shows the page in the other language. */
  switchLanguage: ComponentChildren;
  children: ComponentChildren;
}

export function PortalLayout({
  title,
  language,
  service,
  skip,
  footer,
  words,
  switchLanguage,
  children,
}: PortalLayoutProps) {
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${service}`}</title>
        <link rel="stylesheet" href="/assets/app/portal.css" />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {skip}
        </a>
        <header class="pf-header">
          <div class="pf-header__inner">
            <a class="pf-header__service" href={`/portal?lang=${language}`}>
              {service}
            </a>
            {switchLanguage}
          </div>
        </header>
        <main id="main-content" class="pf-main" tabindex={-1}>
          <FormWordsContext.Provider value={words}>{children}</FormWordsContext.Provider>
        </main>
        <footer class="pf-footer">
          <p>{footer}</p>
        </footer>
      </body>
    </html>
  );
}
