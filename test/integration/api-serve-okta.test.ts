// Every API method through `vouch serve` against the Okta simulator: add → test → sync in lane processes,
// live events over SSE, artifact previews, one-time downloads of exports and bundles, credential rotation,
// removal, and no secret in any response or event.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { apiMethods, type ApiOutput, type ArtifactSummary, type SourceView } from '../../src-shared/api.ts';
import { startServer, type RunningServer } from '../../src-main/cli/serve/server.ts';
import { verifyBundle } from '../../src-main/engine/bundles/verify-bundle.ts';
import { httpRequest, ServeClient, type EventReader } from '../helpers/serve-client.ts';

const users = 300;
const badToken = `00bad${randomBytes(12).toString('hex')}`;
let sim: OktaSimulator;
let dir: string;
let server: RunningServer;
let client: ServeClient;
let events: EventReader;
const serverLog: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-api-okta-'));
  sim = await startOktaSimulator({ users, seed: 7 });
  server = await startServer({
    dataDir: path.join(dir, 'data'),
    env: { ...process.env, VOUCH_MASTER_KEY: randomBytes(32).toString('base64'), VOUCH_LEASE_MS: '3000' },
    rendererDir: path.join(dir, 'no-build'),
    scheduler: false,
    log: (line) => serverLog.push(line),
  });
  client = ServeClient.of(server);
  await client.signIn();
  events = client.events();
  await events.ready;
});

