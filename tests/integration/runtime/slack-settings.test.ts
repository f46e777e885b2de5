/**
 * Slack in Settings over real HTTP against the sandbox: "Test connection" names the user and the workspace, the
 * channel and user-group pickers read the account, and a token is bound to the workspace it was saved for, from
 * the save (through the settings:save handler) to the poll that refuses a token from another workspace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { type HandlerDeps, saveSettings } from '../../../src/main/electron/handlers';
import { demoSettings, startRuntime } from '../../../src/main/runtime';
import { type ConnectionDeps, listPicker, slackWorkspace, testConnection } from '../../../src/main/runtime/connections';
import {
  DEMO_SLACK,
  demoScenario,
  OTHER_SLACK_TEAM,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  SLACK_SANDBOX_CREDENTIALS,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import type { SettingsView } from '../../../src/shared/ipc';
import type { SecretName, Settings } from '../../../src/shared/settings';
import { sendJson, startHostileServer } from '../../reliability/hostile-server';
import { memoryStore, recordingNotifier } from '../../support/factories';
import { fakeTime } from '../../support/fake-time';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const USER = SLACK_SANDBOX_CREDENTIALS.user.token;
const OTHER = SLACK_SANDBOX_CREDENTIALS.otherWorkspace.token;

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

async function world() {
  const sandbox = await startSandbox({
    scenario: { ...demoScenario(), anchorMs: NOW - 30 * 60_000 },
    clock: () => NOW,
  });
  running.push({ stop: () => sandbox.close() });
  return sandbox;
}

/** The user's settings pointed at the sandbox; Slack bound to the demo workspace unless `teamId` says otherwise. */
function settingsFor(sandbox: Sandbox, teamId: string | null = DEMO_SLACK.team.id): Settings {
  const base = structuredClone(DEFAULT_SETTINGS);
  const settings = demoSettings({ ...base, app: { ...base.app, timeZone: 'UTC' } }, sandbox);
  return {
    ...settings,
    slack: {
      ...settings.slack,
      teamId,
      workspaceUrl: teamId === null ? null : 'https://support-hero-demo.slack.com/',
    },
  };
}

function secrets(tokens: Partial<Record<SecretName, string>>): SecretStore {
  return { get: (name) => tokens[name] ?? null };
}

function deps(tokens: Partial<Record<SecretName, string>> = {}): ConnectionDeps {
  return { secrets: secrets(tokens), clock: { now: () => NOW }, timeZone: () => 'UTC' };
}

