// Finds the Chromium or Chrome the browser tests and benches drive, the way users expect: `CHROMIUM_PATH` first,
// then the usual install locations of the platform, then Playwright's own downloaded browsers. `npm test`
// (scripts/test.mjs) calls `ensureBrowser` to fetch one where none is found; the tests call `findBrowser`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix, win32 } from 'node:path';

/** Where Chromium or Chrome usually lives on `platform`, best first. */
export function browserCandidates(platform, env = {}) {
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA].filter(Boolean);
    return roots.flatMap((root) => [
      win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      win32.join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', env.HOME && posix.join(env.HOME, 'Applications')].filter(Boolean);
    return apps.flatMap((dir) => [
      posix.join(dir, 'Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'),
      posix.join(dir, 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
    ]);
  }
  // Linux and the other Unixes: the distribution packages, Google's packages, then the snap.
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  return [...names.map((name) => posix.join('/usr', 'bin', name)), posix.join('/snap', 'bin', 'chromium')];
}

/**
 * Picks the browser to launch. Pure over its inputs: `env` (for CHROMIUM_PATH and the platform's folders),
 * `platform`, `exists` (is there a file at this path) and `playwrightPath` (playwright-core's own Chromium path,
 * downloaded or not). Returns `{ found: true, path, source }` or `{ found: false, tried, reason }`.
 */
export function findBrowser({ env, platform, exists, playwrightPath }) {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    // A path the user set is never silently replaced by another browser.
    if (exists(explicit)) return { found: true, path: explicit, source: 'CHROMIUM_PATH' };
    return { found: false, tried: [explicit], reason: `CHROMIUM_PATH is set to ${explicit}, which does not exist` };
  }
  const installed = browserCandidates(platform, env);
  const hit = installed.find((path) => exists(path));
  if (hit) return { found: true, path: hit, source: 'installed' };
  if (playwrightPath && exists(playwrightPath)) return { found: true, path: playwrightPath, source: 'playwright' };
  const tried = playwrightPath ? [...installed, playwrightPath] : installed;
  return { found: false, tried, reason: 'no Chromium or Chrome found' };
}

/** playwright-core's path for its own Chromium build (it may not be downloaded), or null without playwright-core. */
export function playwrightChromiumPath() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    return chromium.executablePath() || null;
  } catch {
    return null;
  }
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `findBrowser` over this machine. */
export function findBrowserHere(env = process.env) {
  return findBrowser({ env, platform: process.platform, exists: isFile, playwrightPath: playwrightChromiumPath() });
}

/** What to tell someone who has no browser: one message, with the commands for their system. */
export function missingBrowserMessage(search) {
  return [
    `The browser tests need Chromium or Google Chrome: ${search.reason}.`,
    'Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: Google Chrome or `brew install --cask chromium`;',
    'Windows: Google Chrome; anywhere: `npx playwright-core install chromium`), or set CHROMIUM_PATH to its executable.',
  ].join('\n');
}

function isDebianLike() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function run(command, args) {
  console.log(`== browser: ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

/**
 * Finds a browser, installing one where it can when none is found: Debian's or Ubuntu's `chromium` package when
 * running as root there, otherwise (or if that fails) Playwright's own Chromium. Returns the final search result.
 */
export function ensureBrowser() {
  const first = findBrowserHere();
  if (first.found || process.env.CHROMIUM_PATH) return first;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && root && isDebianLike()) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
    console.log('== browser: none found; installing Debian/Ubuntu package chromium (apt-get)');
    if (apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium'])) {
      const afterApt = findBrowserHere();
      if (afterApt.found) return afterApt;
    }
  }
  console.log("== browser: none found; downloading Playwright's Chromium");
  run('npx', ['playwright-core', 'install', 'chromium']);
  const last = findBrowserHere();
  return last.found ? last : { ...last, reason: `${last.reason}, and installing one did not work` };
}
