/** `/`: the front door. Staff sign in; residents check a request. */
import { Router } from '@koa/router';
import { pageState } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

export function frontDoorRoutes(deps: PageDeps): Router {
  const router = new Router();
  router.get('/', (ctx) => {
    const user = pageState(ctx).user;
    respondWithPage(
      ctx,
      'Welcome',
      <div class="grid-container">
        <h1>{deps.config.agency.name}</h1>
        <p class="usa-intro">
          Public services as tracked cases: every request is routed, kept to its deadline and recorded.
        </p>
        <div class="grid-row grid-gap">
          <section class="tablet:grid-col-6 cf-door" aria-labelledby="door-residents">
            <h2 id="door-residents">Residents</h2>
            <p>
              Made a request by phone, online or at a counter? See where it is with the tracking number and verification
              code you were given.
            </p>
            <p>
              <a class="usa-button" href="/status">
                Check the status of a request
              </a>
            </p>
            <p>
              <a href="/portal">Request a city service, or follow and answer your request (English, español)</a>
            </p>
          </section>
          <section class="tablet:grid-col-6 cf-door" aria-labelledby="door-staff">
            <h2 id="door-staff">Staff</h2>
            {user ? (
              <>
                <p>You are signed in as {user.displayName}.</p>
                <p>
                  <a class="usa-button" href="/work">
                    Go to your work
                  </a>
                </p>
              </>
            ) : (
              <>
                <p>Agents, clerks, caseworkers, crews and supervisors sign in to work on cases.</p>
                <p>
                  <a class="usa-button usa-button--outline" href="/sign-in">
                    Staff sign in
                  </a>
                </p>
              </>
            )}
          </section>
        </div>
      </div>,
    );
  });
  return router;
}
