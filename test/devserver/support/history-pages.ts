// Reads a run's history through GetWorkflowExecutionHistory page by page, as a client pages it.
import type { Connection } from '@temporalio/client';

/** The event ids of every page, in order, and how many pages it took. */
export async function pagedEventIds(
  connection: Connection,
  workflowId: string,
  maximumPageSize: number,
): Promise<{ eventIds: number[]; pages: number }> {
  const eventIds: number[] = [];
  let nextPageToken: Uint8Array | undefined;
  let pages = 0;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize,
      nextPageToken,
    });
    eventIds.push(...page.history!.events!.map((e) => Number(e.eventId)));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    pages++;
  } while (nextPageToken);
  return { eventIds, pages };
}
