// Plain-text tables and JSON for the CLI.
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(headers: string[], rows: (string | number | null)[][]): void {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))));
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
