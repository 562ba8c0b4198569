// ListWorkflowExecutions / CountWorkflowExecutions over the engine's runs, with the visibility
// query language from devserver/visibility (a pure module owned separately).
import type { Pb } from '../protocol/proto-codec';
import { invalidArgument } from '../protocol/rpc-error';
import {
  compareForOrder,
  decodeSearchAttributes,
  executionStatusName,
  matchesVisibilityQuery,
  parseVisibilityQuery,
  searchAttributeTypesOf,
  VisibilityQueryError,
  type VisibilityQuery,
  type VisibilityRecord,
} from '../visibility';
import { committedRun, type CommittedRun } from './committed-run';
import { executionInfo } from './describe';
import type { ExecutionRecord } from './execution-record';

function parse(text: string | undefined): VisibilityQuery {
  try {
    return parseVisibilityQuery(text ?? '');
  } catch (err) {
    if (err instanceof VisibilityQueryError) throw invalidArgument(err.message);
    throw err;
  }
}

interface Row {
  run: CommittedRun;
  vis: VisibilityRecord;
}

function toVisibilityRecord(rec: Readonly<ExecutionRecord>): VisibilityRecord {
  const fields = rec.searchAttributes?.indexedFields;
  return {
    workflowId: rec.workflowId,
    runId: rec.runId,
    workflowType: rec.workflowType,
    taskQueue: rec.taskQueue,
    status: rec.status,
    startTime: rec.startTimeMs,
    closeTime: rec.closeTimeMs || null,
    executionTime: rec.startTimeMs,
    searchAttributes: decodeSearchAttributes(fields),
    searchAttributeTypes: searchAttributeTypesOf(fields),
  };
}

function matching(runs: Iterable<ExecutionRecord>, namespace: string, query: VisibilityQuery): Row[] {
  const rows: Row[] = [];
  for (const live of runs) {
    const run = committedRun(live);
    if (!run || run.rec.namespace !== namespace) continue;
    const vis = toVisibilityRecord(run.rec);
    if (matchesVisibilityQuery(query, vis)) rows.push({ run, vis });
  }
  return rows;
}

/** Lists runs as of their last save (see committed-run.ts). */
export function listExecutions(runs: Iterable<ExecutionRecord>, req: Pb): Pb {
  const query = parse(req.query);
  const rows = matching(runs, req.namespace || 'default', query);
  const compare = compareForOrder(query);
  rows.sort((a, b) => compare(a.vis, b.vis));
  const offset = req.nextPageToken ? Number(Buffer.from(req.nextPageToken, 'base64').toString()) || 0 : 0;
  const pageSize: number = req.pageSize > 0 ? req.pageSize : 1000;
  const page = rows.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return {
    executions: page.map((r) => executionInfo(r.run.rec, r.run.historyLength)),
    nextPageToken: next < rows.length ? Buffer.from(String(next)).toString('base64') : undefined,
  };
}

export function countExecutions(runs: Iterable<ExecutionRecord>, req: Pb): Pb {
  const query = parse(req.query);
  const rows = matching(runs, req.namespace || 'default', query);
  if (query.groupBy.length === 0) return { count: rows.length };
  const byStatus = new Map<string, number>();
  for (const r of rows) {
    const name = executionStatusName(r.run.rec.status) ?? 'Unspecified';
    byStatus.set(name, (byStatus.get(name) ?? 0) + 1);
  }
  return {
    count: rows.length,
    groups: [...byStatus].map(([name, count]) => ({
      groupValues: [
        {
          metadata: {
            encoding: Buffer.from('json/plain').toString('base64'),
            type: Buffer.from('Keyword').toString('base64'),
          },
          data: Buffer.from(JSON.stringify(name)).toString('base64'),
        },
      ],
      count,
    })),
  };
}
