// Settings → Engine shows the long-lived lanes `vouch serve` keeps up (two full lanes by default) with their
// pid, uptime, jobs done and restarts; a sync asked for in the UI runs on one of them. A source's own sync
// schedule is set in its details drawer and reaches the engine. Pages are checked with axe-core and captured
// at 1280 and 1024 wide (test-output/screenshots).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { expectAccessible } from './support/page-checks.ts';

// The second test edits the source the first one added and synced.
test.describe.configure({ mode: 'serial' });

let env: VouchEnvironment;
test.beforeAll(async () => {
  env = await startVouchEnvironment({ org: { users: 40 } });
});
test.afterAll(async () => {
  await env?.close();
});

async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  const reply = await page.evaluate(
    async ({ method, input }) => {
      const response = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
    },
    { method, input },
  );
  expect(reply.ok, `${method}: ${JSON.stringify(reply)}`).toBe(true);
  return reply.value as T;
}

/** Screenshots at the widths the brief asks for: 1280 and 1024. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('test-output/screenshots');
  await mkdir(dir, { recursive: true });
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await page.screenshot({
      path: path.join(dir, `${name}-${size.width}x${size.height}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });

test('the user sees the lanes that stay up, and the sync they asked for done by one of them', async ({
  page,
}) => {
  await page.goto(env.server.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await api(page, 'sources.add', {
    kind: 'okta',
    name: 'okta',
    config: { domain: env.sim.host, caPem: env.sim.caPem },
    secrets: { apiToken: env.sim.token },
  });

  await nav(page, 'Settings').click();
  const lanes = page.getByRole('table', { name: 'Lanes' });
  const row = (lane: string) => lanes.locator(`tr[data-lane="${lane}"]`);
  await expect(row('full-1')).toContainText('up');
  await expect(row('full-2')).toContainText('up');
  await expect(lanes.locator('tbody tr')).toHaveCount(2);
  // Each lane is a real process of this machine: its pid is shown.
  const pids = await lanes.locator('tbody tr td:nth-child(3)').allInnerTexts();
  expect(pids.every((pid) => /^\d+$/.test(pid.trim()))).toBe(true);
  expect(new Set(pids).size).toBe(2);

  await nav(page, 'Sources').click();
  await page.getByRole('button', { name: 'Sync okta' }).click();
  await expect(page.locator('tr[data-source="okta"]')).toContainText(/complete/i, { timeout: 60_000 });

  await nav(page, 'Settings').click();
  // The sync ran on one of the lanes (none was started for it): their jobs add up to one, same pids.
  await expect
    .poll(
      async () =>
        (await lanes.locator('tbody tr td:nth-child(5)').allInnerTexts()).reduce(
          (sum, n) => sum + Number(n),
          0,
        ),
      { timeout: 15_000 },
    )
    .toBe(1);
  expect(await lanes.locator('tbody tr td:nth-child(3)').allInnerTexts()).toEqual(pids);
  await expect(lanes.locator('tbody tr td:nth-child(6)')).toHaveText(['0', '0']);
  await expect(page.getByLabel('Queue depth')).toContainText('0 queued');
  await expectAccessible(page, 'settings with lanes');
  await page.getByRole('heading', { name: 'Engine' }).scrollIntoViewIfNeeded();
  await shoot(page, '40-settings-engine-lanes');
});

test("a source's own sync schedule is set in its details and reaches the engine", async ({ page }) => {
  await page.goto(env.server.url);
  await nav(page, 'Sources').click();
  await page.getByRole('button', { name: 'More actions for okta' }).click();
  await page.getByRole('menuitem', { name: 'Connection details' }).click();
  const drawer = page.getByTestId('source-error-panel');
  const schedule = drawer.getByRole('combobox', { name: 'Scheduled sync' });
  await expect(schedule).toHaveValue('Follow Settings (every 1d)');
  await schedule.click();
  await page.getByRole('option', { name: 'Every 6 hours' }).click();
  await expect(page.getByText('Sync schedule of okta saved')).toBeVisible();
  expect(await api(page, 'sources.syncInterval', { name: 'okta' })).toEqual({
    every: '6h',
    seconds: 21_600,
    setBy: 'source',
  });
  await expectAccessible(page, 'source details with its schedule');
  await shoot(page, '41-source-sync-schedule');

  // Back to the installation's interval.
  await schedule.click();
  await page.getByRole('option', { name: /^Follow Settings/ }).click();
  await expect(schedule).toHaveValue('Follow Settings (every 1d)');
  expect(await api(page, 'sources.syncInterval', { name: 'okta' })).toMatchObject({ setBy: 'default' });
});
