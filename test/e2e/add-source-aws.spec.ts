// Add Source for AWS IAM Identity Center, generated from the connector's declared fields: region, optional
// instance, identity store and endpoint, the access key id in clear and the secret write-only. Added through
// the form against the AWS simulator (SigV4 verified) and tested.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startAwsSimulator, type AwsSimulator } from '../../sim/aws/index.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';

let env: VouchEnvironment;
let aws: AwsSimulator;
test.beforeAll(async () => {
  env = await startVouchEnvironment({ org: { users: 20 } });
  aws = await startAwsSimulator({ users: 40, seed: 2 });
});
test.afterAll(async () => {
  await aws?.close();
  await env?.close();
});

const shots = path.resolve('test-output', 'screenshots');

test('adds an AWS IAM Identity Center source through the form and tests it', async ({ page }) => {
  await mkdir(shots, { recursive: true });
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Add source' }).first().click();
  await page.getByRole('link', { name: 'Connect AWS IAM Identity Center' }).click();
  await expect(page.getByRole('heading', { name: 'Connect AWS IAM Identity Center' })).toBeVisible();
  await expect(page.getByLabel(/^Secret access key/)).toHaveAttribute('type', 'password');
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(shots, `aws-add-source-${width}.png`), fullPage: true });
  }
  await page.getByLabel(/^Source name/).fill('aws-sso');
  await page.getByLabel(/^Region/).fill(aws.region);
  await page.getByLabel(/^Endpoint URL/).fill(aws.url);
  await page.getByLabel(/^Access key ID/).fill(aws.accessKeyId);
  await page.getByLabel(/^Secret access key/).fill(aws.secretAccessKey);
  await page.locator('input[type="file"]').setInputFiles({
    name: 'aws-ca.pem',
    mimeType: 'application/x-pem-file',
    buffer: Buffer.from(aws.caPem),
  });
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const result = page.getByTestId('connection-result');
  await expect(result).toHaveAttribute('data-status', 'connected', { timeout: 60_000 });
  await expect(result).toContainText('aws-sso is connected');
});
