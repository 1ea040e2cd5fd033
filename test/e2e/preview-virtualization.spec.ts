// The artifact preview with 25,000 rows: only the rows in view are in the DOM, windows are fetched with
// artifacts.rows {offset, limit} as they scroll into view, and scrolling keeps a smooth frame rate. The
// artifact is real: a simulated Okta org of 25,000 users synced by the `vouch` CLI into the store the
// server reads, so what the preview shows is checked against the engine's own reading of the artifact.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import { runVouch } from '../helpers/cli.ts';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';

const total = 25_000;

let env: VouchEnvironment;
let id: string;
let firstRow: Record<string, unknown>;
let lastRow: Record<string, unknown>;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  env = await startVouchEnvironment({ org: { users: total, groups: 3, apps: 2 } });
  const cliEnv = { ...env.env, VOUCH_DATA_DIR: env.dataDir };
  const tokenFile = path.join(env.dataDir, 'okta-token');
  const caFile = path.join(env.dataDir, 'okta-ca.pem');
  writeFileSync(tokenFile, env.sim.token, { mode: 0o600 });
  writeFileSync(caFile, env.sim.caPem);
  const args = ['--name', 'okta-large', '--domain', env.sim.host, '--token-file', tokenFile];
  const added = await runVouch(['source', 'add', 'okta', ...args, '--ca-file', caFile], { env: cliEnv });
  expect(added.code, added.stderr).toBe(0);
  const synced = await runVouch(['sync', 'okta-large', '--json'], { env: cliEnv, timeoutMs: 540_000 });
  expect(synced.code, synced.stderr).toBe(0);
  const listed = await runVouch(['artifacts', 'list', '--json'], { env: cliEnv });
  const artifacts = JSON.parse(listed.stdout) as { id: string; kind: string; rowCount: number }[];
  const users = artifacts.find((artifact) => artifact.kind === 'okta.users');
  expect(users?.rowCount).toBe(total);
  id = users!.id;
  const store = openStore(env.dataDir);
  try {
    let index = 0;
    for await (const row of readArtifactRows(getArtifact(store, id))) {
      if (index === 0) firstRow = row;
      lastRow = row;
      index++;
    }
  } finally {
    store.close();
  }
});
test.afterAll(async () => {
  await env?.close();
});

test('25,000 rows scroll smoothly with only the visible rows rendered', async ({ page }) => {
  const windows: Array<{ offset: number; limit: number }> = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/artifacts.rows')) {
      windows.push(request.postDataJSON() as { offset: number; limit: number });
    }
  });

  await page.goto(env.server.url);
  await page.evaluate((artifact) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/evidence/${artifact}`;
  }, id);
  const preview = page.getByTestId('rows-preview');
  await expect(preview.locator('[aria-rowindex="2"]')).toContainText(String(firstRow.id));
  await expect(preview.locator('[aria-rowindex="2"]')).toContainText(String(firstRow.email));
  expect(await preview.getAttribute('aria-rowcount')).toBe(String(total + 1));

  // Scroll through the middle one step per animation frame and time the frames: a brisk wheel or
  // trackpad scroll (150 px per frame) and a fling (1,200 px per frame, every row new each frame).
  const scrollFrames = (step: number) =>
    preview.evaluate(async (element, px) => {
      const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void })
        .requestAnimationFrame;
      const nextFrame = () => new Promise((resolve) => raf(() => resolve(null)));
      await nextFrame();
      const durations: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 90; i++) {
        element.scrollTop += px;
        await nextFrame();
        const now = performance.now();
        durations.push(now - last);
        last = now;
      }
      return durations.sort((a, b) => a - b);
    }, step);
  const median = (frames: number[]) => frames[Math.floor(frames.length / 2)] ?? 0;
  const wheel = median(await scrollFrames(150));
  const fling = median(await scrollFrames(1_200));
  test.info().annotations.push({
    type: 'median frame time while scrolling',
    description: `${wheel.toFixed(1)} ms at 150 px/frame, ${fling.toFixed(1)} ms at 1,200 px/frame`,
  });
  console.log(`median frame: ${wheel.toFixed(1)} ms (150 px/frame), ${fling.toFixed(1)} ms (1,200 px/frame)`);
  // Frame times are reported, not asserted: a loaded CI machine would make a timing assertion flaky. What
  // keeps scrolling smooth is asserted below: only the visible rows exist in the DOM, fetched in few windows.

  // Jump to the end: the last row arrives, fetched as one window near the end, not page by page.
  await preview.evaluate((element) => (element.scrollTop = element.scrollHeight));
  const last = preview.locator(`[aria-rowindex="${total + 1}"]`);
  await expect(last).toContainText(String(lastRow.id));
  await expect(last).toContainText(String(lastRow.email));
  await expect(last).toContainText(total.toLocaleString('en-US'));
  const rendered = await preview.locator('[role="row"]').count();
  expect(rendered).toBeLessThan(120);
  expect(windows.every((w) => w.limit <= 5_000)).toBe(true);
  // Far fewer windows than the 100 a page-by-page walk (250 rows a page) to the end would take.
  expect(windows.length).toBeLessThan(40);
});
