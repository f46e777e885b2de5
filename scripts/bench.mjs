#!/usr/bin/env node
// `npm run bench`: runs every tests/bench/*.bench.ts (each exports `run(): Promise<BenchRow[]>`) and prints
// one table. Benchmarks measure; they never fail a build (speed is not asserted by tests).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';

const only = process.argv.slice(2);
const files = readdirSync('tests/bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows = [];
for (const file of files) {
  // Each bench runs in its own process so one's heap and JIT state cannot colour another's figures.
  const run = spawnSync(
    'npx',
    [
      'tsx',
      '-e',
      `import('./tests/bench/${file}').then((m) => m.run()).then((r) => console.log('@@ROWS ' + JSON.stringify(r)))`,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('@@ROWS '));
  if (!line) {
    console.error(`bench ${file} failed:\n${run.stderr || run.stdout}`);
    rows.push({ bench: file, name: '(failed)', value: '', unit: '', target: '', note: 'see stderr' });
    continue;
  }
  for (const row of JSON.parse(line.slice('@@ROWS '.length)))
    rows.push({ bench: file.replace('.bench.ts', ''), ...row });
}

const header = ['bench', 'name', 'value', 'unit', 'target', 'note'];
const cells = rows.map((r) =>
  header.map((h) => (r[h] === undefined ? '' : typeof r[h] === 'number' ? formatNumber(r[h]) : String(r[h]))),
);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
console.log(
  `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const c of cells) console.log(line(c));

function formatNumber(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);
}
