import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { type HandlerDeps, registerHandlers } from '../../src/main/electron/handlers';
import { IpcBridge, type IpcMainLike } from '../../src/main/electron/ipc';
import { INVOKE_CHANNELS, type SettingsView } from '../../src/shared/ipc';
import { entry, snapshot, ticket } from './fixtures';

const PAGE = 'file:///app/out/renderer/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  return { ipcMain, handlers };
}

function fakeContents(url = PAGE) {
  const mainFrame = { url };
  return { mainFrame, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents & {
    mainFrame: { url: string };
  };
}

function eventFrom(contents: WebContents, frame: unknown = contents.mainFrame) {
  return { sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const view: SettingsView = {
  settings: DEFAULT_SETTINGS,
  secrets: {
    zendeskToken: { present: false, storage: 'none', connectedAs: null },
    pagerdutyToken: { present: false, storage: 'none', connectedAs: null },
    slackToken: { present: false, storage: 'none', connectedAs: null },
  },
  encryptionAvailable: true,
  demo: true,
  notice: null,
};

function setup(settingsView: SettingsView = view) {
  const { ipcMain, handlers } = fakeIpcMain();
  const window = fakeContents();
  const bridge = new IpcBridge(ipcMain, { webContents: () => window, pageUrl: PAGE });
  const current = snapshot({
    queue: [
      entry(ticket(7)),
      entry(ticket(8, { source: 'community', moderationUrl: 'https://posthog.com/questions/q8' })),
    ],
  });
  const deps = {
    snapshot: () => current,
    refresh: vi.fn(async () => {}),
    pause: vi.fn(() => ({ pausedUntil: '2026-11-30T10:00:00.000Z', quietHours: false, held: 0 })),
    settingsView: () => settingsView,
    applySettings: vi.fn(),
    secrets: { set: vi.fn(() => 'encrypted' as const), encryptionAvailable: () => true },
    testConnection: vi.fn(async () => ({ ok: true, message: 'Connected as Ada' })),
    listPicker: vi.fn(async () => ({ ok: true as const, options: [] })),
    links: { open: vi.fn(async (_url: string) => {}) },
    hideWindow: vi.fn(),
    notices: {
      list: vi.fn(() => [{ id: 'settings', level: 'info' as const, title: 'Support Hero settings', body: 'Upgraded' }]),
      dismiss: vi.fn(),
    },
  } satisfies HandlerDeps;
  registerHandlers(bridge, deps);
  const invoke = (channel: string, payload?: unknown, event = eventFrom(window)) =>
    Promise.resolve().then(() => handlers.get(channel)!(event, payload));
  return { handlers, deps, window, invoke, bridge };
}

describe('IPC', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('registers a handler for every channel of the contract', () => {
    expect([...s.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('refuses unknown senders: another window, a subframe, a navigated page', async () => {
    const other = fakeContents();
    await expect(s.invoke('snapshot:refresh', undefined, eventFrom(other))).rejects.toThrow(
      'Support Hero refused snapshot:refresh: unknown sender',
    );
    await expect(s.invoke('snapshot:refresh', undefined, eventFrom(s.window, { url: PAGE }))).rejects.toThrow(
      /unknown sender/,
    );
    s.window.mainFrame.url = 'https://evil.io/index.html';
    await expect(s.invoke('snapshot:refresh')).rejects.toThrow(/unknown sender/);
    s.window.mainFrame.url = `${PAGE}#/settings`;
    await s.invoke('snapshot:refresh');
    expect(s.deps.refresh).toHaveBeenCalledTimes(1);
  });

  it('refuses bad payloads with a clear message and does nothing', async () => {
    await expect(s.invoke('ticket:open', { ticketId: '7', target: 'ticket' })).rejects.toThrow(
      /^Support Hero refused ticket:open: ticketId /,
    );
    await expect(s.invoke('ticket:open', { ticketId: 7, target: 'ticket', url: 'https://evil.io' })).rejects.toThrow(
      /refused ticket:open/,
    );
    await expect(s.invoke('notifications:pause', { for: 'ever' })).rejects.toThrow(/refused notifications:pause: for/);
    await expect(s.invoke('snapshot:refresh', { now: true })).rejects.toThrow(/refused snapshot:refresh/);
    await expect(
      s.invoke('settings:save', { settings: DEFAULT_SETTINGS, secrets: { zendeskToken: 42 } }),
    ).rejects.toThrow(/refused settings:save: secrets.zendeskToken/);
    expect(s.deps.links.open).not.toHaveBeenCalled();
    expect(s.deps.pause).not.toHaveBeenCalled();
    expect(s.deps.refresh).not.toHaveBeenCalled();
    expect(s.deps.secrets.set).not.toHaveBeenCalled();
  });

  it('never echoes a refused token back in the error', async () => {
    const secret = 'tok_very_secret_value';
    const error = await s
      .invoke('settings:test', { service: 'zendesk', settings: {}, token: secret, extra: secret })
      .catch((e) => e);
    expect(String(error)).toMatch(/refused settings:test/);
    expect(String(error)).not.toContain(secret);
  });

  it('opens a ticket by id from its own snapshot: the agent link or the moderation page', async () => {
    await s.invoke('ticket:open', { ticketId: 7, target: 'ticket' });
    await s.invoke('ticket:open', { ticketId: 8, target: 'moderation' });
    await expect(s.invoke('ticket:open', { ticketId: 99, target: 'ticket' })).rejects.toThrow(/not in the queue/);
    expect(s.deps.links.open.mock.calls).toEqual([
      ['https://posthoghelp.zendesk.com/agent/tickets/7'],
      ['https://posthog.com/questions/q8'],
    ]);
  });

  it('answers good requests', async () => {
    expect(await s.invoke('snapshot:get')).toMatchObject({ queue: [{ ticket: { id: 7 } }, { ticket: { id: 8 } }] });
    expect(await s.invoke('notifications:pause', { for: 'hour' })).toMatchObject({ pausedUntil: expect.any(String) });
    expect(await s.invoke('settings:get')).toBe(view);
    expect(await s.invoke('handover:markdown')).toEqual(expect.any(String));
    await s.invoke('window:hide');
    expect(s.deps.hideWindow).toHaveBeenCalledTimes(1);
  });

  it('lists the open notices and dismisses one by id; refuses an id that is not a notice id', async () => {
    expect(await s.invoke('notices:get')).toEqual([
      { id: 'settings', level: 'info', title: 'Support Hero settings', body: 'Upgraded' },
    ]);
    await s.invoke('notice:dismiss', { id: 'settings' });
    expect(s.deps.notices.dismiss).toHaveBeenCalledWith('settings');
    await expect(s.invoke('notice:dismiss', { id: '../etc' })).rejects.toThrow(/refused notice:dismiss: id/);
    await expect(s.invoke('notice:dismiss', {})).rejects.toThrow(/refused notice:dismiss/);
    expect(s.deps.notices.dismiss).toHaveBeenCalledTimes(1);
  });

  it('settings:save answers field errors for invalid settings and saves nothing', async () => {
    const bad = { ...DEFAULT_SETTINGS, polling: { ...DEFAULT_SETTINGS.polling, zendeskSeconds: -1 } };
    const response = await s.invoke('settings:save', { settings: bad, secrets: { zendeskToken: 'abc' } });
    expect(response).toMatchObject({ ok: false, errors: [{ path: 'polling.zendeskSeconds' }] });
    expect(s.deps.applySettings).not.toHaveBeenCalled();
    expect(s.deps.secrets.set).not.toHaveBeenCalled();
  });

  it('settings:save stores secrets, applies the settings and returns the view', async () => {
    const good = { ...DEFAULT_SETTINGS, zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp' } };
    const response = await s.invoke('settings:save', {
      settings: good,
      secrets: { zendeskToken: 'abc', pagerdutyToken: '' },
      allowPlainTextSecrets: true,
    });
    expect(response).toEqual({ ok: true, view });
    expect(s.deps.secrets.set.mock.calls).toEqual([
      ['zendeskToken', 'abc', true],
      ['pagerdutyToken', '', true],
    ]);
    expect(s.deps.applySettings).toHaveBeenCalledWith(good);
  });

  it("never lets the window choose where a stored token goes: API addresses stay main's, subdomains are checked", async () => {
    const hostile = {
      ...DEFAULT_SETTINGS,
      zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp', baseUrl: 'https://evil.example/api' },
      pagerduty: { ...DEFAULT_SETTINGS.pagerduty, baseUrl: 'https://evil.example/pd' },
    };
    // No token in the request: the stored one would be used, so it must go to main's own address.
    await s.invoke('settings:test', { service: 'pagerduty', settings: hostile });
    await s.invoke('zendesk:views', { settings: hostile });
    await s.invoke('settings:save', { settings: hostile });
    const tested = s.deps.testConnection.mock.calls[0] as unknown as [{ settings: typeof hostile }];
    const listed = s.deps.listPicker.mock.calls[0] as unknown as [string, { settings: typeof hostile }];
    for (const sent of [tested[0].settings, listed[1].settings, s.deps.applySettings.mock.calls[0]?.[0]]) {
      expect(sent?.zendesk.baseUrl).toBeNull();
      expect(sent?.pagerduty.baseUrl).toBeNull();
      expect(sent?.zendesk.subdomain).toBe('posthoghelp');
    }

    // A "subdomain" that is really a host and a fragment never reaches a source.
    const smuggled = { ...DEFAULT_SETTINGS, zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'evil.example/#' } };
    const answer = await s.invoke('settings:test', { service: 'zendesk', settings: smuggled });
    expect(answer).toMatchObject({ ok: false, message: expect.stringContaining('zendesk.subdomain') });
    expect(await s.invoke('zendesk:orgFields', { settings: smuggled })).toMatchObject({ ok: false });
    expect(s.deps.testConnection).toHaveBeenCalledTimes(1);
    expect(s.deps.listPicker).toHaveBeenCalledTimes(1);
  });

  it('asks for the token again before using a stored one with another account', async () => {
    const saved = {
      ...DEFAULT_SETTINGS,
      zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp', email: 'ada@posthog.com', viewIds: [1] },
    };
    const stored = { present: true, storage: 'encrypted' as const, connectedAs: 'Ada' };
    const t = setup({
      ...view,
      settings: saved,
      secrets: { zendeskToken: stored, pagerdutyToken: stored, slackToken: stored },
    });
    const elsewhere = { ...saved, zendesk: { ...saved.zendesk, subdomain: 'attacker' } };
    const eu = { ...saved, pagerduty: { ...saved.pagerduty, region: 'eu' as const } };

    // Same account: the stored token is used.
    expect(await t.invoke('settings:test', { service: 'zendesk', settings: saved })).toMatchObject({ ok: true });
    // Another account, no token typed: refused, nothing sent.
    for (const [channel, payload] of [
      ['settings:test', { service: 'zendesk', settings: elsewhere }],
      ['zendesk:views', { settings: elsewhere }],
      ['settings:test', { service: 'pagerduty', settings: eu }],
    ] as const) {
      expect(await t.invoke(channel, payload)).toMatchObject({ ok: false, message: expect.stringContaining('token') });
    }
    expect(t.deps.testConnection).toHaveBeenCalledTimes(1);
    expect(t.deps.listPicker).not.toHaveBeenCalled();
    // With the token typed, the new account can be tested.
    expect(await t.invoke('settings:test', { service: 'zendesk', settings: elsewhere, token: 'typed' })).toMatchObject({
      ok: true,
    });

    // Saving another account keeps nothing of the old token: the form must give a new one.
    const refused = await t.invoke('settings:save', { settings: elsewhere });
    expect(refused).toMatchObject({ ok: false, errors: [{ path: 'secrets.zendeskToken' }] });
    expect(t.deps.applySettings).not.toHaveBeenCalled();
    expect(await t.invoke('settings:save', { settings: elsewhere, secrets: { zendeskToken: 'new' } })).toMatchObject({
      ok: true,
    });
  });

  it('pushes events only to a live window', () => {
    s.bridge.send(s.window, 'view:show', 'settings');
    s.bridge.send(null, 'view:show', 'queue');
    expect(s.window.send).toHaveBeenCalledWith('view:show', 'settings');
    expect(s.window.send).toHaveBeenCalledTimes(1);
  });
});
