import {
  compareForOrder,
  decodeSearchAttributes,
  matchesVisibilityQuery,
  parseVisibilityQuery,
  searchAttributeTypesOf,
  upsertSearchAttributes,
  VisibilityQueryError,
  VisibilityRecord,
  SearchAttributePayload,
} from '../../devserver/visibility';

const T = (iso: string): number => Date.parse(iso);

function record(overrides: Partial<VisibilityRecord> = {}): VisibilityRecord {
  return {
    workflowId: 'case-001',
    runId: 'run-a',
    workflowType: 'caseWorkflow',
    taskQueue: 'civicflow',
    status: 'Running',
    startTime: T('2024-03-01T10:00:00Z'),
    searchAttributes: {},
    ...overrides,
  };
}

function matches(query: string, rec: VisibilityRecord): boolean {
  return matchesVisibilityQuery(parseVisibilityQuery(query), rec);
}

function parseError(query: string): VisibilityQueryError {
  try {
    parseVisibilityQuery(query);
  } catch (error) {
    if (error instanceof VisibilityQueryError) return error;
    throw error;
  }
  throw new Error(`expected '${query}' to be rejected`);
}

/** A json/plain payload as the SDK encodes a typed search attribute. */
function payload(value: unknown, type?: string): SearchAttributePayload {
  const metadata: Record<string, Uint8Array> = { encoding: Buffer.from('json/plain') };
  if (type) metadata.type = Buffer.from(type);
  return { metadata, data: Buffer.from(JSON.stringify(value)) };
}

