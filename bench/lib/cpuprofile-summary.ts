// Summarizes a .cpuprofile: self time per function (top N) and per file.
//   tsx bench/lib/cpuprofile-summary.ts FILE [N]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const profile = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const top = Number(process.argv[3] ?? 40) || 40;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const file = new Map<string, number>();
for (const [id, us] of self) {
  const f = byId.get(id)!.callFrame;
  const short = f.url.replace(/^.*node_modules\//, 'nm/').replace(/^.*wt-perf\//, '');
  const key = `${f.functionName || '(anon)'} ${short}:${f.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  file.set(short || '(native)', (file.get(short || '(native)') ?? 0) + us);
}
const show = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, us]) =>
      console.log(
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`,
      ),
    );
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- functions`);
show(fn, top);
console.log('-- files');
show(file, 25);
