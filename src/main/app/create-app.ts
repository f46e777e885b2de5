/**
 * The Electron composition root: builds the whole tray app from an injected `electron` module (the real one, the
 * smoke test's stand-in, or the tests' fake) and injected paths, clock and log. `src/main/index.ts` only takes
 * the single-instance lock and calls this; the browser tests call it too, so they run the real wiring.
 *
 * Every decision lives in the core or in a tested adapter; this file only connects them, in named parts.
 */
import type { BrowserWindow } from 'electron';
import type { Snapshot } from '../../shared/domain';
import type { Notice, PauseRequest, SettingsView } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import { type Clock, type KeyValueStore, type LinkOpener, type Scheduler, systemClock } from '../core/ports';
import { ticketLink } from '../core/snapshot';
import { registerHandlers } from '../electron/handlers';
import { IpcBridge } from '../electron/ipc';
import { createLinkOpener } from '../electron/links';
import { NoticeBoard } from '../electron/notices';
import { electronNotificationFactory, NativeNotifier } from '../electron/notifications';
import { SecretVault } from '../electron/secrets';
import { openKeyValueStore, SettingsStore } from '../electron/settings-store';
import { electronTrayFactory, SystemTray, type TrayActions } from '../electron/tray';
import { createQueueWindow, DEFAULT_WINDOW_SIZE } from '../electron/windows';
import { type Runtime, type RuntimeOptions, startRuntime } from '../runtime';
import { createAppActions } from './actions-part';
import { applyAppSettings } from './app-settings';
import type { ElectronModule } from './electron-module';
import { placeBesideTray } from './placement';
import { installQuitSequence } from './quit';
import { watchWake } from './wake';

export type { ElectronModule } from './electron-module';

/** Where the app's files are. */
export interface AppPaths {
  /** Settings, the alert ledger and the secrets store live here. */
  userData: string;
  /** The app's `resources` folder (tray icons). */
  resources: string;
  /** The built preload (`out/preload/index.cjs`). */
  preload: string;
  /**
   * The window's page: `url` is what the IPC sender check expects; `file`, when set, is loaded from disk (the
   * built app), otherwise `url` is loaded (the dev server).
   */
  page: { url: string; file: string | null };
}

export interface AppDeps {
  paths: AppPaths;
  platform?: NodeJS.Platform;
  clock?: Clock;
  scheduler?: Scheduler;
  log?: (message: string) => void;
  /** DevTools in the window: development only. */
  devTools?: boolean;
  /** Passed to the runtime as is. */
  runtime?: Pick<RuntimeOptions, 'forceDemo' | 'timeZone' | 'demoAnchorMs'>;
  /** Hears every URL the app is asked to open, before the allow-list decides (diagnostics and tests). */
  onOpenLink?: (url: string) => void;
}

/** The running app. */
export interface SupportHeroApp {
  runtime: Runtime;
  /** The notice channel: raise one here and it shows natively and as a banner. */
  notices: NoticeBoard;
  window: BrowserWindow;
  tray: SystemTray;
  showWindow(view: 'queue' | 'settings'): void;
  /** Quits like the tray's Quit: resolves once the runtime stopped and the app was told to quit. */
  quit(): Promise<void>;
}

/** The notice for a settings file that was migrated, repaired or kept aside. */
export function settingsNotice(notice: string, movedAside: boolean): Notice {
  return { id: 'settings', level: movedAside ? 'warning' : 'info', title: 'Support Hero settings', body: notice };
}

export const DEMO_LINK_NOTICE: Notice = {
  id: 'demo-ticket',
  level: 'info',
  title: 'Demo ticket',
  body: 'The demo queue is made up, so there is no Zendesk page to open. Connect Zendesk in Settings.',
};

/** The notice for an alert record that could not be written: alerts may show again after a restart. */
export function ledgerUnwritableNotice(error: unknown): Notice {
  return {
    id: 'ledger-unwritable',
    level: 'error',
    title: 'Alerts cannot be recorded',
    body: `Support Hero could not save which alerts it has shown (${
      error instanceof Error ? error.message : String(error)
    }), so some may show again after a restart. Check that the app's data folder is writable.`,
  };
}

