// The headers GitHub puts on its API responses, for the kit's reply writer (../shared/replies.ts).
import { randomBytes } from 'node:crypto';
import { ReplyScheduler } from '../shared/replies.ts';

export type { Reply } from '../shared/replies.ts';

/** GitHub request ids look like `D24F:221686:28BC1:9F91F:69D56197`. */
function newRequestId(): string {
  const hex = randomBytes(14).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 10)}:${hex.slice(10, 15)}:${hex.slice(15, 20)}:${hex.slice(20, 28)}`;
}

export function githubReplies(): ReplyScheduler {
  return new ReplyScheduler({
    newRequestId,
    jsonHeaders: (requestId) => ({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'private, max-age=60, s-maxage=60',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'deny',
      'x-github-request-id': requestId,
    }),
    // The edge's unicorn pages carry the request id but none of the API's headers.
    htmlHeaders: (requestId) => ({
      'content-type': 'text/html; charset=utf-8',
      'x-github-request-id': requestId,
    }),
  });
}
