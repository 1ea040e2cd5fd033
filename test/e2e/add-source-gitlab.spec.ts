// A GitLab source added through the Add Source form generated from the connector's fields, against the
// simulator: group, GitLab URL, token and CA entered as a user would, the connection tested, a sync
// run, and every GitLab dataset listed complete in the evidence. Screenshots of the form at both widths.
import { expect, test } from '@playwright/test';
import { startGitLabSimulator, type GitLabSimulator } from '../../sim/gitlab/index.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture } from './support/page-checks.ts';

let env: VouchEnvironment;
let sim: GitLabSimulator;
test.beforeAll(async () => {
  sim = await startGitLabSimulator({ users: 40, seed: 2 });
  env = await startVouchEnvironment();
});
test.afterAll(async () => {
  await env?.close();
  await sim?.close();
});

test('adds a GitLab source through the form, tests it, syncs it', async ({ page }) => {
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect GitLab' }).click();
  await expect(page.getByRole('heading', { name: 'Connect GitLab' })).toBeVisible();
  await capture(page, '40-add-source-gitlab-empty');

  await page.getByLabel(/^Source name/).fill('gitlab-e2e');
  await page.getByLabel(/^Group/).fill(sim.groupPath);
  await page.getByLabel(/^GitLab URL/).fill(sim.url);
  await page.getByLabel(/^Access token/).fill(sim.token);
  await page.locator('input[type="file"]').setInputFiles({
    name: 'gitlab-ca.pem',
    mimeType: 'application/x-pem-file',
    buffer: Buffer.from(sim.caPem),
  });
  await capture(page, '41-add-source-gitlab-filled');
  // The form at a narrower window, too (the two-column layout must fold without clipping fields).
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({
    path: 'test-output/screenshots/41-add-source-gitlab-filled-1024x768.png',
    fullPage: true,
  });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const result = page.getByTestId('connection-result');
  await expect(result).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  await expect(result).toContainText('gitlab-e2e is connected');
  await capture(page, '42-add-source-gitlab-connected');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.locator('.vouch-sync-indicator[data-state="idle"]')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Evidence' }).first().click();
  for (const kind of ['gitlab.users', 'gitlab.projects', 'gitlab.group_members', 'gitlab.project_members']) {
    await expect(page.locator(`tr[data-kind="${kind}"]`)).toContainText('Complete', { timeout: 30_000 });
  }
  await capture(page, '43-evidence-gitlab');
});

test('the Jira form asks for the site, the account email and the API token', async ({ page }) => {
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect Jira' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Jira' })).toBeVisible();
  await expect(page.getByLabel(/^Jira site/)).toBeVisible();
  await expect(page.getByLabel(/^Atlassian account email/)).toBeVisible();
  await expect(page.getByLabel(/^API token/)).toHaveAttribute('type', 'password');
  await capture(page, '44-add-source-jira-empty');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({
    path: 'test-output/screenshots/44-add-source-jira-empty-1024x768.png',
    fullPage: true,
  });
});
