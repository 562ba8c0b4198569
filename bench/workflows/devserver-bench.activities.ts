/** Activities of the devserver bench: trivial on purpose, so the figures measure the server. */
export function createBenchActivities() {
  return {
    async echo(value: number): Promise<number> {
      return value;
    },
  };
}

export type BenchActivities = ReturnType<typeof createBenchActivities>;