describe('Slack "Test connection"', () => {
  it('says who and which workspace, with a typed token and with the stored one', async () => {
    const sandbox = await world();
    const settings = settingsFor(sandbox);
    const expected = 'Connected to Support Hero Demo (support-hero-demo.slack.com) as demo.hero';
    expect(await testConnection(deps(), { service: 'slack', settings, token: USER })).toEqual({
      ok: true,
      message: expected,
    });
    expect(await testConnection(deps({ slackToken: USER }), { service: 'slack', settings })).toEqual({
      ok: true,
      message: expected,
    });
    expect(sandbox.slack.count({ method: 'auth.test' })).toBe(2);
  });

  it.each([
    ['invalid_auth', 'Slack does not recognise this token (invalid_auth): check that you copied all of it'],
    ['token_revoked', 'This Slack token was revoked (token_revoked): create a new one'],
    ['token_expired', expect.stringContaining('This Slack token has expired (token_expired)')],
    ['account_inactive', 'The Slack account behind this token is deactivated (account_inactive)'],
  ] as const)('turns %s into a sentence', async (kind, message) => {
    const sandbox = await world();
    sandbox.slack.faults.inject({ kind });
    const result = await testConnection(deps(), { service: 'slack', settings: settingsFor(sandbox), token: USER });
    expect(result).toEqual({ ok: false, message });
    expect(result.message).not.toContain(USER);
  });

  it('never words a refused token with an HTTP status Slack did not mean (its refusals arrive as 200)', async () => {
    const answers: Array<(response: import('node:http').ServerResponse) => void> = [
      (response) => sendJson(response, 200, { ok: false, error: 'invalid_auth' }),
      (response) => sendJson(response, 200, { ok: false, error: 'token_revoked' }),
      (response) => sendJson(response, 401, { ok: false, error: 'invalid_auth' }),
    ];
    const server = await startHostileServer((_request, response) => answers.shift()!(response));
    running.push({ stop: () => server.close() });
    const settings = settingsFor(await world());
    const pointed = { ...settings, slack: { ...settings.slack, apiUrl: `${server.origin}/api/` } };
    const messages: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await testConnection(deps(), { service: 'slack', settings: pointed, token: USER });
      expect(result.ok).toBe(false);
      messages.push(result.ok ? '' : result.message);
    }
    expect(messages.slice(0, 2)).toEqual([
      'Slack does not recognise this token (invalid_auth): check that you copied all of it',
      'This Slack token was revoked (token_revoked): create a new one',
    ]);
    expect(messages[2]).toBe('Slack refused the token (401, auth.test): check the token');
    for (const message of messages) {
      expect(message).not.toContain('(200)');
      expect(message.match(/refused the token/g)?.length ?? 0).toBeLessThanOrEqual(1);
    }
  });

  it('names the missing scope, the unreachable host, a rate limit and a server error', async () => {
    const sandbox = await world();
    const settings = settingsFor(sandbox);
    const run = () => testConnection(deps(), { service: 'slack', settings, token: USER });
    sandbox.slack.faults.inject({ kind: 'missing_scope', needed: 'channels:read', times: 1 });
    expect((await run()).message).toBe(
      'The Slack token lacks the `channels:read` scope (missing_scope): add it to the Slack app and install it again',
    );
    sandbox.slack.faults.inject({ kind: 'ratelimited', retryAfterSeconds: 120, times: 1 });
    expect((await run()).message).toBe('Slack is rate limiting requests: try again at 10:02');
    sandbox.slack.faults.inject({ kind: 'server_error', times: 1 });
    expect((await run()).message).toBe('Slack had a server error (500): try again later');
    const offline = { ...settings, slack: { ...settings.slack, apiUrl: 'http://127.0.0.1:9/slack/api/' } };
    expect((await testConnection(deps(), { service: 'slack', settings: offline, token: USER })).message).toBe(
      'Could not reach Slack: check your connection',
    );
    expect(await testConnection(deps(), { service: 'slack', settings })).toEqual({
      ok: false,
      message: 'Enter a Slack token first',
    });
  });

  it('refuses a stored token that now acts in another workspace; a typed one says where saving it leads', async () => {
    const sandbox = await world();
    const settings = settingsFor(sandbox);
    expect(await testConnection(deps({ slackToken: OTHER }), { service: 'slack', settings })).toEqual({
      ok: false,
      message:
        'Slack: this token belongs to workspace Globex Corp (globex-corp.slack.com), saved for support-hero-demo.slack.com; save it again in the settings',
    });
    expect(await testConnection(deps(), { service: 'slack', settings, token: OTHER })).toEqual({
      ok: true,
      message:
        'Connected to Globex Corp (globex-corp.slack.com) as U0GLOBEX01; saving this token follows this workspace instead of support-hero-demo.slack.com',
    });
  });
});

