// FileDelivery of the desktop engine process: the rendered file is handed to main, which shows a save
// dialog and moves the file where the user chose (export-save-dialog.ts), before deliver() resolves.
import { VouchError } from '../engine/errors.ts';
import type { FileDelivery } from '../engine/api/file-delivery.ts';
import type { EngineLink } from './engine-link.ts';
import type { MainToEngine } from './engine-protocol.ts';

type DeliveryResult = Extract<MainToEngine, { type: 'delivery.result' }>;

export class DesktopFileDelivery implements FileDelivery {
  readonly #link: Pick<EngineLink, 'send'>;
  readonly #pending = new Map<number, (result: DeliveryResult['result']) => void>();
  #nextId = 1;

  constructor(link: Pick<EngineLink, 'send'>) {
    this.#link = link;
  }

  async deliver(
    tempFilePath: string,
    fileName: string,
  ): Promise<{ downloadUrl: null; savedTo: string | null }> {
    const id = this.#nextId++;
    const answer = new Promise<DeliveryResult['result']>((resolve) => this.#pending.set(id, resolve));
    this.#link.send({ type: 'delivery.request', id, tempFilePath, fileName });
    const result = await answer;
    if (!result.ok) throw new VouchError(result.error.code, result.error.message, result.error.nextStep);
    return { downloadUrl: null, savedTo: result.savedTo };
  }

  handle(message: DeliveryResult): void {
    const resolve = this.#pending.get(message.id);
    if (resolve === undefined) return;
    this.#pending.delete(message.id);
    resolve(message.result);
  }

  /** Main is going away: every open save dialog counts as cancelled. */
  cancelAll(): void {
    for (const resolve of this.#pending.values()) resolve({ ok: true, savedTo: null });
    this.#pending.clear();
  }
}
