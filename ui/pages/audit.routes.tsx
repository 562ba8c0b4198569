/**
 * The auditor's pages: `/audit` (search the platform audit by actor, kind and period; open a case's
 * audit record; export the search as CSV) and `/audit/chains/{chain}` (the full record with a
 * "verify chain" button naming the entry that breaks it). Auditor only, through api/services/records.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { getCaseByTrackingNumber } from '../../db';
import type { AuditChainVerification, AuditEntry } from '../../domain/audit';
import { requestSource } from '../../api/routes/request-source';
import { demand } from '../../api/services/case-access';
import { parseAuditSearch } from '../../api/services/records/audit-search-query';
import { ChainCheckResult } from '../components/chain-check-result';
import { CsrfField } from '../components/csrf-field';
import { DataTable } from '../components/data-table';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { TextInput } from '../components/text-input';
import { pageState, requireSignedIn } from '../server/page-state';
import { respondWithPage } from '../server/respond';
import type { PageDeps } from './page-deps';

const when = (date: Date): string => date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
const source = (entry: AuditEntry): string =>
  [entry.source.channel, entry.source.ip, entry.source.workflowId].filter(Boolean).join(' · ') || '—';

function entryRows(entries: readonly AuditEntry[], withChain: boolean) {
  return entries.map((entry) => ({
    key: String(entry.id),
    cells: [
      String(entry.sequence),
      ...(withChain ? [<a href={`/audit/chains/${encodeURIComponent(entry.caseId)}`}>{entry.caseId}</a>] : []),
      when(entry.occurredAt),
      `${entry.actor.id} (${entry.actor.kind})`,
      entry.eventType,
      source(entry),
      <code>{entry.hash.slice(0, 16)}…</code>,
    ],
  }));
}

function chainPage(
  ctx: Context,
  record: { caseId: string; trackingNumber: string | null; disposed: boolean; entries: AuditEntry[] },
  check?: AuditChainVerification,
): void {
  const name = record.trackingNumber ?? record.caseId;
  respondWithPage(
    ctx,
    `Audit record of ${name}`,
    <div class="grid-container">
      <p>
        <a href="/audit">Back to the audit search</a>
      </p>
      <h1>Audit record of {name}</h1>
      {check ? <ChainCheckResult result={check} /> : null}
      {record.disposed ? (
        <p>
          This case was disposed of: personal values in its entries are hidden here (the stored entries are unchanged,
          so the chain still verifies).
        </p>
      ) : null}
      <form method="post" action={`/audit/chains/${encodeURIComponent(record.caseId)}/verify`}>
        <CsrfField token={pageState(ctx).csrfToken} />
        <button type="submit" class="usa-button">
          Verify chain
        </button>
      </form>
      <DataTable
        id="audit-record"
        caption={`${record.entries.length} entries, oldest first`}
        headers={['Sequence', 'Time', 'Actor', 'Action', 'Source', 'Hash']}
        rows={entryRows(record.entries, false)}
        empty="This chain has no entries."
      />
    </div>,
  );
}

export function auditRoutes(deps: PageDeps): Router {
  const router = new Router();
  const audit = deps.services.audit;

  router.get('/audit', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    // Before the tracking-number lookup: otherwise anyone signed in learns which cases exist, and their ids.
    demand(principal, 'audit:read');
    const query = ctx.query;
    const { search, problems } = parseAuditSearch(query);
    const errors: FieldError[] = [...problems];
    let chainError: string | undefined;
    const chain = typeof query.chain === 'string' ? query.chain.trim() : '';
    if (chain !== '' && errors.length === 0) {
      const found = await getCaseByTrackingNumber(deps.db, chain.toUpperCase());
      if (found || chain === '_platform') {
        ctx.redirect(`/audit/chains/${encodeURIComponent(found ? found.id : chain)}`);
        return;
      }
      chainError = `No case has the tracking number ${chain}`;
      errors.push({ field: 'chain', message: chainError });
    }
    const entries =
      errors.length === 0 ? await audit.search(principal, { ...search, limit: 100 }, requestSource(ctx, 'web')) : [];
    const value = (name: string): string => (typeof query[name] === 'string' ? query[name] : '');
    const exportQuery = new URLSearchParams(
      Object.entries({ actor: value('actor'), kind: value('kind'), from: value('from'), to: value('to') }).filter(
        ([, v]) => v !== '',
      ),
    ).toString();
    respondWithPage(
      ctx,
      errors.length > 0 ? 'Error: Audit' : 'Audit',
      <div class="grid-container">
        <ErrorSummary errors={errors} />
        <h1>Audit</h1>
        <form method="get" action="/audit" class="usa-form" novalidate>
          <TextInput
            id="chain"
            name="chain"
            label="Open a case's audit record"
            hint="Its tracking number, for example CF-2026-000123"
            value={chain}
            spellcheck={false}
            error={chainError}
          />
          <button type="submit" class="usa-button">
            Open audit record
          </button>
        </form>
        <h2>Search the platform audit</h2>
        <form method="get" action="/audit" class="usa-form" novalidate>
          <TextInput
            id="actor"
            name="actor"
            label="Person"
            hint="Username or actor id"
            value={value('actor')}
            spellcheck={false}
            error={errorFor(errors, 'actor')}
          />
          <TextInput
            id="kind"
            name="kind"
            label="Kind"
            hint="An event type or its beginning: auth. (sign-ins), cases.listed, records.exported, definition."
            value={value('kind')}
            spellcheck={false}
            error={errorFor(errors, 'kind')}
          />
          <TextInput
            id="from"
            name="from"
            label="From"
            hint="A date, for example 2026-03-01"
            value={value('from')}
            width="md"
            error={errorFor(errors, 'from')}
          />
          <TextInput
            id="to"
            name="to"
            label="Until (not including)"
            hint="A date, for example 2026-04-01"
            value={value('to')}
            width="md"
            error={errorFor(errors, 'to')}
          />
          <button type="submit" class="usa-button">
            Search
          </button>
        </form>
        <p>
          <a href={`/audit/export${exportQuery ? `?${exportQuery}` : ''}`}>Download these results as CSV</a> (the export
          is itself audited)
        </p>
        <DataTable
          id="audit-search"
          caption={`${entries.length} most recent matching entries`}
          headers={['Sequence', 'Chain', 'Time', 'Actor', 'Action', 'Source', 'Hash']}
          rows={entryRows(entries, true)}
          empty="No entry matches."
        />
      </div>,
      errors.length > 0 ? 400 : 200,
    );
  });

  router.get('/audit/export', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    demand(principal, 'audit:read');
    const { search, problems } = parseAuditSearch(ctx.query);
    if (problems.length > 0) {
      ctx.redirect(`/audit?${new URLSearchParams(ctx.querystring).toString()}`);
      return;
    }
    ctx.body = await audit.exportCsv(principal, search, requestSource(ctx, 'web'));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="audit.csv"');
  });

  router.get('/audit/chains/:chain', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    chainPage(ctx, await audit.caseRecord(principal, ctx.params.chain, requestSource(ctx, 'web')));
  });

  // Verifying changes nothing but is recorded; the answer is the page with the result (no redirect).
  router.post('/audit/chains/:chain/verify', async (ctx) => {
    const { principal } = requireSignedIn(ctx);
    const check = await audit.verify(principal, ctx.params.chain, requestSource(ctx, 'web'));
    chainPage(ctx, await audit.caseRecord(principal, ctx.params.chain, requestSource(ctx, 'web')), check);
  });
  return router;
}
