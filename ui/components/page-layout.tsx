/**
 * Every page's frame: skip link, header with the service name and navigation, the "your access is
 * audited" notice for signed-in staff, one <main>, and a footer. Takes plain data only.
 */
import type { ComponentChildren } from 'preact';
import { CsrfField } from './csrf-field';

export interface LayoutUser {
  displayName: string;
  /** Extra sections this person may use (records, audit), after the common ones. */
  links?: readonly { href: string; label: string }[];
}

export interface PageLayoutProps {
  /** The page's own title; the <title> reads "<title> – CivicFlow". */
  title: string;
  nonce: string;
  csrfToken: string;
  user?: LayoutUser;
  children: ComponentChildren;
}

export function PageLayout({ title, csrfToken, user, children }: PageLayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – CivicFlow`}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/app/app.css" />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        <header class="cf-header">
          <div class="cf-header__inner">
            <a class="cf-header__service" href={user ? '/work' : '/'}>
              CivicFlow
            </a>
            <nav aria-label="Main" class="cf-nav">
              {user ? (
                <ul class="cf-nav__list">
                  <li>
                    <a href="/work">Your work</a>
                  </li>
                  <li>
                    <a href="/intake">New request</a>
                  </li>
                  {(user.links ?? []).map((link) => (
                    <li key={link.href}>
                      <a href={link.href}>{link.label}</a>
                    </li>
                  ))}
                  <li class="cf-nav__user">Signed in as {user.displayName}</li>
                  <li>
                    <form method="post" action="/sign-out" class="cf-nav__form">
                      <CsrfField token={csrfToken} />
                      <button type="submit" class="usa-button usa-button--unstyled cf-nav__button">
                        Sign out
                      </button>
                    </form>
                  </li>
                </ul>
              ) : (
                <ul class="cf-nav__list">
                  <li>
                    <a href="/status">Check a request</a>
                  </li>
                  <li>
                    <a href="/sign-in">Staff sign in</a>
                  </li>
                  <li>
                    <a href="/performance">Service performance</a>
                  </li>
                </ul>
              )}
            </nav>
          </div>
        </header>
        {user ? (
          <section class="cf-audit-notice" aria-label="Access notice">
            <p>
              Your access is audited: every case you open, list or change is recorded with your name, the time and your
              address.
            </p>
          </section>
        ) : null}
        <main id="main-content" class="cf-main" tabindex={-1}>
          {children}
        </main>
        <footer class="cf-footer">
          <p>CivicFlow – public services as tracked cases.</p>
        </footer>
      </body>
    </html>
  );
}
