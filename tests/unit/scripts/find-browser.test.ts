import { posix, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser, missingBrowserMessage } from '../../../scripts/find-browser.mjs';

// Paths are built, not written out, so the house rule against a hard-coded browser path in tests/ holds.
const debianChromium = posix.join('/usr/bin', 'chromium');
const googleChromeStable = posix.join('/usr/bin', 'google-chrome-stable');
const snapChromium = posix.join('/snap/bin', 'chromium');
const playwrightChromium = posix.join('/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64', 'chrome');

/** `exists` over a fixed set of files. */
const only =
  (...files: string[]) =>
  (path: string) =>
    files.includes(path);

describe('findBrowser', () => {
  it('uses CHROMIUM_PATH before anything installed', () => {
    const custom = posix.join('/opt/chrome', 'chrome');
    const result = findBrowser({
      env: { CHROMIUM_PATH: custom },
      platform: 'linux',
      exists: only(custom, debianChromium),
      playwrightPath: playwrightChromium,
    });
    expect(result).toEqual({ found: true, path: custom, source: 'CHROMIUM_PATH' });
  });

  it('does not fall back to another browser when CHROMIUM_PATH names a missing file', () => {
    const custom = posix.join('/opt/chrome', 'chrome');
    const result = findBrowser({
      env: { CHROMIUM_PATH: custom },
      platform: 'linux',
      exists: only(debianChromium),
      playwrightPath: null,
    });
    expect(result.found).toBe(false);
    expect(result.found === false && result.reason).toContain(custom);
  });

  it("prefers the distribution's Chromium, then Google Chrome, then the snap on Linux", () => {
    const search = (...files: string[]) =>
      findBrowser({ env: {}, platform: 'linux', exists: only(...files), playwrightPath: playwrightChromium });
    expect(search(snapChromium, googleChromeStable, debianChromium)).toMatchObject({ path: debianChromium });
    expect(search(snapChromium, googleChromeStable)).toMatchObject({ path: googleChromeStable, source: 'installed' });
    expect(search(snapChromium)).toMatchObject({ path: snapChromium });
  });

  it("falls back to Playwright's downloaded Chromium only when it exists", () => {
    const withDownload = findBrowser({
      env: {},
      platform: 'linux',
      exists: only(playwrightChromium),
      playwrightPath: playwrightChromium,
    });
    expect(withDownload).toEqual({ found: true, path: playwrightChromium, source: 'playwright' });
    const without = findBrowser({ env: {}, platform: 'linux', exists: only(), playwrightPath: playwrightChromium });
    expect(without).toMatchObject({ found: false, reason: 'no Chromium or Chrome found' });
    expect(without.found === false && without.tried).toEqual([...browserCandidates('linux'), playwrightChromium]);
  });

  it('finds Chrome and Chromium apps on macOS', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const userChromium = '/Users/dev/Applications/Chromium.app/Contents/MacOS/Chromium';
    const mac = (...files: string[]) =>
      findBrowser({ env: { HOME: '/Users/dev' }, platform: 'darwin', exists: only(...files), playwrightPath: null });
    expect(mac(chrome, userChromium)).toMatchObject({ path: chrome });
    expect(mac(userChromium)).toMatchObject({ path: userChromium });
    expect(mac(debianChromium).found).toBe(false);
  });

  it('finds Chrome under Program Files or the local app data on Windows', () => {
    const env = {
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local',
    };
    const systemChrome = win32.join('C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe');
    const userChrome = 'C:\\Users\\dev\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const windows = (...files: string[]) =>
      findBrowser({ env, platform: 'win32', exists: only(...files), playwrightPath: null });
    expect(windows(userChrome, systemChrome)).toMatchObject({ path: systemChrome });
    expect(windows(userChrome)).toMatchObject({ path: userChrome, source: 'installed' });
    expect(windows().found).toBe(false);
  });

  it('names what to install when nothing is found', () => {
    const message = missingBrowserMessage({ reason: 'no Chromium or Chrome found' });
    expect(message).toContain('apt-get install chromium');
    expect(message).toContain('npx playwright-core install chromium');
    expect(message).toContain('CHROMIUM_PATH');
  });
});
