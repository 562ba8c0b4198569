/**
 * The statutory clock of a building permit for one dwelling unit: 30 working days in the City of LA
 * calendar, due at close of business. Filed Monday 2 March 2026 09:00 PST: due Tuesday 14 April 17:00
 * PDT (César Chávez Day, 31 March, does not count). Paused while the City waits for the applicant
 * (Tue 3 March 09:00 → Tue 10 March 09:00 = 45 working hours), the due date moves by 5 working days to
 * Tue 21 April 17:00. Extended once by 20 working days with the applicant's agreement: Tue 19 May
 * 17:00. Paused by staff Thu 12 → Mon 16 March 09:00 (18 working hours, 2 days): Thu 21 May 17:00.
 */
import { randomUUID } from 'node:crypto';
import { getCase, listAuditEntries, verifyAuditChain } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { startCaseWorkflow } from '../../client/case-client';
import { waitUntilSettled } from './support/case-observe';
import {
  caseSummaryQuery,
  extendClockSignal,
  externalEventSignal,
  pauseClockSignal,
  resumeClockSignal,
  staffActionSignal,
} from '../../workflows/case-contract';
import { advanceCaseTo } from './support/case-time';
import { setVirtualNow, shippedDefinition, sendAndSettle, useRunningCaseWorker } from './support/case-harness';

const permit = shippedDefinition('building-permit');
const FILED = Date.parse('2026-03-02T09:00:00-08:00');
const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };
const applicant: Actor = { id: 'applicant', kind: 'applicant' };
const toSecond = (iso: string | Date | null | undefined) =>
  iso ? new Date(Math.round(new Date(iso).getTime() / 1000) * 1000).toISOString() : iso;

describe('statutory clock: paused while awaiting the applicant, resumed, extended', () => {
  const world = useRunningCaseWorker({ startAt: FILED, frozen: true });

  it('keeps the legal due date right through pauses and an extension', async () => {
    const caseId = `permit-clock-${randomUUID().slice(0, 8)}`;
    setVirtualNow(world.env.server, FILED);
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: permit,
        data: {
          applicantName: 'Ada Owner',
          applicantEmail: 'ada@example.org',
          propertyAddress: '704 E 43rd Pl, Los Angeles 90011',
          workType: 'addition',
          projectDescription: 'Accessory dwelling unit',
          dwellingUnits: 1,
          valuation: 90000,
        },
      },
      { taskQueue: world.env.taskQueue },
    );
    const clock = world.env.server.clock;
    const due = async () => toSecond((await handle.query(caseSummaryQuery)).statutoryClock?.dueAt);
    await waitUntilSettled(handle);
    expect(await due()).toBe('2026-04-15T00:00:00.000Z');

    await advanceCaseTo(clock, handle, Date.parse('2026-03-03T09:00:00-08:00'));
    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(staffActionSignal, {
            eventId,
            actor: clerk,
            step: 'intake-review',
            action: 'request-information',
            data: { missingItems: 'Site plan and parcel number.' },
          }),
        )
      ).status,
    ).toBe('accepted');
    const paused = await handle.query(caseSummaryQuery);
    expect(paused.statutoryClock).toMatchObject({ paused: true, pauseReason: 'awaiting-applicant' });
    expect(await getCase(world.db, caseId)).toMatchObject({
      status: 'awaiting-applicant',
      statutoryClockPaused: true,
      residentStatus: 'incomplete',
    });

    await advanceCaseTo(clock, handle, Date.parse('2026-03-10T09:00:00-07:00'));
    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(externalEventSignal, {
            eventId,
            actor: applicant,
            event: 'information-submitted',
            data: { parcelNumber: '6001-022-009' },
          }),
        )
      ).status,
    ).toBe('accepted');
    expect((await handle.query(caseSummaryQuery)).statutoryClock?.paused).toBe(false);
    expect(await due()).toBe('2026-04-22T00:00:00.000Z');

    expect(
      await sendAndSettle(handle, (eventId) =>
        handle.signal(extendClockSignal, { eventId, actor: clerk, by: '20 working days' }),
      ),
    ).toMatchObject({ status: 'rejected', code: 'EXTENSION_REASON' });
    expect(
      await sendAndSettle(handle, (eventId) =>
        handle.signal(extendClockSignal, { eventId, actor: clerk, by: '40 working days', reason: 'applicant-agreed' }),
      ),
    ).toMatchObject({ status: 'rejected', code: 'EXTENSION_TOO_LONG' });
    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(extendClockSignal, {
            eventId,
            actor: clerk,
            by: '20 working days',
            reason: 'applicant-agreed',
          }),
        )
      ).status,
    ).toBe('accepted');
    expect(await due()).toBe('2026-05-20T00:00:00.000Z');
    expect(
      await sendAndSettle(handle, (eventId) =>
        handle.signal(extendClockSignal, { eventId, actor: clerk, by: '5 working days', reason: 'complex-project' }),
      ),
    ).toMatchObject({ status: 'rejected', code: 'EXTENSION_LIMIT' });

    await advanceCaseTo(clock, handle, Date.parse('2026-03-12T09:00:00-07:00'));
    expect(
      await sendAndSettle(handle, (eventId) =>
        handle.signal(pauseClockSignal, { eventId, actor: clerk, reason: 'on-vacation' }),
      ),
    ).toMatchObject({ status: 'rejected', code: 'UNKNOWN_PAUSE_REASON' });
    expect(
      (
        await sendAndSettle(handle, (eventId) =>
          handle.signal(pauseClockSignal, { eventId, actor: clerk, reason: 'awaiting-applicant' }),
        )
      ).status,
    ).toBe('accepted');
    await advanceCaseTo(clock, handle, Date.parse('2026-03-16T09:00:00-07:00'));
    expect(
      (await sendAndSettle(handle, (eventId) => handle.signal(resumeClockSignal, { eventId, actor: clerk }))).status,
    ).toBe('accepted');
    expect(await due()).toBe('2026-05-22T00:00:00.000Z');
    expect(
      await sendAndSettle(handle, (eventId) => handle.signal(resumeClockSignal, { eventId, actor: clerk })),
    ).toMatchObject({ status: 'rejected', code: 'CLOCK_NOT_PAUSED' });

    // The read model and the record agree with the workflow.
    const row = await getCase(world.db, caseId);
    expect(toSecond(row?.statutoryDueAt)).toBe('2026-05-22T00:00:00.000Z');
    expect(row?.statutoryClockPaused).toBe(false);
    const types = (await listAuditEntries(world.db, caseId))
      .map((e) => e.eventType)
      .filter((type) => type.startsWith('clock-'));
    expect(types).toEqual([
      'clock-started',
      'clock-paused',
      'clock-resumed',
      'clock-extended',
      'clock-paused',
      'clock-resumed',
    ]);
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true });
  });
});
