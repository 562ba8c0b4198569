/**
 * A seeded reporting period for the supervisor dashboard tests (API and browser): closed and open cases,
 * step visits and escalations written straight into the read model and audit trail in March 2025, in two
 * departments, plus one case before the period; and the figures the dashboard should show, worked out
 * here from the raw rows in plain TypeScript (not with the report SQL), so the two are independent.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEntry } from '../../../db';

export const PERIOD = { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' };
/** The same period as whole days, for the pages (with AGENCY_TIME_ZONE=UTC). */
export const PERIOD_DAYS = { from: '2025-03-01', to: '2025-03-31' };

const HOUR = 3_600_000;
const at = (iso: string, plusHours = 0) => new Date(Date.parse(iso) + plusHours * HOUR);

interface SeedCase {
  department: string;
  definition: string;
  channel: string | null;
  created: Date;
  closed: Date | null;
  due: Date | null;
  steps?: { step: string; entered: Date; completed: Date; due: Date | null }[];
  escalations?: { level: number; at: Date }[];
}

/** Cases created/closed in the period (and one before it); tracking numbers are unique per run. */
export function seededCases(): SeedCase[] {
  return [
    {
      department: 'call-center',
      definition: 'service-complaint',
      channel: 'phone',
      created: at('2025-03-02T09:00:00Z'),
      closed: at('2025-03-02T09:00:00Z', 24),
      due: at('2025-03-04T00:00:00Z'),
      steps: [
        {
          step: 'triage',
          entered: at('2025-03-02T09:00:00Z'),
          completed: at('2025-03-02T12:00:00Z'),
          due: at('2025-03-03T09:00:00Z'),
        },
      ],
    },
    {
      department: 'call-center',
      definition: 'service-complaint',
      channel: 'phone',
      created: at('2025-03-05T10:00:00Z'),
      closed: at('2025-03-05T10:00:00Z', 120),
      due: at('2025-03-06T10:00:00Z'),
      steps: [
        {
          step: 'triage',
          entered: at('2025-03-05T10:00:00Z'),
          completed: at('2025-03-07T10:00:00Z'),
          due: at('2025-03-06T10:00:00Z'),
        },
      ],
      escalations: [
        { level: 1, at: at('2025-03-06T10:00:00Z') },
        { level: 2, at: at('2025-03-07T01:00:00Z') },
      ],
    },
    {
      department: 'call-center',
      definition: 'service-complaint',
      channel: 'phone',
      created: at('2025-03-10T08:00:00Z'),
      closed: at('2025-03-10T08:00:00Z', 6),
      due: at('2025-03-11T08:00:00Z'),
    },
    {
      department: 'call-center',
      definition: 'building-permit',
      channel: 'web',
      created: at('2025-03-12T08:00:00Z'),
      closed: at('2025-03-12T08:00:00Z', 200),
      due: at('2025-03-30T08:00:00Z'),
    },
    {
      department: 'call-center',
      definition: 'service-complaint',
      channel: 'web',
      created: at('2025-03-20T08:00:00Z'),
      closed: null,
      due: at('2025-03-21T08:00:00Z'),
      escalations: [{ level: 1, at: at('2025-03-21T08:00:00Z') }],
    },
    {
      department: 'call-center',
      definition: 'service-complaint',
      channel: null,
      created: at('2025-03-31T12:00:00Z'),
      closed: null,
      due: at('2025-04-05T12:00:00Z'),
    },
    {
      department: 'sanitation',
      definition: 'service-complaint',
      channel: 'email',
      created: at('2025-03-02T08:00:00Z'),
      closed: at('2025-03-02T08:00:00Z', 50),
      due: at('2025-03-03T08:00:00Z'),
      escalations: [{ level: 1, at: at('2025-03-03T08:00:00Z') }],
    },
    {
      department: 'sanitation',
      definition: 'service-complaint',
      channel: 'phone',
      created: at('2025-02-20T08:00:00Z'),
      closed: null,
      due: at('2025-02-25T08:00:00Z'),
    },
    {
      department: 'call-center',
      definition: 'service-complaint',
      channel: 'phone',
      created: at('2025-02-01T08:00:00Z'),
      closed: at('2025-02-02T08:00:00Z'),
      due: at('2025-02-03T08:00:00Z'),
    },
  ];
}

