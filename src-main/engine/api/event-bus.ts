// Live events from the engine to whichever shell is listening (SSE in browser mode, IPC on the desktop).
import type { ApiEvent } from '../../../src-shared/api.ts';

export type ApiEventListener = (event: ApiEvent) => void;

export class ApiEventBus {
  readonly #listeners = new Set<ApiEventListener>();

  constructor(private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  /** Returns the unsubscribe function. */
  subscribe(listener: ApiEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (a closed socket, a destroyed window) must not starve the others.
        this.log(
          `api events: a listener failed on ${event.type}: ${error instanceof Error ? error.name : 'error'}`,
        );
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
