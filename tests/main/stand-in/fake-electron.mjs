// A stand-in for `electron` in plain Node, for the smoke test of the built main process. It behaves just
// enough for the app to start, and reports what the app did as JSON lines on stdout ("SMOKE {...}").
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';

const report = (event, data = {}) => process.stdout.write(`SMOKE ${JSON.stringify({ event, ...data })}\n`);
const userData = process.env.SMOKE_USER_DATA;
const appPath = process.env.SMOKE_APP_PATH;

class App extends EventEmitter {
  dock = { hide: () => report('dock-hidden') };
  getPath = (name) => (name === 'userData' ? userData : `${userData}/${name}`);
  getAppPath = () => appPath;
  getVersion = () => '0.0.0-smoke';
  isPackaged = false;
  whenReady = () => Promise.resolve();
  requestSingleInstanceLock = () => true;
  setAppUserModelId = () => {};
  setLoginItemSettings = (settings) => report('login-item', settings);
  quit = () => report('quit');
  exit = (code) => {
    report('exit', { code });
    process.exit(code);
  };
}
export const app = new App();

export const ipcMain = {
  handle: (channel) => report('ipc-handle', { channel }),
  removeHandler: () => {},
  on: () => {},
};

class Session {
  setPermissionRequestHandler = () => report('permission-request-handler');
  setPermissionCheckHandler = () => report('permission-check-handler');
  webRequest = { onHeadersReceived: () => report('csp-header-handler') };
}

class WebContents extends EventEmitter {
  session = new Session();
  mainFrame = { url: '' };
  setWindowOpenHandler = () => report('window-open-handler');
  isDevToolsOpened = () => false;
  isDestroyed = () => false;
  send = (channel, payload) =>
    report('send', {
      channel,
      demo: payload?.demo,
      queue: payload?.queue?.length,
      zendesk: payload?.sources?.zendesk?.state,
      pagerduty: payload?.sources?.pagerduty?.state,
    });
}

export class BrowserWindow extends EventEmitter {
  webContents = new WebContents();
  constructor(options) {
    super();
    const preload = options.webPreferences?.preload;
    report('window', {
      preload,
      preloadExists: Boolean(preload && existsSync(preload)),
      webPreferences: options.webPreferences,
    });
  }
  loadFile = async (file) => report('load-file', { file, exists: existsSync(file) });
  loadURL = async (url) => report('load-url', { url });
  getSize = () => [400, 600];
  setPosition = () => {};
  show = () => {};
  hide = () => {};
  focus = () => {};
  isVisible = () => false;
  isDestroyed = () => false;
}

export const nativeImage = { createFromPath: (file) => ({ file }) };
export const Menu = { buildFromTemplate: (template) => ({ template }) };

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    report('tray', { icon: image.file, exists: existsSync(image.file) });
  }
  setImage = (image) => report('tray-image', { icon: image.file, exists: existsSync(image.file) });
  setToolTip = (text) => report('tray-tooltip', { text });
  setTitle = () => {};
  setContextMenu = (menu) => report('tray-menu', { labels: menu.template.map((item) => item.label ?? '-') });
  getBounds = () => ({ x: 0, y: 0, width: 0, height: 0 });
  destroy = () => {};
}

export class Notification extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
  }
  show = () => report('notification', { title: this.options.title, body: this.options.body });
}

export const globalShortcut = { register: () => true, unregisterAll: () => {} };
export const net = { isOnline: () => true };
export const powerMonitor = new EventEmitter();
export const screen = { getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) };
export const shell = { openExternal: async (url) => report('open-external', { url }) };
export const clipboard = { writeText: (text) => report('clipboard', { length: text.length }) };
// Like Linux without a keyring: tokens would stay in memory. The demo needs none.
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('not available');
  },
  decryptString: () => {
    throw new Error('not available');
  },
  getSelectedStorageBackend: () => 'basic_text',
};

export default {
  app,
  ipcMain,
  BrowserWindow,
  nativeImage,
  Menu,
  Tray,
  Notification,
  globalShortcut,
  net,
  powerMonitor,
  screen,
  shell,
  clipboard,
  safeStorage,
};