export async function seedReportPeriod(db: Knex): Promise<void> {
  for (const seed of seededCases()) {
    const id = randomUUID();
    await db('cases').insert({
      id,
      definition_id: seed.definition,
      definition_version: '1.0.0',
      definition_hash: 'seeded',
      status: seed.closed ? 'closed' : 'open',
      resident_status: seed.closed ? 'closed' : 'received',
      department_id: seed.department,
      channel: seed.channel,
      case_data: JSON.stringify({ description: 'seeded for the dashboard' }),
      sla_due_at: seed.due,
      created_at: seed.created,
      updated_at: seed.closed ?? seed.created,
      closed_at: seed.closed,
    });
    for (const step of seed.steps ?? []) {
      await db('case_step_history').insert({
        case_id: id,
        step_id: step.step,
        entered_at: step.entered,
        completed_at: step.completed,
        due_at: step.due,
        department_id: seed.department,
      });
    }
    for (const escalation of seed.escalations ?? []) {
      await appendAuditEntry(db, {
        caseId: id,
        actor: { id: 'case-workflow', kind: 'system' },
        occurredAt: escalation.at,
        eventType: 'sla-escalated',
        details: { level: escalation.level, step: 'triage', token: `${id}-t` },
        source: { channel: 'workflow' },
      });
    }
  }
}

type Row = Record<string, string | number | null>;
interface RawCase {
  id: string;
  definition_id: string;
  department_id: string | null;
  channel: string | null;
  created_at: Date;
  closed_at: Date | null;
  sla_due_at: Date | null;
  statutory_due_at: Date | null;
}
interface RawStep {
  case_id: string;
  step_id: string;
  completed_at: Date;
  due_at: Date | null;
  department_id: string | null;
}
interface RawEscalation {
  case_id: string;
  details: { level: number };
  occurred_at: Date;
  event_type: string;
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}
const hours = (seconds: number) => Math.round(seconds / 360) / 10;
const pct = (met: number, total: number) => Math.round((met / total) * 1000) / 10;

/**
 * The dashboard's tables for [from, to) and these departments, computed from the raw rows read back
 * from the database (every case in it, not only the seeded ones).
 */
