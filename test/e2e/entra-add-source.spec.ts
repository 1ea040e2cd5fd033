// Adding a Microsoft Entra ID source through the generated Add Source form (browser mode) against the Entra
// simulator: the fields the connector declares, connected, then synced with its datasets listed.
import { expect, test } from '@playwright/test';
import { startEntraSimulator, type EntraSimulator } from '../../sim/entra/index.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture } from './support/page-checks.ts';

let env: VouchEnvironment;
let entra: EntraSimulator;
test.beforeAll(async () => {
  env = await startVouchEnvironment({ org: { users: 20 } });
  entra = await startEntraSimulator({ users: 120, seed: 3 });
});
test.afterAll(async () => {
  await env?.close();
  await entra?.close();
});

test('adds an Entra ID source through the form and syncs it', async ({ page }) => {
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect Microsoft Entra ID' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Microsoft Entra ID' })).toBeVisible();
  await capture(page, '40-add-source-entra-empty');
  // The whole form, also at 1024 wide (a laptop with a docked window), to look at every declared field.
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForTimeout(250);
    await page.screenshot({
      path: `test-output/screenshots/40-add-source-entra-form-${width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByLabel(/^Source name/).fill('entra-prod');
  await page.getByLabel(/^Directory \(tenant\) ID/).fill(entra.tenantId);
  await page.getByLabel(/^Application \(client\) ID/).fill(entra.clientId);
  await page.getByLabel(/^Authority URL/).fill(entra.authorityUrl);
  await page.getByLabel(/^Microsoft Graph URL/).fill(entra.graphUrl);
  await page.getByLabel(/^Client secret value/).fill(entra.clientSecret);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('ca-file').click();
  await (
    await chooser
  ).setFiles({ name: 'entra-ca.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(entra.caPem) });
  await expect(page.getByTestId('ca-file')).toContainText('entra-ca.pem');
  await capture(page, '41-add-source-entra-filled');

  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const result = page.getByTestId('connection-result');
  await expect(result).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  await expect(result).toContainText('entra-prod is connected');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.locator('.vouch-sync-indicator[data-state="idle"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('tr[data-source="entra-prod"]')).toHaveAttribute('data-status', 'connected');
  await capture(page, '42-sources-entra-synced');
});
