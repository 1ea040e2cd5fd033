// Runs one source's sync and relink in this process, as the full lane does, for `node --cpu-prof`:
//   VOUCH_DATA_DIR=... VOUCH_MASTER_KEY=... node --cpu-prof --import tsx bench/lib/profile-sync.ts SOURCE
// Prints the wall and CPU time of the sync and of the relink.
import { openEngineCore } from '../../src-main/engine/engine-core.ts';
import { LinkingService } from '../../src-main/engine/linking/linking-service.ts';
import { runSourceSync } from '../../src-main/engine/sync/run-source-sync.ts';
import { connectorFor } from '../../src-main/engine/connectors/registry.ts';

const name = process.argv[2] ?? 'okta';
const core = openEngineCore(process.env.VOUCH_DATA_DIR ?? '', process.env);
for (const source of core.sources.list()) await connectorFor(source.kind).preload?.();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = performance.now();
let c = cpu();
const outcome = await runSourceSync({
  store: core.store,
  sources: core.sources,
  sourceName: name,
  jobId: null,
  guard: { assertHeld: () => {} },
  signal: new AbortController().signal,
});
const rows = outcome.datasets.reduce((s, d) => s + d.rows, 0);
console.log(
  `sync ${outcome.status}: ${rows} rows, ${(performance.now() - t).toFixed(0)} ms wall, ${(cpu() - c).toFixed(0)} ms CPU (${(((cpu() - c) * 1000) / rows).toFixed(1)} µs/row)`,
);
t = performance.now();
c = cpu();
new LinkingService(core.store).relink();
console.log(`relink: ${(performance.now() - t).toFixed(0)} ms wall, ${(cpu() - c).toFixed(0)} ms CPU`);
console.log(`maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
core.close();
