/**
 * The composition root, run whole: createApp over a typed stand-in electron, real stores in a temporary folder
 * and the real runtime on the demo sandbox. What is checked is the wiring: power and network events, quit,
 * start at login, shortcuts, a second instance, and notices through their own channel.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppDeps, SupportHeroApp } from '../../src/main/app/create-app';
import { ONLINE_CHECK_MS } from '../../src/main/app/wake';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import type { Notice } from '../../src/shared/ipc';
import type { Settings } from '../../src/shared/settings';
import { createFakeElectron, type FakeElectron } from './stand-in/electron';

// electron-store is loaded by Node itself, not by Vitest: a module hook maps its `import 'electron'` to an
// empty stand-in (every store is given its folder, so it needs nothing else).
register('./stand-in/electron-hooks.mjs', import.meta.url, {
  data: { standInUrl: new URL('./stand-in/empty-electron.mjs', import.meta.url).href },
});
const { createApp } = await import('../../src/main/app/create-app');

const ROOT = join(import.meta.dirname, '../..');
const PAGE = 'file:///app/out/renderer/index.html';

let userData: string;
let fake: FakeElectron;
let logs: string[];
let running: SupportHeroApp | null = null;

function writeSettings(change: (settings: Settings) => Settings): void {
  writeFileSync(
    join(userData, 'settings.json'),
    JSON.stringify({ settings: change(structuredClone(DEFAULT_SETTINGS)) }),
  );
}

function savedSettings(): Settings {
  return JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).settings;
}

async function start(overrides: Partial<AppDeps> = {}): Promise<SupportHeroApp> {
  running = await createApp(fake.electron, {
    paths: {
      userData,
      resources: join(ROOT, 'resources'),
      preload: join(ROOT, 'out/preload/index.cjs'),
      page: { url: PAGE, file: '/app/out/renderer/index.html' },
    },
    platform: 'linux',
    log: (line) => logs.push(line),
    runtime: { timeZone: () => 'UTC' },
    ...overrides,
  });
  return running;
}

const noticesSent = () => fake.window().webContents.sent.filter((s) => s.channel === 'notice:show');

beforeEach(() => {
  userData = mkdtempSync(join(tmpdir(), 'support-hero-app-'));
  fake = createFakeElectron({ pageUrl: PAGE });
  logs = [];
});

afterEach(async () => {
  vi.useRealTimers();
  const app = running;
  running = null;
  if (app && fake.app.quits === 0) await app.quit();
  rmSync(userData, { recursive: true, force: true });
});

describe('createApp', () => {
  it('builds the tray, the hardened window on the given page and preload, and every IPC handler', async () => {
    const app = await start();
    expect(fake.trays).toHaveLength(1);
    expect(fake.windows).toHaveLength(1);
    expect(fake.window().options.webPreferences).toMatchObject({ preload: join(ROOT, 'out/preload/index.cjs') });
    expect(fake.window().loaded).toEqual({ file: '/app/out/renderer/index.html' });
    expect(await fake.invoke('settings:get')).toMatchObject({ demo: true, encryptionAvailable: true });
    expect(app.runtime.demo).toBe(true);
  });

  it('polls again when the machine resumes or the screen is unlocked', async () => {
    const app = await start();
    const wake = vi.spyOn(app.runtime.engine, 'wake');
    fake.powerMonitor.emit('resume');
    expect(wake).toHaveBeenCalledTimes(1);
    fake.powerMonitor.emit('unlock-screen');
    expect(wake).toHaveBeenCalledTimes(2);
  });

  it('polls again when the network comes back (read every 30 s), once per return', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    fake.net.online = false;
    const app = await start();
    const wake = vi.spyOn(app.runtime.engine, 'wake');
    vi.advanceTimersByTime(ONLINE_CHECK_MS);
    expect(wake).not.toHaveBeenCalled();
    fake.net.online = true;
    vi.advanceTimersByTime(ONLINE_CHECK_MS - 1);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3 * ONLINE_CHECK_MS);
    expect(wake).toHaveBeenCalledTimes(1);
    fake.net.online = false;
    vi.advanceTimersByTime(ONLINE_CHECK_MS);
    fake.net.online = true;
    vi.advanceTimersByTime(ONLINE_CHECK_MS);
    expect(wake).toHaveBeenCalledTimes(2);
  });

  it('quits from the tray: stops the runtime, then removes the tray and quits once; nothing polls after', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    fake.net.online = false;
    const app = await start();
    const stop = vi.spyOn(app.runtime, 'stop');
    const pollNow = vi.spyOn(app.runtime.engine, 'pollNow');
    fake.tray().click('Quit Support Hero');
    // Held back while the runtime stops.
    expect(stop).toHaveBeenCalledTimes(1);
    expect(fake.app.quits).toBe(0);
    expect(fake.tray().destroyed).toBe(false);
    // A second quit request while stopping does not start the sequence again.
    fake.app.quit();
    await app.quit();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(fake.tray().destroyed).toBe(true);
    expect(fake.app.quits).toBe(1);
    expect(app.runtime.sandbox).toBeNull();

    fake.powerMonitor.emit('resume');
    fake.net.online = true;
    vi.advanceTimersByTime(2 * ONLINE_CHECK_MS);
    app.runtime.engine.wake();
    expect(pollNow).not.toHaveBeenCalled();
    expect(fake.handlers.size).toBe(0);
  });

  it('still quits when stopping the runtime fails, and says why', async () => {
    const app = await start();
    vi.spyOn(app.runtime, 'stop').mockRejectedValueOnce(new Error('disk gone'));
    await app.quit();
    expect(fake.app.quits).toBe(1);
    expect(fake.tray().destroyed).toBe(true);
    expect(logs).toContain('Stopping: disk gone');
    await app.runtime.stop();
  });

  it('turns start at login on from the tray menu: the OS login item, the saved settings, the menu and the window', async () => {
    await start();
    expect(fake.app.loginItems).toEqual([{ openAtLogin: false }]);
    fake.tray().click('Start at login');
    expect(fake.app.loginItems.at(-1)).toEqual({ openAtLogin: true });
    expect(savedSettings().app.startAtLogin).toBe(true);
    expect(fake.tray().menu.find((item) => item.label === 'Start at login')?.checked).toBe(true);
    const pushed = fake.window().webContents.sent.filter((s) => s.channel === 'settings:changed');
    expect(pushed.at(-1)?.payload).toMatchObject({ settings: { app: { startAtLogin: true } } });
    fake.tray().click('Start at login');
    expect(fake.app.loginItems.at(-1)).toEqual({ openAtLogin: false });
    expect(savedSettings().app.startAtLogin).toBe(false);
  });

  it('keeps going when the OS refuses the login item: logged, saved, and the shortcut still registered', async () => {
    writeSettings((s) => ({ ...s, app: { ...s.app, shortcut: 'CommandOrControl+Shift+H' } }));
    fake.app.loginItemError = new Error('not allowed');
    await start();
    expect(logs).toContain('Start at login could not be set: not allowed');
    expect(fake.shortcuts.has('CommandOrControl+Shift+H')).toBe(true);
    fake.tray().click('Start at login');
    expect(savedSettings().app.startAtLogin).toBe(true);
    expect(fake.tray().menu.find((item) => item.label === 'Start at login')?.checked).toBe(true);
  });

  it('opens the queue beside the tray from the global shortcut; a taken or invalid one is logged', async () => {
    writeSettings((s) => ({ ...s, app: { ...s.app, shortcut: 'CommandOrControl+Shift+H' } }));
    await start();
    fake.shortcuts.get('CommandOrControl+Shift+H')?.();
    expect(fake.window().visible).toBe(true);
    expect(fake.window().position).not.toBeNull();
    expect(fake.window().webContents.sent.at(-1)).toEqual({ channel: 'view:show', payload: 'queue' });

    fake.globalShortcut.taken.add('CommandOrControl+Shift+J');
    const taken = { ...savedSettings(), app: { ...savedSettings().app, shortcut: 'CommandOrControl+Shift+J' } };
    expect(await fake.invoke('settings:save', { settings: taken })).toMatchObject({ ok: true });
    expect(logs).toContain('Shortcut CommandOrControl+Shift+J is taken');
    expect(fake.shortcuts.size).toBe(0);
  });

  it('logs a shortcut that is not an accelerator and starts anyway', async () => {
    writeSettings((s) => ({ ...s, app: { ...s.app, shortcut: 'Ctrl+Ä' } }));
    await start();
    expect(logs).toContain('Shortcut Ctrl+Ä is not a valid accelerator');
    expect(fake.trays).toHaveLength(1);
  });

  it('shows the window when a second instance starts', async () => {
    await start();
    expect(fake.window().visible).toBe(false);
    fake.app.emit('second-instance');
    expect(fake.window().visible).toBe(true);
    expect(fake.window().webContents.sent.at(-1)).toEqual({ channel: 'view:show', payload: 'queue' });
  });

  it('toggles the window from a tray click and hides it on request', async () => {
    await start();
    fake.tray().emit('click');
    expect(fake.window().visible).toBe(true);
    fake.tray().emit('click');
    expect(fake.window().visible).toBe(false);
  });

  it('tells about a settings file kept aside through the notice channel, not as an alert', async () => {
    writeFileSync(join(userData, 'settings.json'), '{ not json');
    const app = await start();
    const expected = {
      id: 'settings',
      level: 'warning',
      title: 'Support Hero settings',
      body: expect.stringMatching(/could not be read, so it was kept as settings\.corrupt-.*\.json/),
    };
    expect(fake.notifications.filter((n) => n.title === 'Support Hero settings')).toHaveLength(1);
    expect(await fake.invoke('notices:get')).toEqual([expected]);
    expect(app.notices.list()).toEqual([expected]);
    // Not an alert: the ledger never heard of it.
    const ledger = readFileSync(join(userData, 'ledger.json'), 'utf8');
    expect(ledger).not.toContain('settings');
    expect(ledger).not.toContain('Support Hero settings');
    // The settings page still carries it until the next save.
    expect(await fake.invoke('settings:get')).toMatchObject({ notice: expected.body });

    await fake.invoke('notice:dismiss', { id: 'settings' });
    expect(await fake.invoke('notices:get')).toEqual([]);
  });

  it('says a demo ticket has no Zendesk page, natively and in the window, and opens nothing', async () => {
    const asked: string[] = [];
    const app = await start({ onOpenLink: (url) => asked.push(url) });
    const snapshot = await app.runtime.engine.pollNow();
    const demoTicket = snapshot.queue.find((entry) => entry.ticket.moderationUrl === null);
    expect(demoTicket).toBeDefined();
    await fake.invoke('ticket:open', { ticketId: demoTicket!.ticket.id, target: 'ticket' });
    expect(asked).toEqual([demoTicket!.ticket.url]);
    expect(fake.opened).toEqual([]);
    expect(fake.notifications.filter((n) => n.title === 'Demo ticket')).toHaveLength(1);
    expect(noticesSent().map((s) => (s.payload as Notice).id)).toEqual(['demo-ticket']);
    expect(JSON.stringify(app.runtime.alerts)).not.toContain('Demo ticket');
  });

  it('tells once, natively and in the window, when the alert record cannot be written', async () => {
    const app = await start();
    // A folder where the ledger file was: every write of it now fails (even for root).
    rmSync(join(userData, 'ledger.json'), { force: true });
    mkdirSync(join(userData, 'ledger.json', 'blocker'), { recursive: true });
    await fake.invoke('notifications:pause', { for: 'hour' }).catch(() => {});
    await fake.invoke('notifications:pause', { for: 'resume' }).catch(() => {});
    const unwritable = noticesSent().filter((s) => (s.payload as Notice).id === 'ledger-unwritable');
    expect(unwritable).toHaveLength(1);
    expect(unwritable[0]?.payload).toMatchObject({ level: 'error', title: 'Alerts cannot be recorded' });
    expect(fake.notifications.filter((n) => n.title === 'Alerts cannot be recorded')).toHaveLength(1);
    expect(app.notices.list().map((n) => n.id)).toContain('ledger-unwritable');
  });
});
