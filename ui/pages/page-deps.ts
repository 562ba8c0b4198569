/** What page routes get: the same config, database and in-process services as the API routes. */
import type { Knex } from 'knex';
import type { CivicFlowApp } from '../../api/create-app';
import type { SignInThrottle } from '../../api/auth/sign-in-throttle';
import type { Logger } from '../../api/logger';
import type { PossibleDuplicatesService } from '../../api/services/possible-duplicates';
import type { StudioService } from '../../api/services/studio-service';
import type { AppConfig } from '../../config';

export interface PageDeps {
  config: AppConfig;
  db: Knex;
  clock: () => Date;
  logger: Logger;
  services: CivicFlowApp['services'];
  signInThrottle: SignInThrottle;
  possibleDuplicates: PossibleDuplicatesService;
  studio: StudioService;
}
