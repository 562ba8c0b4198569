/** JSON Schemas (2020-12) of request and response bodies; the OpenAPI document's components. */
const text = (maxLength: number, extra: Record<string, unknown> = {}) => ({ type: 'string', maxLength, ...extra });
const id = { type: 'string', minLength: 1, maxLength: 200 };
const dateTime = { type: 'string', format: 'date-time' };
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, unknown>, required: string[] = [], additional = false) => ({ type: 'object', properties, required, additionalProperties: additional });

export const SCHEMAS: Record<string, Record<string, unknown>> = {
  Error: object({ error: object({ code: text(100), message: text(2000), details: { type: 'object' } }, ['code', 'message', 'details']) }, ['error']),

  // The knowledge base (issue 17): api/routes/knowledge.routes.ts.
  ArticleRequest: object(
    { title: text(200, { minLength: 1 }), body: text(20_000, { minLength: 1 }), keywords: text(500), language: { enum: ['en', 'es'] }, service: nullable(text(100)), public: { type: 'boolean' }, reviewBy: text(10, { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }) },
    ['title', 'body', 'language', 'reviewBy'],
  ),
  ArticleVersion: object(
    { articleId: id, version: { type: 'integer' }, title: text(200), body: text(20_000), keywords: text(500), reviewBy: text(10), status: { enum: ['draft', 'published', 'superseded'] }, editedBy: text(200), editedAt: dateTime, publishedBy: nullable(text(200)), publishedAt: nullable(dateTime) },
    ['articleId', 'version', 'title', 'body', 'reviewBy', 'status'],
    true,
  ),
  Article: object({ id, language: { enum: ['en', 'es'] }, service: nullable(text(100)), public: { type: 'boolean' }, owner: text(200), publishedVersion: nullable({ type: 'integer' }), createdAt: dateTime, updatedAt: dateTime, latest: ref('ArticleVersion') }, ['id', 'language', 'public', 'owner', 'latest'], true),
  ArticleVersions: object({ article: ref('Article'), items: { type: 'array', items: ref('ArticleVersion') } }, ['article', 'items']),
  PublishedArticle: object({ id, language: { enum: ['en', 'es'] }, service: nullable(text(100)), public: { type: 'boolean' }, version: ref('ArticleVersion') }, ['id', 'language', 'version'], true),
  ArticleSearch: object({ items: { type: 'array', items: object({ id, version: { type: 'integer' }, title: text(200), body: text(20_000), service: nullable(text(100)), language: { enum: ['en', 'es'] }, rank: { type: 'number' } }, ['id', 'title', 'rank'], true) } }, ['items']),
  ArticlesDue: object({ items: { type: 'array', items: object({ id, title: text(200), owner: text(200), reviewBy: text(10), language: text(2) }, ['id', 'title', 'reviewBy'], true) } }, ['items']),
  CallScriptRequest: object({ questions: { type: 'array', minItems: 1, maxItems: 30, items: text(300) } }, ['questions']),
  CallScript: object({ service: text(100), questions: { type: 'array', items: text(300) }, updatedBy: text(200), updatedAt: dateTime }, ['service', 'questions'], true),
  InformationRequestRequest: object(
    { topic: text(200, { minLength: 1 }), articleId: nullable(text(100)), channel: { enum: ['phone', 'walk-in', 'email', 'chat'] }, outcome: { enum: ['answered', 'case'] }, caseId: text(200) },
    ['topic', 'channel', 'outcome'],
  ),
  InformationRequest: object({ id, topic: text(200), articleId: nullable(text(100)), articleVersion: nullable({ type: 'integer' }), channel: text(50), outcome: { enum: ['answered', 'case'] }, caseId: nullable(text(200)), recordedBy: text(200), departmentId: nullable(text(200)), recordedAt: dateTime }, ['id', 'topic', 'channel', 'outcome'], true),
  ContactCount: object({ key: text(200), contacts: { type: 'integer' }, answered: { type: 'integer' } }, ['key', 'contacts', 'answered']),
  InformationRequestReport: object({ from: dateTime, to: dateTime, contacts: { type: 'integer' }, answeredAtFirstContact: nullable({ type: 'integer' }), byTopic: { type: 'array', items: ref('ContactCount') }, byChannel: { type: 'array', items: ref('ContactCount') } }, ['from', 'to', 'contacts', 'answeredAtFirstContact', 'byTopic', 'byChannel']),

  LoginRequest: object({ username: text(100, { minLength: 1 }), password: text(500, { minLength: 1 }) }, ['username', 'password']),
  LoginResponse: object({ token: text(4000), tokenType: { const: 'Bearer' }, expiresAt: dateTime, user: ref('Me') }, ['token', 'tokenType', 'expiresAt', 'user']),
  Me: object({ id, username: text(100), displayName: text(500), roles: { type: 'array', items: text(200) }, departmentId: nullable(text(200)) }, ['id', 'username', 'roles', 'departmentId'], true),

  Problem: object({ code: text(100), severity: { enum: ['error', 'warning'] }, message: text(5000), file: text(500), line: { type: 'integer' }, col: { type: 'integer' }, path: text(2000) }, ['code', 'severity', 'message', 'file', 'line', 'col']),
  ValidationReport: object({ ok: { type: 'boolean' }, errors: { type: 'integer' }, warnings: { type: 'integer' }, problems: { type: 'array', items: ref('Problem') } }, ['ok', 'errors', 'warnings', 'problems'], true),
  DefinitionSource: object({ source: text(1_000_000, { minLength: 1 }) }, ['source']),
  DefinitionSummary: object(
    {
      id: text(100),
      version: text(100),
      title: nullable(text(1000)),
      contentHash: text(64),
      status: { enum: ['draft', 'published', 'retired'] },
      createdBy: text(200),
      createdAt: dateTime,
      publishedBy: nullable(text(200)),
      publishedAt: nullable(dateTime),
      retiredBy: nullable(text(200)),
      retiredAt: nullable(dateTime),
    },
    ['id', 'version', 'contentHash', 'status', 'createdAt'],
    true,
  ),
  DefinitionList: object({ items: { type: 'array', items: ref('DefinitionSummary') } }, ['items']),
  DefinitionDetail: { allOf: [ref('DefinitionSummary'), object({ yamlSource: { type: 'string' }, compiled: { type: 'object' } }, ['yamlSource', 'compiled'], true)] },
  DraftSaved: object({ report: ref('ValidationReport'), definition: ref('DefinitionSummary') }, ['report', 'definition']),
  VersionComparison: { allOf: [ref('ValidationReport'), object({ from: text(100), to: text(100) }, ['from', 'to'], true)] },

  ResidentContact: object({ name: text(500), email: text(320, { format: 'email' }), phone: text(40, { pattern: '^[+0-9 ()./-]{3,40}$' }), address: text(500), preferredChannel: { enum: ['email', 'sms', 'post', 'none'] } }),
  StartCaseRequest: object(
    {
      definitionId: text(100, { minLength: 1, pattern: '^[A-Za-z0-9._-]+$' }),
      data: { type: 'object', maxProperties: 200 },
      priority: { enum: ['low', 'normal', 'high', 'urgent'] },
      title: text(500),
      residentContact: ref('ResidentContact'),
    },
    ['definitionId', 'data'],
  ),
  CaseStep: object({ stepId: text(200), title: text(1000), kind: text(100), enteredAt: text(100) }, ['stepId']),
  Case: object(
    {
      id,
      trackingNumber: text(100),
      definition: object({ id: text(100), version: text(100), hash: text(64) }, ['id', 'version', 'hash']),
      title: nullable(text(1000)),
      status: text(200),
      residentStatus: text(200),
      priority: text(50),
      departmentId: nullable(text(200)),
      assigneeId: nullable(text(200)),
      currentSteps: { type: 'array', items: ref('CaseStep') },
      slaDueAt: nullable(dateTime),
      statutoryDueAt: nullable(dateTime),
      statutoryClockPaused: { type: 'boolean' },
      escalationLevel: { type: 'integer', minimum: 0 },
      overdue: { type: 'boolean' },
      data: { type: 'object' },
      maskedFields: { type: 'array', items: text(200) },
      residentContact: nullable({ type: 'object' }),
      outcome: nullable(text(200)),
      channel: nullable(text(100)),
      createdAt: dateTime,
      updatedAt: dateTime,
      closedAt: nullable(dateTime),
    },
    ['id', 'trackingNumber', 'definition', 'status', 'residentStatus', 'priority', 'departmentId', 'assigneeId', 'currentSteps', 'overdue', 'data', 'maskedFields', 'residentContact', 'createdAt', 'updatedAt', 'closedAt'],
  ),
  StartedCase: object({ case: ref('Case'), trackingNumber: text(100), verificationCode: text(100) }, ['case', 'trackingNumber', 'verificationCode']),
  CaseList: object({ items: { type: 'array', items: ref('Case') }, nextCursor: nullable(text(2000)) }, ['items', 'nextCursor']),
  TimelineEntry: object({ sequence: { type: 'integer' }, at: dateTime, type: text(200), actor: object({ id: text(500), kind: text(50) }, ['id', 'kind']), details: { type: 'object' }, source: object({ ip: text(100), channel: text(50) }) }, ['sequence', 'at', 'type', 'actor', 'details', 'source']),
  Timeline: object({ items: { type: 'array', items: ref('TimelineEntry') } }, ['items']),
  AvailableActions: object({ items: { type: 'array', items: object({ kind: { enum: ['action', 'claim'] }, step: text(200), action: text(200) }, ['kind', 'step'], true) } }, ['items']),

  ActionRequest: object({ step: text(200, { minLength: 1 }), action: text(200, { minLength: 1 }), data: { type: 'object', maxProperties: 200 }, comment: text(10_000) }, ['step', 'action']),
  StepRequest: object({ step: text(200, { minLength: 1 }) }, ['step']),
  AssignRequest: object({ step: text(200, { minLength: 1 }), assigneeId: text(200, { minLength: 1 }) }, ['step', 'assigneeId']),
  CommentRequest: object({ text: text(10_000, { minLength: 1 }) }, ['text']),
  PauseRequest: object({ reason: text(200, { minLength: 1 }) }, ['reason']),
  ExtendRequest: object({ by: text(100, { minLength: 1 }), reason: text(2000) }, ['by']),
  ReasonRequest: object({ reason: text(2000) }),
  ActOutcome: object({ status: { const: 'accepted' }, eventId: text(100), sequence: { type: 'integer' }, case: ref('Case') }, ['status', 'eventId', 'sequence', 'case']),

  Document: object(
    { id, caseId: id, filename: text(300), contentType: text(200), sizeBytes: { type: 'integer' }, sha256: text(64), uploadedBy: text(500), uploadedAt: dateTime, description: nullable(text(2000)) },
    ['id', 'caseId', 'filename', 'contentType', 'sizeBytes', 'sha256', 'uploadedAt'],
    true,
  ),
  DocumentList: object({ items: { type: 'array', items: ref('Document') } }, ['items']),

  WorklistEntry: object(
    {
      caseId: id, trackingNumber: text(100), caseTitle: nullable(text(1000)), definitionId: text(100), caseStatus: text(200), priority: text(50), stepId: text(200),
      role: text(200), departmentId: nullable(text(200)), assigneeId: nullable(text(200)), dueAt: nullable(dateTime), escalationLevel: { type: 'integer' }, overdue: { type: 'boolean' },
    },
    ['caseId', 'trackingNumber', 'stepId', 'role', 'dueAt', 'escalationLevel', 'overdue'],
  ),
  Worklist: object({ items: { type: 'array', items: ref('WorklistEntry') } }, ['items']),
  Report: object({ report: text(100), generatedAt: dateTime, rows: { type: 'array', items: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] } } } }, ['report', 'generatedAt', 'rows']),

  EscalationMark: object(
    { level: { type: 'integer', minimum: 1 }, at: dateTime, reached: { type: 'boolean' }, notify: { type: 'array', items: text(300) }, reassignTo: nullable(text(200)), raisePriority: nullable({ enum: ['low', 'normal', 'high', 'urgent'] }) },
    ['level', 'at', 'reached', 'notify', 'reassignTo', 'raisePriority'],
  ),
  CalendarRef: object({ id: text(200), title: nullable(text(1000)), timeZone: text(100) }, ['id', 'title', 'timeZone']),
  StepSla: object(
    {
      due: text(100), basis: { enum: ['working', 'calendar'] }, calendar: nullable(ref('CalendarRef')), warningAt: nullable(dateTime), dueAt: dateTime,
      warned: { type: 'boolean' }, breached: { type: 'boolean' }, overdue: { type: 'boolean' }, escalationLevel: { type: 'integer', minimum: 0 },
      nextEscalation: nullable(ref('EscalationMark')), escalations: { type: 'array', items: ref('EscalationMark') },
    },
    ['due', 'basis', 'calendar', 'warningAt', 'dueAt', 'warned', 'breached', 'overdue', 'escalationLevel', 'nextEscalation', 'escalations'],
  ),
  StepSlaPanel: object(
    {
      stepId: text(200), title: text(1000), kind: nullable(text(100)), token: nullable(text(100)), role: nullable(text(200)), departmentId: nullable(text(200)), assigneeId: nullable(text(200)),
      enteredAt: nullable(dateTime), sla: nullable(ref('StepSla')),
    },
    ['stepId', 'title', 'kind', 'token', 'role', 'departmentId', 'assigneeId', 'enteredAt', 'sla'],
  ),
  ClockPause: object({ reason: text(200), label: text(1000), from: dateTime, to: nullable(dateTime), by: nullable(text(500)), pausedMs: nullable({ type: 'integer', minimum: 0 }) }, ['reason', 'label', 'from', 'to', 'by', 'pausedMs']),
  ClockExtension: object({ by: text(100), reason: nullable(text(2000)), at: dateTime, actor: nullable(text(500)), dueBefore: nullable(dateTime), dueAfter: nullable(dateTime) }, ['by', 'reason', 'at', 'actor', 'dueBefore', 'dueAfter']),
  ClockReason: {
    oneOf: [
      object({ kind: { const: 'limit' }, limit: text(100), basis: { enum: ['working', 'calendar'] }, startedAt: dateTime, endsAt: nullable(dateTime) }, ['kind', 'limit', 'basis', 'startedAt', 'endsAt']),
      object({ kind: { const: 'limit-changed' }, at: dateTime, from: nullable(text(100)), to: text(100) }, ['kind', 'at', 'from', 'to']),
      object({ kind: { const: 'day-off' }, date: { type: 'string', format: 'date' }, name: text(500), dayOff: { enum: ['holiday', 'closure', 'special-hours'] } }, ['kind', 'date', 'name', 'dayOff']),
      object({ kind: { const: 'pause' }, reason: text(200), label: text(1000), from: dateTime, to: nullable(dateTime), by: nullable(text(500)), pausedMs: nullable({ type: 'integer', minimum: 0 }) }, ['kind', 'reason', 'label', 'from', 'to', 'by', 'pausedMs']),
      object({ kind: { const: 'extension' }, by: text(100), reason: nullable(text(2000)), at: dateTime, actor: nullable(text(500)) }, ['kind', 'by', 'reason', 'at', 'actor']),
    ],
  },
  StatutoryClockPanel: object(
    {
      state: { enum: ['not-started', 'running', 'paused', 'stopped'] }, startedAt: nullable(dateTime), limit: nullable(text(100)), dueAt: nullable(dateTime),
      pausedSince: nullable(dateTime), pauseReason: nullable(object({ id: text(200), label: text(1000) }, ['id', 'label'])),
      workingDaysLeft: nullable({ type: 'integer' }), overdue: { type: 'boolean' }, warnedAt: nullable(dateTime), breachedAt: nullable(dateTime),
      pauses: { type: 'array', items: ref('ClockPause') }, extensions: { type: 'array', items: ref('ClockExtension') },
      why: object(
        {
          calendar: nullable(object({ id: text(200), title: nullable(text(1000)), timeZone: text(100), businessHours: { type: 'object' } }, ['id', 'title', 'timeZone', 'businessHours'])),
          reasons: { type: 'array', items: ref('ClockReason') },
        },
        ['calendar', 'reasons'],
      ),
    },
    ['state', 'startedAt', 'limit', 'dueAt', 'pausedSince', 'pauseReason', 'workingDaysLeft', 'overdue', 'warnedAt', 'breachedAt', 'pauses', 'extensions', 'why'],
  ),
  CaseSla: object(
    {
      caseId: id, definition: object({ id: text(100), version: text(100), hash: text(64) }, ['id', 'version', 'hash']), at: dateTime,
      steps: { type: 'array', items: ref('StepSlaPanel') }, statutoryClock: nullable(ref('StatutoryClockPanel')),
      calendars: { type: 'object', additionalProperties: object({ id: text(200), timeZone: text(100), businessHours: { type: 'object' } }, ['id', 'timeZone', 'businessHours'], true) },
    },
    ['caseId', 'definition', 'at', 'steps', 'statutoryClock', 'calendars'],
  ),
  EligibleAssignees: object(
    {
      caseId: id, stepId: text(200), token: text(100), role: text(200), departmentId: nullable(text(200)), assigneeId: nullable(text(200)),
      items: { type: 'array', items: object({ id, displayName: text(500), departmentId: nullable(text(200)), current: { type: 'boolean' } }, ['id', 'displayName', 'departmentId', 'current']) },
    },
    ['caseId', 'stepId', 'token', 'role', 'departmentId', 'assigneeId', 'items'],
  ),

  ResidentStatus: object(
    {
      trackingNumber: text(100), status: text(200), statusLabel: text(1000), open: { type: 'boolean' }, submittedAt: dateTime, updatedAt: dateTime, closedAt: nullable(dateTime), dueBy: nullable(dateTime),
      history: { type: 'array', items: object({ at: dateTime, status: text(1000) }, ['at', 'status']) },
    },
    ['trackingNumber', 'status', 'statusLabel', 'open', 'submittedAt', 'updatedAt', 'closedAt', 'history'],
  ),
  Health: object({ status: { enum: ['ok', 'unavailable'] }, checks: { type: 'object', additionalProperties: { enum: ['ok', 'failed'] } } }, ['status'], true),
  // Records officers and auditors (api/routes/records.routes.ts).
  AuditEntry: object(
    {
      id: { type: 'integer' }, caseId: text(200), sequence: { type: 'integer' }, actor: object({ id: text(500), kind: { enum: ['staff', 'resident', 'system', 'integration'] } }, ['id', 'kind']),
      occurredAt: dateTime, recordedAt: dateTime, eventType: text(200), details: { type: 'object' }, source: { type: 'object' }, idempotencyKey: text(500), prevHash: text(64), hash: text(64),
    },
    ['id', 'caseId', 'sequence', 'actor', 'occurredAt', 'eventType', 'details', 'source', 'prevHash', 'hash'],
    true,
  ),
  CaseAuditRecord: object({ caseId: text(200), trackingNumber: nullable(text(100)), disposed: { type: 'boolean' }, entries: { type: 'array', items: ref('AuditEntry') } }, ['caseId', 'trackingNumber', 'disposed', 'entries']),
  AuditEntryList: object({ items: { type: 'array', items: ref('AuditEntry') }, nextBefore: nullable({ type: 'integer' }) }, ['items', 'nextBefore']),
  AuditVerificationRequest: object({ chain: text(200, { minLength: 1 }) }),
  AuditVerification: object(
    {
      ok: { type: 'boolean' }, casesChecked: { type: 'integer' }, entriesChecked: { type: 'integer' },
      brokenLink: object({ caseId: text(200), sequence: { type: 'integer' }, reason: { enum: ['hash-mismatch', 'prev-hash-mismatch', 'sequence-gap', 'missing-tail', 'head-mismatch'] }, expected: text(200), actual: text(200) }, ['caseId', 'sequence', 'reason', 'expected', 'actual']),
    },
    ['ok', 'casesChecked', 'entriesChecked'],
  ),
  DispositionQueue: object({ items: { type: 'array', items: object({ caseId: id, trackingNumber: text(100), definitionId: text(200), retentionClass: text(200), closedAt: dateTime, disposalDueAt: dateTime, held: { type: 'boolean' } }, ['caseId', 'trackingNumber', 'definitionId', 'retentionClass', 'closedAt', 'disposalDueAt', 'held'], true) } }, ['items']),
  DispositionBatchRequest: object({ caseIds: { type: 'array', minItems: 1, maxItems: 500, items: id } }, ['caseIds']),
  DispositionBatch: object({ id, approvedBy: text(200), approvedByName: text(500), approvedAt: dateTime, caseIds: { type: 'array', items: id }, status: { enum: ['running', 'completed'] }, results: nullable({ type: 'object' }), completedAt: nullable(dateTime) }, ['id', 'approvedBy', 'approvedByName', 'approvedAt', 'caseIds', 'status']),
  DispositionBatchView: object({ batch: ref('DispositionBatch'), tombstones: { type: 'array', items: { type: 'object' } } }, ['batch', 'tombstones']),
  RecordsSearch: object({ service: text(200), trackingNumbers: text(20000), createdFrom: text(40), createdTo: text(40) }),
  LegalHoldRequest: object({ reason: text(2000, { minLength: 1, pattern: '\\S' }), caseId: id, search: ref('RecordsSearch') }, ['reason']),
  LegalHoldReleaseRequest: object({ reason: text(2000, { minLength: 1, pattern: '\\S' }) }, ['reason']),
  LegalHold: object({ id, reason: text(2000), scope: { type: 'object' }, caseIds: { type: 'array', items: id }, placedBy: text(200), placedAt: dateTime, releasedBy: nullable(text(200)), releasedAt: nullable(dateTime), releaseReason: nullable(text(2000)) }, ['id', 'reason', 'scope', 'caseIds', 'placedBy', 'placedAt', 'releasedBy', 'releasedAt', 'releaseReason']),
  LegalHoldPlaced: object({ hold: ref('LegalHold'), skipped: { type: 'array', items: id } }, ['hold', 'skipped']),
  LegalHoldList: object({ items: { type: 'array', items: ref('LegalHold') } }, ['items']),
  DocumentReleasableRequest: object({ releasable: { type: 'boolean' } }, ['releasable']),
  PublicRecordsExportRequest: object({ caseIds: { type: 'array', minItems: 1, maxItems: 100, items: id }, search: ref('RecordsSearch') }),
  AtRiskRow: object(
    {
      caseId: id, trackingNumber: text(100), title: nullable(text(1000)), definitionId: text(100), definitionVersion: text(100), departmentId: nullable(text(200)), stepId: nullable(text(200)), stepTitle: nullable(text(1000)),
      taskRole: nullable(text(200)), assigneeId: nullable(text(200)), stage: { enum: ['warning', 'overdue', 'statutory-overdue'] }, thresholdAt: dateTime, warningAt: nullable(dateTime), dueAt: dateTime,
      escalationLevel: { type: 'integer' }, nextEscalationAt: nullable(dateTime), lateSeconds: { type: 'integer', description: 'now − due: positive = late, negative = due in' }, statutoryClockPaused: { type: 'boolean' }, calendarId: nullable(text(200)),
    },
    ['caseId', 'trackingNumber', 'stepId', 'stage', 'thresholdAt', 'dueAt', 'escalationLevel', 'lateSeconds'],
    true,
  ),
  AtRiskList: object({ at: dateTime, rows: { type: 'array', items: ref('AtRiskRow') }, calendars: { type: 'object' } }, ['at', 'rows']),
  DashboardTable: object(
    {
      id: text(100), title: text(200), description: text(1000),
      columns: { type: 'array', items: object({ key: text(100), label: text(200), numeric: { type: 'boolean' } }, ['key', 'label', 'numeric']) },
      rows: { type: 'array', items: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] } } },
      chart: object({ labelKeys: { type: 'array', items: text(100) }, value: text(100), valueLabel: text(200) }, ['labelKeys', 'value', 'valueLabel']),
    },
    ['id', 'title', 'columns', 'rows'],
  ),
  WorkOrderCallback: object({ callbackId: text(200, { minLength: 1 }), workOrderId: text(200, { minLength: 1 }), status: text(200, { minLength: 1, description: "one of the connection's callback statuses, e.g. progress or completed" }), data: { type: 'object', description: "case fields the definition's event may set" } }, ['callbackId', 'workOrderId', 'status']),
  WorkOrderCallbackResult: object({ caseId: id, eventId: text(500), event: text(100), outcome: { type: 'object' } }, ['caseId', 'eventId', 'event', 'outcome']),
  CaseChange: object({ id: text(40), caseId: id, sequence: { type: 'integer' }, type: text(100), at: dateTime, step: nullable(text(200)) }, ['id', 'caseId', 'sequence', 'type', 'at', 'step']),
  CaseChangePage: object({ changes: { type: 'array', items: ref('CaseChange') }, cursor: text(40) }, ['changes', 'cursor']),
  Dashboard: object({ from: dateTime, to: dateTime, generatedAt: dateTime, backlogAt: dateTime, departments: nullable({ type: 'array', items: text(200) }), tables: { type: 'array', items: ref('DashboardTable') } }, ['from', 'to', 'generatedAt', 'backlogAt', 'tables']),
};
