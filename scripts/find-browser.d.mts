/** Types for find-browser.mjs, which plain Node runs from scripts/test.mjs and the tests import. */
export type BrowserSource = 'CHROMIUM_PATH' | 'installed' | 'playwright';
export type BrowserSearch =
  | { found: true; path: string; source: BrowserSource }
  | { found: false; tried: string[]; reason: string };
export type Env = Record<string, string | undefined>;

export function browserCandidates(platform: NodeJS.Platform, env?: Env): string[];
export function findBrowser(inputs: {
  env: Env;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
  playwrightPath: string | null;
}): BrowserSearch;
export function playwrightChromiumPath(): string | null;
export function findBrowserHere(env?: Env): BrowserSearch;
export function missingBrowserMessage(search: { reason: string }): string;
export function ensureBrowser(): BrowserSearch;
