/**
 * The machine's Chromium or Chrome (found by scripts/find-browser.mjs: CHROMIUM_PATH, the usual install locations,
 * then Playwright's own download) through playwright-core, headless, with a fresh profile per launch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { findBrowserHere, missingBrowserMessage } from '../../../scripts/find-browser.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** The browser to launch; `npm test` installs one first where it can, a direct Vitest run only looks. */
export function browserExecutable(): string {
  const search = findBrowserHere();
  if (!search.found) throw new Error(missingBrowserMessage(search));
  return search.path;
}

/** Launches Chromium with a 400 x 600 window (the queue window's size). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = browserExecutable();
  const profile = await mkdtemp(join(tmpdir(), 'support-hero-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 400, height: 600 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
