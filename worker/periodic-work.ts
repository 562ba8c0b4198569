/**
 * Start-up of CivicFlow's periodic work: every process that runs the case worker brings the
 * schedules of client/periodic-schedules.ts up to date on the worker's own connection, offering the
 * capabilities its activities have (the outbox sweep needs the notification activities, which every
 * worker built from the configuration has: letters need no channel). A cluster that
 * refuses schedules is logged, not fatal: cases still run.
 */
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { ActivitiesDeps } from '../activities/create-activities';
import { ensurePeriodicSchedules, type WorkerCapability } from '../client/periodic-schedules';
import { errorFields, type Logger } from '../logging/logger';

export async function ensureWorkerSchedules(
  connection: NativeConnection,
  options: { namespace: string; taskQueue: string; deps: ActivitiesDeps; logger: Pick<Logger, 'info' | 'error'> },
): Promise<void> {
  const capabilities: WorkerCapability[] = options.deps.notifications ? ['notifications'] : [];
  try {
    const schedules = await ensurePeriodicSchedules(new Client({ connection, namespace: options.namespace }), {
      taskQueue: options.taskQueue,
      capabilities,
    });
    options.logger.info({ msg: 'periodic schedules ensured', schedules });
  } catch (error) {
    options.logger.error({ msg: 'periodic schedules could not be ensured', ...errorFields(error) });
  }
}
