// Structural checks every produced history must pass, beyond replay: sequential ids, and nothing
// between a WorkflowTaskStarted and the event that ends that task (buffering must hold).
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

const WFT_STARTED = 6;
const WFT_ENDS = new Set([7, 8, 9]); // completed, timed out, failed

export function historyShapeProblems(history: History): string[] {
  const events = history.events ?? [];
  const problems: string[] = [];
  events.forEach((e, i) => {
    if (Number(e.eventId) !== i + 1) problems.push(`event at index ${i} has id ${String(e.eventId)}`);
    if (
      Number(e.eventType) === WFT_STARTED &&
      i + 1 < events.length &&
      !WFT_ENDS.has(Number(events[i + 1].eventType))
    ) {
      problems.push(
        `event ${i + 2} (type ${String(events[i + 1].eventType)}) sits between WorkflowTaskStarted ${i + 1} and the end of that task`,
      );
    }
  });
  if (events.length > 0 && Number(events[0].eventType) !== 1)
    problems.push('history does not start with WorkflowExecutionStarted');
  return problems;
}

export function eventTypes(history: History): number[] {
  return (history.events ?? []).map((e) => Number(e.eventType));
}
