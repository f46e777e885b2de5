/** CLI cold start: the built bin as a fresh process, `--help` and a demo `status --json` (which polls the sandbox). */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BIN, cleanEnv, ensureBuilt, ROOT } from '../integration/cli/support';
import type { BenchRow } from './types';

const RUNS = 5;

function medianMs(args: string[]): { ms: number; ok: boolean } {
  const times: number[] = [];
  let ok = true;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv({}), encoding: 'utf8' });
    times.push(performance.now() - started);
    ok &&= result.status === 0;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)]!, ok };
}

export async function run(): Promise<BenchRow[]> {
  ensureBuilt();
  const help = medianMs(['--help']);
  const status = medianMs(['status', '--json']);
  return [
    {
      name: 'CLI cold start: --help',
      value: help.ms,
      unit: 'ms',
      target: '< 300 ms',
      note: help.ok ? `median of ${RUNS}` : 'FAILED',
    },
    {
      name: 'CLI cold start: status --json (demo)',
      value: status.ms,
      unit: 'ms',
      target: '< 1000 ms',
      note: status.ok ? `median of ${RUNS}; starts the sandbox and polls it` : 'FAILED',
    },
  ];
}
