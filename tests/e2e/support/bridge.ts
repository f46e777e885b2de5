/**
 * The test bridge: `window.supportHero` in Chromium, backed by the REAL runtime (core, sources, demo sandbox)
 * and main's real IPC handlers and payload validation, running here in Node. Each page call crosses
 * `page.exposeFunction`; snapshots are pushed with `page.evaluate`, as main pushes them over IPC.
 */
import type { Page } from 'playwright-core';
import type { LinkOpener, SecretStore } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { registerHandlers } from '../../../src/main/electron/handlers';
import { IpcBridge, type IpcMainLike } from '../../../src/main/electron/ipc';
import { type Runtime, startRuntime } from '../../../src/main/runtime';
import type { SupportHeroApi } from '../../../src/preload/index';
import type { Snapshot } from '../../../src/shared/domain';
import type { EventChannel, EventPayload, SecretStatus, SettingsView } from '../../../src/shared/ipc';
import type { SecretName, Settings } from '../../../src/shared/settings';
import { memoryStore, recordingNotifier } from '../../support/factories';

export interface TestBridge {
  runtime: Runtime;
  /** Every URL main was asked to open, in order. */
  opened: string[];
  hideCalls: number;
  /** Wires the bridge into a page; call before `page.goto`. */
  attach(page: Page): Promise<void>;
  /** Pushes an event to the attached page, as main does. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): Promise<void>;
  stop(): Promise<void>;
}

type Listener = (event: unknown, payload: unknown) => unknown;

/** Starts the runtime on the demo sandbox (no tokens) with in-memory stores. */
export async function startTestBridge(pageUrl: string): Promise<TestBridge> {
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const tokens = new Map<SecretName, string>();
  const secrets: SecretStore = { get: (name) => tokens.get(name) ?? null };
  const runtime = await startRuntime({
    settings,
    secrets,
    store: memoryStore(),
    notifier: recordingNotifier(),
    timeZone: () => 'UTC',
  });
  const opened: string[] = [];
  const links: LinkOpener = {
    open: async (url) => {
      opened.push(url);
    },
  };
  let page: Page | null = null;
  const state = { hideCalls: 0 };

  // main's own handlers behind main's own IpcBridge: the sender check sees our page, the schemas run.
  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void listeners.set(channel, listener as Listener),
    removeHandler: (channel) => void listeners.delete(channel),
  };
  const mainFrame = { url: pageUrl };
  const contents = { mainFrame };
  const ipc = new IpcBridge(ipcMain, {
    webContents: () => contents as never,
    pageUrl,
  });
  const status = (name: SecretName): SecretStatus =>
    tokens.has(name)
      ? { present: true, storage: 'encrypted', connectedAs: null }
      : { present: false, storage: 'none', connectedAs: null };
  const settingsView = (): SettingsView => ({
    settings,
    secrets: { zendeskToken: status('zendeskToken'), pagerdutyToken: status('pagerdutyToken') },
    encryptionAvailable: true,
    demo: runtime.demo,
    notice: null,
  });
  registerHandlers(ipc, {
    snapshot: () => runtime.engine.snapshot(),
    refresh: () => runtime.engine.pollNow(),
    pause: (request) => runtime.engine.pause(request).notifications,
    settingsView,
    applySettings: async (next) => {
      settings = next;
      runtime.applySettings(next);
      await runtime.settled();
    },
    secrets: {
      set: (name, value) => {
        if (value === '') tokens.delete(name);
        else tokens.set(name, value);
        return value === '' ? 'none' : 'encrypted';
      },
      encryptionAvailable: () => true,
    },
    testConnection: (request) => runtime.testConnection(request),
    listPicker: (kind, request) => runtime.listPicker(kind, request),
    links,
    hideWindow: () => {
      state.hideCalls++;
    },
  });

  const emit = async <C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
    if (!page || page.isClosed()) return;
    await page
      .evaluate(([c, p]) => (globalThis as unknown as PageWindow).__supportHeroTest.emit(c, p), [
        channel,
        payload,
      ] as const)
      .catch(() => {});
  };
  const unsubscribe = runtime.engine.onSnapshot((snapshot: Snapshot) => {
    void emit('snapshot:changed', snapshot);
  });

  return {
    runtime,
    opened,
    get hideCalls() {
      return state.hideCalls;
    },
    async attach(target) {
      page = target;
      await target.exposeFunction('__supportHeroInvoke', async (channel: string, request: unknown) => {
        const listener = listeners.get(channel);
        if (!listener) throw new Error(`No handler for ${channel}`);
        return listener({ sender: contents, senderFrame: mainFrame }, request ?? undefined);
      });
      await target.addInitScript({ content: PAGE_BRIDGE });
    },
    emit,
    async stop() {
      unsubscribe();
      await runtime.stop();
    },
  };
}

interface PageWindow {
  __supportHeroTest: { emit(channel: string, payload: unknown): void };
}

/** Every method of the preload's API; fails to compile when the preload gains or loses one. */
export const API_METHODS = Object.keys({
  getSnapshot: true,
  refresh: true,
  onSnapshot: true,
  openTicket: true,
  openSchedule: true,
  handoverMarkdown: true,
  pauseNotifications: true,
  getSettings: true,
  saveSettings: true,
  testConnection: true,
  listZendeskViews: true,
  listOrganizationFields: true,
  listPagerDutySchedules: true,
  hideWindow: true,
  onShowView: true,
  onSettingsChanged: true,
} satisfies Record<keyof SupportHeroApi, true>);

/**
 * Runs inside the page before its scripts, mirroring src/preload/index.ts method by method. A string, not a
 * function, so no transpiler helper can leak into the page.
 */
const PAGE_BRIDGE = `(() => {
  const listeners = { 'snapshot:changed': new Set(), 'view:show': new Set(), 'settings:changed': new Set() };
  const invoke = (channel, request) => window.__supportHeroInvoke(channel, request === undefined ? null : request);
  const subscribe = (channel, listener) => {
    listeners[channel].add(listener);
    return () => { listeners[channel].delete(listener); };
  };
  window.supportHero = {
    getSnapshot: () => invoke('snapshot:get'),
    refresh: () => invoke('snapshot:refresh'),
    onSnapshot: (listener) => subscribe('snapshot:changed', listener),
    openTicket: (ticketId, target = 'ticket') => invoke('ticket:open', { ticketId, target }),
    openSchedule: (scheduleId) => invoke('schedule:open', { scheduleId }),
    handoverMarkdown: () => invoke('handover:markdown'),
    pauseNotifications: (request) => invoke('notifications:pause', request),
    getSettings: () => invoke('settings:get'),
    saveSettings: (request) => invoke('settings:save', request),
    testConnection: (request) => invoke('settings:test', request),
    listZendeskViews: (request) => invoke('zendesk:views', request),
    listOrganizationFields: (request) => invoke('zendesk:orgFields', request),
    listPagerDutySchedules: (request) => invoke('pagerduty:schedules', request),
    hideWindow: () => invoke('window:hide'),
    onShowView: (listener) => subscribe('view:show', listener),
    onSettingsChanged: (listener) => subscribe('settings:changed', listener),
  };
  window.__supportHeroTest = {
    emit: (channel, payload) => { for (const listener of listeners[channel] || []) listener(payload); },
  };
})();`;
