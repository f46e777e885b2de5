/**
 * The engine's Slack loop, against a scripted Slack source on a fake clock: where its read position is kept and
 * when it is dropped, dismissals, deferred work, its own back-off and Retry-After, and its cadence.
 */
import { describe, expect, it } from 'vitest';
import { AlertCenter } from '../../../src/main/core/alerts';
import { LEDGER_KEY } from '../../../src/main/core/alerts/ledger';
import { Engine, SETUP_RETRY_MS } from '../../../src/main/core/engine';
import { SLACK_CURSOR_KEY, SLACK_DISMISSED_KEY } from '../../../src/main/core/engine/engine';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { SlackFetchInput, SlackFetchResult, SlackSource } from '../../../src/main/sources/slack';
import { slackPollPolicy, workspaceMismatch } from '../../../src/main/sources/slack';
import type { SlackCursorState, SlackRequest } from '../../../src/main/sources/slack/types';
import { SourceError } from '../../../src/main/sources/source';
import type { SourceFailure } from '../../../src/shared/domain';
import type { Settings } from '../../../src/shared/settings';
import { MINUTE, makeEntry, makeTicket, memoryStore, recordingNotifier, T0 } from '../../support/factories';
import { fakePagerDuty, fakeTime, fakeZendesk } from '../../support/fake-time';

const SECOND = 1000;
const TEAM = 'T0TEAM0001';
const CHANNELS = ['C0CSREQS01', 'C0OTHER001'];

function request(ts: string, overrides: Partial<SlackRequest> = {}): SlackRequest {
  const channelId = overrides.channelId ?? CHANNELS[0]!;
  return {
    id: `${channelId}/${ts}`,
    channelId,
    channelName: 'cs-requests',
    threadTs: ts,
    ts,
    author: { id: 'U0CSALICE1', name: 'Alice' },
    preview: 'could you look at this?',
    postedAt: new Date(Number(ts.split('.')[0]) * 1000).toISOString(),
    permalink: null,
    mentions: { me: true, myGroup: false, broadcast: false },
    done: null,
    ...overrides,
  };
}

/** A cursor state the test can recognise: `mark` rides in `nextChannel`. */
function cursor(mark: number): SlackCursorState {
  return { version: 1, channels: {}, requests: {}, lastCallAt: {}, nextChannel: mark };
}

type Answer = Partial<SlackFetchResult> | SourceFailure;

const IDENTITY = {
  userId: 'U0ME000001',
  userName: 'me',
  teamId: TEAM,
  teamName: 'Team',
  url: 'https://team.slack.com/',
  botId: null,
};
/** The user another person's token (any account but the first) acts as, in the same workspace. */
const OTHER_USER = 'U0YOU00002';

/**
 * A Slack source whose answers the test scripts; it records the state and input of every call. Like the real
 * source, it refuses to poll when the settings bind Slack to another workspace than its token's.
 */
function fakeSlack(now: () => number, bound: () => Settings['slack']) {
  const script: Answer[] = [];
  const calls: { at: number; state: SlackCursorState | null; dismissed: string[] }[] = [];
  let polls = 0;
  let fallback: () => Answer = () => ({});
  let account = 'token-a';
  const source: SlackSource = {
    policy: slackPollPolicy('internal'),
    get account() {
      return account;
    },
    async fetchRequests(state, input: SlackFetchInput = {}) {
      calls.push({ at: now(), state: state ?? null, dismissed: [...(input.dismissed ?? [])].sort() });
      const wrong = workspaceMismatch(IDENTITY, bound().teamId, bound().workspaceUrl);
      if (wrong) throw new SourceError(wrong);
      const answer = script.length > 0 ? script.shift()! : fallback();
      if ('kind' in answer && 'detail' in answer) throw new SourceError(answer as SourceFailure);
      polls++;
      const scripted = answer as Partial<SlackFetchResult>;
      const all = scripted.open ?? [request('1764496800.000100')];
      return {
        state: cursor(polls),
        all,
        identity: account === 'token-a' ? IDENTITY : { ...IDENTITY, userId: OTHER_USER },
        problems: [],
        requests: 3,
        deferred: { channels: 0, threads: 0 },
        ...scripted,
        // As the real source: a dismissed request is never returned as open.
        open: all.filter((item) => !input.dismissed?.has(item.id)),
      };
    },
    testConnection: () => Promise.reject(new Error('not used')),
    listUsergroups: () => Promise.resolve([]),
    listChannels: () => Promise.resolve({ channels: [], truncated: false }),
  };
  return {
    source,
    script,
    calls,
    setFallback: (next: () => Answer) => {
      fallback = next;
    },
    /** Stands for saving another token: the next sources the engine creates read with it. */
    setAccount: (next: string) => {
      account = next;
    },
  };
}

