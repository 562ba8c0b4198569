/** Sends a page inside the layout, with this request's nonce, CSRF token and signed-in person. */
import type { Context } from 'koa';
import type { ComponentChildren } from 'preact';
import { PageLayout } from '../components/page-layout';
import { sectionLinks } from './section-links';
import { pageState } from './page-state';
import { sendPage } from './render';

export function respondWithPage(ctx: Context, title: string, body: ComponentChildren, status = 200): void {
  const state = pageState(ctx);
  sendPage(
    ctx,
    <PageLayout
      title={title}
      nonce={state.nonce}
      csrfToken={state.csrfToken}
      user={state.user ? { displayName: state.user.displayName, links: sectionLinks(state.user.principal) } : undefined}
    >
      {body}
    </PageLayout>,
    status,
  );
}
