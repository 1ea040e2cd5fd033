// The Credential health block of a source's detail, in a real Chromium against `vouch serve` and the Okta
// simulator: after a successful connection test it says when the API token expires and which required
// permission the token's admin has; checked with axe-core and photographed at 1280 and 1024 wide.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Engine } from '../../src-main/engine/engine.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { expectAccessible } from './support/page-checks.ts';

let env: VouchEnvironment;

test.beforeAll(async () => {
  env = await startVouchEnvironment({ org: { users: 30 } });
  const engine = Engine.open(env.dataDir, env.env);
  try {
    engine.sources.add({
      name: 'idp',
      kind: 'okta',
      config: { domain: env.sim.host, caPem: env.sim.caPem },
      secrets: { apiToken: env.sim.token },
    });
    expect((await engine.testSource('idp')).status).toBe('connected');
  } finally {
    engine.close();
  }
});

test.afterAll(async () => {
  await env?.close();
});

test("a source's detail shows its credential's expiry and permissions", async ({ page }) => {
  test.setTimeout(120_000);
  // The URL serve prints signs the browser in; the source's detail is then one deep link away.
  await page.goto(env.server.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate(() => {
    // The test's tsconfig has no DOM types: the page's location through globalThis.
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/sources?error=idp';
  });
  const block = page.getByTestId('credential-health');
  await expect(block).toBeVisible();
  await expect(block.getByTestId('credential-expiry')).toHaveText(/Expires in (29|30) days/);
  await expect(block.getByTestId('credential-permissions')).toContainText('granted: Read-Only Administrator');
  await expect(block).toContainText('SUPER_ADMIN');
  await expectAccessible(page, 'credential health');
  const dir = path.resolve('test-output/screenshots');
  await mkdir(dir, { recursive: true });
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await expect(block).toBeVisible();
    // Nothing of the block is cut off at this width.
    const box = await block.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
    await page.screenshot({ path: path.join(dir, `credential-health-${size.width}x${size.height}.png`) });
  }
});
