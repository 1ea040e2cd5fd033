// The `evaluator` lane: evaluates checks over collected evidence. The checks issue adds its job handlers;
// until then it has none.
import type { LaneDefinition } from '../registry.ts';

export const evaluatorLane: LaneDefinition = {
  kind: 'evaluator',
  description: 'evaluates checks over collected evidence (checks are not built yet)',
  handlers: () => ({}),
};
