// Sync progress on a terminal: one redrawn status line per run; silent when stderr is not a TTY.
import type { SyncProgress } from '../engine/sync/sync-progress.ts';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class SyncProgressLine {
  private readonly rows = new Map<string, number>();
  private frame = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY);
  }

  update(progress: SyncProgress): void {
    if (!this.enabled) return;
    this.rows.set(`${progress.source} ${progress.dataset}`, progress.rows);
    const now = Date.now();
    if (now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const total = [...this.rows.values()].reduce((sum, n) => sum + n, 0);
    const spinner = frames[this.frame++ % frames.length];
    const text = `${spinner} ${progress.source}: ${progress.dataset} ${progress.rows.toLocaleString('en-US')} rows · ${total.toLocaleString('en-US')} rows in all`;
    const width = this.stream.columns ?? 100;
    this.stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
  }

  done(): void {
    if (this.enabled && this.lastDraw) this.stream.write('\r\x1b[2K');
  }
}
