/**
 * `/letters`: letters to print (issue 11). Staff see their departments' `letter` notices, unprinted
 * first, download each PDF and mark it printed once it is in the mail.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { requestSource } from '../../api/routes/request-source';
import { createLetterService } from '../../api/services/letter-service';
import { CsrfField } from '../components/csrf-field';
import { Notice } from '../components/notice';
import { absoluteTime } from '../present';
import { pageState, postedForm, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

const idOf = (ctx: Context) => Number((ctx.params as { letterId: string }).letterId);

export function letterRoutes(deps: PageDeps): Router {
  const router = new Router();
  const letters = createLetterService({ db: deps.db, clock: deps.clock });
  const when = (date: Date) => absoluteTime(date.getTime(), deps.config.agency.timeZone);

  router.get('/letters', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const list = await letters.list(principal);
    const csrfToken = pageState(ctx).csrfToken;
    const waiting = list.filter((letter) => letter.printedAt === null).length;
    respondWithPage(
      ctx,
      'Letters to print',
      <div class="grid-container">
        {ctx.query.done === 'printed' ? <Notice kind="success">The letter is marked printed.</Notice> : null}
        <h1>Letters to print</h1>
        <p>
          {waiting === 1 ? '1 letter is waiting to be printed.' : `${waiting} letters are waiting to be printed.`} Print
          each one, put it in a window envelope, and mark it printed.
        </p>
        {list.length === 0 ? (
          <p>No letters.</p>
        ) : (
          <table class="usa-table usa-table--borderless cf-table">
            <caption>Letters, waiting first</caption>
            <thead>
              <tr>
                <th scope="col">Letter</th>
                <th scope="col">To</th>
                <th scope="col">Queued</th>
                <th scope="col">Printed</th>
              </tr>
            </thead>
            <tbody>
              {list.map((letter) => (
                <tr key={letter.id}>
                  <td>
                    <a href={`/letters/${letter.id}.pdf`}>{letter.subject}</a>
                    {letter.caseId ? (
                      <div>
                        <a href={`/cases/${letter.caseId}`}>Open the case</a>
                      </div>
                    ) : null}
                  </td>
                  <td>{[letter.recipientName, ...letter.address.split('\n')].filter(Boolean).join(', ')}</td>
                  <td>{when(letter.createdAt)}</td>
                  <td>
                    {letter.printedAt ? (
                      `Printed ${when(letter.printedAt)}`
                    ) : (
                      <form method="post" action={`/letters/${letter.id}/printed`} class="cf-inline-form">
                        <CsrfField token={csrfToken} />
                        <button
                          type="submit"
                          class="usa-button usa-button--outline"
                          aria-label={`Mark printed: ${letter.subject}, to ${letter.recipientName ?? letter.address.split('\n')[0]}`}
                        >
                          Mark printed
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>,
    );
  });

  router.get('/letters/:letterId.pdf', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const { pdf } = await letters.pdf(principal, idOf(ctx), requestSource(ctx, 'web'));
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="letter-${idOf(ctx)}.pdf"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = pdf;
  });

  router.post('/letters/:letterId/printed', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    postedForm(ctx);
    await letters.markPrinted(principal, idOf(ctx), requestSource(ctx, 'web'));
    ctx.status = 303;
    ctx.redirect('/letters?done=printed');
  });
  return router;
}
