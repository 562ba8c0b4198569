/** `/work`: the signed-in home. Later the work lists live here (issue 8, staff screens). */
import { Router } from '@koa/router';
import { isPlatformRole } from '../../api/auth/principal';
import { requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

export function workHomeRoutes(_deps: PageDeps): Router {
  const router = new Router();
  router.get('/work', (ctx) => {
    const user = requireSignedIn(ctx);
    const { principal } = user;
    const platformRoles = principal.roles.filter(isPlatformRole);
    const processRoles = principal.roles.filter((role) => !isPlatformRole(role));
    respondWithPage(
      ctx,
      'Your work',
      <div class="grid-container">
        <h1>Your work</h1>
        <p class="usa-intro">Welcome, {user.displayName}.</p>
        <dl class="cf-summary-list">
          <div>
            <dt>Department</dt>
            <dd>{principal.departmentId ?? 'All departments'}</dd>
          </div>
          <div>
            <dt>Platform roles</dt>
            <dd>{platformRoles.join(', ') || 'none'}</dd>
          </div>
          <div>
            <dt>Process roles</dt>
            <dd>{processRoles.join(', ') || 'none'}</dd>
          </div>
        </dl>
      </div>,
    );
  });
  return router;
}
