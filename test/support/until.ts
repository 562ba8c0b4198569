/**
 * Waits for a condition by polling it (every 10 ms, at most 1000 times) instead of sleeping a fixed
 * time: the test goes on as soon as the condition holds, however loaded the machine is.
 */
export async function until(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what} not reached`);
}
