/** What route modules receive from createApp. */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { AppConfig } from '../../config';
import type { ApiMetrics } from '../metrics';
import type { BodyValidator } from '../openapi/body-validator';
import type { AssigneeService } from '../services/assignee-service';
import type { CaseSlaService } from '../services/case-sla-service';
import type { CaseService } from '../services/case-service';
import type { DefinitionService } from '../services/definition-service';
import type { ChangeSignalService } from '../services/list-change-tag';
import type { createReportService } from '../services/report-service';
import type { createResidentService } from '../services/resident-service';
import type { createWorklistService } from '../services/worklist-service';
import type { AuditService } from '../services/records/audit-service';
import type { RecordsService } from '../services/records/records-service';
import type { AtRiskService } from '../services/at-risk-service';
import type { DashboardService } from '../services/dashboard-service';
import type { KnowledgeService } from '../services/knowledge/knowledge-service';

export interface RouteDeps {
  config: AppConfig;
  db: Knex;
  temporal: Client;
  clock: () => Date;
  metrics: ApiMetrics;
  bodies: BodyValidator;
  cases: CaseService;
  definitions: DefinitionService;
  worklists: ReturnType<typeof createWorklistService>;
  reports: ReturnType<typeof createReportService>;
  residents: ReturnType<typeof createResidentService>;
  /** Shared by the API login and the web sign-in, so both count the same failures. */
  signInThrottle: SignInThrottle;
  sla: CaseSlaService;
  assignees: AssigneeService;
  changes: ChangeSignalService;
  records: RecordsService;
  audit: AuditService;
  atRisk: AtRiskService;
  dashboard: DashboardService;
  knowledge: KnowledgeService;
}
