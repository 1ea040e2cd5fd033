// People and the needs-anchor queue (issue 5), in a real Chromium against `vouch serve`, the Okta simulator
// and a GitHub simulator whose members are the Okta org's people (SAML NameIDs are Okta logins). Two members
// are crafted before the first request: one without SSO identity, with a personal address Okta does not
// know but the profile name of an Okta user (so that user is the top candidate), and one bot without SSO
// identity or email. Both sources are added and synced through the API; then a user links the first
// account with one click, sees it on the person's page as a manual link, and marks the bot as a service
// account with a reason. Pages are checked with axe-core and captured (test-output/screenshots).
import { expect, test, type Page } from '@playwright/test';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';
import { capture, expectAccessible } from './support/page-checks.ts';

let env: VouchEnvironment;
let github: GitHubSimulator;
/** The crafted GitHub members: GitHub user ids, and the Okta person the first one resembles. */
const crafted = { lookalike: 0, bot: 0, lookalikeName: '', lookalikeLogin: '' };

test.beforeAll(async () => {
  env = await startVouchEnvironment();
  const users = env.sim.org.users;
  github = await startGitHubSimulator({
    seed: 5,
    people: users.map((u) => ({
      email: u.profile.login,
      firstName: u.profile.firstName,
      lastName: u.profile.lastName,
    })),
    emailDomain: 'contractors.example',
  });
  const org = github.org;
  const personOf = (userId: number) => github.orgIndex.user(userId)?.person?.email as string | undefined;
  const withoutSaml = (userId: number) => {
    const identity = org.samlIdentities.find((i) => i.userId === userId);
    if (identity) identity.userId = null;
  };
  // An active Okta user whose full name no one else has, so ranking by name has one clear winner.
  const fullName = (u: (typeof users)[number]) => `${u.profile.firstName} ${u.profile.lastName}`;
  const nameCount = new Map<string, number>();
  for (const u of users) nameCount.set(fullName(u), (nameCount.get(fullName(u)) ?? 0) + 1);
  const members = org.members.filter((m) => m.role === 'member' && m.userId !== org.memberUserId);
  const lookalike = members.find((m) => {
    const person = users.find((u) => u.profile.login === personOf(m.userId));
    return person?.status === 'ACTIVE' && nameCount.get(fullName(person)) === 1;
  })!;
  const person = users.find((u) => u.profile.login === personOf(lookalike.userId))!;
  crafted.lookalike = lookalike.userId;
  crafted.lookalikeName = fullName(person);
  crafted.lookalikeLogin = person.profile.login;
  withoutSaml(lookalike.userId);
  Object.assign(github.orgIndex.user(lookalike.userId)!, {
    name: crafted.lookalikeName,
    email: 'night.owl@personal.example',
  });

  const bot = members.find((m) => m.userId !== lookalike.userId)!;
  crafted.bot = bot.userId;
  withoutSaml(bot.userId);
  Object.assign(github.orgIndex.user(bot.userId)!, { name: 'Deploy Bot', email: null });
});

test.afterAll(async () => {
  await github?.close();
  await env?.close();
});

/** Calls the API from the page, as the UI does (same origin, session cookie). */
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

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });

