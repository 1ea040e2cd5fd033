// The headers Graph puts on its responses, for the kit's reply writer (../shared/replies.ts).
import { randomUUID } from 'node:crypto';
import { ReplyScheduler } from '../shared/replies.ts';

export type { Reply } from '../shared/replies.ts';

export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: 'West Europe',
    Slice: 'E',
    Ring: '5',
    ScaleUnit: '000',
    RoleInstance: 'AM4PEPF0000SIM',
  },
});

export function graphReplies(): ReplyScheduler {
  return new ReplyScheduler({
    newRequestId: () => randomUUID(),
    jsonHeaders: (requestId) => ({
      'content-type': GRAPH_JSON,
      'request-id': requestId,
      'client-request-id': requestId,
      'x-ms-ags-diagnostic': DIAGNOSTIC,
      'strict-transport-security': 'max-age=31536000',
      'odata-version': '4.0',
      'cache-control': 'no-cache',
    }),
  });
}

/** The token endpoint's headers (Entra ID's security token service, not Graph). */
export function estsReplies(): ReplyScheduler {
  return new ReplyScheduler({
    newRequestId: () => randomUUID(),
    jsonHeaders: (requestId) => ({
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': requestId,
      'x-ms-ests-server': '2.1.19000.5 - WEULR1 ProdSlices',
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    }),
  });
}
