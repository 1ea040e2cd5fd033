// The WebContents of the windows this app created. IPC from anything else (a window we did not create, a
// destroyed one) is dropped, and events are only ever sent to these.
import { isAppUrl } from './app-origin.ts';

/** The part of Electron's WebContents this registry uses (narrow, so tests can pass a plain object). */
export interface TrackedContents {
  readonly id: number;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

export class AppWindows {
  readonly #contents = new Map<number, TrackedContents>();

  add(contents: TrackedContents): void {
    this.#contents.set(contents.id, contents);
    contents.once('destroyed', () => {
      if (this.#contents.get(contents.id) === contents) this.#contents.delete(contents.id);
    });
  }

  /** The very object we registered, alive; an id alone could be reused by another WebContents. */
  isOurs(contents: { readonly id: number }): boolean {
    const ours = this.#contents.get(contents.id);
    return ours !== undefined && ours === contents && !ours.isDestroyed();
  }

  /** Sends to every live window of ours that still shows our page. */
  broadcast(channel: string, payload: unknown): number {
    let sent = 0;
    for (const contents of this.#contents.values()) {
      if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
      contents.send(channel, payload);
      sent += 1;
    }
    return sent;
  }

  get size(): number {
    return this.#contents.size;
  }
}
