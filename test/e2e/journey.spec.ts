// The journey of issue 4, in a real Chromium against `vouch serve` and the Okta simulator: a new user adds
// an Okta source (with a CA file), tests it, syncs, opens an artifact and exports CSV; an admin rotates to a
// bad token, sees failed_authentication with guidance, rotates back and sees connected. Every page is
// checked with axe-core and captured at 1280x800 and 1920x1080 (test-output/screenshots).
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture, expectAccessible } from './support/page-checks.ts';

let env: VouchEnvironment;
let afterJourney: () => void = () => {};

test.beforeAll(async () => {
  env = await startVouchEnvironment();
});

test.afterEach(() => afterJourney());

test.afterAll(async () => {
  await env?.close();
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });

async function visit(page: Page, name: string, screenshot: string): Promise<void> {
  await nav(page, name).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, screenshot);
  await capture(page, screenshot);
}

test('a new user collects Okta evidence; an admin rotates a bad token and back', async ({ page }) => {
  // The whole journey (about 20 steps, each page checked with axe and photographed at two widths) is one
  // test: give it a budget that a loaded 2-core machine can meet.
  test.setTimeout(360_000);
  const { sim, server } = env;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  test.info().annotations.push({ type: 'page errors', description: 'collected below' });
  page.on('close', () => undefined);
  afterJourney = () => expect(pageErrors, 'errors in the page').toEqual([]);
  const badToken = `00${'x'.repeat(40)}`;

  await test.step('an empty install says what to do first', async () => {
    await page.goto(server.url);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Welcome to Vouch' })).toBeVisible();
    await expectAccessible(page, 'empty dashboard');
    await capture(page, '01-dashboard-empty');
    await visit(page, 'Sources', '02-sources-empty');
    await visit(page, 'Evidence', '03-evidence-empty');
  });

  await test.step('add Okta with its domain, token and CA file; it is tested before anything else', async () => {
    await nav(page, 'Dashboard').click();
    await page.getByRole('link', { name: 'Add your first source' }).click();
    await expect(page.getByRole('heading', { name: 'Add a source' })).toBeVisible();
    await expectAccessible(page, 'sources gallery');
    await capture(page, '04-add-source-gallery');

    await page.getByRole('link', { name: 'Connect Okta' }).click();
    await expect(page.getByRole('heading', { name: 'Connect Okta' })).toBeVisible();
    // Validation before anything is sent.
    await page.getByLabel(/^Source name/).fill('');
    await page.getByRole('button', { name: 'Save and test connection' }).click();
    await expect(page.getByText('Give the source a name.')).toBeVisible();
    await expect(page.getByText('Okta domain is required.')).toBeVisible();

    await page.getByLabel(/^Source name/).fill('okta-prod');
    await page.getByLabel(/^Okta domain/).fill(sim.host);
    await page.getByLabel(/^API token/).fill(sim.token);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'okta-ca.pem',
      mimeType: 'application/x-pem-file',
      buffer: Buffer.from(sim.caPem),
    });
    await expect(page.getByTestId('ca-file')).toContainText('okta-ca.pem');
    await expectAccessible(page, 'add-source form');
    await capture(page, '05-add-source-form');

    await page.getByRole('button', { name: 'Save and test connection' }).click();
    const result = page.getByTestId('connection-result');
    await expect(result).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
    await expect(result).toContainText('okta-prod is connected');
    await capture(page, '06-add-source-connected');
  });

  await test.step('sync, with live progress', async () => {
    // Slow pages so the live progress is observable, then let the sync finish at full speed.
    sim.setFaults({ slowPagesMs: 150 });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('heading', { name: 'Sources', level: 1 })).toBeVisible();
    const indicator = page.locator('.vouch-sync-indicator[data-state="syncing"]');
    await expect(indicator).toBeVisible();
    await expect(indicator).toContainText(/Syncing okta-prod/);
    await expect(page.locator('tr[data-source="okta-prod"]').getByTestId('sync-running')).toBeVisible();
    await nav(page, 'Evidence').click();
    await expect(page.getByTestId('sync-progress')).toContainText('Syncing okta-prod');
    await expect(page.getByTestId('sync-progress')).toContainText('Users', { timeout: 30_000 });
    await capture(page, '07-evidence-sync-progress');
    sim.setFaults({});
    await expect(page.locator('.vouch-sync-indicator[data-state="idle"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
  });

  let usersRowCount = 0;
  await test.step('the evidence list shows every population with its hash', async () => {
    const rows = page.locator('tr[data-artifact]');
    await expect(rows).toHaveCount(6);
    const users = page.locator('tr[data-kind="okta.users"]');
    await expect(users).toContainText('Complete');
    await expect(users).toContainText('okta-prod');
    usersRowCount = Number((await users.locator('td').nth(3).innerText()).replace(/[^0-9]/g, ''));
    expect(usersRowCount).toBe(sim.org.users.length);
    await expectAccessible(page, 'evidence');
    await capture(page, '08-evidence');
  });

  await test.step('open the users artifact: provenance and a virtualized preview', async () => {
    await page.locator('tr[data-kind="okta.users"]').getByRole('link', { name: 'Users' }).click();
    await expect(page.getByRole('heading', { name: /Users/, level: 1 })).toBeVisible();
    const preview = page.getByTestId('rows-preview');
    await expect(preview.locator('[role="row"][aria-rowindex="2"]')).toBeVisible();
    expect(await preview.getAttribute('aria-rowcount')).toBe(String(usersRowCount + 1));
    await expectAccessible(page, 'artifact page');
    await capture(page, '09-artifact');
    await page.getByRole('tab', { name: 'Provenance' }).click();
    await expect(page.getByText('GET /api/v1/users?limit=200')).toBeVisible();
    await expect(page.getByText('Credential fingerprint')).toBeVisible();
    await expectAccessible(page, 'artifact provenance');
    await capture(page, '09b-artifact-provenance');
    await page.getByRole('tab', { name: /Rows/ }).click();
  });

  await test.step('export CSV: the download holds every row', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^okta-prod_okta\.users_.*\.csv$/);
    const text = await readFile(await file.path(), 'utf8');
    const records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Array<
      Record<string, string>
    >;
    expect(records).toHaveLength(usersRowCount);
    const logins = new Set(records.map((r) => r.login));
    for (const user of sim.org.users.slice(0, 20)) expect(logins.has(user.profile.login)).toBe(true);
  });

  await test.step('an admin rotates to a bad token: failed authentication, with what to do', async () => {
    await nav(page, 'Sources').click();
    await page.getByRole('button', { name: 'More actions for okta-prod' }).click();
    await page.getByRole('menuitem', { name: 'Update credentials' }).click();
    const dialog = page.getByRole('dialog', { name: /Update credentials/ });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('secret-state')).toContainText('Set, rotated on');
    // Write-only: the stored token never comes back to the page.
    expect(await page.content()).not.toContain(sim.token);
    await dialog.getByLabel(/^API token/).fill(badToken);
    await capture(page, '10-update-credentials');
    await expectAccessible(page, 'update credentials dialog');
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    const result = dialog.getByTestId('connection-result');
    await expect(result).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
    await expect(result).toHaveAttribute('data-error-class', 'failed_authentication');
    await expect(result).toContainText('Failed authentication');
    await expect(result).toContainText('What to do');
    await capture(page, '11-update-credentials-failed');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

    const row = page.locator('tr[data-source="okta-prod"]');
    await expect(row).toHaveAttribute('data-status', 'failed');
    await expect(row).toContainText('Failed authentication');
    await expectAccessible(page, 'sources with a failure');
    await capture(page, '12-sources-failed');

    await row.getByRole('button', { name: 'View error of okta-prod' }).click();
    const panel = page.getByTestId('source-error-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('Failed authentication');
    await expect(panel).toContainText('What to do');
    await expect(panel).toContainText('Recent connection checks');
    await panel.getByRole('button', { name: /integration guide/ }).click();
    await expect(panel.getByRole('heading', { name: 'Connect Okta to Vouch' })).toBeVisible();
    await expectAccessible(page, 'view error panel');
    await capture(page, '13-source-error');
  });

  await test.step('rotating back from the error panel reconnects the source', async () => {
    await page.keyboard.press('Escape');
    await nav(page, 'Dashboard').click();
    const attention = page.getByTestId('attention');
    await expect(attention).toContainText('okta-prod: Failed authentication');
    await expectAccessible(page, 'dashboard with a failure');
    await capture(page, '14-dashboard-attention');

    await attention.getByRole('button', { name: 'View error' }).click();
    await page.getByTestId('source-error-panel').getByRole('button', { name: 'Update credentials' }).click();
    const dialog = page.getByRole('dialog', { name: /Update credentials/ });
    await dialog.getByLabel(/^API token/).fill(sim.token);
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    await expect(dialog.getByTestId('connection-result')).toHaveAttribute('data-status', 'connected', {
      timeout: 30_000,
    });
    await capture(page, '15-update-credentials-connected');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await nav(page, 'Sources').click();
    await expect(page.locator('tr[data-source="okta-prod"]')).toHaveAttribute('data-status', 'connected');
    await capture(page, '16-sources-connected');
  });

  await test.step('populated dashboard and settings', async () => {
    await nav(page, 'Dashboard').click();
    await expect(page.getByTestId('sources-summary')).toContainText('1');
    await expect(page.getByTestId('attention')).toContainText('Nothing needs attention');
    await expectAccessible(page, 'dashboard');
    await capture(page, '17-dashboard');
    await visit(page, 'Settings', '18-settings');
    await expect(page.getByText(server.engine.dataDir)).toBeVisible();
  });

  await test.step('dark theme, saved in the settings', async () => {
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Dark', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expectAccessible(page, 'settings (dark)');
    await capture(page, '19-settings-dark');
    await visit(page, 'Dashboard', '20-dashboard-dark');
    await visit(page, 'Sources', '21-sources-dark');
    await visit(page, 'Evidence', '22-evidence-dark');
    await page.locator('tr[data-kind="okta.groups"]').getByRole('link').first().click();
    await expect(page.getByTestId('rows-preview')).toBeVisible();
    await expectAccessible(page, 'artifact (dark)');
    await capture(page, '23-artifact-dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  });
});
