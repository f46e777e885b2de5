/**
 * The Slack settings channels in main: `settings:test` and the Slack pickers reach the runtime with main's API
 * address and binding (never the page's), and `settings:save` binds a new Slack token to its workspace.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { type HandlerDeps, registerHandlers } from '../../src/main/electron/handlers';
import { IpcBridge, type IpcMainLike } from '../../src/main/electron/ipc';
import type { SettingsView } from '../../src/shared/ipc';
import type { Settings } from '../../src/shared/settings';

const PAGE = 'file:///app/out/renderer/index.html';

/** Main's settings: Slack bound to the demo workspace, on a pinned API base; a PagerDuty region the page differs on. */
const CURRENT: Settings = {
  ...DEFAULT_SETTINGS,
  pagerduty: { ...DEFAULT_SETTINGS.pagerduty, region: 'eu' },
  slack: {
    ...DEFAULT_SETTINGS.slack,
    apiUrl: 'http://127.0.0.1:4000/slack/api/',
    teamId: 'T0DEMO0001',
    workspaceUrl: 'https://support-hero-demo.slack.com/',
  },
};

const stored = { present: true, storage: 'encrypted' as const, connectedAs: null };
const view: SettingsView = {
  settings: CURRENT,
  secrets: { zendeskToken: stored, pagerdutyToken: stored, slackToken: stored },
  encryptionAvailable: true,
  demo: false,
  notice: null,
};

function setup(slackWorkspace?: HandlerDeps['slackWorkspace']) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const window = { mainFrame: { url: PAGE }, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents;
  const bridge = new IpcBridge(ipcMain, { webContents: () => window, pageUrl: PAGE });
  const deps = {
    snapshot: () => null,
    refresh: vi.fn(async () => {}),
    pause: vi.fn(() => ({ pausedUntil: null, quietHours: false, held: 0 })),
    settingsView: () => view,
    applySettings: vi.fn(),
    secrets: { set: vi.fn(() => 'encrypted' as const), encryptionAvailable: () => true, setConnectedAs: vi.fn() },
    testConnection: vi.fn(async () => ({ ok: true, message: 'Connected' })),
    listPicker: vi.fn(async () => ({ ok: true as const, options: [] })),
    links: { open: vi.fn(async (_url: string) => {}) },
    hideWindow: vi.fn(),
    notices: { list: vi.fn(() => []), dismiss: vi.fn() },
    ...(slackWorkspace ? { slackWorkspace } : {}),
  } satisfies HandlerDeps;
  registerHandlers(bridge, deps);
  const event = { sender: window, senderFrame: window.mainFrame } as unknown as IpcMainInvokeEvent;
  const invoke = (channel: string, payload?: unknown) =>
    Promise.resolve().then(() => handlers.get(channel)!(event, payload));
  return { deps, invoke };
}

/** What a compromised page might send: another API base and another workspace binding. */
const forged: Settings = {
  ...CURRENT,
  pagerduty: { ...CURRENT.pagerduty, region: 'us' },
  slack: { ...CURRENT.slack, apiUrl: 'https://evil.example/api/', teamId: 'T0EVIL0001', workspaceUrl: null },
};

describe('Slack settings over IPC', () => {
  it('settings:test for Slack uses the stored token against main’s API base and binding', async () => {
    const s = setup();
    await expect(s.invoke('settings:test', { service: 'slack', settings: forged })).resolves.toEqual({
      ok: true,
      message: 'Connected',
    });
    const [request] = s.deps.testConnection.mock.calls[0] as unknown as [{ service: string; settings: Settings }];
    expect(request.service).toBe('slack');
    expect(request.settings.slack).toMatchObject({
      apiUrl: CURRENT.slack.apiUrl,
      teamId: CURRENT.slack.teamId,
      workspaceUrl: CURRENT.slack.workspaceUrl,
    });
  });

  it.each(['slack:channels', 'slack:usergroups'])('%s reaches the runtime as a Slack picker', async (channel) => {
    const s = setup();
    await expect(s.invoke(channel, { settings: forged })).resolves.toEqual({ ok: true, options: [] });
    const [kind, request] = s.deps.listPicker.mock.calls[0] as unknown as [string, { settings: Settings }];
    expect(kind).toBe(channel);
    expect(request.settings.slack.apiUrl).toBe(CURRENT.slack.apiUrl);
  });

  it('refuses a Slack picker request carrying anything but settings and a token', async () => {
    const s = setup();
    await expect(s.invoke('slack:channels', { settings: forged, apiUrl: 'https://evil.example' })).rejects.toThrow(
      /^Support Hero refused slack:channels/,
    );
    expect(s.deps.listPicker).not.toHaveBeenCalled();
  });

  it('settings:save binds a new Slack token to the workspace main reads for it', async () => {
    const slackWorkspace = vi.fn(async () => ({
      ok: true as const,
      teamId: 'T0GLOBEX01',
      workspaceUrl: 'https://globex.slack.com/',
      connectedAs: 'Connected to Globex (globex.slack.com) as ada',
    }));
    const s = setup(slackWorkspace);
    // The PagerDuty region stays: naming another one would (rightly) ask for the PagerDuty token again.
    const settings = { ...forged, pagerduty: CURRENT.pagerduty };
    const response = await s.invoke('settings:save', { settings, secrets: { slackToken: 'xoxp-new' } });
    expect(response).toMatchObject({ ok: true });
    const [[applied]] = s.deps.applySettings.mock.calls as unknown as [[Settings]];
    expect(applied.slack).toMatchObject({ teamId: 'T0GLOBEX01', workspaceUrl: 'https://globex.slack.com/' });
    expect(applied.slack.apiUrl).toBe(CURRENT.slack.apiUrl);
    const [[askedWith, token]] = slackWorkspace.mock.calls as unknown as [[Settings, string]];
    expect(askedWith.slack.apiUrl).toBe(CURRENT.slack.apiUrl);
    expect(token).toBe('xoxp-new');
    expect(s.deps.secrets.set).toHaveBeenCalledWith('slackToken', 'xoxp-new', false);
    expect(s.deps.secrets.setConnectedAs).toHaveBeenCalledWith(
      'slackToken',
      'Connected to Globex (globex.slack.com) as ada',
    );
  });

  it('settings:save keeps the token out when its workspace cannot be read, with the reason on the field', async () => {
    const s = setup(async () => ({ ok: false as const, message: 'Could not reach Slack: check your connection' }));
    await expect(
      s.invoke('settings:save', { settings: CURRENT, secrets: { slackToken: 'xoxp-new' } }),
    ).resolves.toEqual({
      ok: false,
      errors: [{ path: 'secrets.slackToken', message: 'Not saved: Could not reach Slack: check your connection' }],
    });
    expect(s.deps.secrets.set).not.toHaveBeenCalled();
    expect(s.deps.applySettings).not.toHaveBeenCalled();
  });
});
