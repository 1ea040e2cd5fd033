// Watches every outgoing HTTP(S) request of this process through node:diagnostics_channel, without touching
// the client under test: per Okta rate-limit bucket (the simulator's own bucket mapping), when each request
// started and ended and how it was answered.
import type { ClientRequest, IncomingMessage } from 'node:http';
import dc from 'node:diagnostics_channel';
import { rateBucketFor } from '../../sim/okta/rate-limits.ts';

export interface TappedRequest {
  bucket: string;
  /** performance.now() when the request was created, and when its response body ended (or it failed). */
  startMs: number;
  endMs: number;
  status: number;
}

export interface BucketTally {
  requests: number;
  ok: number;
  tooMany: number;
  other: number;
}

export class RequestTap {
  readonly done: TappedRequest[] = [];
  private readonly started = new WeakMap<ClientRequest, { bucket: string; startMs: number }>();
  private active = false;

  private readonly onStart = (message: unknown) => {
    if (!this.active) return;
    const { request } = message as { request: ClientRequest };
    const pathname = (request.path ?? '').split('?')[0] ?? '';
    const bucket = rateBucketFor(request.method ?? 'GET', pathname) ?? 'other';
    this.started.set(request, { bucket, startMs: performance.now() });
  };

  private readonly onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const start = this.started.get(request);
    if (!start) return;
    this.started.delete(request);
    const finish = () =>
      this.done.push({ ...start, endMs: performance.now(), status: response.statusCode ?? 0 });
    if (response.complete) finish();
    else {
      response.once('end', finish);
      response.once('aborted', finish);
    }
  };

  start(): this {
    dc.subscribe('http.client.request.start', this.onStart);
    dc.subscribe('http.client.response.finish', this.onResponse);
    this.active = true;
    return this;
  }

  stop(): void {
    this.active = false;
    dc.unsubscribe('http.client.request.start', this.onStart);
    dc.unsubscribe('http.client.response.finish', this.onResponse);
  }

  tally(): Record<string, BucketTally> {
    const out: Record<string, BucketTally> = {};
    for (const r of this.done) {
      const t = (out[r.bucket] ??= { requests: 0, ok: 0, tooMany: 0, other: 0 });
      t.requests++;
      if (r.status >= 200 && r.status < 300) t.ok++;
      else if (r.status === 429) t.tooMany++;
      else t.other++;
    }
    return out;
  }
}
