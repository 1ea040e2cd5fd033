// A first run on a machine with weaker key protection (Linux's basic_text backend, accepted by the user):
// the weakness is visible (a warning in Settings, an item on the dashboard, not fine print), and the way to
// a first source works from the keyboard alone.
import { expect, test, type Page } from '@playwright/test';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture, expectAccessible } from './support/page-checks.ts';

let env: VouchEnvironment;
test.beforeAll(async () => {
  env = await startVouchEnvironment({
    keyProtection: {
      backend: 'basic_text',
      weak: true,
      description:
        'Electron safeStorage uses basic_text on this Linux session: no keyring encrypts the data key.',
    },
  });
});
test.afterAll(async () => {
  await env?.close();
});

test('weak key protection is called out in Settings and on the dashboard', async ({ page }) => {
  await page.goto(env.server.url);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByText('Credentials are weakly protected on this computer')).toBeVisible();

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('key-backend')).toHaveText('basic_text');
  const warning = page.getByRole('alert').filter({ hasText: 'Credentials are weakly protected' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('restart Vouch');
  await expectAccessible(page, 'settings with weak key protection');
  await capture(page, '24-settings-weak-key-protection');
});

/** Presses Tab until the focused element's label, text or id matches, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      interface Focused {
        id: string;
        textContent: string | null;
        getAttribute(name: string): string | null;
      }
      const active = (globalThis as unknown as { document: { activeElement: Focused | null } }).document
        .activeElement;
      return [active?.getAttribute('aria-label'), active?.textContent, active?.id && `#${active.id}`]
        .filter(Boolean)
        .join(' ')
        .trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('a first source can be started with the keyboard alone', async ({ page }) => {
  await page.goto(env.server.url);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await tabTo(page, /^Add source/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Add a source', level: 1 })).toBeVisible();

  await tabTo(page, /Okta setup guide/);
  await page.keyboard.press('Enter');
  const guide = page.getByRole('dialog', { name: 'Okta integration guide' });
  await expect(guide.getByRole('heading', { name: 'Connect Okta to Vouch' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(guide).toHaveCount(0);

  await tabTo(page, /^Connect Okta/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connect Okta', level: 1 })).toBeVisible();
  // The form starts at its first field, and Enter submits it: validation answers without a request.
  await tabTo(page, /#add-source-name$/);
  await expect(page.getByLabel(/^Source name/)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Okta domain is required.')).toBeVisible();
});
