import { describe, expect, it } from 'vitest';
import { apiMethods } from '../../src-shared/api.ts';
import { dispatchApiCall, type ApiHandlers } from '../../src-main/engine/api/handlers.ts';
import { VouchError } from '../../src-main/engine/errors.ts';
import {
  ArtifactCorruptedError,
  ArtifactNotFoundError,
} from '../../src-main/engine/evidence/artifact-reader.ts';

const secret = 'ssws-00SuperSecretToken-xyz';

function stubHandlers(overrides: Partial<ApiHandlers>): ApiHandlers {
  const notStubbed = async () => {
    throw new Error('not stubbed');
  };
  const handlers = Object.fromEntries(Object.keys(apiMethods).map((method) => [method, notStubbed]));
  return { ...handlers, ...overrides } as ApiHandlers;
}

function recorder() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
}

describe('dispatchApiCall', () => {
  it('runs the handler with the parsed input and returns its value', async () => {
    let received: unknown;
    const handlers = stubHandlers({
      'sources.test': async (input) => {
        received = input;
        return { status: 'connected', errorClass: null, message: 'ok', nextStep: null, checkedAt: 'now' };
      },
    });
    const result = await dispatchApiCall(handlers, 'sources.test', { name: 'okta-prod', extra: 'dropped' });
    expect(result).toEqual({
      ok: true,
      value: { status: 'connected', errorClass: null, message: 'ok', nextStep: null, checkedAt: 'now' },
    });
    // Keys the schema does not know never reach a handler.
    expect(received).toEqual({ name: 'okta-prod' });
  });

  it('treats a missing input as an empty object', async () => {
    const handlers = stubHandlers({ 'artifacts.list': async () => [] });
    expect(await dispatchApiCall(handlers, 'artifacts.list', undefined)).toEqual({ ok: true, value: [] });
  });

  it('rejects unknown methods, including ones inherited from Object', async () => {
    const { lines, log } = recorder();
    const handlers = stubHandlers({});
    for (const method of ['sources.explode', 'constructor', '__proto__', 'toString']) {
      const result = await dispatchApiCall(handlers, method, {}, { log });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown_method');
    }
    expect(lines).toHaveLength(4);
  });

  it('rejects invalid input without running the handler, and logs no values', async () => {
    const { lines, log } = recorder();
    let ran = false;
    const handlers = stubHandlers({
      'sources.add': async () => {
        ran = true;
        throw new Error('unreachable');
      },
    });
    const result = await dispatchApiCall(
      handlers,
      'sources.add',
      { kind: 'okta', name: '', config: { domain: 42 }, secrets: { apiToken: secret } },
      { log },
    );
    expect(ran).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('name');
    expect(result.error.message).toContain('config.domain');
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(lines.join('\n')).toContain('sources.add');
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain('42');
  });

  it('turns a VouchError into data with its next step, redacting secrets the caller sent', async () => {
    const handlers = stubHandlers({
      'sources.updateCredentials': async () => {
        throw new VouchError(
          'provider_said_no',
          `The provider echoed ${secret} back.`,
          `Do not send ${secret}.`,
        );
      },
    });
    const result = await dispatchApiCall(handlers, 'sources.updateCredentials', {
      name: 'okta-prod',
      secrets: { apiToken: `  ${secret}\n` },
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'provider_said_no',
        message: 'The provider echoed [redacted] back.',
        nextStep: 'Do not send [redacted].',
      },
    });
  });

  it('hides the details of unexpected errors from the caller and keeps them (redacted) in the log', async () => {
    const { lines, log } = recorder();
    const handlers = stubHandlers({
      'sources.add': async () => {
        throw new TypeError(`Cannot read properties of undefined (token ${secret}) at /home/me/vouch.db`);
      },
    });
    const result = await dispatchApiCall(
      handlers,
      'sources.add',
      { kind: 'okta', name: 'okta-prod', config: { domain: 'acme.okta.com' }, secrets: { apiToken: secret } },
      { log },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).not.toContain('Cannot read');
    expect(result.error.message).not.toContain('vouch.db');
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts/);
    const logged = lines.join('\n');
    expect(logged).toContain('Cannot read properties');
    expect(logged).not.toContain(secret);
  });

  it('translates artifact errors that are not VouchErrors', async () => {
    const handlers = stubHandlers({
      'artifacts.get': async () => {
        throw new ArtifactNotFoundError('art_0000000000000000');
      },
      'artifacts.rows': async () => {
        throw new ArtifactCorruptedError('art_0000000000000000', 'aa', 'bb');
      },
    });
    const missing = await dispatchApiCall(handlers, 'artifacts.get', { id: 'art_0000000000000000' });
    expect(missing.ok === false && missing.error.code).toBe('artifact_not_found');
    const corrupted = await dispatchApiCall(handlers, 'artifacts.rows', {
      id: 'art_0000000000000000',
      offset: 0,
      limit: 10,
    });
    expect(corrupted.ok === false && corrupted.error.code).toBe('artifact_corrupted');
    expect(corrupted.ok === false && corrupted.error.nextStep).toMatch(/sync/);
  });

  it('enforces the limits of the contract (rows window at most 5000)', async () => {
    const handlers = stubHandlers({});
    const result = await dispatchApiCall(
      handlers,
      'artifacts.rows',
      { id: 'art_0000000000000000', offset: 0, limit: 5001 },
      { log: () => {} },
    );
    expect(result.ok === false && result.error.code).toBe('invalid_input');
  });
});
