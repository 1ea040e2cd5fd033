// The artifact preview with 100,000 rows: only the rows in view are in the DOM, windows are fetched with
// artifacts.rows {offset, limit} as they scroll into view, and scrolling keeps a smooth frame rate. The
// engine's answers for one made-up artifact are stubbed in the browser; everything else is the real app.
import { expect, test, type Route } from '@playwright/test';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';

const total = 100_000;
const id = 'art_00000000000a11ce';
const columns = ['id', 'login', 'email', 'display_name', 'status', 'created'];
const sha256 = 'ab'.repeat(32);

let env: VouchEnvironment;
test.beforeAll(async () => {
  env = await startVouchEnvironment();
});
test.afterAll(async () => {
  await env?.close();
});

function row(index: number): Record<string, unknown> {
  return {
    id: `00u${String(index).padStart(17, '0')}`,
    login: `user${index}@example.com`,
    email: `user${index}@example.com`,
    display_name: `User ${index + 1}`,
    status: index % 10 === 0 ? 'DEPROVISIONED' : 'ACTIVE',
    created: new Date(Date.UTC(2022, 0, 1) + index * 60_000).toISOString(),
  };
}

test('100,000 rows scroll smoothly with only the visible rows rendered', async ({ page }) => {
  const windows: Array<{ offset: number; limit: number }> = [];
  const summary = {
    id,
    kind: 'okta.users',
    source: 'okta-large',
    rowCount: total,
    complete: true,
    sha256,
    collectedAt: new Date().toISOString(),
  };
  const reply = (route: Route, value: unknown) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  await page.route('**/api/call/artifacts.get', (route) =>
    reply(route, {
      summary,
      provenance: {
        dataset: 'okta.users',
        rowsCollected: total,
        providerReportedCount: total,
        pagesFetched: 500,
      },
    }),
  );
  await page.route('**/api/call/artifacts.rows', (route) => {
    const { offset, limit } = route.request().postDataJSON() as { offset: number; limit: number };
    windows.push({ offset, limit });
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
      row(offset + i),
    );
    return reply(route, { columns, total, rows });
  });

  await page.goto(env.server.url);
  await page.evaluate((artifact) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/evidence/${artifact}`;
  }, id);
  const preview = page.getByTestId('rows-preview');
  await expect(preview.locator('[aria-rowindex="2"]')).toContainText('user0@example.com');
  expect(await preview.getAttribute('aria-rowcount')).toBe(String(total + 1));

  // Scroll through the middle one step per animation frame and time the frames: a brisk wheel or
  // trackpad scroll (150 px per frame) and a fling (1,200 px per frame, every row new each frame).
  const scrollFrames = (step: number) =>
    preview.evaluate(async (element, px) => {
      const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void })
        .requestAnimationFrame;
      const nextFrame = () => new Promise((resolve) => raf(() => resolve(null)));
      await nextFrame();
      const durations: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 90; i++) {
        element.scrollTop += px;
        await nextFrame();
        const now = performance.now();
        durations.push(now - last);
        last = now;
      }
      return durations.sort((a, b) => a - b);
    }, step);
  const median = (frames: number[]) => frames[Math.floor(frames.length / 2)] ?? 0;
  const wheel = median(await scrollFrames(150));
  const fling = median(await scrollFrames(1_200));
  test.info().annotations.push({
    type: 'median frame time while scrolling',
    description: `${wheel.toFixed(1)} ms at 150 px/frame, ${fling.toFixed(1)} ms at 1,200 px/frame`,
  });
  console.log(`median frame: ${wheel.toFixed(1)} ms (150 px/frame), ${fling.toFixed(1)} ms (1,200 px/frame)`);
  // Frame times are reported, not asserted: a loaded CI machine would make a timing assertion flaky. What
  // keeps scrolling smooth is asserted below: only the visible rows exist in the DOM, fetched in few windows.

  // Jump to the end: the last row arrives, fetched as one window near the end, not page by page.
  await preview.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(preview.locator(`[aria-rowindex="${total + 1}"]`)).toContainText(
    `user${total - 1}@example.com`,
  );
  await expect(preview.locator(`[aria-rowindex="${total + 1}"]`)).toContainText('100,000');
  const rendered = await preview.locator('[role="row"]').count();
  expect(rendered).toBeLessThan(120);
  expect(windows.every((w) => w.limit <= 5_000)).toBe(true);
  // Far fewer windows than the 400 a page-by-page walk to the end would take.
  expect(windows.length).toBeLessThan(40);
});