describe('Slack pickers', () => {
  it('lists the public and private channels the token sees, archived ones left out', async () => {
    const sandbox = await world();
    const result = await listPicker(deps({ slackToken: USER }), 'slack:channels', { settings: settingsFor(sandbox) });
    expect(result).toEqual({
      ok: true,
      options: [
        { id: DEMO_SLACK.channels.escalations, label: '#cs-escalations' },
        { id: DEMO_SLACK.channels.requests, label: '#cs-requests' },
        { id: DEMO_SLACK.pickerOnly.privateMine, label: '#cs-vip', detail: 'private' },
        { id: DEMO_SLACK.channels.hero, label: '#support-hero' },
      ],
    });
    const [call] = sandbox.slack.calls.filter((entry) => entry.method === 'conversations.list');
    expect(call?.args).toMatchObject({ types: 'public_channel,private_channel', exclude_archived: 'true' });
    // The stored token's workspace is checked first (one auth.test), then one page.
    expect(sandbox.slack.count({ method: 'auth.test' })).toBe(1);
  });

  it('follows pages and stops at the cap, saying the list was cut', async () => {
    const sandbox = await world();
    const base = sandbox.slack.world();
    const many = Array.from({ length: 2050 }, (_, index) => ({
      id: `C0MANY${String(index).padStart(4, '0')}`,
      name: `channel-${String(index).padStart(4, '0')}`,
      isPrivate: false,
      members: [DEMO_SLACK.me],
      messages: [],
    }));
    sandbox.slack.setWorld({ ...base, channels: [...base.channels, ...many] });
    const result = await listPicker(deps(), 'slack:channels', { settings: settingsFor(sandbox), token: USER });
    expect(result.ok && result.options).toHaveLength(2000);
    expect(result.ok && result.note).toBe('Only the first 2000 channels are listed; type an id for any other');
    expect(sandbox.slack.count({ method: 'conversations.list' })).toBe(10);
  });

  it('lists user groups with their handles, and names a missing scope', async () => {
    const sandbox = await world();
    const settings = settingsFor(sandbox);
    expect(await listPicker(deps(), 'slack:usergroups', { settings, token: USER })).toEqual({
      ok: true,
      options: [
        { id: DEMO_SLACK.csGroup, label: 'Customer Success', detail: '@cs-team' },
        { id: DEMO_SLACK.myGroup, label: 'Team Infrastructure', detail: '@team-infra' },
      ],
    });
    sandbox.slack.faults.inject({ kind: 'missing_scope', method: 'usergroups.list', needed: 'usergroups:read' });
    expect(await listPicker(deps(), 'slack:usergroups', { settings, token: USER })).toEqual({
      ok: false,
      message:
        'The Slack token lacks the `usergroups:read` scope (missing_scope): add it to the Slack app and install it again',
    });
  });

  it('lists nothing from another workspace with the stored token', async () => {
    const sandbox = await world();
    const result = await listPicker(deps({ slackToken: OTHER }), 'slack:channels', { settings: settingsFor(sandbox) });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('save it again') });
    expect(sandbox.slack.count({ method: 'conversations.list' })).toBe(0);
  });
});