function setup(
  options: {
    slack?: Partial<Settings['slack']>;
    polling?: Partial<Settings['polling']>;
    /** What the store holds before anything reads it (the alert ledger is read once, when created). */
    stored?: Record<string, unknown>;
  } = {},
) {
  const time = fakeTime(T0);
  const base = structuredClone(DEFAULT_SETTINGS);
  let settings: Settings = {
    ...base,
    slack: { ...base.slack, channelIds: [...CHANNELS], teamId: null, ...options.slack },
    polling: { ...base.polling, ...options.polling },
  };
  const store = memoryStore();
  for (const [key, value] of Object.entries(options.stored ?? {})) store.set(key, value);
  const zendesk = fakeZendesk(time.clock.now, () => [makeTicket({ id: 1 })]);
  const pagerduty = fakePagerDuty(time.clock.now, () => [makeEntry(-60, 24 * 60)]);
  const slack = fakeSlack(time.clock.now, () => settings.slack);
  const notifier = recordingNotifier();
  const alerts = new AlertCenter({
    store,
    notifier,
    clock: time.clock,
    settings: () => settings,
    timeZone: () => 'UTC',
  });
  const engine = new Engine({
    clock: time.clock,
    scheduler: time.scheduler,
    random: () => 0.5,
    settings: () => settings,
    timeZone: () => 'UTC',
    sources: () => ({ zendesk: zendesk.source, pagerduty: pagerduty.source, slack: slack.source }),
    alerts,
    store,
    demo: false,
  });
  return {
    time,
    engine,
    store,
    zendesk,
    pagerduty,
    slack,
    notifier,
    settings: () => settings,
    setSettings(next: Settings) {
      settings = next;
    },
    saved: () =>
      store.get(SLACK_CURSOR_KEY) as
        | { teamId: string; userId?: string; channels: string; state: SlackCursorState }
        | undefined,
    health: () => engine.snapshot()!.sources.slack!,
  };
}

const serverError: SourceFailure = {
  kind: 'server_error',
  status: 500,
  detail: 'Slack failed (500, conversations.history)',
};

