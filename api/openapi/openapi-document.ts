/** The OpenAPI 3.1 document served at /api/v1/openapi.json. Request bodies are validated against it. */
import { DASHBOARD_TABLE_IDS } from '../services/dashboard-tables';
import { SCHEMAS } from './schemas';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: string, description = 'OK') => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});
const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', maxLength: 200 } });
const query = (name: string, schema: Json, description?: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  ...(description ? { description } : {}),
});

const STAFF = [{ bearer: [] }, { apiKey: [] }];
const COMMON_ERRORS = {
  '400': error('Bad input'),
  '401': error('Not signed in'),
  '403': error('Not allowed'),
  '404': error('Not found'),
  '413': error('Body too large'),
  '415': error('Unsupported media type'),
  '429': error('Too many requests'),
  '503': error('A backing service is unavailable or the case did not answer in time'),
};

interface Operation {
  summary: string;
  operationId: string;
  tags: string[];
  body?: string;
  ok: Json;
  okStatus?: string;
  parameters?: Json[];
  security?: Json[];
  extra?: Json;
}

function op(o: Operation): Json {
  return {
    summary: o.summary,
    operationId: o.operationId,
    tags: o.tags,
    ...(o.parameters ? { parameters: o.parameters } : {}),
    ...(o.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(o.body) } } } } : {}),
    security: o.security ?? STAFF,
    responses: { [o.okStatus ?? '200']: o.ok, ...COMMON_ERRORS, ...(o.extra ?? {}) },
  };
}

const caseAct = (operationId: string, summary: string, body?: string): Json =>
  op({
    summary,
    operationId,
    tags: ['cases'],
    parameters: [
      pathParam('caseId'),
      { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } },
    ],
    ...(body ? { body } : {}),
    ok: json('ActOutcome', 'Accepted by the case workflow'),
    extra: { '409': error('Rejected by the case workflow (details.rejection says why)') },
  });

const reportFormat = query('format', { enum: ['json', 'csv'] });
/** Live lists: send the last ETag back; an unchanged list answers 304 (not read, not audited). */
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 2000 },
  description: 'The ETag of the last answer; 304 when the list has not changed',
};
const etagHeaders = {
  ETag: {
    description:
      'Weak tag of this list for this caller (count, overdue count, projection sequences and last update within scope and filter)',
    schema: { type: 'string' },
  },
};
const notModified = {
  '304': {
    description: 'The list has not changed since the ETag sent in If-None-Match; no body, no audit entry',
    headers: etagHeaders,
  },
};
const listed = (schema: string) => ({ ...json(schema), headers: etagHeaders });
const windowParams = [
  query('from', { type: 'string', format: 'date-time' }),
  query('to', { type: 'string', format: 'date-time' }),
];