test('a user links an unmatched GitHub account to its person and marks a bot as a service', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  const { sim, server } = env;
  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await test.step('add Okta and GitHub, and sync both', async () => {
    await api(page, 'sources.add', {
      kind: 'okta',
      name: 'okta',
      config: { domain: sim.host, caPem: sim.caPem },
      secrets: { apiToken: sim.token },
    });
    await api(page, 'sources.add', {
      kind: 'github',
      name: 'github',
      config: { org: github.orgLogin, baseUrl: github.baseUrl, caPem: github.caPem },
      secrets: { token: github.token },
    });
    const sources = await api<{ name: string; status: string }[]>(page, 'sources.list', {});
    expect(sources.map((s) => [s.name, s.status])).toEqual([
      ['github', 'connected'],
      ['okta', 'connected'],
    ]);
    // GitHub first, then Okta: the relink after the last sync sees both.
    await api(page, 'sync.start', { names: ['github', 'okta'] });
    await expect
      .poll(
        async () =>
          (await api<{ name: string; lastSyncStatus: string | null }[]>(page, 'sources.list', {})).map(
            (s) => s.lastSyncStatus,
          ),
        { timeout: 120_000, intervals: [500] },
      )
      .toEqual(['complete', 'complete']);
  });

  const lookalikeRow = page.locator(`tr[data-account]`, { hasText: 'night.owl@personal.example' });
  const botRow = page.locator(`tr[data-account]`, { hasText: 'Deploy Bot' });
  let personHref = '';

  await test.step('the needs-anchor queue says why and offers the lookalike person first', async () => {
    await nav(page, 'People').click();
    await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
    await expect(lookalikeRow).toBeVisible();
    await expect(lookalikeRow).toContainText('Email matches nobody in the identity provider');
    await expect(botRow).toContainText('No email address to match');
    const top = lookalikeRow.locator('[data-candidate]').first();
    await expect(top).toContainText(crafted.lookalikeName);
    await expect(top).toContainText(/\d+% match/);
    personHref = (await top.getByRole('link', { name: crafted.lookalikeName }).getAttribute('href')) ?? '';
    expect(personHref).toMatch(/^#\/people\/\d+$/);
    // Per source: the GitHub tab holds the same accounts.
    await page.getByRole('tab', { name: /^github/ }).click();
    await expect(page).toHaveURL(/#\/people\?source=github$/);
    await expect(lookalikeRow).toBeVisible();
    await expectAccessible(page, 'needs-anchor queue');
    await capture(page, '20-people-needs-anchor');
  });

  await test.step('one click links the account to its top candidate; it leaves the queue', async () => {
    await lookalikeRow
      .getByRole('button', { name: `Link ${crafted.lookalikeName} to ${crafted.lookalikeName}` })
      .click();
    await expect(page.getByText(`${crafted.lookalikeName} linked to ${crafted.lookalikeName}`)).toBeVisible();
    await expect(lookalikeRow).toHaveCount(0);
  });

  await test.step("the person's page shows the account, linked manually", async () => {
    await page.evaluate((href) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = href;
    }, personHref);
    await expect(page.getByRole('heading', { name: crafted.lookalikeName, level: 1 })).toBeVisible();
    await expect(page.getByTestId('idp-status')).toHaveText('Active');
    const table = page.getByRole('table', { name: `Accounts of ${crafted.lookalikeName}` });
    const okta = table.locator('tr[data-source="okta"]');
    await expect(okta).toContainText('Identity provider');
    await expect(okta.getByRole('button', { name: /^Unlink/ })).toHaveCount(0);
    const linked = table.locator('tr[data-source="github"]');
    await expect(linked).toContainText('night.owl@personal.example');
    await expect(linked.locator('[data-link-reason="manual"]')).toHaveText('Manual');
    await expect(linked.getByRole('button', { name: /^Unlink github account/ })).toBeVisible();
    await expectAccessible(page, 'person page');
    await capture(page, '21-person');
  });

  await test.step('mark the bot as a service account, with a reason', async () => {
    await nav(page, 'People').click();
    await expect(botRow).toBeVisible();
    await botRow.getByRole('button', { name: 'Mark as… (Deploy Bot)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark Deploy Bot' });
    await expect(dialog).toBeVisible();
    // The reason is required.
    await dialog.getByRole('button', { name: 'Mark as service' }).click();
    await expect(dialog.getByText(/Say why, for the auditor/)).toBeVisible();
    await dialog.getByRole('radio', { name: 'Service account' }).check();
    await dialog.getByLabel(/^Reason/).fill('CI deploy bot owned by the platform team');
    await expectAccessible(page, 'mark dialog');
    await capture(page, '22-people-mark-dialog');
    await dialog.getByRole('button', { name: 'Mark as service' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(botRow).toHaveCount(0);
    const queue = await api<{ externalId: string }[]>(page, 'accounts.needsAnchor', { sourceName: 'github' });
    expect(queue.map((item) => item.externalId)).not.toContain(String(crafted.bot));
    expect(queue.map((item) => item.externalId)).not.toContain(String(crafted.lookalike));
  });

  expect(pageErrors, 'errors in the page').toEqual([]);
});
