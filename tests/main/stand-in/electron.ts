/**
 * A typed stand-in for the slice of `electron` that createApp uses, for tests in plain Node: it does what the
 * app asks and records it (windows, pushes to the page, tray menus, notifications, shortcuts, login item,
 * opened links, quits), and lets a test play the OS (power events, network, a second instance, IPC calls).
 * The built bundle's smoke test uses fake-electron.mjs instead, which reports to stdout from another process.
 */
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import type { ElectronModule } from '../../../src/main/app/create-app';

export interface Sent {
  channel: string;
  payload: unknown;
}

type IpcListener = (event: unknown, payload: unknown) => unknown;

class FakeSession {
  setPermissionRequestHandler() {}
  setPermissionCheckHandler() {}
  webRequest = { onHeadersReceived: () => {} };
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly mainFrame: { url: string };
  readonly sent: Sent[] = [];
  destroyed = false;
  constructor(
    pageUrl: string,
    private readonly onSend: (sent: Sent) => void,
  ) {
    super();
    this.mainFrame = { url: pageUrl };
  }
  setWindowOpenHandler() {}
  isDevToolsOpened() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    const sent = { channel, payload };
    this.sent.push(sent);
    this.onSend(sent);
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  visible = false;
  position: [number, number] | null = null;
  loaded: { file?: string; url?: string } | null = null;
  hideCalls = 0;
  constructor(
    readonly options: { webPreferences?: { preload?: string } },
    pageUrl: string,
    onSend: (sent: Sent) => void,
  ) {
    super();
    this.webContents = new FakeWebContents(pageUrl, onSend);
  }
  async loadFile(file: string) {
    this.loaded = { file };
  }
  async loadURL(url: string) {
    this.loaded = { url };
  }
  getSize() {
    return [400, 600];
  }
  setPosition(x: number, y: number) {
    this.position = [x, y];
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.hideCalls++;
    this.visible = false;
  }
  focus() {}
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return false;
  }
}

export class FakeTray extends EventEmitter {
  menu: MenuItemConstructorOptions[] = [];
  tooltip = '';
  destroyed = false;
  setImage() {}
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setTitle() {}
  setContextMenu(menu: { template: MenuItemConstructorOptions[] }) {
    this.menu = menu.template;
  }
  getBounds() {
    return { x: 1800, y: 0, width: 24, height: 24 };
  }
  destroy() {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label, as a person would (a checkbox flips first). */
  click(label: string) {
    const item = this.menu.find((i) => i.label === label);
    if (!item?.click) throw new Error(`No clickable tray menu item "${label}"`);
    const checked = item.type === 'checkbox' ? !item.checked : item.checked;
    (item.click as (menuItem: { checked: boolean | undefined }) => void)({ checked });
  }
}

class FakeApp extends EventEmitter {
  readonly dock = { hide: () => {} };
  readonly loginItems: { openAtLogin: boolean }[] = [];
  /** Set to make setLoginItemSettings throw (an OS that refuses). */
  loginItemError: Error | null = null;
  /** Quits that went through: `before-quit` was not held back. */
  quits = 0;
  isPackaged = false;
  setLoginItemSettings(settings: { openAtLogin: boolean }) {
    if (this.loginItemError) throw this.loginItemError;
    this.loginItems.push(settings);
  }
  getPath() {
    return '/nonexistent';
  }
  getAppPath() {
    return '/nonexistent';
  }
  /** Like Electron: `before-quit` first; the app quits unless a listener prevented it. */
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
}

export interface FakeElectronOptions {
  /** The page URL the window shows (the IPC sender check compares with it). */
  pageUrl: string;
  /** Called with every push to the window (the browser bridge forwards them to the page). */
  onSend?: (sent: Sent) => void;
  /** Called with every URL handed to the OS browser. */
  onOpenExternal?: (url: string) => void;
}

/** A fresh stand-in; `electron` is what createApp takes, the rest is for the test. */
export function createFakeElectron(options: FakeElectronOptions) {
  const app = new FakeApp();
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: { title: string; body: string; silent: boolean }[] = [];
  const opened: string[] = [];
  /** Every text written to the clipboard, in order. */
  const copied: string[] = [];
  const handlers = new Map<string, IpcListener>();
  const shortcuts = new Map<string, () => void>();
  const net = { online: true, isOnline: () => net.online };
  const globalShortcut = {
    /** Accelerators another app holds: register answers `false`. */
    taken: new Set<string>(),
    register(accelerator: string, callback: () => void) {
      if (!/^[A-Za-z0-9+]+$/.test(accelerator)) throw new Error(`Invalid accelerator ${accelerator}`);
      if (globalShortcut.taken.has(accelerator)) return false;
      shortcuts.set(accelerator, callback);
      return true;
    },
    unregisterAll() {
      shortcuts.clear();
    },
  };

  class BrowserWindow extends FakeWindow {
    constructor(windowOptions: { webPreferences?: { preload?: string } }) {
      super(windowOptions, options.pageUrl, (sent) => options.onSend?.(sent));
      windows.push(this);
    }
  }
  class Tray extends FakeTray {
    constructor() {
      super();
      trays.push(this);
    }
  }
  class Notification extends EventEmitter {
    constructor(private readonly content: { title: string; body: string; silent: boolean }) {
      super();
    }
    show() {
      notifications.push(this.content);
    }
  }

  const fake = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    globalShortcut,
    ipcMain: {
      handle: (channel: string, listener: IpcListener) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    net,
    powerMonitor: new EventEmitter(),
    // An OS keyring that works: tokens are stored "encrypted" (reversibly, for the test).
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(`enc:${text}`, 'utf8'),
      decryptString: (data: Buffer) => data.toString('utf8').replace(/^enc:/, ''),
    },
    screen: { getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
        options.onOpenExternal?.(url);
      },
    },
    clipboard: { writeText: (text: string) => void copied.push(text) },
  };

  return {
    electron: fake as unknown as ElectronModule,
    app,
    net,
    powerMonitor: fake.powerMonitor,
    globalShortcut,
    windows,
    trays,
    notifications,
    opened,
    copied,
    shortcuts,
    /** The queue window (throws before createApp made it). */
    window(): FakeWindow {
      const window = windows[0];
      if (!window) throw new Error('no window yet');
      return window;
    },
    tray(): FakeTray {
      const tray = trays[0];
      if (!tray) throw new Error('no tray yet');
      return tray;
    },
    /** Calls a main handler as the queue window's page would. */
    invoke(channel: string, payload?: unknown): Promise<unknown> {
      const listener = handlers.get(channel);
      if (!listener) return Promise.reject(new Error(`No handler for ${channel}`));
      const contents = windows[0]?.webContents;
      return Promise.resolve().then(() =>
        listener({ sender: contents, senderFrame: contents?.mainFrame }, payload ?? undefined),
      );
    },
    handlers,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
