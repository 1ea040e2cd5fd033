// What every command gets: the engine for the chosen data directory, opened on first use and closed after.
import { Engine } from '../engine/engine.ts';
import { defaultDataDir } from './data-dir.ts';

export class CliContext {
  private engine: Engine | null = null;

  constructor(private readonly dataDirOption: () => string | undefined) {}

  get dataDir(): string {
    return this.dataDirOption() ?? defaultDataDir();
  }

  open(): Engine {
    this.engine ??= Engine.open(this.dataDir);
    return this.engine;
  }

  close(): void {
    this.engine?.close();
    this.engine = null;
  }
}
