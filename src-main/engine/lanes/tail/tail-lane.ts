// The `tail` lane: one long-running tail job per source streaming its provider's event log, resuming from
// the cursor table (lanes/tail/tail-cursors.ts). No connector has a tail yet (the events issue adds them), so
// this lane has no job handlers: it runs, reports its health and claims nothing.
import type { LaneDefinition } from '../registry.ts';

export const tailLane: LaneDefinition = {
  kind: 'tail',
  description: 'streams provider event logs from a saved cursor (no connector has a tail yet)',
  handlers: () => ({}),
};
