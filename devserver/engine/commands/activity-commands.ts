import { CommandType, TaskFailedCause } from '../enums';
import { requestCancelActivity, scheduleActivity, validateScheduleActivity } from '../activities';
import type { CommandHandler } from './command-handler';

export const scheduleActivityCommand: CommandHandler = {
  attributesField: 'scheduleActivityTaskCommandAttributes',
  validate(attrs, scratch) {
    const message = validateScheduleActivity(attrs, scratch.activityIds);
    if (!message) return undefined;
    const duplicate = message.includes('already pending');
    return {
      cause: duplicate
        ? TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID
        : TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
      message,
    };
  },
  apply({ rec, m, completedEventId }, attrs) {
    scheduleActivity(rec, m, attrs, completedEventId);
    return false;
  },
};

export const requestCancelActivityCommand: CommandHandler = {
  attributesField: 'requestCancelActivityTaskCommandAttributes',
  validate(attrs) {
    if (!attrs?.scheduledEventId) {
      return {
        cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
        message: 'ScheduledEventId is not set on command.',
      };
    }
    return undefined;
  },
  apply({ rec, m, completedEventId }, attrs) {
    const act = rec.activities[attrs.scheduledEventId];
    // Already closed (its result is buffered or delivered): nothing to cancel.
    if (!act) return false;
    return requestCancelActivity(rec, m, act, completedEventId);
  },
};

export const ACTIVITY_COMMANDS = {
  [CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK]: scheduleActivityCommand,
  [CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK]: requestCancelActivityCommand,
};
