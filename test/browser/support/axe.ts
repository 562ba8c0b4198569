/** axe-core on the page as it is now, with the WCAG 2.0/2.1/2.2 A and AA rules: no violation allowed. */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A page without frames is checked by axe.run in the page itself, axe-core injected once per document.
 * @axe-core/playwright's analyze() injects it twice and merges frames' results in a new blank page:
 * 1.5 to 2 s a check here against 0.4 to 0.6 s, over some 200 checks a run. Frames still go through it.
 */
async function axeResults(page: Page): Promise<AxeResults> {
  if (page.frames().length > 1) return new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  type WithAxe = { axe?: typeof import('axe-core') };
  if (!(await page.evaluate(() => (window as WithAxe).axe !== undefined))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) => (window as WithAxe).axe!.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_TAGS,
  );
}

export async function expectAccessible(page: Page): Promise<void> {
  const results = await axeResults(page);
  const violations = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe on ${page.url()}`).toEqual([]);
}

/** No horizontal scrolling at the current width (WCAG 1.4.10 reflow at 320 CSS px). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(clientWidth);
}
