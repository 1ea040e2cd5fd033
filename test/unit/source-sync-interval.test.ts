// A source's own sync interval: what `vouch source set --sync-interval` and the UI accept, and how it is
// kept (the settings table of a real store) and shown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateUiSettings } from '../../src-main/engine/api/ui-settings.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import {
  SourceSyncIntervals,
  formatSeconds,
  parseSyncInterval,
  testMinSyncIntervalEnv,
} from '../../src-main/engine/scheduling/source-sync-interval.ts';

describe('parseSyncInterval', () => {
  it('takes durations from an hour to 30 days, off and default', () => {
    expect(parseSyncInterval('6h', {})).toBe(21_600);
    expect(parseSyncInterval(' 90M ', {})).toBe(5_400);
    expect(parseSyncInterval('2d', {})).toBe(172_800);
    expect(parseSyncInterval('off', {})).toBe(0);
    expect(parseSyncInterval('default', {})).toBeNull();
    for (const bad of ['30m', '31d', '6', 'h', '-1h', '1.5h', 'never', '']) {
      expect(() => parseSyncInterval(bad, {}), bad).toThrow(/not a sync interval/);
    }
  });

  it('goes below an hour only with the test-only minimum', () => {
    const nextStepOf = (text: string, env: NodeJS.ProcessEnv) => {
      try {
        parseSyncInterval(text, env);
        return null;
      } catch (error) {
        return (error as { nextStep: string }).nextStep;
      }
    };
    expect(nextStepOf('5s', {})).toMatch(/from 1h to 30d/);
    expect(parseSyncInterval('5s', { [testMinSyncIntervalEnv]: '5' })).toBe(5);
    expect(nextStepOf('4s', { [testMinSyncIntervalEnv]: '5' })).toMatch(/from 5s to 30d/);
  });

  it('formats with the largest whole unit', () => {
    expect([86_400, 21_600, 5_400, 5, 90_000].map(formatSeconds)).toEqual(['1d', '6h', '90m', '5s', '25h']);
  });
});

describe('SourceSyncIntervals', () => {
  let dataDir: string;
  let engine: Engine;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-sync-interval-'));
    engine = Engine.open(dataDir, { VOUCH_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
  });
  afterEach(() => {
    engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("follows the installation's interval until the source has its own, and back on default", () => {
    const intervals = new SourceSyncIntervals(engine);
    expect(intervals.view('src_a', 24)).toEqual({ every: '1d', seconds: 86_400, setBy: 'default' });
    intervals.set('src_a', 21_600);
    expect(intervals.view('src_a', 24)).toEqual({ every: '6h', seconds: 21_600, setBy: 'source' });
    expect(intervals.view('src_b', 24).setBy).toBe('default');
    intervals.set('src_b', 0);
    expect(intervals.view('src_b', 24)).toEqual({ every: 'off', seconds: null, setBy: 'source' });
    expect(intervals.effectiveSeconds('src_b', 24)).toBe(0);
    intervals.set('src_a', null);
    updateUiSettings(engine, { syncIntervalHours: 0 });
    expect(intervals.view('src_a', 0)).toEqual({ every: 'off', seconds: null, setBy: 'default' });
  });

  it('reads a damaged value as unset', () => {
    engine.setSetting('source.sync_interval:src_a', 'soon');
    expect(new SourceSyncIntervals(engine).get('src_a')).toBeNull();
  });
});
