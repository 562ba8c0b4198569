/**
 * Time-skipped SLA of the building-permit completeness check (5 working days in the City of LA
 * calendar: Mon–Fri 08:00–17:00, César Chávez Day 31 March a holiday). Filed Thursday 26 March 2026
 * 09:00 PDT; working days end at close of business, so it is due at the end of the fifth working day
 * after filing: Fri 27, Mon 30, (Tue 31 holiday), Wed 1, Thu 2, Fri 3 April 17:00 — a span of 53
 * working hours (Thu 8 + 5 × 9). Warning at 75 % (39.75 h): Thursday 2 April 12:45. Level 1 at 100 %:
 * Friday 3 April 17:00, mail to the assignee and the supervisor. Level 2 at 150 % (79.5 h): Mon 9 +
 * Tue 9 + Wed 8.5 after the weekend → Wednesday 8 April 16:30, reassigned to the supervisor with
 * high priority.
 * The supervisor's mail is received by a real SMTP server and read.
 */
import { randomUUID } from 'node:crypto';
import { createUser, getCase, listAuditEntries, listCaseTasks, verifyAuditChain } from '../../db';
import { createSmtpEmailSender } from '../../notifications';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { caseStateQuery, claimTaskSignal } from '../../workflows/case-contract';
import { startSmtpTestServer, type SmtpTestServer } from '../notifications/support/smtp-test-server';
import { advanceCaseTo } from './support/case-time';
import { seedPermitClerk, setVirtualNow, shippedDefinition, useRunningCaseWorker } from './support/case-harness';

/** Instants as recorded, to the nearest second: the case starts a few milliseconds after 09:00:00 in virtual time. */
const toSecond = (d: Date) => new Date(Math.round(d.getTime() / 1000) * 1000).toISOString();

const permit = shippedDefinition('building-permit');
const FILED = Date.parse('2026-03-26T09:00:00-07:00');

describe('SLA warning and escalations at working-time instants, with mail to the supervisor', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const world = useRunningCaseWorker({
    startAt: FILED,
    frozen: true,
    prepare: async (db) => {
      await seedPermitClerk(db);
      await createUser(db, {
        id: 'u-super',
        username: 'sam',
        displayName: 'Sam Supervisor',
        email: 'sam@city.example',
        roles: ['plan-check-supervisor'],
        departmentId: 'building-safety',
      });
    },
    deps: (db) => ({
      db,
      publicUrl: 'https://civicflow.city.example',
      notifications: {
        email: createSmtpEmailSender({
          smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
          from: 'CivicFlow <no-reply@city.example>',
        }),
        agency: {
          name: 'City of Los Angeles, Department of Building and Safety',
          phone: '311',
          website: 'https://dbs.city.example',
          timeZone: 'America/Los_Angeles',
        },
      },
    }),
  });

  it('warns, escalates to level 1 and level 2 at the right instants across a holiday and a weekend', async () => {
    const caseId = `permit-sla-${randomUUID().slice(0, 8)}`;
    // Worker start-up took real (hence virtual) time: file the case at 09:00 sharp.
    setVirtualNow(world.env.server, FILED);
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: permit,
        data: {
          applicantName: 'Dana Applicant',
          applicantEmail: 'dana@example.org',
          propertyAddress: '200 N Spring St, Los Angeles 90012',
          workType: 'alteration',
          projectDescription: 'Office fit-out',
        },
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);
    const claim = randomUUID();
    await handle.signal(claimTaskSignal, {
      eventId: claim,
      actor: { id: 'u-clerk', roles: ['permit-clerk'], kind: 'staff' },
      step: 'intake-review',
    });
    expect((await waitForEventOutcome(handle, claim)).status).toBe('accepted');
    await waitUntilSettled(handle);

    const state = await handle.query(caseStateQuery);
    expect(state.active[0]?.sla?.dueAt).toBe('2026-04-04T00:00:00.000Z');
    const clock = world.env.server.clock;
    const advanceTo = async (iso: string) => {
      await advanceCaseTo(clock, handle, Date.parse(iso));
    };
    const audit = async (type: string) => await listAuditEntries(world.db, caseId, { eventTypes: [type] });

    await advanceTo('2026-04-02T12:44:00-07:00');
    expect(await audit('sla-warning')).toHaveLength(0);
    await advanceTo('2026-04-02T12:46:00-07:00');
    expect((await audit('sla-warning')).map((e) => toSecond(e.occurredAt))).toEqual(['2026-04-02T19:45:00.000Z']);
    const warningMail = smtp.received.filter((m) => m.envelopeTo.includes('carla@city.example'));
    expect(warningMail).toHaveLength(1);
    expect(warningMail[0].mail.subject).toContain('Due soon');

    await advanceTo('2026-04-03T16:59:00-07:00');
    expect(await audit('sla-escalated')).toHaveLength(0);
    await advanceTo('2026-04-03T17:01:00-07:00');
    expect((await audit('sla-escalated')).map((e) => [e.details.level, toSecond(e.occurredAt)])).toEqual([
      [1, '2026-04-04T00:00:00.000Z'],
    ]);

    // Level 1: the definition's "review-late" notice, to the assignee and the department's supervisor.
    const toSam = () => smtp.received.filter((m) => m.envelopeTo.includes('sam@city.example'));
    expect(toSam()).toHaveLength(1);
    const lateMail = toSam()[0].mail;
    const row = await getCase(world.db, caseId);
    expect(lateMail.subject).toBe('Permit review for 200 N Spring St, Los Angeles 90012 is past its target');
    expect(lateMail.text).toContain('has passed its service-level target');
    expect(lateMail.text).toContain(row!.trackingNumber);
    expect(smtp.received.filter((m) => m.envelopeTo.includes('carla@city.example'))).toHaveLength(2);

    await advanceTo('2026-04-08T16:29:00-07:00');
    expect(await audit('sla-escalated')).toHaveLength(1);
    expect((await handle.query(caseStateQuery)).priority).toBe('normal');
    await advanceTo('2026-04-08T16:31:00-07:00');
    expect((await audit('sla-escalated')).map((e) => [e.details.level, toSecond(e.occurredAt)])).toEqual([
      [1, '2026-04-04T00:00:00.000Z'],
      [2, '2026-04-08T23:30:00.000Z'],
    ]);
    const after = await handle.query(caseStateQuery);
    expect(after.priority).toBe('high');
    expect(after.active[0]).toMatchObject({ stepId: 'intake-review', role: 'plan-check-supervisor' });
    expect(after.active[0]?.assignee).toBeUndefined();

    // Level 2: "review-escalated" to the supervisor role that now holds the task.
    expect(toSam()).toHaveLength(2);
    const escalated = toSam()[1].mail;
    expect(escalated.subject).toBe('Escalation: permit review for 200 N Spring St, Los Angeles 90012 reassigned');
    expect(escalated.text).toContain('reassigned');
    expect(escalated.text).toContain(row!.trackingNumber);

    // The worklist follows: the task now sits with the supervisor role, escalated to level 2.
    expect(await listCaseTasks(world.db, caseId)).toMatchObject([
      { stepId: 'intake-review', role: 'plan-check-supervisor', escalationLevel: 2 },
    ]);
    expect((await getCase(world.db, caseId))?.priority).toBe('high');
    // One message per recipient and notice, even though activities may have been retried.
    const keys = smtp.received.map((m) => `${m.envelopeTo.join(',')}|${m.mail.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true });
  });
});
