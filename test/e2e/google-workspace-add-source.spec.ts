// Adding a Google Workspace source through the generated form, against the simulator: the JSON key is
// loaded from a file into the write-only key field, the admin email and API URL are typed, the CA is the
// simulator's; the connection test passes and a sync lands every dataset. Screenshots at both widths.
import { expect, test } from '@playwright/test';
import { startGoogleSimulator, type GoogleSimulator } from '../../sim/google/index.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture } from './support/page-checks.ts';

let env: VouchEnvironment;
let sim: GoogleSimulator;
test.beforeAll(async () => {
  env = await startVouchEnvironment({ org: { users: 5 } });
  sim = await startGoogleSimulator({ users: 120, seed: 4 });
});
test.afterAll(async () => {
  await sim?.close();
  await env?.close();
});

test('adds Google Workspace with a JSON key file and syncs it', async ({ page }) => {
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect Google Workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Google Workspace' })).toBeVisible();
  await capture(page, '40-add-source-google-empty');
  // The narrowest window the form must work in: the top of the form, where the fields are declared.
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(250);
  await page.screenshot({
    path: 'test-output/screenshots/40-add-source-google-empty-1024x768.png',
    fullPage: true,
  });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByLabel(/^Source name/).fill('gws');
  await page.getByLabel(/^Super admin email/).fill(sim.adminEmail);
  await page.getByLabel(/^API URL/).fill(sim.url);
  const key = page.getByLabel(/^Service account key \(JSON\)/);
  await expect(key).toHaveJSProperty('tagName', 'TEXTAREA');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Load Service account key \(JSON\) from a file/ }).click();
  await (
    await chooser
  ).setFiles({ name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(sim.keyFileJson) });
  await expect(key).toHaveValue(sim.keyFileJson);
  const caChooser = page.waitForEvent('filechooser');
  await page.getByTestId('ca-file').click();
  await (
    await caChooser
  ).setFiles({ name: 'google-ca.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(sim.caPem) });
  await expect(page.getByTestId('ca-file')).toContainText('google-ca.pem');
  await capture(page, '41-add-source-google-filled');

  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const result = page.getByTestId('connection-result');
  await expect(result).toHaveAttribute('data-status', 'connected', { timeout: 60_000 });
  await expect(result).toContainText('gws is connected');
  await capture(page, '42-add-source-google-connected');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('heading', { name: 'Sources', level: 1 })).toBeVisible();
  await expect(page.locator('tr[data-source="gws"]')).toContainText(/Synced|Complete|complete/, {
    timeout: 90_000,
  });
  await capture(page, '43-google-synced');
});
