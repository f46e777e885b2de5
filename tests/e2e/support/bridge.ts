/**
 * The test bridge: `window.supportHero` in Chromium, backed by the app's own composition root (createApp: the
 * real runtime on the demo sandbox, real stores in a temporary folder, main's IPC handlers and payload checks,
 * the tray, notices and link allow-list) over a stand-in `electron` running here in Node. Each page call
 * crosses `page.exposeFunction` into the stand-in's ipcMain; what main sends to its window's webContents is
 * pushed into the page with `page.evaluate`, as Electron's IPC would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SupportHeroApp } from '../../../src/main/app/create-app';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { demoSettings, type Runtime } from '../../../src/main/runtime';
import { SANDBOX_CREDENTIALS, type Sandbox, SLACK_SANDBOX_CREDENTIALS } from '../../../src/main/sources/sandbox';
import type { SupportHeroApi } from '../../../src/preload/index';
import type { EventChannel, EventPayload } from '../../../src/shared/ipc';
import { createFakeElectron, type FakeElectron } from '../../main/stand-in/electron';
import { OUT, ROOT } from '../../support/build';

// electron-store is loaded by Node itself: map its `import 'electron'` to an empty stand-in (every store is
// given its folder, so it needs nothing else).
register('../../main/stand-in/electron-hooks.mjs', import.meta.url, {
  data: { standInUrl: new URL('../../main/stand-in/empty-electron.mjs', import.meta.url).href },
});
const { createApp } = await import('../../../src/main/app/create-app');
const { SettingsStore } = await import('../../../src/main/electron/settings-store');
const { SecretVault } = await import('../../../src/main/electron/secrets');
const { openKeyValueStore } = await import('../../../src/main/electron/settings-store');

export interface TestBridge {
  app: SupportHeroApp;
  runtime: Runtime;
  /** The sandbox the app reads: the demo's own, or the one its saved accounts point at. */
  sandbox: Sandbox;
  electron: FakeElectron;
  /** Every URL main was asked to open, in order (before the allow-list decides). */
  opened: string[];
  hideCalls: number;
  /** Wires the bridge into a page; call before `page.goto`. */
  attach(page: Page): Promise<void>;
  /** Pushes an event to the attached page through the window's webContents, as main does. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the app with its stores in a fresh temporary folder: on the demo sandbox (no tokens), or with `accounts`
 * as if the user had connected Zendesk, PagerDuty and Slack to that sandbox (settings and OS-encrypted tokens
 * saved before the start), so links such as Slack permalinks are the real, non-demo ones.
 */
