/** Polls `probe` until it yields a value (not undefined or false), or fails naming `what` after `limitMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, limitMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
