/**
 * Runs the BUILT main process (out/main/index.js) in plain Node with a stand-in `electron` module and checks what
 * it did: tray, window, IPC handlers, polling the demo sandbox over real HTTP, and the demo turn's notification.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { INVOKE_CHANNELS } from '../../src/shared/ipc';
import { ensureBuilt } from '../support/build';

const root = join(import.meta.dirname, '../..');
const built = join(root, 'out/main/index.js');

type Report = { event: string; [key: string]: unknown };
const reports: Report[] = [];
let child: ChildProcess | null = null;

/** Waits until a report matches (the app polls the sandbox and notifies on its own schedule, in seconds). */
function waitFor(predicate: (r: Report) => boolean): Promise<Report> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = reports.find(predicate);
      if (found) return resolve(found);
      if (child?.exitCode !== null) return reject(new Error(`the app exited: ${JSON.stringify(reports.slice(-5))}`));
      setTimeout(check, 50);
    };
    check();
  });
}

beforeAll(() => {
  ensureBuilt();
  const userData = mkdtempSync(join(tmpdir(), 'support-hero-smoke-'));
  // Quiet hours would hold the demo's heads-up until morning; the smoke test runs at any hour.
  const settings = {
    ...DEFAULT_SETTINGS,
    notifications: { ...DEFAULT_SETTINGS.notifications, quietOutsideWorkingHours: false },
  };
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ settings }));
  child = spawn(process.execPath, ['--import', './tests/main/stand-in/register.mjs', built], {
    cwd: root,
    env: { ...process.env, SMOKE_USER_DATA: userData, SMOKE_APP_PATH: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('SMOKE ')) reports.push(JSON.parse(line.slice(6)));
  });
}, 120_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('built app in Node with a stand-in electron', () => {
  it('creates the tray with an icon file that exists', async () => {
    const tray = await waitFor((r) => r.event === 'tray');
    expect(tray.exists).toBe(true);
    expect(String(tray.icon)).toMatch(/resources[/\\]tray[/\\]off_duty\.png$/);
  });

  it('creates the window with the built preload, hardened', async () => {
    const window = await waitFor((r) => r.event === 'window');
    expect(window.preload).toBe(join(root, 'out/preload/index.cjs'));
    expect(window.preloadExists).toBe(true);
    expect(window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const load = await waitFor((r) => r.event === 'load-file');
    expect(load).toMatchObject({ file: join(root, 'out/renderer/index.html'), exists: true });
    await waitFor((r) => r.event === 'window-open-handler');
    await waitFor((r) => r.event === 'permission-request-handler');
  });

  it('registers an IPC handler for every channel of the contract', async () => {
    await waitFor((r) => r.event === 'ipc-handle' && r.channel === INVOKE_CHANNELS.at(-1));
    const channels = reports.filter((r) => r.event === 'ipc-handle').map((r) => r.channel);
    expect([...channels].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('polls the demo sandbox over HTTP and pushes the snapshot to the window and tray', async () => {
    const pushed = await waitFor((r) => r.event === 'send' && r.channel === 'snapshot:changed');
    expect(pushed).toMatchObject({ demo: true, zendesk: 'fresh', pagerduty: 'fresh' });
    expect(pushed.queue).toBeGreaterThan(0);
    const menu = await waitFor((r) => r.event === 'tray-menu' && (r.labels as string[]).some((l) => l.startsWith('#')));
    expect((menu.labels as string[])[0]).toMatch(/^Demo · Next turn/);
  }, 30_000);

  it("notifies about the demo scenario's coming turn", async () => {
    const notification = await waitFor((r) => r.event === 'notification' && /turn/i.test(String(r.title)));
    expect(String(notification.body).length).toBeGreaterThan(0);
  }, 30_000);
});
