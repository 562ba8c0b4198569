/** Every page router, in the order they are mounted. Add a new page's router here. */
import type { Router } from '@koa/router';
import { casePageRoutes } from './case-page.routes';
import { frontDoorRoutes } from './front-door.routes';
import { intakeRoutes } from './intake.routes';
import { oidcSignInRoutes } from './oidc-sign-in.routes';
import type { PageDeps } from './page-deps';
import { performanceRoutes } from './performance.routes';
import { forecastRoutes } from './forecast.routes';
import { residentStatusRoutes } from './resident-status.routes';
import { secondFactorRoutes } from './second-factor.routes';
import { signInRoutes } from './sign-in.routes';
import { studioRoutes } from './studio.routes';
import { workListRoutes } from './work-list.routes';
import { auditRoutes } from './audit.routes';
import { recordsRoutes } from './records.routes';
import { superviseAtRiskRoutes } from './supervise-at-risk.routes';
import { superviseDashboardRoutes } from './supervise-dashboard.routes';
import { portalRequestRoutes } from './portal-request.routes';
import { portalFollowRoutes } from './portal-follow.routes';
import { residentInquiryRoutes } from './resident-inquiries.routes';
import { letterRoutes } from './letters.routes';
import { knowledgeRoutes } from './knowledge.routes';
import { knowledgeManageRoutes } from './knowledge-manage.routes';
import { portalHelpRoutes } from './portal-help.routes';
import { portalSurveyRoutes } from './portal-survey.routes';
import { superviseRatingsRoutes } from './supervise-ratings.routes';

export type { PageDeps } from './page-deps';

export function pageRouters(deps: PageDeps): Router[] {
  return [
    frontDoorRoutes(deps),
    signInRoutes(deps),
    residentStatusRoutes(deps),
    workListRoutes(deps),
    casePageRoutes(deps),
    intakeRoutes(deps),
    performanceRoutes(deps),
    forecastRoutes(deps),
    auditRoutes(deps),
    recordsRoutes(deps),
    oidcSignInRoutes(deps),
    secondFactorRoutes(deps),
    superviseAtRiskRoutes(deps),
    superviseDashboardRoutes(deps),
    portalRequestRoutes(deps),
    portalFollowRoutes(deps),
    residentInquiryRoutes(deps),
    studioRoutes(deps),
    letterRoutes(deps),
    knowledgeRoutes(deps),
    knowledgeManageRoutes(deps),
    portalHelpRoutes(deps),
    portalSurveyRoutes(deps),
    superviseRatingsRoutes(deps),
  ];
}
