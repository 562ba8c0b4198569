/** The line of each step's key in a definition's YAML, so a diagram box can jump to it. Pure. */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

export function stepLines(source: string): Record<string, number> {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  const steps = doc.get('steps', true);
  const lines: Record<string, number> = {};
  if (!isMap(steps)) return lines;
  for (const pair of steps.items) {
    if (isScalar(pair.key) && pair.key.range) lines[String(pair.key.value)] = counter.linePos(pair.key.range[0]).line;
  }
  return lines;
}
