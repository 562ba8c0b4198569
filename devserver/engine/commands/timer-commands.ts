import { TaskFailedCause, CommandType, EventType } from '../enums';
import { addEvent } from '../history';
import { durationMs } from '../time';
import type { CommandHandler } from './command-handler';

export const startTimerCommand: CommandHandler = {
  attributesField: 'startTimerCommandAttributes',
  validate(attrs, scratch) {
    const cause = TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES;
    if (!attrs?.timerId) return { cause, message: 'TimerId is not set on command.' };
    if (durationMs(attrs.startToFireTimeout) <= 0)
      return { cause, message: 'A valid StartToFireTimeout is not set on command.' };
    if (scratch.timerIds.has(attrs.timerId)) {
      return {
        cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID,
        message: `Timer ${attrs.timerId} is already started.`,
      };
    }
    scratch.timerIds.add(attrs.timerId);
    return undefined;
  },
  apply({ rec, m, completedEventId }, attrs) {
    const startedEventId = addEvent(rec, m, EventType.EVENT_TYPE_TIMER_STARTED, {
      timerId: attrs.timerId,
      startToFireTimeout: attrs.startToFireTimeout,
      workflowTaskCompletedEventId: completedEventId,
    });
    rec.timers[attrs.timerId] = {
      timerId: attrs.timerId,
      startedEventId,
      firesAtMs: m.now + durationMs(attrs.startToFireTimeout),
    };
    return false;
  },
};

export const cancelTimerCommand: CommandHandler = {
  attributesField: 'cancelTimerCommandAttributes',
  validate(attrs, scratch) {
    const cause = TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES;
    if (!attrs?.timerId) return { cause, message: 'TimerId is not set on command.' };
    if (!scratch.timerIds.has(attrs.timerId)) return { cause, message: `Timer ${attrs.timerId} is not pending.` };
    scratch.timerIds.delete(attrs.timerId);
    return undefined;
  },
  apply({ rec, m, completedEventId }, attrs) {
    const timer = rec.timers[attrs.timerId];
    if (!timer) return false;
    delete rec.timers[attrs.timerId];
    addEvent(rec, m, EventType.EVENT_TYPE_TIMER_CANCELED, {
      timerId: attrs.timerId,
      startedEventId: timer.startedEventId,
      workflowTaskCompletedEventId: completedEventId,
    });
    return false;
  },
};

export const TIMER_COMMANDS = {
  [CommandType.COMMAND_TYPE_START_TIMER]: startTimerCommand,
  [CommandType.COMMAND_TYPE_CANCEL_TIMER]: cancelTimerCommand,
};