export const OPENAPI_DOCUMENT: Json = {
  openapi: '3.1.0',
  info: {
    title: 'CivicFlow API',
    version: '1.0.0',
    description:
      'Government case processes on Temporal: definitions, cases, worklists, reports and the resident status page.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    },
    schemas: SCHEMAS,
  },
  paths: {
    '/api/v1/auth/login': {
      post: op({
        summary:
          'Sign in; returns a short-lived bearer token. Failed attempts are throttled per account and per address (429, details.retryAfterSeconds); 403 when password sign-in is off (LOCAL_SIGN_IN=false) or the account has or needs a second factor (sign in on the web)',
        operationId: 'login',
        tags: ['auth'],
        body: 'LoginRequest',
        ok: json('LoginResponse'),
        security: [],
      }),
    },
    '/api/v1/me': { get: op({ summary: 'The signed-in user', operationId: 'me', tags: ['auth'], ok: json('Me') }) },

    '/api/v1/definitions': {
      get: op({
        summary: 'Every version of every process definition',
        operationId: 'listDefinitions',
        tags: ['definitions'],
        ok: json('DefinitionList'),
      }),
      post: op({
        summary: 'Upload a YAML draft; invalid drafts are refused with the validation report (422)',
        operationId: 'uploadDefinitionDraft',
        tags: ['definitions'],
        body: 'DefinitionSource',
        okStatus: '201',
        ok: json('DraftSaved', 'Draft saved'),
        extra: {
          '409': error('That version is already published'),
          '413': error('Too large'),
          '415': error('Send JSON or YAML'),
          '422': error('The definition has errors (details.problems with file:line:col)'),
        },
      }),
    },
    '/api/v1/definitions/validate': {
      post: op({
        summary: 'Validate YAML without saving',
        operationId: 'validateDefinition',
        tags: ['definitions'],
        body: 'DefinitionSource',
        ok: json('ValidationReport'),
      }),
    },
    '/api/v1/definitions/{definitionId}/versions': {
      get: op({
        summary: 'Versions of one definition, newest first',
        operationId: 'listDefinitionVersions',
        tags: ['definitions'],
        parameters: [pathParam('definitionId')],
        ok: json('DefinitionList'),
      }),
    },
    '/api/v1/definitions/{definitionId}/versions/{version}': {
      get: op({
        summary: 'One version with its YAML and compiled form',
        operationId: 'getDefinitionVersion',
        tags: ['definitions'],
        parameters: [pathParam('definitionId'), pathParam('version')],
        ok: json('DefinitionDetail'),
      }),
    },
    '/api/v1/definitions/{definitionId}/versions/{version}/publish': {
      post: op({
        summary: 'Publish a draft',
        operationId: 'publishDefinition',
        tags: ['definitions'],
        parameters: [pathParam('definitionId'), pathParam('version')],
        ok: json('DefinitionSummary'),
        extra: {
          '409': error('Already retired or conflicting'),
          '422': error('This version cannot follow the version in force (details.problems)'),
        },
      }),
    },
    '/api/v1/definitions/{definitionId}/compare': {
      get: op({
        summary: 'Compare two versions (problems of `to` as the successor of `from`)',
        operationId: 'compareDefinitionVersions',
        tags: ['definitions'],
        parameters: [
          pathParam('definitionId'),
          { ...query('from', { type: 'string', maxLength: 100 }), required: true },
          { ...query('to', { type: 'string', maxLength: 100 }), required: true },
        ],
        ok: json('VersionComparison'),
      }),
    },

    '/api/v1/cases': {
      post: op({
        summary: 'Start a case on the latest published version',
        operationId: 'createCase',
        tags: ['cases'],
        body: 'StartCaseRequest',
        okStatus: '201',
        ok: json('StartedCase', 'Created'),
        parameters: [
          { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } },
        ],
        extra: {
          '409': error('A request with this Idempotency-Key is still running'),
          '422': error('Idempotency-Key reused with another body'),
        },
      }),
      get: op({
        summary: 'Cases the caller may see',
        operationId: 'listCases',
        tags: ['cases'],
        parameters: [
          query('status', { type: 'string', maxLength: 200 }),
          query('definition', { type: 'string', maxLength: 100 }),
          query('department', { type: 'string', maxLength: 200 }),
          query('assignee', { type: 'string', maxLength: 200 }, 'a user id, or "none" for unassigned'),
          query('overdue', { enum: ['true', 'false'] }),
          query('sort', { enum: ['sla-due', 'statutory-due', 'created', '-created', 'updated'] }),
          query('limit', { type: 'integer', minimum: 1, maximum: 500 }),
          query('cursor', { type: 'string', maxLength: 2000 }),
          ifNoneMatch,
        ],
        ok: listed('CaseList'),
        extra: notModified,
      }),
    },
    '/api/v1/cases/{caseId}': {
      get: op({
        summary: 'One case (personal data masked for roles without access; the read is audited)',
        operationId: 'getCase',
        tags: ['cases'],
        parameters: [pathParam('caseId')],
        ok: json('Case'),
      }),
    },
    '/api/v1/cases/{caseId}/timeline': {
      get: op({
        summary: 'The case audit trail',
        operationId: 'getCaseTimeline',
        tags: ['cases'],
        parameters: [pathParam('caseId')],
        ok: json('Timeline'),
      }),
    },
    '/api/v1/cases/{caseId}/available-actions': {
      get: op({
        summary: 'What the caller can do on the case now',
        operationId: 'getAvailableActions',
        tags: ['cases'],
        parameters: [pathParam('caseId')],
        ok: json('AvailableActions'),
      }),
    },
    '/api/v1/cases/{caseId}/sla': {
      get: op({
        summary:
          'SLA panel: per current step entered, warning, due, escalation levels (reached, next) and calendar; the statutory clock with working days left, pauses, extensions and why this date (the read is audited)',
        operationId: 'getCaseSla',
        tags: ['cases'],
        parameters: [pathParam('caseId')],
        ok: json('CaseSla'),
      }),
    },
    '/api/v1/cases/{caseId}/steps/{stepId}/eligible-assignees': {
      get: op({
        summary:
          'Active staff who may be assigned this open human task (role, department, separation of duties); for assign pickers',
        operationId: 'getEligibleAssignees',
        tags: ['cases'],
        parameters: [pathParam('caseId'), pathParam('stepId')],
        ok: json('EligibleAssignees'),
        extra: { '409': error('The step is not an open human task of the case (STEP_NOT_ACTIVE)') },
      }),
    },
    '/api/v1/cases/{caseId}/actions': {
      post: caseAct('actOnCase', 'Take an action of the current step', 'ActionRequest'),
    },
    '/api/v1/cases/{caseId}/claim': { post: caseAct('claimTask', 'Claim a task', 'StepRequest') },
    '/api/v1/cases/{caseId}/release': { post: caseAct('releaseTask', 'Give a claimed task back', 'StepRequest') },
    '/api/v1/cases/{caseId}/assign': { post: caseAct('assignTask', 'Assign a task (supervisors)', 'AssignRequest') },
    '/api/v1/cases/{caseId}/reassign': {
      post: caseAct('reassignTask', 'Reassign a task (supervisors)', 'AssignRequest'),
    },
    '/api/v1/cases/{caseId}/comments': { post: caseAct('addComment', 'Add an internal comment', 'CommentRequest') },
    '/api/v1/cases/{caseId}/clock/pause': { post: caseAct('pauseClock', 'Pause the statutory clock', 'PauseRequest') },
    '/api/v1/cases/{caseId}/clock/resume': { post: caseAct('resumeClock', 'Resume the statutory clock') },
    '/api/v1/cases/{caseId}/clock/extend': {
      post: caseAct('extendClock', 'Extend the statutory deadline', 'ExtendRequest'),
    },
    '/api/v1/cases/{caseId}/withdraw': {
      post: caseAct('withdrawCase', "Withdraw the case (on the applicant's behalf)", 'ReasonRequest'),
    },
    '/api/v1/cases/{caseId}/reopen': {
      post: caseAct('reopenCase', 'Reopen a finished case within its window', 'ReasonRequest'),
    },
    '/api/v1/cases/{caseId}/documents': {
      get: op({
        summary: 'Documents of a case',
        operationId: 'listDocuments',
        tags: ['documents'],
        parameters: [pathParam('caseId')],
        ok: json('DocumentList'),
      }),
      post: {
        ...op({
          summary: 'Upload a document (multipart/form-data, field "file"; optional "description")',
          operationId: 'uploadDocument',
          tags: ['documents'],
          parameters: [pathParam('caseId')],
          okStatus: '201',
          ok: json('Document', 'Stored'),
          extra: { '413': error('Too large'), '415': error('Type not allowed') },
        }),
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'string', contentMediaType: 'application/octet-stream' },
                  description: { type: 'string', maxLength: 2000 },
                },
                required: ['file'],
              },
            },
          },
        },
      },
    },
    '/api/v1/cases/{caseId}/documents/{documentId}': {
      get: op({
        summary: 'Download a document (the read is audited)',
        operationId: 'downloadDocument',
        tags: ['documents'],
        parameters: [pathParam('caseId'), pathParam('documentId')],
        ok: {
          description: 'The content',
          content: {
            'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
      }),
    },

    '/api/v1/worklists/{kind}': {
      get: op({
        summary: 'mine | team | overdue | escalated',
        operationId: 'getWorklist',
        tags: ['worklists'],
        parameters: [
          { name: 'kind', in: 'path', required: true, schema: { enum: ['mine', 'team', 'overdue', 'escalated'] } },
          query('limit', { type: 'integer', minimum: 1, maximum: 1000 }),
          ifNoneMatch,
        ],
        ok: listed('Worklist'),
        extra: notModified,
      }),
    },

    '/api/v1/reports/sla': {
      get: op({
        summary: 'SLA % met by process, step or department',
        operationId: 'slaReport',
        tags: ['reports'],
        parameters: [query('groupBy', { enum: ['definition', 'department', 'step'] }), reportFormat, ...windowParams],
        ok: {
          description: 'OK',
          content: { 'application/json': { schema: ref('Report') }, 'text/csv': { schema: { type: 'string' } } },
        },
      }),
    },
    '/api/v1/reports/backlog': {
      get: op({
        summary: 'Open and overdue cases per process and department',
        operationId: 'backlogReport',
        tags: ['reports'],
        parameters: [reportFormat],
        ok: {
          description: 'OK',
          content: { 'application/json': { schema: ref('Report') }, 'text/csv': { schema: { type: 'string' } } },
        },
      }),
    },
    '/api/v1/reports/resolution-time': {
      get: op({
        summary: 'Median and p90 resolution time',
        operationId: 'resolutionTimeReport',
        tags: ['reports'],
        parameters: [query('groupBy', { enum: ['definition', 'department'] }), reportFormat, ...windowParams],
        ok: {
          description: 'OK',
          content: { 'application/json': { schema: ref('Report') }, 'text/csv': { schema: { type: 'string' } } },
        },
      }),
    },

    '/api/v1/reports/at-risk': {
      get: op({
        summary:
          'Overdue and at-risk cases in my departments (a step warned or past due, or the statutory date passed), with the reason, most late first (worklist:supervise; audited as cases.listed)',
        operationId: 'atRiskReport',
        tags: ['reports'],
        parameters: [reportFormat],
        ok: {
          description: 'OK',
          content: { 'application/json': { schema: ref('AtRiskList') }, 'text/csv': { schema: { type: 'string' } } },
        },
      }),
    },
    '/api/v1/reports/dashboard': {
      get: op({
        summary:
          'Supervisor dashboard for a period (default the last 30 days): SLA % met by service, step and department, backlog by age, median and p90 resolution time, escalations by level, volume by channel (audited as reports.read)',
        operationId: 'dashboardReport',
        tags: ['reports'],
        parameters: windowParams,
        ok: json('Dashboard'),
      }),
    },
    '/api/v1/reports/dashboard/{table}': {
      get: op({
        summary: 'One dashboard table as CSV, exactly as the dashboard shows it (audited as reports.exported)',
        operationId: 'dashboardTableCsv',
        tags: ['reports'],
        parameters: [
          {
            name: 'table',
            in: 'path',
            required: true,
            schema: { enum: [...DASHBOARD_TABLE_IDS] },
          },
          query('format', { enum: ['csv'] }),
          ...windowParams,
        ],
        ok: { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } },
      }),
    },
    '/api/v1/reports/compliance': {
      get: op({
        summary: 'The printable SLA compliance report for a period, as PDF (audited as reports.exported)',
        operationId: 'complianceReport',
        tags: ['reports'],
        parameters: windowParams,
        ok: {
          description: 'OK',
          content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } },
        },
      }),
    },

    '/api/v1/public/cases/{trackingNumber}': {
      get: op({
        summary: 'Resident status page: status and dates only, by tracking number and verification code',
        operationId: 'residentStatus',
        tags: ['public'],
        security: [],
        parameters: [
          pathParam('trackingNumber'),
          { ...query('code', { type: 'string', maxLength: 100 }), required: true },
        ],
        ok: json('ResidentStatus'),
      }),
    },

    // The knowledge base and information requests (issue 17): api/routes/knowledge.routes.ts.
    '/api/v1/knowledge/articles': {
      get: op({
        summary: 'Published articles ranked by Postgres text search in one language (websearch syntax; knowledge:read)',
        operationId: 'searchArticles',
        tags: ['knowledge'],
        parameters: [query('q', { type: 'string', maxLength: 200 }), query('lang', { enum: ['en', 'es'] })],
        ok: json('ArticleSearch'),
      }),
      post: op({
        summary: 'Write a new article as a draft (knowledge:write; audited)',
        operationId: 'createArticle',
        tags: ['knowledge'],
        body: 'ArticleRequest',
        okStatus: '201',
        ok: json('Article', 'Created'),
      }),
    },
    '/api/v1/knowledge/articles/{articleId}': {
      get: op({
        summary: 'The published version of an article',
        operationId: 'getArticle',
        tags: ['knowledge'],
        parameters: [pathParam('articleId')],
        ok: json('PublishedArticle'),
      }),
      put: op({
        summary: 'Edit an article: a draft changes in place, a published article gets a new draft version (audited)',
        operationId: 'editArticle',
        tags: ['knowledge'],
        parameters: [pathParam('articleId')],
        body: 'ArticleRequest',
        ok: json('Article'),
      }),
    },
    '/api/v1/knowledge/articles/{articleId}/versions': {
      get: op({
        summary: 'Every version of an article, newest first (knowledge:write)',
        operationId: 'articleVersions',
        tags: ['knowledge'],
        parameters: [pathParam('articleId')],
        ok: json('ArticleVersions'),
      }),
    },
    '/api/v1/knowledge/articles/{articleId}/publish': {
      post: op({
        summary: 'Publish the newest draft version; the one before is superseded (audited)',
        operationId: 'publishArticle',
        tags: ['knowledge'],
        parameters: [pathParam('articleId')],
        ok: json('Article'),
        extra: { '409': error('The newest version is already published (NOTHING_TO_PUBLISH)') },
      }),
    },
    '/api/v1/knowledge/review-due': {
      get: op({
        summary: 'Published articles whose review-by date has passed, most overdue first',
        operationId: 'articlesDueForReview',
        tags: ['knowledge'],
        ok: json('ArticlesDue'),
      }),
    },
    '/api/v1/knowledge/call-scripts/{service}': {
      get: op({
        summary: 'The call script (questions to ask) of a service',
        operationId: 'getCallScript',
        tags: ['knowledge'],
        parameters: [pathParam('service')],
        ok: json('CallScript'),
      }),
      put: op({
        summary: 'Replace the call script of a service (knowledge:write; audited)',
        operationId: 'saveCallScript',
        tags: ['knowledge'],
        parameters: [pathParam('service')],
        body: 'CallScriptRequest',
        ok: json('CallScript'),
      }),
    },
    '/api/v1/information-requests': {
      post: op({
        summary:
          'Log an information request: a contact answered from an article, or turned into a case (caseId links it); no workflow, no SLA (contacts:log; audited)',
        operationId: 'logInformationRequest',
        tags: ['knowledge'],
        body: 'InformationRequestRequest',
        okStatus: '201',
        ok: json('InformationRequest', 'Logged'),
      }),
    },
    '/api/v1/reports/information-requests': {
      get: op({
        summary:
          'Information requests in a period (default the last 30 days) by topic and channel, and the share answered at first contact (reports:read; audited as reports.read)',
        operationId: 'informationRequestReport',
        tags: ['reports'],
        parameters: windowParams,
        ok: json('InformationRequestReport'),
      }),
    },
    '/api/v1/public/articles': {
      get: op({
        summary:
          'Residents: public published articles ranked by text search in English or Spanish (no sign-in, rate limited)',
        operationId: 'searchPublicArticles',
        tags: ['public'],
        security: [],
        parameters: [query('q', { type: 'string', maxLength: 200 }), query('lang', { enum: ['en', 'es'] })],
        ok: json('ArticleSearch'),
      }),
    },
    '/api/v1/public/articles/{articleId}': {
      get: op({
        summary: 'Residents: one public published article',
        operationId: 'getPublicArticle',
        tags: ['public'],
        security: [],
        parameters: [pathParam('articleId')],
        ok: json('PublishedArticle'),
      }),
    },

    // Auditors only (audit:read) and records officers (records:*): api/routes/records.routes.ts.
    '/api/v1/audit/chains/{chain}': {
      get: op({
        summary: "One chain's full audit record (a case id or _platform); a disposed case's personal values are hidden",
        operationId: 'auditRecord',
        tags: ['audit'],
        parameters: [pathParam('chain')],
        ok: json('CaseAuditRecord'),
      }),
    },
    '/api/v1/audit/verifications': {
      post: op({
        summary: 'Recompute one chain (or every chain) and name the first entry that breaks it',
        operationId: 'verifyAuditChain',
        tags: ['audit'],
        body: 'AuditVerificationRequest',
        ok: json('AuditVerification'),
      }),
    },
    '/api/v1/audit/entries': {
      get: op({
        summary: 'Search the platform audit by actor, kind and period (newest first)',
        operationId: 'searchAudit',
        tags: ['audit'],
        parameters: [
          query('actor', { type: 'string', maxLength: 200 }, 'username or actor id'),
          query('kind', { type: 'string', maxLength: 100 }, 'event type or its beginning, e.g. auth.'),
          query('from', { type: 'string' }),
          query('to', { type: 'string' }),
          query('before', { type: 'string' }, 'entry id to page from'),
        ],
        ok: json('AuditEntryList'),
      }),
    },
    '/api/v1/audit/exports': {
      get: op({
        summary: 'The audit search as CSV (the export is audited)',
        operationId: 'exportAudit',
        tags: ['audit'],
        parameters: [
          query('actor', { type: 'string', maxLength: 200 }),
          query('kind', { type: 'string', maxLength: 100 }),
          query('from', { type: 'string' }),
          query('to', { type: 'string' }),
        ],
        ok: { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } },
      }),
    },
    '/api/v1/records/disposition-queue': {
      get: op({
        summary: 'Closed cases whose retention period has run out (held ones marked)',
        operationId: 'dispositionQueue',
        tags: ['records'],
        ok: json('DispositionQueue'),
      }),
    },
    '/api/v1/records/disposition-batches': {
      post: op({
        summary: 'Approve a batch of due cases for disposal; starts its durable disposition run',
        operationId: 'approveDispositionBatch',
        tags: ['records'],
        body: 'DispositionBatchRequest',
        okStatus: '201',
        ok: json('DispositionBatch', 'Approved; the run has started'),
        extra: { '409': error('A case is under legal hold or not due') },
      }),
    },
    '/api/v1/records/disposition-batches/{batchId}': {
      get: op({
        summary: 'A batch, its progress and its tombstones',
        operationId: 'dispositionBatch',
        tags: ['records'],
        parameters: [pathParam('batchId')],
        ok: json('DispositionBatchView'),
      }),
    },
    '/api/v1/records/disposition-batches/{batchId}/run': {
      post: op({
        summary: "Start an approved batch's run again if it never started (harmless when it runs or ran)",
        operationId: 'resumeDispositionBatch',
        tags: ['records'],
        parameters: [pathParam('batchId')],
        ok: json('DispositionBatch'),
      }),
    },
    '/api/v1/records/legal-holds': {
      get: op({
        summary: 'Legal holds (active=true: only those not released)',
        operationId: 'legalHolds',
        tags: ['records'],
        parameters: [query('active', { enum: ['true', 'false'] })],
        ok: json('LegalHoldList'),
      }),
      post: op({
        summary: 'Place a legal hold on a case or on every case a search matches',
        operationId: 'placeLegalHold',
        tags: ['records'],
        body: 'LegalHoldRequest',
        okStatus: '201',
        ok: json('LegalHoldPlaced'),
      }),
    },
    '/api/v1/records/legal-holds/{holdId}/release': {
      post: op({
        summary: 'Release a legal hold, with a reason',
        operationId: 'releaseLegalHold',
        tags: ['records'],
        parameters: [pathParam('holdId')],
        body: 'LegalHoldReleaseRequest',
        ok: json('LegalHold'),
      }),
    },
    '/api/v1/records/documents/{documentId}/releasable': {
      put: op({
        summary: 'Mark a document releasable (or not) in public-records exports',
        operationId: 'setDocumentReleasable',
        tags: ['records'],
        parameters: [pathParam('documentId')],
        body: 'DocumentReleasableRequest',
        okStatus: '204',
        ok: { description: 'Saved' },
      }),
    },
    '/api/v1/records/exports': {
      post: op({
        summary:
          'Public-records package (zip: PDF, JSON, redaction log, manifest of SHA-256 hashes) of cases or a search',
        operationId: 'exportPublicRecords',
        tags: ['records'],
        body: 'PublicRecordsExportRequest',
        ok: {
          description: 'The package',
          content: { 'application/zip': { schema: { type: 'string', contentEncoding: 'binary' } } },
        },
      }),
    },
    '/api/v1/connections/{connection}/callbacks': {
      post: op({
        summary:
          'A department system reports on a work order (progress, completed). Signed, not signed in: X-CivicFlow-Timestamp (Unix seconds) and X-CivicFlow-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" with the connection\'s secret>, within five minutes; each callbackId is acted on once',
        operationId: 'workOrderCallback',
        tags: ['connections'],
        security: [],
        parameters: [
          pathParam('connection'),
          {
            name: 'X-CivicFlow-Timestamp',
            in: 'header',
            required: true,
            schema: { type: 'string', pattern: '^\\d{1,15}$' },
          },
          { name: 'X-CivicFlow-Signature', in: 'header', required: true, schema: { type: 'string', maxLength: 200 } },
        ],
        body: 'WorkOrderCallback',
        okStatus: '202',
        ok: json('WorkOrderCallbackResult', 'Handed to the case workflow as its external event'),
        extra: {
          '401': error(
            'SIGNATURE_INVALID (unsigned or another secret) or SIGNATURE_EXPIRED (timestamp outside five minutes)',
          ),
          '409': error('CALLBACK_REPLAYED: this callbackId was received before; nothing changed'),
        },
      }),
    },
    '/api/v1/case-changes': {
      get: op({
        summary:
          'The outbound feed of case changes (every audit entry of the cases the caller sees, oldest first); keep the cursor and ask again with after=',
        operationId: 'caseChanges',
        tags: ['connections'],
        parameters: [
          query('after', { type: 'string', maxLength: 40 }, 'the cursor of the previous page'),
          query('limit', { type: 'integer', minimum: 1, maximum: 1000 }),
        ],
        ok: json('CaseChangePage'),
      }),
    },

    '/healthz': {
      get: op({ summary: 'Liveness', operationId: 'healthz', tags: ['operations'], security: [], ok: json('Health') }),
    },
    '/readyz': {
      get: op({
        summary: 'Readiness: database and Temporal reachable',
        operationId: 'readyz',
        tags: ['operations'],
        security: [],
        ok: json('Health'),
        extra: { '503': json('Health', 'Not ready') },
      }),
    },
    '/metrics': {
      get: op({
        summary: 'Prometheus metrics',
        operationId: 'metrics',
        tags: ['operations'],
        security: [],
        ok: { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } },
      }),
    },
    '/api/v1/openapi.json': {
      get: op({
        summary: 'This document',
        operationId: 'openapi',
        tags: ['operations'],
        security: [],
        ok: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
      }),
    },
  },
};
