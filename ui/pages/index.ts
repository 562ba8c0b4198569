/** Every page router, in the order they are mounted. Add a new page's router here. */
import type { Router } from '@koa/router';
import { casePageRoutes } from './case-page.routes';
import { frontDoorRoutes } from './front-door.routes';
import { intakeRoutes } from './intake.routes';
import type { PageDeps } from './page-deps';
import { residentStatusRoutes } from './resident-status.routes';
import { signInRoutes } from './sign-in.routes';
import { workListRoutes } from './work-list.routes';
import { letterRoutes } from './letters.routes';

export type { PageDeps } from './page-deps';

export function pageRouters(deps: PageDeps): Router[] {
  return [frontDoorRoutes(deps), signInRoutes(deps), residentStatusRoutes(deps), workListRoutes(deps), casePageRoutes(deps), intakeRoutes(deps), letterRoutes(deps)];
}
