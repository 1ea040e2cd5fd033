// What every e2e page visit checks and keeps: an axe-core scan (serious and critical violations fail the
// test) and screenshots at the two window sizes the UI is designed for.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const screenshotDir = path.resolve('test-output/screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const sizes = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core in the page. The script is evaluated over the DevTools protocol rather than added as a
 * <script> tag: the page's CSP (script-src 'self') rightly blocks inline scripts.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const browser = globalThis as unknown as {
      axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> };
      document: unknown;
    };
    const result = await browser.axe.run(browser.document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), why: n.failureSummary })),
    }));
  expect(serious, `accessibility violations on ${label}`).toEqual([]);
}

/** Screenshots of the current view at 1280x800 and 1920x1080, then back to 1280x800. */
export async function capture(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  const original = page.viewportSize() ?? sizes[0]!;
  for (const size of sizes) {
    await page.setViewportSize(size);
    // Let layout, transitions and fonts settle at the new size.
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(original);
}
