// GET /api/events: the API's live events as Server-Sent Events, one JSON ApiEvent per `data:` line, with a
// comment every 15 s so proxies and the browser keep the connection open.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEventBus } from '../../engine/api/event-bus.ts';

export class EventStreams {
  readonly #clients = new Set<ServerResponse>();

  constructor(
    private readonly events: ApiEventBus,
    private readonly heartbeatMs = 15_000,
  ) {}

  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // How long the browser waits before reconnecting after the stream drops.
    res.write('retry: 2000\n\n');
    this.#clients.add(res);
    // A browser that goes away mid-write must not become an unhandled 'error' event.
    res.on('error', () => res.destroy());
    const send = (text: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(text);
    };
    const unsubscribe = this.events.subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => send(': keep-alive\n\n'), this.heartbeatMs);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.#clients.delete(res);
    };
    req.on('close', close);
    res.on('close', close);
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  closeAll(): void {
    for (const res of [...this.#clients]) res.end();
  }
}
