/** What page routes get: the same config, database and in-process services as the API routes. */
import type { Knex } from 'knex';
import type { CivicFlowApp } from '../../api/create-app';
import type { OidcClient } from '../../api/auth/oidc/oidc-client';
import type { SignInThrottle } from '../../api/auth/sign-in-throttle';
import type { Logger } from '../../api/logger';
import type { PossibleDuplicatesService } from '../../api/services/possible-duplicates';
import type { PredictionService } from '../../api/services/prediction-service';
import type { ResidentPortalService } from '../../api/services/resident-portal-service';
import type { StudioService } from '../../api/services/studio-service';
import type { SatisfactionService } from '../../api/services/satisfaction-service';
import type { AppConfig } from '../../config';

export interface PageDeps {
  config: AppConfig;
  db: Knex;
  clock: () => Date;
  logger: Logger;
  services: CivicFlowApp['services'];
  signInThrottle: SignInThrottle;
  possibleDuplicates: PossibleDuplicatesService;
  /** Predicted close dates (case page, work lists) and their accuracy report. */
  predictions: PredictionService;
  /** Single sign-on, when OIDC_ISSUER is configured. */
  oidc?: OidcClient;
  /** The resident portal (ui/portal): its own throttle for verification codes. */
  residentPortal: ResidentPortalService;
  studio: StudioService;
  /** Satisfaction surveys: the resident's answer page, the case page's results, the supervisors' low ratings. */
  satisfaction: SatisfactionService;
}
