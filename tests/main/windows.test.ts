import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
  }
  const session = {
    permissionRequest: null as null | ((...a: unknown[]) => void),
    permissionCheck: null as null | ((...a: unknown[]) => boolean),
    headers: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
    setPermissionRequestHandler(h: (...a: unknown[]) => void) {
      this.permissionRequest = h;
    },
    setPermissionCheckHandler(h: (...a: unknown[]) => boolean) {
      this.permissionCheck = h;
    },
    webRequest: {
      onHeadersReceived(h: (details: unknown, cb: (r: unknown) => void) => void) {
        session.headers = h;
      },
    },
  };
  class WebContents extends Emitter {
    session = session;
    openHandler: null | ((d: unknown) => unknown) = null;
    setWindowOpenHandler(h: (d: unknown) => unknown) {
      this.openHandler = h;
    }
    isDevToolsOpened() {
      return false;
    }
  }
  const windows: BrowserWindow[] = [];
  class BrowserWindow extends Emitter {
    webContents = new WebContents();
    hidden = 0;
    size = [400, 600];
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    hide() {
      this.hidden++;
    }
    getSize() {
      return this.size;
    }
  }
  return { BrowserWindow, windows, session };
});
vi.mock('electron', () => ({ default: { BrowserWindow: fake.BrowserWindow }, BrowserWindow: fake.BrowserWindow }));

import * as electron from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/csp';
import { createQueueWindow } from '../../src/main/electron/windows';

function open() {
  const resized: unknown[] = [];
  const load = vi.fn(async () => {});
  createQueueWindow(electron, {
    preload: '/app/out/preload/index.cjs',
    size: { width: 420, height: 640 },
    load,
    onResized: (size) => resized.push(size),
  });
  const window = fake.windows.at(-1)!;
  return { window, resized, load };
}

describe('queue window', () => {
  it('is small, resizable, and locked down in its webPreferences', () => {
    const { window, load } = open();
    expect(window.options).toMatchObject({ width: 420, height: 640, minWidth: 360, minHeight: 480, resizable: true });
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation, redirects, webviews and new windows', () => {
    const { window } = open();
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      window.webContents.emit(event, { preventDefault }, 'https://evil.io/');
      expect(preventDefault, event).toHaveBeenCalledTimes(1);
    }
    expect(window.webContents.openHandler!({ url: 'https://posthog.com/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    open();
    const callback = vi.fn();
    fake.session.permissionRequest!({}, 'notifications', callback);
    fake.session.permissionRequest!({}, 'media', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(fake.session.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('adds the CSP header to responses', () => {
    open();
    const callback = vi.fn();
    fake.session.headers!({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('hides on blur and remembers its size', () => {
    const { window, resized } = open();
    window.emit('blur');
    window.size = [500, 700];
    window.emit('resized');
    expect(window.hidden).toBe(1);
    expect(resized).toEqual([{ width: 500, height: 700 }]);
  });
});