export async function startTestBridge(pageUrl: string, accounts: Sandbox | null = null): Promise<TestBridge> {
  const userData = mkdtempSync(join(tmpdir(), 'support-hero-e2e-'));
  let page: Page | null = null;
  const toPage = async (channel: string, payload: unknown) => {
    if (!page || page.isClosed()) return;
    await page
      .evaluate(([c, p]) => (globalThis as unknown as PageWindow).__supportHeroTest.emit(c, p), [
        channel,
        payload,
      ] as const)
      .catch(() => {});
  };
  const pushes = new Set<Promise<void>>();
  const electron = createFakeElectron({
    pageUrl,
    onSend: ({ channel, payload }) => {
      const push = toPage(channel, payload).finally(() => pushes.delete(push));
      pushes.add(push);
    },
  });
  const opened: string[] = [];
  if (accounts) saveAccounts(userData, accounts, electron);
  const app = await createApp(electron.electron, {
    paths: { userData, resources: join(ROOT, 'resources'), preload: OUT.preload, page: { url: pageUrl, file: null } },
    runtime: { timeZone: () => 'UTC' },
    onOpenLink: (url) => opened.push(url),
  });

  const sandbox = accounts ?? app.runtime.sandbox;
  if (!sandbox) throw new Error('the app runs on no sandbox');
  return {
    app,
    runtime: app.runtime,
    sandbox,
    electron,
    opened,
    get hideCalls() {
      return electron.window().hideCalls;
    },
    async attach(target) {
      page = target;
      await target.exposeFunction('__supportHeroInvoke', (channel: string, request: unknown) =>
        electron.invoke(channel, request ?? undefined),
      );
      await target.addInitScript({ content: PAGE_BRIDGE });
    },
    async emit(channel, payload) {
      electron.window().webContents.send(channel, payload);
      await Promise.all([...pushes]);
    },
    async stop() {
      await app.quit();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** What Settings would have saved after connecting every account to `sandbox`: its settings and tokens. */
function saveAccounts(userData: string, sandbox: Sandbox, electron: FakeElectron): void {
  const base = structuredClone(DEFAULT_SETTINGS);
  SettingsStore.open(userData).store.save(demoSettings({ ...base, app: { ...base.app, timeZone: 'UTC' } }, sandbox));
  const vault = new SecretVault(openKeyValueStore(userData, 'secrets'), electron.electron.safeStorage, 'linux');
  vault.set('zendeskToken', SANDBOX_CREDENTIALS.zendesk.token);
  vault.set('pagerdutyToken', SANDBOX_CREDENTIALS.pagerduty.token);
  vault.set('slackToken', SLACK_SANDBOX_CREDENTIALS.user.token);
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
  openSlackRequest: true,
  dismissSlackRequest: true,
  handoverMarkdown: true,
  copyHandover: true,
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
  getNotices: true,
  onNotice: true,
  dismissNotice: true,
  planAction: true,
  runAction: true,
  actionLog: true,
  listSlackChannels: true,
  listSlackUsergroups: true,
  actionOffers: true,
  copyTemplate: true,
  copyTeamMessage: true,
  onActionPrompt: true,
  swapOptions: true,
  planSwap: true,
  runSwap: true,
  listOverrides: true,
  removeOverride: true,
} satisfies Record<keyof SupportHeroApi, true>);

/**
 * Runs inside the page before its scripts, mirroring src/preload/index.ts method by method. A string, not a
 * function, so no transpiler helper can leak into the page.
 */
const PAGE_BRIDGE = `(() => {
  const listeners = {
    'snapshot:changed': new Set(), 'view:show': new Set(), 'settings:changed': new Set(), 'notice:show': new Set(),
    'action:prompt': new Set(),
  };
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
    openSlackRequest: (requestId) => invoke('slack:open', { requestId }),
    dismissSlackRequest: (requestId) => invoke('slack:dismiss', { requestId }),
    handoverMarkdown: () => invoke('handover:markdown'),
    copyHandover: () => invoke('clipboard:write', { handover: true }),
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
    getNotices: () => invoke('notices:get'),
    onNotice: (listener) => subscribe('notice:show', listener),
    dismissNotice: (id) => invoke('notice:dismiss', { id }),
    planAction: (request) => invoke('action:plan', request),
    runAction: (request) => invoke('action:run', request),
    actionLog: () => invoke('actions:log'),
    listSlackChannels: (request) => invoke('slack:channels', request),
    listSlackUsergroups: (request) => invoke('slack:usergroups', request),
    actionOffers: (ticketId) => invoke('action:offers', { ticketId }),
    copyTemplate: (ticketId, playbook, index) => invoke('clipboard:write', { template: { ticketId, playbook, index } }),
    copyTeamMessage: (issueUrl) => invoke('clipboard:write', { teamMessage: { issueUrl } }),
    onActionPrompt: (listener) => subscribe('action:prompt', listener),
    swapOptions: () => invoke('swap:options'),
    planSwap: (request) => invoke('swap:plan', request),
    runSwap: (request) => invoke('swap:run', request),
    listOverrides: (scheduleId) => invoke('overrides:list', { scheduleId }),
    removeOverride: (scheduleId, overrideId) => invoke('override:remove', { scheduleId, overrideId }),
  };
  window.__supportHeroTest = {
    emit: (channel, payload) => { for (const listener of listeners[channel] || []) listener(payload); },
  };
})();`;
