/**
 * Builds the renderer when out/renderer is missing or older than its sources. Only the renderer: the same
 * settings electron-vite uses for it (root src/renderer, relative base, React plugin), so a main process that
 * another engineer is midway through editing cannot stop the page from building.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const RENDERER_OUT = join(ROOT, 'out/renderer');

function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

/** Whether the built page is missing or older than any renderer or shared source. */
export function rendererIsStale(): boolean {
  const built = statSync(join(RENDERER_OUT, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(newest(join(ROOT, 'src/renderer')), newest(join(ROOT, 'src/shared')));
  return built < sources;
}

/** Builds out/renderer if needed; returns its directory. */
export async function ensureRendererBuilt(): Promise<string> {
  if (!rendererIsStale()) return RENDERER_OUT;
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await build({
    configFile: false,
    root: join(ROOT, 'src/renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: RENDERER_OUT, emptyOutDir: true, rollupOptions: { input: join(ROOT, 'src/renderer/index.html') } },
  });
  return RENDERER_OUT;
}