describe('the Slack loop: its read position', () => {
  it('is saved after each successful poll only, and a failed poll starts again from the last good one', async () => {
    const t = setup();
    t.engine.start();
    await t.time.advanceBy(0);
    expect(t.slack.calls[0]!.state).toBeNull();
    expect(t.saved()).toMatchObject({ teamId: TEAM, channels: [...CHANNELS].sort().join(','), state: cursor(1) });

    t.slack.script.push(serverError);
    await t.time.advanceBy(60 * SECOND);
    expect(t.slack.calls).toHaveLength(2);
    expect(t.slack.calls[1]!.state).toEqual(cursor(1));
    expect(t.health()).toMatchObject({ state: 'stale', failure: { kind: 'server_error' } });
    // The failure left the saved position alone.
    expect(t.saved()!.state).toEqual(cursor(1));

    // The retry comes after the back-off (45 s at this jitter).
    await t.time.advanceBy(50 * SECOND);
    expect(t.slack.calls).toHaveLength(3);
    expect(t.slack.calls[2]!.state).toEqual(cursor(1));
    expect(t.health().state).toBe('fresh');
    expect(t.saved()!.state).toEqual(cursor(2));
    await t.engine.stop();
  });

  it('is read back after a restart (a new engine over the same store)', async () => {
    const first = setup();
    first.engine.start();
    await first.time.advanceBy(0);
    await first.engine.stop();
    const second = setup();
    second.store.set(SLACK_CURSOR_KEY, first.saved());
    second.engine.start();
    await second.time.advanceBy(0);
    expect(second.slack.calls[0]!.state).toEqual(cursor(1));
    await second.engine.stop();
  });

  it('is dropped when the channel list changes', async () => {
    const t = setup();
    t.engine.start();
    await t.time.advanceBy(0);
    t.setSettings({ ...t.settings(), slack: { ...t.settings().slack, channelIds: [CHANNELS[0]!] } });
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expect(t.slack.calls.at(-1)!.state).toBeNull();
    expect(t.saved()!.channels).toBe(CHANNELS[0]);
    // The same channels in another order are the same list: the position is kept.
    t.setSettings({ ...t.settings(), slack: { ...t.settings().slack, channelIds: [CHANNELS[0]!, CHANNELS[0]!] } });
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expect(t.slack.calls.at(-1)!.state).not.toBeNull();
    await t.engine.stop();
  });

  it('is dropped when the token acts in another workspace: the poll is read again from scratch', async () => {
    const t = setup();
    t.store.set(SLACK_CURSOR_KEY, {
      teamId: 'T0OTHERWS1',
      userId: IDENTITY.userId,
      channels: [...CHANNELS].sort().join(','),
      state: cursor(99),
    });
    t.engine.start();
    await t.time.advanceBy(0);
    expect(t.slack.calls.map((call) => call.state)).toEqual([cursor(99), null]);
    expect(t.saved()).toMatchObject({ teamId: TEAM, state: cursor(2) });
    expect(t.health().state).toBe('fresh');
    await t.engine.stop();
  });

  it("is dropped when another person's token reads the same workspace: their requests never come back", async () => {
    const t = setup();
    t.engine.start();
    await t.time.advanceBy(0);
    expect(t.saved()).toMatchObject({ teamId: TEAM, userId: IDENTITY.userId, state: cursor(1) });
    t.slack.setAccount('token-b');
    // Read from the old cursor, the answer would carry the first user's request and flags.
    const theirs = request('1764496800.000100');
    const mine = request('1764497000.000300');
    t.slack.script.push({ open: [theirs] }, { open: [mine] });
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expect(t.slack.calls.slice(1).map((call) => call.state)).toEqual([cursor(1), null]);
    expect((t.engine.snapshot()!.requests ?? []).map((entry) => entry.request.id)).toEqual([mine.id]);
    expect(t.saved()).toMatchObject({ teamId: TEAM, userId: OTHER_USER, state: cursor(3) });
    expect(JSON.stringify(t.saved())).not.toContain('token-');
    await t.engine.stop();
  });

  it('saved without a user (an earlier version) is not used, and the re-read look-back announces nothing again', async () => {
    const first = setup();
    first.engine.start();
    await first.time.advanceBy(0);
    await first.engine.stop();
    expect(first.notifier.delivered.map((alert) => alert.id)).toContain('slack:C0CSREQS01/1764496800.000100');
    const { userId: _userId, ...legacy } = first.saved()!;
    const second = setup({ stored: { [SLACK_CURSOR_KEY]: legacy, [LEDGER_KEY]: first.store.get(LEDGER_KEY) } });
    second.engine.start();
    await second.time.advanceBy(0);
    expect(second.slack.calls.map((call) => call.state)).toEqual([null]);
    expect(second.saved()).toMatchObject({ userId: IDENTITY.userId, state: cursor(1) });
    expect((second.engine.snapshot()!.requests ?? []).map((entry) => entry.request.id)).toEqual([
      'C0CSREQS01/1764496800.000100',
    ]);
    // The alert ledger remembers the request by its id: no second announcement.
    expect(second.notifier.delivered.filter((alert) => alert.id.startsWith('slack:'))).toEqual([]);
    await second.engine.stop();
  });

  it('refuses a token bound to another workspace, and keeps the position it had', async () => {
    const t = setup({ slack: { teamId: 'T0BOUND001' } });
    t.store.set(SLACK_CURSOR_KEY, {
      teamId: 'T0BOUND001',
      userId: IDENTITY.userId,
      channels: [...CHANNELS].sort().join(','),
      state: cursor(7),
    });
    t.engine.start();
    await t.time.advanceBy(0);
    expect(t.health()).toMatchObject({ state: 'failing', failure: { kind: 'auth_rejected' } });
    expect(t.health().message).toContain(
      'this token belongs to workspace Team (team.slack.com), saved for T0BOUND001; save it again',
    );
    expect(t.saved()).toMatchObject({ teamId: 'T0BOUND001', state: cursor(7) });
    expect(t.engine.snapshot()!.requests ?? []).toEqual([]);
    await t.engine.stop();
  });
});

