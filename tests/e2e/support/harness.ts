/** One built page, one local server and one Chromium per test file; a fresh runtime and page per test. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoScenario, type Sandbox, startSandbox } from '../../../src/main/sources/sandbox';
import { startTestBridge, type TestBridge } from './bridge';
import { type Browser, launchBrowser } from './browser';
import { ensureRendererBuilt, ROOT } from './build';
import { type StaticServer, serveDirectory } from './server';

/**
 * Every run saves its screenshots under test-results/ to look at; `UPDATE_SCREENSHOTS=1` writes the README's set
 * in docs/screenshots instead, so an ordinary test run leaves the work tree clean.
 */
export const SCREENSHOTS = join(
  ROOT,
  process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots',
);

export interface Harness {
  start(): Promise<void>;
  /**
   * A page on the built app over a fresh runtime: in demo mode, or with `accounts` connected to a sandbox of the
   * demo's world started for it (the app is then not in demo mode, so its links are real).
   */
  open(options?: {
    colorScheme?: 'light' | 'dark';
    accounts?: boolean;
    /** With `accounts`: changes that sandbox's world before the app first reads it. */
    prepare?: (sandbox: Sandbox) => void;
  }): Promise<{ page: Page; bridge: TestBridge; dialogs: string[] }>;
  /** Saves <name>.png in SCREENSHOTS. */
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export function createHarness(): Harness {
  let server: StaticServer | null = null;
  let browser: Browser | null = null;
  const opened: { page: Page; bridge: TestBridge; sandbox: Sandbox | null }[] = [];
  return {
    async start() {
      const dir = await ensureRendererBuilt();
      server = await serveDirectory(dir);
      browser = await launchBrowser();
      mkdirSync(SCREENSHOTS, { recursive: true });
    },
    async open(options = {}) {
      if (!server || !browser) throw new Error('harness not started');
      const pageUrl = `${server.url}index.html`;
      const sandbox = options.accounts
        ? await startSandbox({ scenario: { ...demoScenario(), anchorMs: Date.now() } })
        : null;
      if (sandbox) options.prepare?.(sandbox);
      const bridge = await startTestBridge(pageUrl, sandbox);
      const page = await browser.context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
      await bridge.attach(page);
      await page.goto(pageUrl);
      opened.push({ page, bridge, sandbox });
      return { page, bridge, dialogs };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    },
    async stop() {
      for (const { page, bridge, sandbox } of opened) {
        await page.close().catch(() => {});
        await bridge.stop();
        await sandbox?.close();
      }
      await browser?.close();
      await server?.close();
    },
  };
}
