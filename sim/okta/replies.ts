// The headers Okta puts on its JSON responses, for the kit's reply writer (../shared/replies.ts).
import { randomBytes } from 'node:crypto';
import { ReplyScheduler } from '../shared/replies.ts';

export type { Reply } from '../shared/replies.ts';

export function oktaReplies(): ReplyScheduler {
  return new ReplyScheduler({
    /** Okta request ids look like `XkV2sA0xSJ9eLsgQVdBtLAAABtY`. */
    newRequestId: () => randomBytes(20).toString('base64url'),
    jsonHeaders: (requestId) => ({
      'content-type': 'application/json',
      'x-okta-request-id': requestId,
      'cache-control': 'no-cache, no-store',
      pragma: 'no-cache',
      expires: '0',
    }),
  });
}