describe('Binding a Slack token to its workspace', () => {
  it('reads the workspace of a token being saved', async () => {
    const sandbox = await world();
    expect(await slackWorkspace(deps(), settingsFor(sandbox, null), OTHER)).toEqual({
      ok: true,
      teamId: OTHER_SLACK_TEAM.id,
      workspaceUrl: 'https://globex-corp.slack.com/',
      connectedAs: 'Connected to Globex Corp (globex-corp.slack.com) as U0GLOBEX01',
    });
    sandbox.slack.faults.inject({ kind: 'invalid_auth' });
    expect(await slackWorkspace(deps(), settingsFor(sandbox, null), 'xoxp-typo')).toEqual({
      ok: false,
      message: 'Slack does not recognise this token (invalid_auth): check that you copied all of it',
    });
  });

  it('settings:save records the workspace with the token, and refuses a token Slack does not accept', async () => {
    const sandbox = await world();
    const stored = new Map<SecretName, string>();
    let applied: Settings | null = null;
    const current = settingsFor(sandbox, null);
    const view = (): SettingsView => ({
      settings: applied ?? current,
      secrets: {
        zendeskToken: { present: false, storage: 'none', connectedAs: null },
        pagerdutyToken: { present: false, storage: 'none', connectedAs: null },
        slackToken: { present: stored.has('slackToken'), storage: 'encrypted', connectedAs: null },
      },
      encryptionAvailable: true,
      demo: false,
      notice: null,
    });
    const connectedAs = new Map<SecretName, string | null>();
    const handlerDeps = {
      settingsView: view,
      applySettings: (next: Settings) => {
        applied = next;
      },
      secrets: {
        set: (name: SecretName, value: string) => {
          stored.set(name, value);
          return 'encrypted' as const;
        },
        encryptionAvailable: () => true,
        setConnectedAs: (name: SecretName, text: string | null) => connectedAs.set(name, text),
      },
      slackWorkspace: (settings: Settings, token: string) => slackWorkspace(deps(), settings, token),
    } as unknown as HandlerDeps;

    // A page cannot bind Slack to a workspace of its choosing: what it sends is replaced by what auth.test says.
    const forged = {
      ...current,
      slack: { ...current.slack, teamId: 'T0FORGED01', workspaceUrl: 'https://evil.example/' },
    };
    const saved = await saveSettings(handlerDeps, { settings: forged, secrets: { slackToken: USER } });
    expect(saved.ok).toBe(true);
    expect(applied!.slack).toMatchObject({
      teamId: DEMO_SLACK.team.id,
      workspaceUrl: 'https://support-hero-demo.slack.com/',
    });
    expect(stored.get('slackToken')).toBe(USER);
    expect(connectedAs.get('slackToken')).toBe(
      'Connected to Support Hero Demo (support-hero-demo.slack.com) as demo.hero',
    );

    sandbox.slack.faults.inject({ kind: 'token_revoked', times: 1 });
    const refused = await saveSettings(handlerDeps, { settings: current, secrets: { slackToken: OTHER } });
    expect(refused).toEqual({
      ok: false,
      errors: [
        {
          path: 'secrets.slackToken',
          message: 'Not saved: This Slack token was revoked (token_revoked): create a new one',
        },
      ],
    });
    expect(stored.get('slackToken')).toBe(USER);
    expect(applied!.slack.teamId).toBe(DEMO_SLACK.team.id);

    // Saving without a new token keeps the binding; removing the token removes it.
    await saveSettings(handlerDeps, { settings: current });
    expect(applied!.slack.teamId).toBe(DEMO_SLACK.team.id);
    await saveSettings(handlerDeps, { settings: current, secrets: { slackToken: '' } });
    expect(applied!.slack).toMatchObject({ teamId: null, workspaceUrl: null });
  });

  it('binds a token stored before bindings existed at its first good poll, once, and saves it like a save', async () => {
    const sandbox = await world();
    const time = fakeTime(NOW);
    const saved: Settings[] = [];
    const logs: string[] = [];
    const runtime = await startRuntime({
      settings: settingsFor(sandbox, null),
      secrets: secrets({ slackToken: USER }),
      store: memoryStore(),
      notifier: recordingNotifier(),
      clock: time.clock,
      scheduler: time.scheduler,
      log: (line) => logs.push(line),
      saveBoundSettings: (next) => saved.push(next),
    });
    running.push(runtime);
    const first = await runtime.engine.pollNow();
    expect(first.sources.slack?.state).toBe('fresh');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.slack).toMatchObject({
      teamId: DEMO_SLACK.team.id,
      workspaceUrl: 'https://support-hero-demo.slack.com/',
    });
    // Nothing else of the settings moved.
    expect({ ...saved[0]!, slack: { ...saved[0]!.slack, teamId: null, workspaceUrl: null } }).toEqual(
      settingsFor(sandbox, null),
    );
    expect(logs.join('\n')).not.toContain(USER);
    // The sources are recreated bound, and polls go on without binding again.
    await time.advanceBy(0);
    expect(runtime.effectiveSettings().slack.teamId).toBe(DEMO_SLACK.team.id);
    const next = await runtime.engine.pollNow();
    expect(next.sources.slack?.state).toBe('fresh');
    expect(saved).toHaveLength(1);
  });

  it('binds nothing without a way to save it, nor a token already bound, nor in demo mode', async () => {
    const sandbox = await world();
    const time = fakeTime(NOW);
    const unsaved = await startRuntime({
      settings: settingsFor(sandbox, null),
      secrets: secrets({ slackToken: USER }),
      store: memoryStore(),
      notifier: recordingNotifier(),
      clock: time.clock,
      scheduler: time.scheduler,
    });
    running.push(unsaved);
    expect((await unsaved.engine.pollNow()).sources.slack?.state).toBe('fresh');
    await time.advanceBy(0);
    expect(unsaved.effectiveSettings().slack.teamId).toBeNull();
    const saved: Settings[] = [];
    const bound = await startRuntime({
      settings: settingsFor(sandbox, 'T0SAVED001'),
      secrets: secrets({ slackToken: USER }),
      store: memoryStore(),
      notifier: recordingNotifier(),
      clock: time.clock,
      scheduler: time.scheduler,
      saveBoundSettings: (next) => saved.push(next),
    });
    running.push(bound);
    // Bound to another workspace, the token is refused, and the binding is not rewritten to follow it.
    expect((await bound.engine.pollNow()).sources.slack?.failure).toMatchObject({ kind: 'auth_rejected' });
    const demo = await startRuntime({
      settings: settingsFor(sandbox, null),
      secrets: secrets({}),
      store: memoryStore(),
      notifier: recordingNotifier(),
      clock: time.clock,
      scheduler: time.scheduler,
      saveBoundSettings: (next) => saved.push(next),
    });
    running.push(demo);
    expect(demo.demo).toBe(true);
    await demo.engine.pollNow();
    expect(saved).toEqual([]);
  });

  it("saving another workspace's token drops the old workspace's requests at once, though the new one fails", async () => {
    const sandbox = await world();
    const time = fakeTime(NOW);
    const tokens: Partial<Record<SecretName, string>> = { slackToken: USER };
    const runtime = await startRuntime({
      settings: settingsFor(sandbox),
      secrets: secrets(tokens),
      store: memoryStore(),
      notifier: recordingNotifier(),
      clock: time.clock,
      scheduler: time.scheduler,
    });
    running.push(runtime);
    expect((await runtime.engine.pollNow()).requests).toHaveLength(2);
    expect(runtime.engine.slackWorkspaceUrl()).toBe('https://support-hero-demo.slack.com/');
    // Still bound to the demo workspace (as a save whose binding could not be read), so the new token is refused.
    tokens.slackToken = OTHER;
    await runtime.applySettings(settingsFor(sandbox));
    const snapshot = await runtime.engine.pollNow();
    expect(snapshot.sources.slack?.failure).toMatchObject({ kind: 'auth_rejected' });
    expect(snapshot.sources.slack?.state).toBe('failing');
    expect(snapshot.requests ?? []).toEqual([]);
    expect(runtime.engine.slackWorkspaceUrl()).toBeNull();
    expect(runtime.engine.slackWorkspaceSeen()).toBeNull();
  });

  it('a poll with a token from another workspace fails as auth, reads no channel and alerts nothing', async () => {
    const sandbox = await world();
    const time = fakeTime(NOW);
    const notifier = recordingNotifier();
    const runtime = await startRuntime({
      settings: settingsFor(sandbox),
      secrets: secrets({
        zendeskToken: SANDBOX_CREDENTIALS.zendesk.token,
        pagerdutyToken: SANDBOX_CREDENTIALS.pagerduty.token,
        slackToken: OTHER,
      }),
      store: memoryStore(),
      notifier,
      clock: time.clock,
      scheduler: time.scheduler,
    });
    running.push(runtime);
    const snapshot = await runtime.engine.pollNow();
    expect(snapshot.sources.slack?.failure).toMatchObject({ kind: 'auth_rejected' });
    expect(snapshot.sources.slack?.line).toContain(
      'this token belongs to workspace Globex Corp (globex-corp.slack.com), saved for support-hero-demo.slack.com; save it again',
    );
    expect(snapshot.requests ?? []).toEqual([]);
    expect(notifier.delivered.filter((alert) => alert.id.startsWith('slack:'))).toEqual([]);
    expect(sandbox.slack.count({ method: 'conversations.history' })).toBe(0);
    // Zendesk and PagerDuty carry on.
    expect(snapshot.sources.zendesk.state).toBe('fresh');
  });
});
