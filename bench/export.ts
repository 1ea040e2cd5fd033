// Export throughput and memory: rows/s and peak RSS of every export format, each measured in a fresh child
// process (so peaks don't mix), against a baseline child that only reads and verifies the artifact's rows.
// The rows are shaped like Okta users (13 columns: ids, emails, names, statuses, 7 ISO timestamps, a boolean,
// a number).
//
//   npm run bench:export               1M rows for CSV, XLSX and JSON; 100k rows for PDF
//   npm run bench:export -- --quick    100k rows (CSV, XLSX, JSON); 20k rows for PDF
//   npm run bench:export -- --only=pdf only the PDF case (and its read baseline)
//
// Target: peak RSS under 300 MB for every format, and memory flat as rows grow (RSS at the end of the export
// close to RSS a quarter of the way through).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getArtifact, readArtifactRows } from '../src-main/engine/evidence/artifact-reader.ts';
import { exportArtifact, isExportFormat } from '../src-main/engine/exports/export-artifact.ts';
import { openStore } from '../src-main/engine/store/db.ts';
import { worldUserRow, writeOktaUsersArtifact } from '../test/integration/export-fixtures.ts';
import {
  flagValue,
  fmtInt,
  fmtRatio,
  fmtSeconds,
  hasFlag,
  machine,
  table,
  writeResult,
} from './lib/report.ts';

const quick = hasFlag('quick');
const only = flagValue('only');
const BIG = quick ? 100_000 : 1_000_000;
const PDF_ROWS = quick ? 20_000 : 100_000;
const TARGET_MB = 300;
const MB = 1024 * 1024;

interface ChildResult {
  task: string;
  rows: number;
  ms: number;
  /** Peak resident set size of the whole child process (getrusage), MB. */
  peakRssMb: number;
  /** RSS once the modules are loaded and the store is open, before any row is read, MB. */
  startRssMb: number;
  /** RSS sampled when a quarter of the rows were done, and at the end, MB. */
  quarterRssMb: number;
  endRssMb: number;
  /** Live heap after a full GC at a quarter of the rows and at the end, MB: flat means nothing accumulates. */
  quarterLiveHeapMb: number;
  endLiveHeapMb: number;
  outBytes: number;
}

// ------------------------------------------------------------------------------------------- the child

async function runChild(dataDir: string, artifactId: string, task: string): Promise<void> {
  const store = openStore(dataDir);
  const artifact = getArtifact(store, artifactId);
  const rssMb = () => process.memoryUsage.rss() / MB;
  // The child runs with --expose-gc: two full collections, so the live heap can be told from garbage.
  const liveHeapMb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / MB;
  };
  const startRssMb = rssMb();
  let quarterRssMb = Number.NaN;
  let quarterLiveHeapMb = Number.NaN;
  let endLiveHeapMb = Number.NaN;
  const quarter = Math.floor(artifact.rowCount / 4);
  const onProgress = (rows: number) => {
    if (Number.isNaN(quarterRssMb) && rows >= quarter) {
      quarterRssMb = rssMb();
      quarterLiveHeapMb = liveHeapMb();
    }
    // Exporters report once more when every row is written, before their streams close.
    if (rows === artifact.rowCount) endLiveHeapMb = liveHeapMb();
  };
  const out = path.join(dataDir, `export.${task}`);
  const started = performance.now();
  let rows = 0;
  if (task === 'read') {
    for await (const _row of readArtifactRows(artifact)) {
      rows++;
      if (rows % 5_000 === 0 && rows < artifact.rowCount) onProgress(rows);
    }
    onProgress(rows);
  } else if (isExportFormat(task)) {
    rows = await exportArtifact(artifact, task, out, { onProgress });
  } else {
    throw new Error(`unknown task ${task}`);
  }
  const ms = performance.now() - started;
  const result: ChildResult = {
    task,
    rows,
    ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb,
    quarterRssMb,
    endRssMb: rssMb(),
    quarterLiveHeapMb,
    endLiveHeapMb,
    outBytes: task === 'read' ? 0 : statSync(out).size,
  };
  rmSync(out, { force: true });
  store.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measureInChild(dataDir: string, artifactId: string, task: string): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    script,
    '--child',
    `--data-dir=${dataDir}`,
    `--artifact=${artifactId}`,
    `--task=${task}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{'))
        reject(new Error(`${task} child exited with ${code}: ${stdout}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

