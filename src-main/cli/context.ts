// What every command gets: the engine for the chosen data directory, opened on first use and closed after.
// The engine's code is loaded on first use too, so `vouch --help`, `--version` and `verify` never load the
// store, its driver or zod.
import type { Engine } from '../engine/engine.ts';
import { defaultDataDir } from './data-dir.ts';

export class CliContext {
  private engine: Engine | null = null;

  constructor(private readonly dataDirOption: () => string | undefined) {}

  get dataDir(): string {
    return this.dataDirOption() ?? defaultDataDir();
  }

  async open(): Promise<Engine> {
    if (this.engine === null) {
      const { Engine } = await import('../engine/engine.ts');
      this.engine ??= Engine.open(this.dataDir);
    }
    return this.engine;
  }

  close(): void {
    this.engine?.close();
    this.engine = null;
  }
}
