// The `inbox` lane: pushed provider events (webhooks), deduplicated on the provider's event id through the
// jobs' lock key. Push ingest is a separate issue; until then this lane has no job handlers.
import type { LaneDefinition } from '../registry.ts';

export const inboxLane: LaneDefinition = {
  kind: 'inbox',
  description: 'ingests pushed provider events (push ingest is not built yet)',
  handlers: () => ({}),
};
