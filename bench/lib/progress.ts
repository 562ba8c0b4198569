/**
 * Tells bench/run.ts that a long phase still moves (it stops a bench only after a silence), and prints
 * the step when the module runs on its own. At most one message a second.
 */
let lastSentAt = 0;

export function reportProgress(what: string): void {
  const now = Date.now();
  if (now - lastSentAt < 1000) return;
  lastSentAt = now;
  if (process.send) process.send({ progress: what });
  else console.log(`  … ${what}`);
}