/** Builds and starts the tray app; resolves once everything is wired and the first poll has started. */
export async function createApp(electron: ElectronModule, deps: AppDeps): Promise<SupportHeroApp> {
  const log = deps.log ?? (() => {});
  const clock = deps.clock ?? systemClock;
  const platform = deps.platform ?? process.platform;
  const { app } = electron;
  app.dock?.hide();

  const startedAt = clock.now();
  const { store: settingsStore, loaded } = SettingsStore.open(deps.paths.userData, startedAt);
  let settings: Settings = loaded.settings;
  let settingsNoticeText = loaded.notice;

  let window: BrowserWindow | null = null;
  const contents = () => window?.webContents ?? null;
  const ipc = new IpcBridge(electron.ipcMain, { webContents: contents, pageUrl: deps.paths.page.url }, log);
  const notify = electronNotificationFactory(electron);
  const showQueue = () => showWindow('queue');
  const notices = new NoticeBoard({
    notify,
    send: (notice) => ipc.send(contents(), 'notice:show', notice),
    showWindow: showQueue,
    sound: () => settings.notifications.sound,
    log,
  });

  const ledger = openLedger(deps.paths.userData, startedAt, notices, log);
  const vault = new SecretVault(
    openKeyValueStore(deps.paths.userData, 'secrets', startedAt),
    electron.safeStorage,
    platform,
    log,
  );

  let runtime: Runtime | null = null;
  const allowListed = createLinkOpener(
    (url) => electron.shell.openExternal(url),
    // Slack permalinks pass on the workspace host the token acted in at the last poll (a *.slack.com host only).
    () => withSlackWorkspace(settings, runtime?.engine.slackWorkspaceUrl() ?? null),
    () => (runtime?.demo ? (runtime.sandbox?.subdomain ?? null) : null),
    log,
    () => notices.show(DEMO_LINK_NOTICE),
  );
  const links: LinkOpener = {
    open: (url) => {
      deps.onOpenLink?.(url);
      return allowListed.open(url);
    },
  };
  const notifier = new NativeNotifier({
    create: notify,
    links,
    showQueue,
    sound: () => settings.notifications.sound,
    log,
  });

  const rt = await startRuntime({
    settings,
    secrets: vault,
    store: ledger,
    notifier,
    log,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
    // A Slack token stored before workspace bindings existed is bound at its first good poll: saved like a save.
    saveBoundSettings: (next) => {
      settingsStore.save(next);
      settings = next;
    },
    ...deps.runtime,
  });
  runtime = rt;
  log(rt.demo ? 'No account connected: running the demo sandbox' : 'Polling your accounts');

  const tray = new SystemTray(electronTrayFactory(electron), trayActions(), deps.paths.resources, platform, {
    demo: rt.demo,
    startAtLogin: settings.app.startAtLogin,
  });

  const queueWindow = createQueueWindow(electron, {
    preload: deps.paths.preload,
    devTools: deps.devTools ?? false,
    size: settingsStore.windowSize(DEFAULT_WINDOW_SIZE),
    load: (w) => {
      const { file, url } = deps.paths.page;
      return file ? w.loadFile(file) : w.loadURL(url);
    },
    onResized: (size) => settingsStore.setWindowSize(size),
    log,
  });
  window = queueWindow;

  const settingsView = (): SettingsView => ({
    settings,
    secrets: vault.statuses(),
    encryptionAvailable: vault.encryptionAvailable(),
    demo: rt.demo,
    notice: settingsNoticeText,
  });
  registerHandlers(ipc, {
    snapshot: () => rt.engine.snapshot(),
    dismissSlack: (requestId) => rt.engine.dismissSlackRequest(requestId),
    refresh: () => rt.engine.pollNow(),
    pause,
    settingsView,
    applySettings: async (next) => {
      settingsStore.save(next);
      settings = next;
      settingsNoticeText = null;
      await rt.applySettings(next);
      applyOsSettings();
      tray.setDemo(rt.demo);
    },
    secrets: vault,
    testConnection: async (request) => {
      const response = await rt.testConnection(request);
      // A typed Slack token may belong to another workspace than the stored one: it says so only once saved.
      if (response.ok && (request.service !== 'slack' || !request.token))
        vault.setConnectedAs(`${request.service}Token`, response.message);
      return response;
    },
    slackWorkspace: (next, token) => rt.slackWorkspace(next, token),
    listPicker: (kind, request) => rt.listPicker(kind, request),
    links,
    clipboard: { writeText: (text) => electron.clipboard.writeText(text) },
    hideWindow: () => window?.hide(),
    notices,
    actions: createAppActions({
      runtime: rt,
      secrets: vault,
      settings: () => settings,
      userData: deps.paths.userData,
      clock,
      nowMs: startedAt,
    }),
  });

  const unsubscribeSnapshots = rt.engine.onSnapshot((snapshot: Snapshot) => {
    tray.setSnapshot(snapshot);
    ipc.send(contents(), 'snapshot:changed', snapshot);
  });
  const stopWatchingWake = watchWake(electron, () => rt.engine.wake());

  applyOsSettings();
  if (loaded.notice) notices.show(settingsNotice(loaded.notice, loaded.movedAside !== null));
  // The runtime started polling already; a snapshot published before we subscribed is drawn now.
  const first = rt.engine.snapshot();
  if (first) tray.setSnapshot(first);

  const stopped = installQuitSequence(
    app,
    {
      beforeStop: () => {
        stopWatchingWake();
        unsubscribeSnapshots();
        electron.globalShortcut.unregisterAll();
      },
      stop: () => rt.stop(),
      afterStop: () => {
        tray.destroy();
        ipc.dispose();
      },
    },
    log,
  );
  // A tray app keeps running with its window closed.
  app.on('window-all-closed', () => {});
  app.on('second-instance', showQueue);

  return {
    runtime: rt,
    notices,
    window: queueWindow,
    tray,
    showWindow,
    quit: () => {
      app.quit();
      return stopped;
    },
  };

  function trayActions(): TrayActions {
    return {
      openTicket: (ticketId, target) => {
        const url = ticketLink(rt.engine.snapshot(), ticketId, target);
        if (url) void links.open(url);
      },
      toggleWindow: () => {
        if (window?.isVisible()) window.hide();
        else showQueue();
      },
      showWindow,
      // The window opens at the action's dialog; only its Confirm sends anything.
      promptAction: (prompt) => {
        showQueue();
        ipc.send(contents(), 'action:prompt', prompt);
      },
      refresh: () => void rt.engine.pollNow().catch(() => {}),
      pause,
      setStartAtLogin,
      quit: () => app.quit(),
    };
  }

  function pause(request: PauseRequest) {
    const snapshot = rt.engine.pause(request);
    tray.setSnapshot(snapshot);
    tray.setPausedUntil(snapshot.notifications.pausedUntil);
    return snapshot.notifications;
  }

  function setStartAtLogin(enabled: boolean): void {
    settings = { ...settings, app: { ...settings.app, startAtLogin: enabled } };
    settingsStore.save(settings);
    applyOsSettings();
    ipc.send(contents(), 'settings:changed', settingsView());
  }

  function applyOsSettings(): void {
    tray.setStartAtLogin(settings.app.startAtLogin);
    applyAppSettings(electron, settings.app, showQueue, log);
  }

  function showWindow(view: 'queue' | 'settings'): void {
    if (!window || window.isDestroyed()) return;
    placeBesideTray(window, tray.bounds(), electron.screen);
    window.show();
    window.focus();
    ipc.send(window.webContents, 'view:show', view);
  }
}

