// Add Source for Datadog, generated from the connector's declared fields: a site select, an optional base
// URL and two secret keys. Added through the form against the Datadog simulator, tested and synced.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startDatadogSimulator, type DatadogSimulator } from '../../sim/datadog/index.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';

let env: VouchEnvironment;
let dd: DatadogSimulator;
test.beforeAll(async () => {
  env = await startVouchEnvironment({ org: { users: 20 } });
  dd = await startDatadogSimulator({ users: 150, seed: 2 });
});
test.afterAll(async () => {
  await dd?.close();
  await env?.close();
});

const shots = path.resolve('test-output', 'screenshots');

test('adds a Datadog source through the form, tests it and syncs it', async ({ page }) => {
  await mkdir(shots, { recursive: true });
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect Datadog' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Datadog' })).toBeVisible();
  const site = page.getByRole('combobox', { name: 'Datadog site' });
  await expect(site).toBeVisible();
  await expect(page.getByLabel(/^API key/)).toHaveAttribute('type', 'password');
  await expect(page.getByLabel(/^Application key/)).toHaveAttribute('type', 'password');
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(shots, `datadog-add-source-${width}.png`), fullPage: true });
  }
  await page.getByLabel(/^Source name/).fill('datadog-prod');
  await site.click();
  await page.getByRole('option', { name: 'datadoghq.eu', exact: true }).click();
  await expect(site).toHaveValue('datadoghq.eu');
  await page.getByLabel(/^API base URL/).fill(dd.url);
  await page.getByLabel(/^API key/).fill(dd.apiKey);
  await page.getByLabel(/^Application key/).fill(dd.appKey);
  await page.locator('input[type="file"]').setInputFiles({
    name: 'dd-ca.pem',
    mimeType: 'application/x-pem-file',
    buffer: Buffer.from(dd.caPem),
  });
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const result = page.getByTestId('connection-result');
  await expect(result).toHaveAttribute('data-status', 'connected', { timeout: 60_000 });
  await expect(result).toContainText('datadog-prod is connected');
  await page.screenshot({ path: path.join(shots, 'datadog-add-source-connected-1024.png'), fullPage: true });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.locator('.vouch-sync-indicator[data-state="idle"]')).toBeVisible({ timeout: 90_000 });
  expect(dd.stats().requestsByBucket.users).toBeGreaterThanOrEqual(2);
});