describe('the Slack loop: its last good data when the source is recreated', () => {
  const ids = (t: ReturnType<typeof setup>) => (t.engine.snapshot()!.requests ?? []).map((entry) => entry.request.id);

  async function polledOnce() {
    const t = setup();
    t.engine.start();
    await t.time.advanceBy(0);
    expect(ids(t)).toEqual(['C0CSREQS01/1764496800.000100']);
    expect(t.engine.slackWorkspaceSeen()).toEqual({ teamId: TEAM, workspaceUrl: 'https://team.slack.com/' });
    return t;
  }

  function expectForgotten(t: ReturnType<typeof setup>) {
    expect(ids(t)).toEqual([]);
    expect(t.engine.snapshot()!.tray.badge).toBe(t.engine.snapshot()!.queue.filter((entry) => entry.handover).length);
    expect(t.health().state).toBe('failing');
    expect(t.engine.slackWorkspaceSeen()).toBeNull();
    expect(t.engine.slackWorkspaceUrl()).toBeNull();
  }

  it('is forgotten with another token: the old workspace is gone at once, even while the new token fails', async () => {
    const t = await polledOnce();
    t.slack.setAccount('token-b');
    t.slack.setFallback(() => serverError);
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expectForgotten(t);
    await t.engine.stop();
  });

  it('is forgotten when the binding no longer admits its workspace', async () => {
    const t = await polledOnce();
    t.setSettings({ ...t.settings(), slack: { ...t.settings().slack, teamId: 'T0BOUND001' } });
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expect(t.health().failure).toMatchObject({ kind: 'auth_rejected' });
    expectForgotten(t);
    await t.engine.stop();
  });

  it('keeps, stale, only the channels still read when the channel list changes', async () => {
    const t = setup();
    const dropped = request('1764496800.000100', { channelId: CHANNELS[0]! });
    const kept = request('1764496900.000200', { channelId: CHANNELS[1]! });
    t.slack.script.push({ open: [dropped, kept] });
    t.engine.start();
    await t.time.advanceBy(0);
    expect(ids(t)).toEqual([dropped.id, kept.id]);
    t.slack.setFallback(() => serverError);
    // A channel added and one removed: the removed one's requests go, the kept one's stay while Slack fails.
    const added = 'C0ADDED001';
    t.setSettings({ ...t.settings(), slack: { ...t.settings().slack, channelIds: [CHANNELS[1]!, added] } });
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expect(ids(t)).toEqual([kept.id]);
    expect(t.health()).toMatchObject({ state: 'stale', failure: { kind: 'server_error' } });
    expect(t.engine.slackWorkspaceSeen()).toEqual({ teamId: TEAM, workspaceUrl: 'https://team.slack.com/' });
    await t.engine.stop();
  });

  it('is kept, stale, over the same token, channels (in any order) and a binding to its own workspace', async () => {
    const t = await polledOnce();
    t.slack.setFallback(() => serverError);
    const changes: Partial<Settings['slack']>[] = [
      {},
      { channelIds: [...CHANNELS].reverse() },
      // What binding a token stored before bindings existed does after its first good poll.
      { teamId: TEAM, workspaceUrl: 'https://team.slack.com/' },
    ];
    for (const change of changes) {
      t.setSettings({ ...t.settings(), slack: { ...t.settings().slack, ...change } });
      t.engine.settingsChanged();
      await t.time.advanceBy(0);
      expect(ids(t)).toEqual(['C0CSREQS01/1764496800.000100']);
      expect(t.health()).toMatchObject({ state: 'stale', failure: { kind: 'server_error' } });
      expect(t.engine.slackWorkspaceSeen()).toEqual({ teamId: TEAM, workspaceUrl: 'https://team.slack.com/' });
    }
    await t.engine.stop();
  });
});

describe('the Slack loop: dismissals and deferred work', () => {
  it('passes the dismissed ids to every poll, and a dismissal is remembered and leaves the queue at once', async () => {
    const t = setup();
    const kept = request('1764496800.000100');
    const gone = request('1764496900.000200');
    t.slack.setFallback(() => ({ open: [kept, gone] }));
    t.store.set(SLACK_DISMISSED_KEY, ['C0CSREQS01/1700000000.000001']);
    t.engine.start();
    await t.time.advanceBy(0);
    expect(t.slack.calls[0]!.dismissed).toEqual(['C0CSREQS01/1700000000.000001']);
    expect((t.engine.snapshot()!.requests ?? []).map((entry) => entry.request.id)).toEqual([kept.id, gone.id]);

    const after = t.engine.dismissSlackRequest(gone.id);
    expect((after!.requests ?? []).map((entry) => entry.request.id)).toEqual([kept.id]);
    expect(t.engine.dismissSlackRequest('C0CSREQS01/0000000000.000000')).toBeNull();
    await t.time.advanceBy(60 * SECOND);
    expect(t.slack.calls[1]!.dismissed).toEqual(['C0CSREQS01/1700000000.000001', gone.id].sort());
    expect((t.engine.snapshot()!.requests ?? []).map((entry) => entry.request.id)).toEqual([kept.id]);
    await t.engine.stop();
  });

  it('work left for later polls is not an error: fresh, with a note, and the next poll on its cadence', async () => {
    const t = setup();
    t.slack.setFallback(() => ({ deferred: { channels: 1, threads: 2 } }));
    t.engine.start();
    await t.time.advanceBy(0);
    expect(t.health()).toMatchObject({ state: 'fresh', failure: null, truncated: true });
    expect(t.health().message).toBe('Slack: up to date (10:00); some channels or threads left for later polls');
    await t.time.advanceBy(60 * SECOND);
    expect(t.slack.calls.map((call) => call.at - T0)).toEqual([0, 60 * SECOND]);
    await t.engine.stop();
  });
});

