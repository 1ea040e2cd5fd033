// The engine process's end of its parent port to main: typed sends, parsed receives. Lives in the engine
// utility process (and in lanes for their own port); never in main.
import {
  engineToMainSchema,
  mainToEngineSchema,
  type EngineToMain,
  type MainToEngine,
} from './engine-protocol.ts';

/** Electron's `process.parentPort` as far as this code uses it (a plain object in tests). */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
}

export class EngineLink {
  readonly #port: ParentPortLike;
  readonly #log: (line: string) => void;

  constructor(port: ParentPortLike, log: (line: string) => void) {
    this.#port = port;
    this.#log = log;
  }

  send(message: EngineToMain): void {
    // Checked on the way out too: a message main would drop is a bug here, better found in this log.
    const checked = engineToMainSchema.safeParse(message);
    if (!checked.success) {
      this.#log(`engine link: refused to send a malformed ${message.type} message`);
      return;
    }
    this.#port.postMessage(message);
  }

  onMessage(handler: (message: MainToEngine) => void): void {
    this.#port.on('message', ({ data }) => {
      const parsed = mainToEngineSchema.safeParse(data);
      if (!parsed.success) {
        this.#log('engine link: dropped a message from main that is not part of the protocol');
        return;
      }
      handler(parsed.data);
    });
  }
}
