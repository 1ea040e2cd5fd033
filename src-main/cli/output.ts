// Plain-text tables and JSON for the CLI, with control characters escaped (terminal-text.ts).
import { terminalSafe, terminalSafeJson } from './terminal-text.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${terminalSafeJson(JSON.stringify(value, null, 2))}\n`);
}

/** One line of text output; whatever it quotes cannot move the cursor or start a new line. */
export function printLine(line: string): void {
  process.stdout.write(`${terminalSafe(line)}\n`);
}

export function printTable(headers: string[], rows: (string | number | null)[][]): void {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '-' : terminalSafe(String(cell)))));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(headers)}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

export function shortTime(iso: string | null): string | null {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : null;
}
