// The hand-formatted timestamps of the simulators must equal Date#toISOString truncated to the second.
import { describe, expect, it } from 'vitest';
import { wholeSecondIso } from '../../sim/shared/timestamps.ts';

describe('wholeSecondIso', () => {
  it("matches Date#toISOString at whole seconds, in each provider's spelling", () => {
    for (const ms of [0, 999, 1_000, 86_399_999, 951_782_400_000, 1_648_990_565_123, 1_796_660_000_999]) {
      const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
      expect(wholeSecondIso(ms, '.000Z')).toBe(iso);
      expect(wholeSecondIso(ms, 'Z')).toBe(iso.replace('.000Z', 'Z'));
    }
  });
});
