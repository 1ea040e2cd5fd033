// Shared plumbing for the benchmarks: flags, a plain-text table, the JSON summary under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

export function hasFlag(name: string, argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes(`--${name}`);
}

export function flagValue(name: string, argv: readonly string[] = process.argv.slice(2)): string | null {
  const prefix = `--${name}=`;
  const hit = argv.find((arg) => arg.startsWith(prefix));
  return hit === undefined ? null : hit.slice(prefix.length);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function fmtInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : String(value);
}

export function fmtRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : String(value);
}

export function fmtSeconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : String(ms);
}

/** A left-aligned first column, right-aligned others, a rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function machine(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    cpuShareWhenWritten: Math.round(cpuShare(200) * 100) / 100,
  };
}

/**
 * Share of one core this process actually gets right now: CPU time over wall time of a short busy loop.
 * About 1.0 on an idle machine; well below it when other processes compete for the cores.
 */
export function cpuShare(ms = 300): number {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let x = 0;
  while (performance.now() - t0 < ms) x += Math.sqrt(x + 1);
  const cpu = process.cpuUsage(cpu0);
  return x >= 0 ? (cpu.user + cpu.system) / 1000 / (performance.now() - t0) : 0;
}

/**
 * One line about how busy the machine is: timings from a shared machine are only comparable within one run,
 * and a load above the core count means the numbers include waiting for a core.
 */
export function loadLine(): string {
  const [one, five] = os.loadavg();
  const cpus = os.cpus().length;
  const share = cpuShare();
  const busy =
    (one ?? 0) > cpus || share < 0.8
      ? ' (BUSY: other processes compete for the cores; expect noisy numbers)'
      : '';
  return (
    `machine: ${cpus} cores, load average ${(one ?? 0).toFixed(2)} (1 min) ${(five ?? 0).toFixed(2)} (5 min), ` +
    `this process gets ${(share * 100).toFixed(0)}% of a core${busy}`
  );
}

/** Writes bench/results/<name>.json and returns its path. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