afterAll(async () => {
  events?.close();
  await server?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Calls a method and checks its output against the contract's schema. */
async function call<M extends keyof typeof apiMethods>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const value = await client.call(method, input);
  return apiMethods[method].output.parse(value) as ApiOutput<M>;
}

async function errorOf(
  method: string,
  input: unknown,
): Promise<{ status: number; code: string; message: string }> {
  const reply = await client.callRaw(method, input);
  const body = JSON.parse(reply.text) as { ok: false; error: { code: string; message: string } };
  expect(body.ok).toBe(false);
  return { status: reply.status, code: body.error.code, message: body.error.message };
}

const addInput = () => ({
  kind: 'okta',
  name: 'okta-sim',
  config: { domain: sim.host, caPem: sim.caPem, caFile: 'sim-ca.pem' },
  secrets: { apiToken: `${sim.token}\n` },
});

describe('the API over vouch serve with an Okta org', () => {
  it('describes the app and the connectors', async () => {
    const info = await call('app.info', {});
    expect(info).toMatchObject({
      shell: 'browser',
      dataDir: path.join(dir, 'data'),
      keyProtection: { backend: 'env', weak: false },
    });
    const connectors = await call('connectors.list', {});
    const okta = connectors.find((c) => c.kind === 'okta');
    expect(okta?.credentialFields).toEqual([
      expect.objectContaining({ name: 'apiToken', secret: true, required: true }),
    ]);
    expect(okta?.configFields.map((f) => f.name)).toEqual(['domain', 'federatedIdAttribute']);
    expect(okta?.configFields.find((f) => f.name === 'federatedIdAttribute')?.required).toBe(false);
    const guide = await call('connectors.guide', { kind: 'okta' });
    expect(guide.markdown).toContain('Okta');
    expect(await errorOf('connectors.guide', { kind: '../../etc/passwd' })).toMatchObject({
      status: 400,
      code: 'unknown_connector',
    });
  });

  it('refuses a CA file that is not a certificate, and saves nothing', async () => {
    const bad = await errorOf('sources.add', {
      ...addInput(),
      config: { domain: sim.host, caPem: 'not a pem' },
    });
    expect(bad).toMatchObject({ status: 400, code: 'invalid_source_input' });
    expect(await call('sources.list', {})).toEqual([]);
  });

  it('adds a source, tests it on the way, and tells the UI', async () => {
    const added = await call('sources.add', addInput());
    expect(added.status).toMatchObject({ status: 'connected', errorClass: null });
    expect(added.source).toMatchObject({
      name: 'okta-sim',
      kind: 'okta',
      status: 'connected',
      config: { domain: sim.host, caFile: 'sim-ca.pem' },
      rows: 0,
      credentialFingerprint: expect.stringMatching(/^sha256:/),
    });
    expect(added.source.config).not.toHaveProperty('caPem');
    await events.waitFor((e) => e.type === 'sources.changed');
    expect(await errorOf('sources.add', addInput())).toMatchObject({ status: 409, code: 'source_exists' });
    const tested = await call('sources.test', { name: 'okta-sim' });
    expect(tested.status).toBe('connected');
    const history = await call('sources.history', { name: 'okta-sim' });
    expect(history).toHaveLength(2);
    expect(history.every((check) => check.status === 'connected')).toBe(true);
  });

  it('syncs in a lane process, with progress and the outcome as events; a second start joins the first', async () => {
    const before = events.events.length;
    const first = await call('sync.start', { names: ['okta-sim'] });
    const second = await call('sync.start', { names: [] });
    expect(first.started).toEqual(['okta-sim']);
    expect(second.started).toEqual(['okta-sim']);
    await events.waitFor((e) => e.type === 'artifacts.changed' && events.events.indexOf(e) >= before, 60_000);
    const during = events.events.slice(before);
    const finished = during.filter((e) => e.type === 'sync.finished');
    expect(finished).toHaveLength(1);
    const outcome = finished[0]?.type === 'sync.finished' ? finished[0].outcome : null;
    expect(outcome).toMatchObject({ source: 'okta-sim', status: 'complete' });
    expect(outcome?.datasets.find((d) => d.dataset === 'okta.users')).toMatchObject({
      rows: users,
      complete: true,
    });
    const progress = during.filter((e) => e.type === 'sync.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.type === 'sync.progress' && e.source === 'okta-sim')).toBe(true);
    expect(during.some((e) => e.type === 'sources.changed')).toBe(true);
    expect(during.findIndex((e) => e.type === 'sync.finished')).toBeLessThan(
      during.findIndex((e) => e.type === 'artifacts.changed'),
    );
    const [source] = await call('sources.list', {});
    expect(source).toMatchObject({ name: 'okta-sim', lastSyncStatus: 'complete' });
    expect((source as SourceView).rows).toBeGreaterThan(users);
  });

  let usersArtifact: ArtifactSummary;

  it('lists artifacts and pages through their rows', async () => {
    const artifacts = await call('artifacts.list', {});
    usersArtifact = artifacts.find((a) => a.kind === 'okta.users') as ArtifactSummary;
    expect(usersArtifact).toMatchObject({ source: 'okta-sim', rowCount: users, complete: true });
    const detail = await call('artifacts.get', { id: usersArtifact.id });
    expect(detail.summary).toEqual(usersArtifact);
    expect(detail.provenance).toMatchObject({
      dataset: 'okta.users',
      rowsCollected: users,
      sha256: usersArtifact.sha256,
    });

    const first = await call('artifacts.rows', { id: usersArtifact.id, offset: 0, limit: 120 });
    expect(first.total).toBe(users);
    expect(first.columns).toContain('id');
    expect(first.rows).toHaveLength(120);
    const next = await call('artifacts.rows', { id: usersArtifact.id, offset: 120, limit: 5000 });
    expect(next.rows).toHaveLength(users - 120);
    const ids = new Set([...first.rows, ...next.rows].map((row) => row.id));
    expect(ids.size).toBe(users);
    expect((await call('artifacts.rows', { id: usersArtifact.id, offset: 10_000, limit: 10 })).rows).toEqual(
      [],
    );
    expect(
      await errorOf('artifacts.rows', { id: 'art_ffffffffffffffff', offset: 0, limit: 1 }),
    ).toMatchObject({
      status: 404,
      code: 'artifact_not_found',
    });
  });

  it('exports an artifact as a one-time download', async () => {
    const exported = await call('artifacts.export', { id: usersArtifact.id, format: 'csv' });
    expect(exported.fileName).toMatch(/^okta-sim_okta\.users_\d{4}-\d{2}-\d{2}_art_[0-9a-f]{16}\.csv$/);
    expect(exported.savedTo).toBeNull();
    const url = exported.downloadUrl as string;
    expect(url).toMatch(/^\/download\/[A-Za-z0-9_-]+$/);
    expect((await httpRequest(server.port, url)).status).toBe(401);
    const download = await client.raw(url);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain(`filename="${exported.fileName}"`);
    expect(download.headers['content-type']).toMatch(/text\/csv/);
    expect(download.text.split('\r\n')[0]).toContain('id');
    expect(download.text.trim().split('\r\n')).toHaveLength(users + 1);
    const again = await client.raw(url);
    expect(again.status).toBe(404);
  });

  it('creates a signed bundle as a download', async () => {
    const bundle = await call('bundles.create', { ids: [usersArtifact.id], formats: ['csv'] });
    expect(bundle.fileName).toMatch(/\.zip$/);
    const download = await client.raw(bundle.downloadUrl as string);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    // The download is a whole, validly signed bundle holding exactly the chosen artifact.
    const file = path.join(dir, bundle.fileName);
    writeFileSync(file, download.body);
    const verification = await verifyBundle(file);
    expect(verification.problems).toEqual([]);
    expect(verification).toMatchObject({
      verdict: 'signer_not_trusted',
      filesChecked: true,
      signer: { signatureValid: true },
    });
    expect(verification.artifacts).toEqual([
      expect.objectContaining({
        id: usersArtifact.id,
        rowCount: users,
        complete: true,
        sha256: usersArtifact.sha256,
      }),
    ]);
    const pinned = await verifyBundle(file, { expectedSigner: verification.signer.fingerprint as string });
    expect(pinned.verdict).toBe('verified');
  });

  it('rotates credentials and re-tests: a bad token fails authentication, the good one connects again', async () => {
    const rotated = await call('sources.updateCredentials', {
      name: 'okta-sim',
      secrets: { apiToken: badToken },
    });
    expect(rotated.status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(rotated.source.status).toBe('failed');
    expect(rotated.status.nextStep).toMatch(/Update Credentials/);
    const restored = await call('sources.updateCredentials', {
      name: 'okta-sim',
      secrets: { apiToken: sim.token },
    });
    expect(restored.status.status).toBe('connected');
    expect(restored.source.credentialFingerprint).toBe(
      (await call('sources.list', {}))[0]?.credentialFingerprint,
    );
  });

  it('refuses to remove a source while it syncs, then removes it and keeps its artifacts', async () => {
    const before = events.events.length;
    const { started } = await call('sync.start', { names: ['okta-sim'] });
    expect(started).toEqual(['okta-sim']);
    expect(await errorOf('sources.remove', { name: 'okta-sim' })).toMatchObject({
      status: 409,
      code: 'source_busy',
    });
    await events.waitFor((e) => e.type === 'artifacts.changed' && events.events.indexOf(e) >= before, 60_000);
    const kept = await call('artifacts.list', {});
    expect(kept.filter((a) => a.kind === 'okta.users')).toHaveLength(2);
    expect(await call('sources.remove', { name: 'okta-sim' })).toEqual({});
    expect(await call('sources.list', {})).toEqual([]);
    // Evidence outlives its source: every artifact, with its hash, is still listed and readable.
    expect(await call('artifacts.list', {})).toEqual(kept);
    const rows = await call('artifacts.rows', { id: usersArtifact.id, offset: 0, limit: 5000 });
    expect(rows.total).toBe(users);
    expect(await errorOf('sync.start', { names: ['okta-sim'] })).toMatchObject({
      status: 404,
      code: 'source_not_found',
    });
  });

  it('never sends a secret back: not in responses, events or the log', () => {
    const everything = [...client.transcripts, ...events.raw, ...serverLog].join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    expect(everything).not.toContain(sim.token);
    expect(everything).not.toContain(badToken);
  });
});
