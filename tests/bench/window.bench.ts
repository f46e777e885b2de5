/**
 * What the window costs to open: the size of the built renderer bundle (every JS and CSS file in out/renderer, raw
 * and gzipped), and the time to first paint of the built page in Chromium, served over local HTTP with the e2e test
 * bridge (the real runtime on the demo sandbox). First paint is the browser's own first-contentful-paint entry,
 * measured from navigation start, with the HTTP cache off so every run loads the whole bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestBridge } from '../e2e/support/bridge';
import { launchBrowser } from '../e2e/support/browser';
import { ensureRendererBuilt } from '../e2e/support/build';
import { serveDirectory } from '../e2e/support/server';
import type { BenchRow } from './types';

const PAINT_RUNS = 7;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Bytes of the page's scripts and styles, as shipped and as gzip (default level) would send them. */
export function bundleSize(dir: string): { raw: number; gzip: number; files: number } {
  const assets = filesUnder(dir).filter((file) => ['.js', '.css'].includes(extname(file)));
  let raw = 0;
  let gzip = 0;
  for (const file of assets) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip, files: assets.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Opens the built window `PAINT_RUNS` times, each on a fresh page and runtime; returns each first-contentful-paint. */
async function firstPaints(dir: string): Promise<number[]> {
  const server = await serveDirectory(dir);
  const browser = await launchBrowser();
  const pageUrl = `${server.url}index.html`;
  const paints: number[] = [];
  try {
    for (let run = 0; run < PAINT_RUNS; run++) {
      const bridge = await startTestBridge(pageUrl);
      const page = await browser.context.newPage();
      try {
        const cdp = await browser.context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await bridge.attach(page);
        await page.goto(pageUrl);
        const handle = await page.waitForFunction(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          undefined,
          { timeout: 10_000 },
        );
        paints.push(Number(await handle.jsonValue()));
      } finally {
        await page.close();
        await bridge.stop();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return paints;
}

/** Runs the measurement; rows for `npm run bench`. */
export async function run(): Promise<BenchRow[]> {
  const dir = await ensureRendererBuilt();
  const size = bundleSize(dir);
  const paints = await firstPaints(dir);
  return [
    {
      name: 'renderer bundle, JS + CSS',
      value: Math.round(size.raw / 1024),
      unit: 'KiB',
      note: `${size.raw} bytes in ${size.files} files`,
    },
    {
      name: 'renderer bundle, JS + CSS, gzip',
      value: Math.round(size.gzip / 1024),
      unit: 'KiB',
      note: `${size.gzip} bytes; zlib default level`,
    },
    {
      name: 'window: time to first paint',
      value: median(paints),
      unit: 'ms',
      note: `first-contentful-paint, median of ${PAINT_RUNS}; Chromium, 400x600, local HTTP, cache off; min ${Math.min(...paints).toFixed(1)}, max ${Math.max(...paints).toFixed(1)}`,
    },
  ];
}
