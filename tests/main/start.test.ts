import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('npm start without the Electron binary', () => {
  it('ends with one clear message: what failed, how to fix it, and the CLI; no stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'support-hero-no-electron-'));
    const run = spawnSync(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        // No binary here, a download server that refuses connections, and no cached download.
        ELECTRON_OVERRIDE_DIST_PATH: empty,
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: empty,
        SUPPORT_HERO_ELECTRON_DOWNLOAD_TIMEOUT_MS: '15000',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Support Hero could not start: Electron could not be downloaded');
    expect(run.stderr).toContain('ELECTRON_MIRROR');
    expect(run.stderr).toContain('npx install-electron');
    expect(run.stderr).toContain('npx support-hero status');
    expect(run.stderr).toContain('npx support-hero watch');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.stderr.match(/could not start/g)).toHaveLength(1);
  });
});