export async function expectedTables(
  db: Knex,
  period: { from: string; to: string },
  departments: readonly string[] | null,
  backlogAt: string,
): Promise<Record<string, Row[]>> {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const inScope = (d: string | null) => departments === null || (d !== null && departments.includes(d));
  const cases = (
    await db<RawCase>('cases').select(
      'id',
      'definition_id',
      'department_id',
      'channel',
      'created_at',
      'closed_at',
      'sla_due_at',
      'statutory_due_at',
    )
  ).filter((c) => inScope(c.department_id));
  const ids = new Set(cases.map((c) => c.id));
  const closedIn = cases.filter((c) => c.closed_at && c.closed_at.getTime() >= from && c.closed_at.getTime() < to);
  const withTarget = closedIn.filter((c) => c.sla_due_at);

  const slaBy = (key: (c: (typeof cases)[number]) => string | null, name: string): Row[] => {
    const groups = new Map<string, { total: number; met: number }>();
    for (const c of withTarget) {
      const k = key(c) ?? 'none';
      const g = groups.get(k) ?? { total: 0, met: 0 };
      g.total += 1;
      if (c.closed_at!.getTime() <= c.sla_due_at!.getTime()) g.met += 1;
      groups.set(k, g);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, g]) => ({ [name]: k, total: g.total, met: g.met, percentMet: pct(g.met, g.total) }));
  };

  const steps = (
    await db<RawStep>('case_step_history').select('case_id', 'step_id', 'completed_at', 'due_at', 'department_id')
  ).filter(
    (s) => s.due_at && inScope(s.department_id) && s.completed_at.getTime() >= from && s.completed_at.getTime() < to,
  );
  const definitionOf = new Map(
    (await db<RawCase>('cases').select('id', 'definition_id')).map((c) => [c.id, c.definition_id]),
  );
  const stepGroups = new Map<string, { service: string; step: string; total: number; met: number }>();
  for (const s of steps) {
    const service = definitionOf.get(s.case_id) ?? '';
    const k = `${service}\u0000${s.step_id}`;
    const g = stepGroups.get(k) ?? { service, step: s.step_id, total: 0, met: 0 };
    g.total += 1;
    if (s.completed_at.getTime() <= s.due_at!.getTime()) g.met += 1;
    stepGroups.set(k, g);
  }

  const backlogMs = Date.parse(backlogAt);
  const open = cases.filter(
    (c) => c.created_at.getTime() < backlogMs && (!c.closed_at || c.closed_at.getTime() >= backlogMs),
  );
  const bands: [string, number, number][] = [
    ['under 1 day', 0, 24],
    ['1 to 3 days', 24, 72],
    ['3 to 7 days', 72, 168],
    ['7 to 30 days', 168, 720],
    ['30 days or more', 720, Infinity],
  ];
  const backlog = bands.map(([band, lo, hi]) => {
    const inBand = open.filter((c) => {
      const age = (backlogMs - c.created_at.getTime()) / HOUR;
      return age >= lo && age < hi;
    });
    const overdue = inBand.filter(
      (c) =>
        (c.sla_due_at && c.sla_due_at.getTime() < backlogMs) ||
        (c.statutory_due_at && c.statutory_due_at.getTime() < backlogMs),
    );
    return { age: band, open: inBand.length, overdue: overdue.length };
  });

  const seconds = (list: typeof cases) =>
    list.map((c) => (c.closed_at!.getTime() - c.created_at.getTime()) / 1000).sort((a, b) => a - b);
  const all = seconds(closedIn);
  const services = [...new Set(closedIn.map((c) => c.definition_id))].sort();
  const resolution: Row[] = [
    {
      service: 'All services',
      closed: all.length,
      medianHours: all.length ? hours(percentile(all, 0.5)) : null,
      p90Hours: all.length ? hours(percentile(all, 0.9)) : null,
    },
    ...services.map((service) => {
      const s = seconds(closedIn.filter((c) => c.definition_id === service));
      return { service, closed: s.length, medianHours: hours(percentile(s, 0.5)), p90Hours: hours(percentile(s, 0.9)) };
    }),
  ];

  const escalations = (
    await db<RawEscalation>('audit_entries')
      .select('case_id', 'details', 'occurred_at')
      .where('event_type', 'sla-escalated')
  ).filter((e) => ids.has(e.case_id) && e.occurred_at.getTime() >= from && e.occurred_at.getTime() < to);
  const levels = [...new Set(escalations.map((e) => e.details.level))].sort((a, b) => a - b);

  const created = cases.filter((c) => c.created_at.getTime() >= from && c.created_at.getTime() < to);
  const channels = [...new Set(created.map((c) => c.channel))]
    .map((channel) => ({
      channel: channel ?? 'not recorded',
      created: created.filter((c) => c.channel === channel).length,
      raw: channel ?? '\uffff',
    })) // SQL sorts a missing channel last
    .sort((a, b) => b.created - a.created || (a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0))
    .map(({ channel, created: n }) => ({ channel, created: n }));

  // Satisfaction: surveys sent in the period on cases in scope, by service and by department.
  const surveys = await db('satisfaction_surveys').select<
    { case_id: string; sent_at: Date; rating: number | null; answered_at: Date | null }[]
  >('case_id', 'sent_at', 'rating', 'answered_at');
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const sentIn = surveys.filter((v) => ids.has(v.case_id) && v.sent_at.getTime() >= from && v.sent_at.getTime() < to);
  const satisfactionBy = (key: (c: (typeof cases)[number]) => string | null, name: string): Row[] => {
    const groups = new Map<string, number[][]>();
    for (const v of sentIn) {
      const k = key(caseOf.get(v.case_id)!) ?? 'none';
      groups.set(k, [...(groups.get(k) ?? []), v.rating === null ? [] : [v.rating]]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, g]) => {
        const ratings = g.flat();
        return {
          [name]: k,
          sent: g.length,
          answered: ratings.length,
          averageRating:
            ratings.length === 0 ? null : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100,
          low: ratings.filter((r) => r <= 2).length,
        };
      });
  };

  return {
    'sla-by-service': slaBy((c) => c.definition_id, 'service'),
    'sla-by-step': [...stepGroups.values()]
      .sort((a, b) => (a.service + a.step < b.service + b.step ? -1 : 1))
      .map((g) => ({ service: g.service, step: g.step, total: g.total, met: g.met, percentMet: pct(g.met, g.total) })),
    'sla-by-department': slaBy((c) => c.department_id, 'department'),
    'backlog-by-age': backlog,
    'resolution-time': resolution,
    'escalations-by-level': levels.map((level) => ({
      level,
      escalations: escalations.filter((e) => e.details.level === level).length,
      cases: new Set(escalations.filter((e) => e.details.level === level).map((e) => e.case_id)).size,
    })),
    'volume-by-channel': channels,
    'satisfaction-by-service': satisfactionBy((c) => c.definition_id, 'service'),
    'satisfaction-by-department': satisfactionBy((c) => c.department_id, 'department'),
  };
}