describe('system fields', () => {
  const rec = record();

  it('matches keyword fields with = and !=', () => {
    expect(matches("WorkflowId = 'case-001'", rec)).toBe(true);
    expect(matches("WorkflowId = 'case-002'", rec)).toBe(false);
    expect(matches("WorkflowId != 'case-002'", rec)).toBe(true);
    expect(matches("WorkflowId <> 'case-001'", rec)).toBe(false);
    expect(matches('WorkflowType = "caseWorkflow"', rec)).toBe(true);
    expect(matches("RunId = 'run-a' AND TaskQueue = 'civicflow'", rec)).toBe(true);
    expect(matches("TaskQueue = 'other'", rec)).toBe(false);
  });

  it('supports IN, NOT IN and STARTS_WITH on keyword fields', () => {
    expect(matches("WorkflowId IN ('x', 'case-001')", rec)).toBe(true);
    expect(matches("WorkflowId IN ('x', 'y')", rec)).toBe(false);
    expect(matches("WorkflowId NOT IN ('x', 'y')", rec)).toBe(true);
    expect(matches("WorkflowId STARTS_WITH 'case-'", rec)).toBe(true);
    expect(matches("WorkflowId STARTS_WITH 'permit-'", rec)).toBe(false);
    expect(matches("WorkflowId NOT STARTS_WITH 'permit-'", rec)).toBe(true);
  });

  it('compares keyword fields lexically for ranges', () => {
    expect(matches("WorkflowId > 'case-000'", rec)).toBe(true);
    expect(matches("WorkflowId >= 'case-001'", rec)).toBe(true);
    expect(matches("WorkflowId < 'case-001'", rec)).toBe(false);
    expect(matches("WorkflowId BETWEEN 'case-000' AND 'case-002'", rec)).toBe(true);
  });

  it('matches ExecutionStatus by name, whatever spelling the record uses', () => {
    expect(matches("ExecutionStatus = 'Running'", rec)).toBe(true);
    expect(matches("ExecutionStatus = 'running'", rec)).toBe(true);
    expect(matches("ExecutionStatus != 'Running'", rec)).toBe(false);
    expect(matches("ExecutionStatus = 'Completed'", record({ status: 'WORKFLOW_EXECUTION_STATUS_COMPLETED' }))).toBe(
      true,
    );
    expect(
      matches("ExecutionStatus = 'ContinuedAsNew'", record({ status: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW' })),
    ).toBe(true);
    expect(matches("ExecutionStatus = 'TimedOut'", record({ status: 7 }))).toBe(true);
    expect(matches("ExecutionStatus = 'Running'", record({ status: 1 }))).toBe(true);
    expect(matches("ExecutionStatus IN ('Completed', 'Failed')", record({ status: 'Failed' }))).toBe(true);
    expect(matches("ExecutionStatus NOT IN ('Completed', 'Failed')", record({ status: 'Terminated' }))).toBe(true);
    expect(matches("ExecutionStatus NOT IN ('Completed', 'Terminated')", record({ status: 'Terminated' }))).toBe(false);
  });

  it('compares StartTime, CloseTime and ExecutionTime as instants', () => {
    const closed = record({
      status: 'Completed',
      startTime: new Date('2024-03-01T10:00:00Z'),
      closeTime: T('2024-03-02T08:30:00Z'),
    });
    expect(matches("StartTime > '2024-03-01T09:59:59Z'", closed)).toBe(true);
    expect(matches("StartTime > '2024-03-01T10:00:00Z'", closed)).toBe(false);
    expect(matches("StartTime >= '2024-03-01T10:00:00.000Z'", closed)).toBe(true);
    expect(matches("StartTime < '2024-03-01T11:00:00+01:00'", closed)).toBe(false);
    expect(matches("StartTime <= '2024-03-01T11:00:00+01:00'", closed)).toBe(true);
    expect(matches("StartTime = '2024-03-01T10:00:00Z'", closed)).toBe(true);
    expect(matches("CloseTime BETWEEN '2024-03-02T00:00:00Z' AND '2024-03-03T00:00:00Z'", closed)).toBe(true);
    expect(matches("CloseTime NOT BETWEEN '2024-03-02T00:00:00Z' AND '2024-03-03T00:00:00Z'", closed)).toBe(false);
    expect(matches("CloseTime BETWEEN '2024-03-02T08:30:00Z' AND '2024-03-02T08:30:00Z'", closed)).toBe(true);
    expect(matches("ExecutionTime = '2024-03-01T10:00:00Z'", closed)).toBe(true);
    expect(
      matches("ExecutionTime > '2024-03-01T10:00:00Z'", record({ executionTime: T('2024-03-01T10:05:00Z') })),
    ).toBe(true);
    expect(matches("StartTime > '2024-03-01T09:59:59.999999999Z'", closed)).toBe(true);
    expect(matches("StartTime > '2024-03-01'", closed)).toBe(true);
  });

  it('treats CloseTime of an open execution as NULL', () => {
    expect(matches("CloseTime > '2000-01-01T00:00:00Z'", rec)).toBe(false);
    expect(matches("CloseTime < '2999-01-01T00:00:00Z'", rec)).toBe(false);
    expect(matches('CloseTime IS NULL', rec)).toBe(true);
    expect(matches('CloseTime IS NOT NULL', rec)).toBe(false);
    expect(matches('CloseTime is not null', record({ closeTime: T('2024-03-05T00:00:00Z') }))).toBe(true);
  });
});

describe('boolean structure', () => {
  const rec = record({ status: 'Completed' });

  it('gives AND precedence over OR and honours parentheses', () => {
    expect(matches("WorkflowId = 'x' AND WorkflowType = 'y' OR ExecutionStatus = 'Completed'", rec)).toBe(true);
    expect(matches("WorkflowId = 'x' AND (WorkflowType = 'y' OR ExecutionStatus = 'Completed')", rec)).toBe(false);
    expect(matches("(WorkflowId = 'case-001' OR WorkflowId = 'x') AND (ExecutionStatus = 'Completed')", rec)).toBe(
      true,
    );
    expect(matches("((WorkflowId = 'case-001'))", rec)).toBe(true);
    expect(matches("WorkflowId = 'a' or WorkflowId = 'b' or WorkflowId = 'case-001'", rec)).toBe(true);
  });

  it('matches everything for an empty query', () => {
    expect(parseVisibilityQuery('').filter).toBeUndefined();
    expect(parseVisibilityQuery('   ').filter).toBeUndefined();
    expect(matches('', rec)).toBe(true);
    expect(matches('ORDER BY StartTime DESC', rec)).toBe(true);
  });
});

describe('custom search attributes', () => {
  const attributes = decodeSearchAttributes({
    CaseCategory: payload('pothole', 'Keyword'),
    Tags: payload(['urgent', 'roads'], 'KeywordList'),
    Description: payload('Large pothole on Main Street near the school', 'Text'),
    Priority: payload(3, 'Int'),
    Score: payload(0.75, 'Double'),
    Escalated: payload(true, 'Bool'),
    DueAt: payload('2024-03-10T17:00:00.000Z', 'Datetime'),
  });
  const types = searchAttributeTypesOf({ Description: payload('x', 'Text') });
  const rec = record({ searchAttributes: attributes, searchAttributeTypes: types });

  it('matches Keyword attributes', () => {
    expect(matches("CaseCategory = 'pothole'", rec)).toBe(true);
    expect(matches("CaseCategory != 'graffiti'", rec)).toBe(true);
    expect(matches("CaseCategory IN ('graffiti', 'pothole')", rec)).toBe(true);
    expect(matches("CaseCategory STARTS_WITH 'pot'", rec)).toBe(true);
    expect(matches("`CaseCategory` = 'pothole'", rec)).toBe(true);
  });

  it('matches KeywordList attributes element-wise', () => {
    expect(matches("Tags = 'urgent'", rec)).toBe(true);
    expect(matches("Tags = 'minor'", rec)).toBe(false);
    expect(matches("Tags != 'urgent'", rec)).toBe(false);
    expect(matches("Tags != 'minor'", rec)).toBe(true);
    expect(matches("Tags IN ('minor', 'roads')", rec)).toBe(true);
    expect(matches("Tags NOT IN ('minor', 'roads')", rec)).toBe(false);
  });

  it('matches Text attributes by words', () => {
    expect(matches("Description = 'pothole'", rec)).toBe(true);
    expect(matches("Description = 'main street'", rec)).toBe(true);
    expect(matches("Description = 'pot'", rec)).toBe(false);
    expect(matches("Description != 'graffiti'", rec)).toBe(true);
  });

  it('compares Int and Double attributes numerically', () => {
    expect(matches('Priority = 3', rec)).toBe(true);
    expect(matches('Priority > 2 AND Priority < 4', rec)).toBe(true);
    expect(matches('Priority >= 10', rec)).toBe(false);
    expect(matches("Priority = '3'", rec)).toBe(true);
    expect(matches('Priority IN (1, 2, 3)', rec)).toBe(true);
    expect(matches('Priority BETWEEN 1 AND 2', rec)).toBe(false);
    expect(matches('Score > 0.5', rec)).toBe(true);
    expect(matches('Score <= -1.5e2', rec)).toBe(false);
    // numeric, not lexical: 10 > 9
    expect(matches('Priority < 10', rec)).toBe(true);
  });

  it('matches Bool attributes', () => {
    expect(matches('Escalated = true', rec)).toBe(true);
    expect(matches('Escalated = FALSE', rec)).toBe(false);
    expect(matches("Escalated = 'true'", rec)).toBe(true);
    expect(matches('Escalated != false', rec)).toBe(true);
  });

  it('compares Datetime attributes as instants', () => {
    expect(rec.searchAttributes.DueAt).toBeInstanceOf(Date);
    expect(matches("DueAt > '2024-03-10T16:59:59Z'", rec)).toBe(true);
    expect(matches("DueAt < '2024-03-10T18:00:00+02:00'", rec)).toBe(false);
    expect(matches("DueAt BETWEEN '2024-03-01T00:00:00Z' AND '2024-03-31T00:00:00Z'", rec)).toBe(true);
  });

  it('uses SQL NULL semantics for missing attributes', () => {
    expect(matches("Missing = 'x'", rec)).toBe(false);
    expect(matches("Missing != 'x'", rec)).toBe(false);
    expect(matches("Missing NOT IN ('x')", rec)).toBe(false);
    expect(matches('Missing IS NULL', rec)).toBe(true);
    expect(matches('Missing IS NOT NULL', rec)).toBe(false);
    expect(matches('Priority IS NOT NULL', rec)).toBe(true);
    expect(matches('Missing IS NULL AND Priority IS NOT NULL', rec)).toBe(true);
  });

  it('checks literals against a registry of attribute types when one is given', () => {
    const registry = { Priority: 'Int', DueAt: 'Datetime', Flag: 'Bool', Desc: 'Text' } as const;
    const q = parseVisibilityQuery("Priority > '2' AND DueAt < '2030-01-01T00:00:00Z'", {
      searchAttributeTypes: registry,
    });
    expect(matchesVisibilityQuery(q, rec)).toBe(true);
    expect(() => parseVisibilityQuery("Unknown = 'x'", { searchAttributeTypes: registry })).toThrow(
      /unknown search attribute 'Unknown'/,
    );
    expect(() => parseVisibilityQuery("Priority = 'high'", { searchAttributeTypes: registry })).toThrow(
      /Int attribute 'Priority' expects a number/,
    );
    expect(() => parseVisibilityQuery('Priority = 1.5', { searchAttributeTypes: registry })).toThrow(
      VisibilityQueryError,
    );
    expect(() => parseVisibilityQuery("DueAt > 'tomorrow'", { searchAttributeTypes: registry })).toThrow(/RFC 3339/);
    expect(() => parseVisibilityQuery("Flag = 'maybe'", { searchAttributeTypes: registry })).toThrow(/Bool attribute/);
    expect(() => parseVisibilityQuery("Desc STARTS_WITH 'x'", { searchAttributeTypes: registry })).toThrow(
      /STARTS_WITH is not supported for Text/,
    );
  });
});

describe('ordering', () => {
  const open1 = record({ runId: 'r1', startTime: T('2024-01-01T00:00:00Z') });
  const open2 = record({ runId: 'r2', startTime: T('2024-01-03T00:00:00Z') });
  const closedEarly = record({
    runId: 'r3',
    status: 'Completed',
    startTime: T('2024-01-02T00:00:00Z'),
    closeTime: T('2024-01-04T00:00:00Z'),
  });
  const closedLate = record({
    runId: 'r4',
    status: 'Failed',
    startTime: T('2023-12-31T00:00:00Z'),
    closeTime: T('2024-01-05T00:00:00Z'),
  });
  const all = [closedEarly, open1, closedLate, open2];
  const sorted = (query: string): string[] =>
    [...all].sort(compareForOrder(parseVisibilityQuery(query))).map((r) => r.runId);

  it('orders by StartTime ascending and descending', () => {
    expect(sorted('ORDER BY StartTime')).toEqual(['r4', 'r1', 'r3', 'r2']);
    expect(sorted('ORDER BY StartTime ASC')).toEqual(['r4', 'r1', 'r3', 'r2']);
    expect(sorted("ExecutionStatus = 'Running' OR ExecutionStatus != 'Running' ORDER BY StartTime DESC")).toEqual([
      'r2',
      'r3',
      'r1',
      'r4',
    ]);
  });

  it('orders by CloseTime with NULLs as Postgres does', () => {
    expect(sorted('ORDER BY CloseTime ASC')).toEqual(['r3', 'r4', 'r1', 'r2']);
    expect(sorted('ORDER BY CloseTime DESC, StartTime ASC')).toEqual(['r1', 'r2', 'r4', 'r3']);
  });

  it('defaults to open executions first, then latest close, then latest start', () => {
    expect(sorted('')).toEqual(['r2', 'r1', 'r4', 'r3']);
  });

  it('breaks ties on RunId', () => {
    const a = record({ runId: 'b' });
    const b = record({ runId: 'a' });
    expect([a, b].sort(compareForOrder(parseVisibilityQuery('ORDER BY StartTime'))).map((r) => r.runId)).toEqual([
      'a',
      'b',
    ]);
  });

  it('parses ORDER BY and GROUP BY clauses', () => {
    expect(parseVisibilityQuery("WorkflowType = 'x' order by CloseTime desc, StartTime").orderBy).toEqual([
      { field: 'CloseTime', direction: 'DESC' },
      { field: 'StartTime', direction: 'ASC' },
    ]);
    expect(parseVisibilityQuery("WorkflowType = 'x' GROUP BY ExecutionStatus").groupBy).toEqual(['ExecutionStatus']);
    expect(parseVisibilityQuery('').groupBy).toEqual([]);
  });
});

describe('syntax errors', () => {
  it.each([
    ["WorkflowId = 'abc", /unterminated string at position 14/],
    ["WorkflowId 'abc'", /expected an operator .* after 'WorkflowId', found string 'abc' at position 12/],
    ["WorkflowId = 'a' AND", /expected a search attribute name, found end of query at position 21/],
    ["(WorkflowId = 'a'", /expected '\)', found end of query/],
    ["WorkflowId = 'a')", /unexpected '\)' at position 17/],
    ["WorkflowId = 'a' ORDER StartTime", /expected BY, found 'StartTime'/],
    [
      "WorkflowId = 'a' ORDER BY WorkflowType",
      /ORDER BY supports StartTime, CloseTime, ExecutionTime, not 'WorkflowType'/,
    ],
    ['WorkflowId = 5', /WorkflowId expects a string value at position 14/],
    ["ExecutionStatus = 'Done'", /unknown ExecutionStatus "Done" \(expected one of Running, Completed/],
    ["ExecutionStatus > 'Running'", /operator '>' is not supported for ExecutionStatus/],
    ["StartTime > 'yesterday'", /StartTime expects an RFC 3339 date-time/],
    ["StartTime STARTS_WITH '2024'", /STARTS_WITH is not supported for StartTime/],
    ['WorkflowId STARTS_WITH 5', /STARTS_WITH expects a string, found number 5/],
    ["workflowId = 'a'", /names are case-sensitive: did you mean 'WorkflowId'\?/],
    ['WorkflowId IN ()', /expected a value, found '\)'/],
    ["WorkflowId = 'a' # comment", /unexpected character '#' at position 18/],
    ["AND = 'a'", /found keyword AND/],
    ['Priority = 12abc', /unexpected character 'a' after number/],
    ["WorkflowId BETWEEN 'a' OR 'b'", /expected AND, found 'OR'/],
    ["WorkflowId IS 'a'", /expected NULL/],
    ['``', /empty quoted identifier/],
    ["WorkflowId = 'a' GROUP BY WorkflowType", /GROUP BY supports only ExecutionStatus/],
  ])('rejects %s', (query, message) => {
    const error = parseError(query);
    expect(error.message).toMatch(message);
    expect(error.query).toBe(query);
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(query.length);
  });

  it('reports the 0-based offset of the offending token', () => {
    expect(parseError("WorkflowId = 'a' AND WorkflowType ! 'b'").position).toBe(34);
    expect(parseError("WorkflowId = 'a' AND WorkflowType ! 'b'").reason).toBe("unexpected character '!'");
  });

  it('accepts escaped quotes in strings', () => {
    expect(matches("WorkflowId = 'it''s'", record({ workflowId: "it's" }))).toBe(true);
    expect(matches("WorkflowId = 'it\\'s'", record({ workflowId: "it's" }))).toBe(true);
    expect(matches('WorkflowId = "say ""hi"""', record({ workflowId: 'say "hi"' }))).toBe(true);
  });
});

describe('search attribute payload decoding', () => {
  it('decodes every typed payload the SDK writes', () => {
    const decoded = decodeSearchAttributes({
      K: payload('a', 'Keyword'),
      L: payload(['a', 'b'], 'KeywordList'),
      I: payload(42, 'Int'),
      D: payload(1.5, 'Double'),
      B: payload(false, 'Bool'),
      T: payload('some text', 'Text'),
      Dt: payload('2024-05-01T12:00:00.000Z', 'Datetime'),
      Legacy: payload(['old']),
      LegacyList: payload(['x', 'y']),
      Snake: payload('v', 'INDEXED_VALUE_TYPE_KEYWORD'),
    });
    expect(decoded).toEqual({
      K: 'a',
      L: ['a', 'b'],
      I: 42,
      D: 1.5,
      B: false,
      T: 'some text',
      Dt: new Date('2024-05-01T12:00:00.000Z'),
      Legacy: 'old',
      LegacyList: ['x', 'y'],
      Snake: 'v',
    });
  });

  it('leaves out unset and undecodable values', () => {
    const decoded = decodeSearchAttributes({
      Unset: { metadata: { encoding: Buffer.from('binary/null') } },
      JsonNull: payload(null),
      Bad: { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{not json') },
      Proto: { metadata: { encoding: Buffer.from('json/protobuf') }, data: Buffer.from('{}') },
      TooMany: payload(['a', 'b'], 'Keyword'),
      Empty: null,
    });
    expect(decoded).toEqual({});
    expect(decodeSearchAttributes(undefined)).toEqual({});
  });

  it('reads bytes in every form a snapshot or proto JSON may hold', () => {
    const fromJson = JSON.parse(JSON.stringify(payload(7, 'Int'))) as SearchAttributePayload;
    const base64: SearchAttributePayload = {
      metadata: {
        encoding: Buffer.from('json/plain').toString('base64'),
        type: Buffer.from('Bool').toString('base64'),
      },
      data: Buffer.from('true').toString('base64'),
    };
    expect(decodeSearchAttributes({ A: fromJson, B: base64, C: { data: new Uint8Array(Buffer.from('"u"')) } })).toEqual(
      { A: 7, B: true, C: 'u' },
    );
  });

  it('reports declared and inferred types', () => {
    expect(
      searchAttributeTypesOf({
        T: payload('x', 'Text'),
        I: payload([5]),
        D: payload(2.5),
        L: payload(['a', 'b']),
        B: payload([true]),
        N: payload(null),
      }),
    ).toEqual({ T: 'Text', I: 'Int', D: 'Double', L: 'KeywordList', B: 'Bool' });
  });

  it('merges upserts, removing attributes set to null', () => {
    const current = { A: payload('a', 'Keyword'), B: payload(1, 'Int') };
    const merged = upsertSearchAttributes(current, {
      A: payload(null),
      C: payload(true, 'Bool'),
      B: payload(2, 'Int'),
    });
    expect(decodeSearchAttributes(merged)).toEqual({ B: 2, C: true });
    expect(decodeSearchAttributes(current)).toEqual({ A: 'a', B: 1 });
  });
});
