/**
 * The queue window: a small popover by the tray, locked down (sandboxed, isolated, no navigation, no new
 * windows, no permissions, strict CSP) because it shows text from customers.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';

export const DEFAULT_WINDOW_SIZE = { width: 400, height: 600 };
export const MIN_WINDOW_SIZE = { width: 360, height: 480 };

/**
 * The window's options; `preload` is the built out/preload/index.cjs. DevTools are for development only: in a
 * packaged app they would let anyone at the keyboard drive the page's IPC surface.
 */
export function queueWindowOptions(
  preload: string,
  size = DEFAULT_WINDOW_SIZE,
  devTools = false,
): BrowserWindowConstructorOptions {
  return {
    width: size.width,
    height: size.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    resizable: true,
    show: false,
    frame: false,
    skipTaskbar: true,
    fullscreenable: false,
    title: 'Support Hero',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools,
    },
  };
}

/** Denies every permission request and check (camera, notifications from the page, clipboard, ...). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Adds the CSP header to every response the window loads (the page also carries it in a meta tag). */
export function enforceCsp(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** The page may not go anywhere: links leave through main's allow-list (IPC), never by navigation. */
export function lockNavigation(contents: WebContents, log: (message: string) => void = () => {}): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log('Blocked a navigation of the queue window');
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Creates the hardened queue window and loads the page. */
export function createQueueWindow(
  electron: Pick<typeof import('electron'), 'BrowserWindow'>,
  options: {
    preload: string;
    size: { width: number; height: number };
    load: (window: BrowserWindow) => Promise<void>;
    onResized: (size: { width: number; height: number }) => void;
    /** `!app.isPackaged`: DevTools in development only. */
    devTools?: boolean;
    log?: (message: string) => void;
  },
): BrowserWindow {
  const window = new electron.BrowserWindow(queueWindowOptions(options.preload, options.size, options.devTools));
  const contents = window.webContents;
  denyAllPermissions(contents.session);
  enforceCsp(contents.session);
  lockNavigation(contents, options.log);
  // A popover: it goes away when the user clicks elsewhere.
  window.on('blur', () => {
    if (!contents.isDevToolsOpened()) window.hide();
  });
  window.on('resized', () => {
    const [width, height] = window.getSize();
    if (width !== undefined && height !== undefined) options.onResized({ width, height });
  });
  options.load(window).catch((error: unknown) => {
    options.log?.(`The queue window failed to load: ${error instanceof Error ? error.message : String(error)}`);
  });
  return window;
}
