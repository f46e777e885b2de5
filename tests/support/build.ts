/**
 * The one way tests get the built app: `electron-vite build` (main, CLI, preload, renderer) when anything in out/
 * is missing or older than the sources. The suite's global setup calls it once before any test file runs, so
 * test files running in parallel never rebuild out/ underneath each other; their own calls are then no-ops.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const OUT = {
  main: join(ROOT, 'out/main/index.js'),
  cli: join(ROOT, 'out/main/cli.js'),
  preload: join(ROOT, 'out/preload/index.cjs'),
  renderer: join(ROOT, 'out/renderer'),
};

function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

/** Whether any built file is missing or older than the sources and the build config. */
export function buildIsStale(): boolean {
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'electron.vite.config.ts')));
  const built = [OUT.main, OUT.cli, OUT.preload, join(OUT.renderer, 'index.html')].map(
    (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0,
  );
  return Math.min(...built) < sources;
}

/** Builds the app unless the build is current. Throws with the build's output when it fails. */
export function ensureBuilt(): void {
  if (!buildIsStale()) return;
  try {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`electron-vite build failed:\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`);
  }
}