/**
 * The alert ledger's store. One kept aside at start, and the first write that fails (a full disk, a folder made
 * read-only) are told to the user. The core then still shows each due alert and keeps its decision in memory, so
 * nothing repeats during the run; only a restart before a write succeeds may repeat it.
 */
function openLedger(userData: string, nowMs: number, notices: NoticeBoard, log: (message: string) => void) {
  const store = openKeyValueStore(userData, 'ledger', nowMs, (aside) => {
    log(`The alert ledger was unreadable; kept as ${aside}`);
    notices.show({
      id: 'ledger-unreadable',
      level: 'warning',
      title: 'Alert record reset',
      body: `Support Hero's record of shown alerts could not be read, so it was kept as ${aside}. Some alerts may show again.`,
    });
  });
  let failing = false;
  const watched: KeyValueStore = {
    get: (key) => store.get(key),
    delete: (key) => store.delete(key),
    set: (key, value) => {
      try {
        store.set(key, value);
        failing = false;
      } catch (error) {
        if (!failing) {
          failing = true;
          log(`The alert ledger could not be written: ${error instanceof Error ? error.message : String(error)}`);
          notices.show(ledgerUnwritableNotice(error));
        }
        throw error;
      }
    },
  };
  return watched;
}

/** The settings with the Slack workspace the engine last saw, when the settings have none bound yet. */
function withSlackWorkspace(settings: Settings, workspaceUrl: string | null): Settings {
  if (settings.slack.workspaceUrl !== null || workspaceUrl === null) return settings;
  return { ...settings, slack: { ...settings.slack, workspaceUrl } };
}