// ------------------------------------------------------------------------------------------ the parent

const signedMb = (mb: number) => `${mb < 0 ? '-' : '+'}${Math.abs(mb).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-export-'));
  try {
    console.log(
      `export bench${quick ? ' (--quick)' : ''}: writing artifacts of ${only === 'pdf' ? '' : `${fmtInt(BIG)} and `}${fmtInt(PDF_ROWS)} Okta-like users ...`,
    );
    const store = openStore(dataDir);
    const big = only === 'pdf' ? null : await writeOktaUsersArtifact(store, BIG);
    const small = await writeOktaUsersArtifact(store, PDF_ROWS, { provenance: { syncRunId: 43 } });
    // The same population with display names in twelve scripts: every embedded font is loaded and used.
    const world = await writeOktaUsersArtifact(store, PDF_ROWS, {
      provenance: { syncRunId: 44 },
      row: worldUserRow,
    });
    store.close();

    // [task, artifact, label in the table]
    const plan: [string, string, string][] = [
      ...(big
        ? ([
            ['read', big.id, 'read'],
            ['csv', big.id, 'csv'],
            ['json', big.id, 'json'],
            ['xlsx', big.id, 'xlsx'],
          ] as [string, string, string][])
        : []),
      ['read', small.id, 'read'],
      ['pdf', small.id, 'pdf'],
      ['pdf', world.id, 'pdf, 12 scripts'],
    ];
    const results: ChildResult[] = [];
    for (const [task, id, label] of plan) {
      process.stdout.write(`  ${label} (${fmtInt(id === big?.id ? BIG : PDF_ROWS)} rows) ... `);
      const result = await measureInChild(dataDir, id, task);
      results.push({ ...result, task: label });
      console.log(`${fmtSeconds(result.ms)}, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
    }

    const baselineFor = (rows: number) =>
      results.find((r) => r.task === 'read' && r.rows === rows) as ChildResult;
    const rowsPerSecond = (r: ChildResult) => r.rows / (r.ms / 1000);
    console.log(
      '\nThroughput and memory, each in a fresh process (baseline: a process that only reads the rows)\n',
    );
    console.log(
      table(
        [
          'task',
          'rows',
          'time',
          'rows/s',
          'vs read',
          'peak RSS',
          'vs read',
          'RSS @25%',
          'RSS @end',
          'live heap @25% → @end',
          'output',
          'peak < 300 MB',
        ],
        results.map((r) => {
          const base = baselineFor(r.rows);
          return [
            r.task,
            fmtInt(r.rows),
            fmtSeconds(r.ms),
            fmtInt(rowsPerSecond(r)),
            r.task === 'read' ? '-' : fmtRatio(rowsPerSecond(r) / rowsPerSecond(base)),
            `${r.peakRssMb.toFixed(0)} MB`,
            r.task === 'read' ? '-' : signedMb(r.peakRssMb - base.peakRssMb),
            `${r.quarterRssMb.toFixed(0)} MB`,
            `${r.endRssMb.toFixed(0)} MB`,
            `${r.quarterLiveHeapMb.toFixed(0)} → ${r.endLiveHeapMb.toFixed(0)} MB`,
            r.outBytes ? `${(r.outBytes / MB).toFixed(1)} MB` : '-',
            r.peakRssMb < TARGET_MB ? 'yes' : 'NO',
          ];
        }),
      ),
    );
    const worst = Math.max(...results.map((r) => r.peakRssMb));
    console.log(
      `\nWorst peak RSS ${worst.toFixed(0)} MB: ${worst < TARGET_MB ? 'within' : 'OVER'} the ${TARGET_MB} MB target.`,
    );
    const file = writeResult(`export${only ? `-${only}` : ''}${quick ? '-quick' : ''}`, {
      bench: 'export',
      quick,
      startedAt: new Date().toISOString(),
      machine: machine(),
      rows: { csvXlsxJson: BIG, pdf: PDF_ROWS },
      targetPeakRssMb: TARGET_MB,
      results,
    });
    console.log(`Results: ${path.relative(process.cwd(), file)}`);
    if (worst >= TARGET_MB) process.exitCode = 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (hasFlag('child')) {
  await runChild(
    flagValue('data-dir') as string,
    flagValue('artifact') as string,
    flagValue('task') as string,
  );
} else {
  await main();
}