describe('the Slack loop: back-off and cadence of its own', () => {
  it('a Slack Retry-After silences Slack only; Zendesk and PagerDuty keep their cadence', async () => {
    const t = setup();
    t.engine.start();
    await t.time.advanceBy(0);
    t.slack.script.push({
      kind: 'rate_limited',
      retryAt: new Date(T0 + 60 * SECOND + 10 * MINUTE).toISOString(),
      detail: 'Slack is rate limiting us (conversations.history)',
    });
    await t.time.advanceBy(60 * SECOND);
    expect(t.health()).toMatchObject({ state: 'stale', failure: { kind: 'rate_limited' } });
    // A refresh inside the window sends nothing to Slack.
    await t.engine.pollNow();
    await t.time.advanceBy(5 * MINUTE);
    expect(t.slack.calls.map((call) => call.at - T0)).toEqual([0, 60 * SECOND]);
    expect(t.zendesk.calls.length).toBeGreaterThanOrEqual(7);
    expect(t.engine.snapshot()!.sources.zendesk.state).toBe('fresh');
    await t.time.advanceTo(T0 + 60 * SECOND + 10 * MINUTE);
    expect(t.slack.calls.at(-1)!.at).toBe(T0 + 60 * SECOND + 10 * MINUTE);
    expect(t.health().state).toBe('fresh');
    await t.engine.stop();
  });

  it('Zendesk failing does not slow Slack down, and Slack failing does not slow Zendesk down', async () => {
    const t = setup();
    t.zendesk.script.push(serverError, serverError, serverError);
    t.engine.start();
    await t.time.advanceTo(T0 + 5 * MINUTE);
    // Slack kept its 60 s cadence while Zendesk backed off.
    expect(t.slack.calls.map((call) => call.at - T0)).toEqual([0, 1, 2, 3, 4, 5].map((m) => m * MINUTE));
    expect(t.zendesk.calls.length).toBeLessThan(6);

    t.slack.setFallback(() => serverError);
    const zendeskBefore = t.zendesk.calls.length;
    await t.time.advanceTo(T0 + 30 * MINUTE);
    // Slack backs off on its own (half of 1, 2, 4, 8, 15 min at this jitter); Zendesk polls every minute again.
    const failing = t.slack.calls.slice(6).map((call) => call.at);
    expect(failing[0]).toBe(T0 + 6 * MINUTE);
    const gaps = failing.slice(1).map((at, index) => (at - failing[index]!) / SECOND);
    expect(gaps).toEqual([45, 90, 180, 360, 675]);
    expect(t.zendesk.calls.length - zendeskBefore).toBeGreaterThanOrEqual(24);
    expect(t.engine.snapshot()!.sources.zendesk.state).toBe('fresh');
    await t.engine.stop();
  });

  it('refused credentials slow Slack to the setup re-check; a refresh after new settings checks at once', async () => {
    const t = setup();
    t.slack.script.push({ kind: 'auth_rejected', status: 200, detail: 'Slack refused the token: token_revoked (x)' });
    t.engine.start();
    await t.time.advanceTo(T0 + SETUP_RETRY_MS - SECOND);
    expect(t.slack.calls).toHaveLength(1);
    expect(t.health().message).toMatch(/^Slack refused the token: token_revoked \(x\); check it in the settings/);
    t.engine.settingsChanged();
    await t.time.advanceBy(0);
    expect(t.slack.calls).toHaveLength(2);
    expect(t.health().state).toBe('fresh');
    await t.engine.stop();
  });

  it.each([
    { tier: 'internal', zendeskSeconds: 10, expected: 30 },
    { tier: 'internal', zendeskSeconds: 120, expected: 120 },
    { tier: 'limited', zendeskSeconds: 30, expected: 60 },
    { tier: 'limited', zendeskSeconds: 90, expected: 90 },
  ] as const)('polls every max(settings, tier minimum): $tier, $zendeskSeconds s -> $expected s', async (row) => {
    const t = setup({ slack: { rateTier: row.tier }, polling: { zendeskSeconds: row.zendeskSeconds } });
    t.engine.start();
    await t.time.advanceTo(T0 + 3 * row.expected * SECOND);
    expect(t.slack.calls.map((call) => (call.at - T0) / SECOND)).toEqual([0, 1, 2, 3].map((n) => n * row.expected));
    await t.engine.stop();
  });
});
