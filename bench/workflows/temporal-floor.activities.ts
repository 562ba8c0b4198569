/** The floor bench's activities: nothing to do, so the figures are the SDK's and the server's. */
export function createFloorActivities() {
  return {
    recordStep(step: number): Promise<number> {
      return Promise.resolve(step);
    },
    sendNotice(steps: number): Promise<number> {
      return Promise.resolve(steps);
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;
