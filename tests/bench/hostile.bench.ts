/**
 * Peak memory of the built CLI's `status` when Zendesk answers with a 200 MB body: the byte cap per response must
 * end the read as "response too large" with memory near the cap, not near the body (839 MB before the cap).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cleanEnv, ensureBuilt, ROOT } from '../integration/cli/support';
import { sendJson, startHostileServer, streamBody } from '../reliability/hostile-server';
import type { BenchRow } from './types';

const MiB = 1024 * 1024;

export async function run(): Promise<BenchRow[]> {
  ensureBuilt();
  const directory = mkdtempSync(join(tmpdir(), 'sh-bench-hostile-'));
  const server = await startHostileServer((_request, response, url) => {
    if (url.pathname.startsWith('/api/v2/views/')) return streamBody(response, 200 * MiB, { json: true });
    sendJson(response, 404, {});
  });
  try {
    const config = join(directory, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        zendesk: { subdomain: 'acme', email: 'agent@example.com', viewIds: [1], baseUrl: `${server.origin}/api/v2` },
      }),
    );
    // A preload writes the process's own peak RSS when it exits: exact, and no polling of /proc.
    const preload = join(directory, 'max-rss.cjs');
    const report = join(directory, 'max-rss.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    const started = performance.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', preload, BIN, 'status', '--json', '--config', config], {
        cwd: ROOT,
        env: cleanEnv({ SUPPORT_HERO_ZENDESK_TOKEN: 'bench-token' }),
      });
      let text = '';
      // The failure's detail is in the JSON snapshot (sources.zendesk.failure.detail).
      child.stdout.on('data', (chunk) => {
        text += chunk;
      });
      child.stderr.resume();
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, output: text }));
    });
    const elapsed = performance.now() - started;
    const maxRssKiB = Number(readFileSync(report, 'utf8'));
    const refused = code === 3 && /response too large/.test(output);
    return [
      {
        name: 'CLI status vs a 200 MB response: peak RSS',
        value: maxRssKiB / 1024,
        unit: 'MB',
        target: '< 200 MB',
        note: refused ? `exit 3 "response too large" in ${Math.round(elapsed)} ms` : `UNEXPECTED exit ${code}`,
      },
    ];
  } finally {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
