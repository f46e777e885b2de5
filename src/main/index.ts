/**
 * The Electron composition root: wires settings, secrets, the runtime (the same core the CLI runs), the tray,
 * notifications, the queue window and IPC. Every decision lives in the core or in a tested adapter.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as electron from 'electron';
import type { Snapshot } from '../shared/domain';
import type { PauseRequest, SettingsView } from '../shared/ipc';
import type { Settings } from '../shared/settings';
import { ticketLink } from './core/snapshot';
import { registerHandlers } from './electron/handlers';
import { IpcBridge } from './electron/ipc';
import { createLinkOpener } from './electron/links';
import { electronNotificationFactory, NativeNotifier } from './electron/notifications';
import type { RuntimePort } from './electron/runtime-port';
import { SecretVault } from './electron/secrets';
import { openKeyValueStore, SettingsStore } from './electron/settings-store';
import { electronTrayFactory, popoverPosition, SystemTray } from './electron/tray';
import { createQueueWindow, DEFAULT_WINDOW_SIZE } from './electron/windows';
import { startRuntime } from './runtime';

const { app, globalShortcut, ipcMain, net, powerMonitor, safeStorage, screen, shell } = electron;

const log = (message: string) => console.log(`[support-hero] ${message}`);
const here = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = join(here, '../preload/index.cjs');
const rendererFile = join(here, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const pageUrl = devServerUrl ? new URL('/index.html', devServerUrl).href : pathToFileURL(rendererFile).href;

if (process.platform === 'win32') app.setAppUserModelId('Support Hero');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => fail(error));
}

function fail(error: unknown): void {
  log(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
}

async function start(): Promise<void> {
  app.dock?.hide();
  const userData = app.getPath('userData');
  const now = Date.now();
  const { store: settingsStore, loaded } = SettingsStore.open(userData, now);
  let settings: Settings = loaded.settings;
  let notice = loaded.notice;
  const ledger = openKeyValueStore(userData, 'ledger', now, (aside) =>
    log(`The alert ledger was unreadable; kept as ${aside}`),
  );
  const vault = new SecretVault(openKeyValueStore(userData, 'secrets', now), safeStorage, process.platform, log);

  let window: electron.BrowserWindow | null = null;
  let runtime: RuntimePort | null = null;
  const links = createLinkOpener(
    (url) => shell.openExternal(url),
    () => settings,
    () => (runtime?.demo ? (runtime.sandbox?.subdomain ?? null) : null),
    log,
    () =>
      notifier.deliver({
        id: `demo-link-${Date.now()}`,
        kind: 'summary',
        ticketId: null,
        title: 'Demo ticket',
        body: 'The demo queue is made up, so there is no Zendesk page to open. Connect Zendesk in Settings.',
        url: null,
        urgent: false,
        dueAt: new Date().toISOString(),
      }),
  );
  const notifier = new NativeNotifier({
    create: electronNotificationFactory(electron),
    links,
    showQueue: () => showWindow('queue'),
    sound: () => settings.notifications.sound,
    log,
  });

  runtime = await startRuntime({ settings, secrets: vault, store: ledger, notifier, log });
  const rt = runtime;
  log(rt.demo ? 'No account connected: running the demo sandbox' : 'Polling your accounts');

  const tray = new SystemTray(
    electronTrayFactory(electron),
    {
      openTicket: (ticketId, target) => {
        const url = ticketLink(rt.engine.snapshot(), ticketId, target);
        if (url) void links.open(url);
      },
      toggleWindow,
      showWindow,
      refresh: () => void rt.engine.pollNow().catch(() => {}),
      pause,
      setStartAtLogin,
      quit: () => app.quit(),
    },
    join(app.getAppPath(), 'resources'),
    process.platform,
    { demo: rt.demo, startAtLogin: settings.app.startAtLogin },
  );

  window = createQueueWindow(electron, {
    preload: preloadPath,
    devTools: !app.isPackaged,
    size: settingsStore.windowSize(DEFAULT_WINDOW_SIZE),
    load: (w) => (devServerUrl ? w.loadURL(pageUrl) : w.loadFile(rendererFile)),
    onResized: (size) => settingsStore.setWindowSize(size),
    log,
  });

  const bridge = new IpcBridge(ipcMain, { webContents: () => window?.webContents ?? null, pageUrl }, log);
  const settingsView = (): SettingsView => ({
    settings,
    secrets: vault.statuses(),
    encryptionAvailable: vault.encryptionAvailable(),
    demo: rt.demo,
    notice,
  });
  registerHandlers(bridge, {
    snapshot: () => rt.engine.snapshot(),
    refresh: () => rt.engine.pollNow(),
    pause: (request) => pause(request),
    settingsView,
    applySettings: async (next) => {
      settingsStore.save(next);
      settings = next;
      notice = null;
      await rt.applySettings(next);
      applyAppSettings();
      tray.setDemo(rt.demo);
    },
    secrets: vault,
    testConnection: async (request) => {
      const response = await rt.testConnection(request);
      if (response.ok)
        vault.setConnectedAs(request.service === 'zendesk' ? 'zendeskToken' : 'pagerdutyToken', response.message);
      return response;
    },
    listPicker: (kind, request) => rt.listPicker(kind, request),
    links,
    hideWindow: () => window?.hide(),
  });

  rt.engine.onSnapshot((snapshot: Snapshot) => {
    tray.setSnapshot(snapshot);
    bridge.send(window?.webContents ?? null, 'snapshot:changed', snapshot);
  });

  powerMonitor.on('resume', () => rt.engine.wake());
  powerMonitor.on('unlock-screen', () => rt.engine.wake());
  // The engine reports `offline` from its requests; the OS says when the network is back, so poll then.
  let online = net.isOnline();
  const onlineCheck = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) rt.engine.wake();
    online = now;
  }, 30_000);
  onlineCheck.unref?.();

  applyAppSettings();
  if (loaded.notice) {
    notifier.deliver({
      id: `settings-notice-${now}`,
      kind: 'summary',
      ticketId: null,
      title: 'Support Hero settings',
      body: loaded.notice,
      url: null,
      urgent: false,
      dueAt: new Date(now).toISOString(),
    });
  }
  // The runtime started polling already; a snapshot published before we subscribed is drawn now.
  const first = rt.engine.snapshot();
  if (first) tray.setSnapshot(first);

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    clearInterval(onlineCheck);
    globalShortcut.unregisterAll();
    // Stores write synchronously on every set, so stopping the polls is all that is left to flush.
    Promise.resolve(rt.stop())
      .catch((error: unknown) => log(`Stopping: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        tray.destroy();
        app.quit();
      });
  });
  // A tray app keeps running with its window closed.
  app.on('window-all-closed', () => {});
  app.on('second-instance', () => showWindow('queue'));

  function pause(request: PauseRequest) {
    const snapshot = rt.engine.pause(request);
    tray.setSnapshot(snapshot);
    tray.setPausedUntil(snapshot.notifications.pausedUntil);
    return snapshot.notifications;
  }

  function setStartAtLogin(enabled: boolean): void {
    settings = { ...settings, app: { ...settings.app, startAtLogin: enabled } };
    settingsStore.save(settings);
    applyAppSettings();
    bridge.send(window?.webContents ?? null, 'settings:changed', settingsView());
  }

  function applyAppSettings(): void {
    tray.setStartAtLogin(settings.app.startAtLogin);
    try {
      app.setLoginItemSettings({ openAtLogin: settings.app.startAtLogin });
    } catch (error) {
      log(`Start at login could not be set: ${error instanceof Error ? error.message : String(error)}`);
    }
    globalShortcut.unregisterAll();
    const shortcut = settings.app.shortcut;
    if (shortcut) {
      try {
        if (!globalShortcut.register(shortcut, () => showWindow('queue'))) log(`Shortcut ${shortcut} is taken`);
      } catch {
        log(`Shortcut ${shortcut} is not a valid accelerator`);
      }
    }
  }

  function placeWindow(w: electron.BrowserWindow): void {
    const trayBounds = tray.bounds();
    const [width = DEFAULT_WINDOW_SIZE.width, height = DEFAULT_WINDOW_SIZE.height] = w.getSize();
    const point = { x: Math.round(trayBounds.x + trayBounds.width / 2), y: Math.round(trayBounds.y) };
    const workArea = screen.getDisplayNearestPoint(point).workArea;
    const { x, y } = popoverPosition(trayBounds, { width, height }, workArea);
    w.setPosition(x, y, false);
  }

  function showWindow(view: 'queue' | 'settings'): void {
    if (!window || window.isDestroyed()) return;
    placeWindow(window);
    window.show();
    window.focus();
    bridge.send(window.webContents, 'view:show', view);
  }

  function toggleWindow(): void {
    if (window?.isVisible()) window.hide();
    else showWindow('queue');
  }
}
