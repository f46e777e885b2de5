/**
 * The Slack source over real HTTP against the Slack sandbox handler: what a poll costs, each fault typed,
 * incremental reads, done detection and the look-back window.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_SLACK,
  SLACK_SANDBOX_CREDENTIALS,
  slackDemoWorld,
} from '../../../src/main/sources/sandbox/scenarios/slack-demo';
import {
  type SlackFaultSpec,
  type SlackSandbox,
  type SlackWorld,
  startSlackSandbox,
} from '../../../src/main/sources/sandbox/slack';
import { createSlackSource, type SlackSourceOptions } from '../../../src/main/sources/slack';
import { SourceError } from '../../../src/main/sources/source';

const T0 = Date.parse('2026-11-30T09:00:30Z');
const CHANNELS = Object.values(DEMO_SLACK.channels);

let now = T0;
let sandbox: SlackSandbox;
beforeEach(async () => {
  now = T0;
  sandbox = await startSlackSandbox(slackDemoWorld(), { clock: () => now });
});
afterEach(async () => {
  await sandbox.close();
});

function source(overrides: Partial<SlackSourceOptions> = {}, token: string = SLACK_SANDBOX_CREDENTIALS.user.token) {
  return createSlackSource(
    {
      channelIds: CHANNELS,
      csUserGroupId: DEMO_SLACK.csGroup,
      myGroupId: DEMO_SLACK.myGroup,
      apiUrl: sandbox.apiUrl,
      timeoutMs: 2_000,
      ...overrides,
    },
    token,
    { now: () => now },
  );
}

function post(world: SlackWorld, channelId: string, message: SlackWorld['channels'][number]['messages'][number]) {
  world.channels.find((channel) => channel.id === channelId)!.messages.push(message);
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceError);
  return (error as SourceError).failure;
}

describe('the demo workspace', () => {
  it('finds the two open requests, one done by reply, one by the emoji, and none of the noise', async () => {
    const result = await source().fetchRequests(null);
    const byPreview = (text: string) => result.all.find((request) => request.preview.includes(text));
    expect(result.open.map((request) => request.preview)).toEqual([
      '@demo.hero Acme sees ingestion lag on their dashboard & wants an ETA',
      '@demo.hero could you confirm the 1 MB limit? See #support-hero',
    ]);
    const inThread = byPreview('1 MB limit')!;
    expect(inThread.threadTs).not.toBe(inThread.ts);
    expect(inThread.author).toEqual({ id: DEMO_SLACK.bob, name: 'Bob' });
    expect(inThread.channelName).toBe('cs-requests');
    expect(inThread.permalink).toMatch(
      /^https:\/\/support-hero-demo\.slack\.com\/archives\/C0CSREQS01\/p\d{16}\?thread_ts=/,
    );
    expect(byPreview('EU export')?.done).toBe('replied');
    expect(byPreview('EU export')?.mentions).toEqual({ me: false, myGroup: true, broadcast: false });
    expect(byPreview('ticket 4242')?.done).toBe('reacted');
    expect(byPreview('Initech')?.done).toBe('replied');
    for (const noise of ['joined', 'Zendesk ticket', 'Hogflix', 'anyone around', 'lunch']) {
      expect(byPreview(noise)).toBeUndefined();
    }
    expect(result.identity).toMatchObject({ userId: DEMO_SLACK.me, teamName: 'Support Hero Demo' });
    expect(result.problems).toEqual([]);
  });

  it('counts @here when asked to, and anyone in the channel when no Customer Success group is set', async () => {
    const broad = await source({ includeBroadcasts: true }).fetchRequests(null);
    expect(broad.open.some((request) => request.preview.includes('anyone around'))).toBe(true);
    const anyone = await source({ csUserGroupId: null }).fetchRequests(null);
    expect(anyone.open.some((request) => request.preview.includes('lunch'))).toBe(true);
  });

  it('leaves dismissed requests out of the open list', async () => {
    const first = await source().fetchRequests(null);
    const dismissed = new Set([first.open[0]!.id]);
    const second = await source().fetchRequests(first.state, { dismissed });
    expect(second.open.map((request) => request.id)).toEqual([first.open[1]!.id]);
  });
});

describe('requests per poll', () => {
  it('costs one history call per channel when nothing is new, and one more per active thread', async () => {
    const slack = source({ permalinks: 'build' });
    const first = await slack.fetchRequests(null);
    sandbox.handler.resetCounts();
    const quiet = await slack.fetchRequests(first.state);
    expect(quiet.requests).toBe(3);
    expect(sandbox.handler.count({ method: 'conversations.history' })).toBe(3);
    expect(sandbox.handler.calls).toHaveLength(3);

    // K = 2 threads get a reply each.
    now += 60_000;
    const world = sandbox.handler.world();
    post(world, DEMO_SLACK.channels.requests, {
      key: 'r1',
      minutesAgo: -0.5,
      threadOf: 'thread-parent',
      user: DEMO_SLACK.carl,
      text: 'following',
    });
    post(world, DEMO_SLACK.channels.requests, {
      key: 'r2',
      minutesAgo: -0.5,
      threadOf: 'open-top',
      user: DEMO_SLACK.bob,
      text: 'bump',
    });
    sandbox.handler.resetCounts();
    const active = await slack.fetchRequests(quiet.state);
    expect(active.requests).toBe(3 + 2);
    expect(sandbox.handler.count({ method: 'conversations.replies' })).toBe(2);
    // Thread reads are incremental: only replies after the last one read are asked for.
    const call = sandbox.handler.calls.find((entry) => entry.method === 'conversations.replies' && entry.args.ts);
    expect(call?.args.oldest ?? null).not.toBeNull();
  });

  it('in the limited tier reads one channel and one thread a minute, with pages of 15', async () => {
    const slack = source({ rateTier: 'limited' });
    expect(slack.policy).toMatchObject({ pageSize: 15, minPollIntervalMs: 60_000 });
    let state = (await slack.fetchRequests(null)).state;
    expect(sandbox.handler.count({ method: 'conversations.history' })).toBe(1);
    expect(sandbox.handler.calls.every((call) => call.args.limit === undefined || call.args.limit === '15')).toBe(true);
    sandbox.handler.resetCounts();
    const tooSoon = await slack.fetchRequests(state);
    expect(sandbox.handler.count({ method: 'conversations.history' })).toBe(0);
    expect(tooSoon.deferred.channels).toBe(3);
    const seen = new Set<string>();
    for (let minute = 1; minute <= 6; minute++) {
      now += 60_000;
      sandbox.handler.resetCounts();
      const result = await slack.fetchRequests(state);
      state = result.state;
      expect(sandbox.handler.count({ method: 'conversations.history' })).toBe(1);
      expect(sandbox.handler.count({ method: 'conversations.replies' })).toBeLessThanOrEqual(1);
      for (const call of sandbox.handler.calls)
        if (call.method === 'conversations.history') seen.add(call.args.channel!);
    }
    expect([...seen].sort()).toEqual([...CHANNELS].sort());
    const final = await slack.fetchRequests(state);
    expect(final.open.map((request) => request.preview)).toEqual([
      '@demo.hero Acme sees ingestion lag on their dashboard & wants an ETA',
      '@demo.hero could you confirm the 1 MB limit? See #support-hero',
    ]);
  });
});

describe('incremental reads and done detection', () => {
  it('reads history from the newest message seen and picks up new requests', async () => {
    const slack = source({ permalinks: 'build' });
    const first = await slack.fetchRequests(null);
    now += 5 * 60_000;
    post(sandbox.handler.world(), DEMO_SLACK.channels.escalations, {
      key: 'new',
      minutesAgo: -2,
      user: DEMO_SLACK.alice,
      text: `<@${DEMO_SLACK.me}> new one`,
    });
    sandbox.handler.resetCounts();
    const second = await slack.fetchRequests(first.state);
    const history = sandbox.handler.calls.find(
      (call) => call.method === 'conversations.history' && call.args.channel === DEMO_SLACK.channels.escalations,
    );
    expect(history?.args.oldest).toBe(first.state.channels[DEMO_SLACK.channels.escalations]!.newestTs);
    expect(second.open.map((request) => request.preview)).toContain('@demo.hero new one');
  });

  it('marks a request done when I reply in its thread or react with the done emoji', async () => {
    const slack = source({ permalinks: 'build', doneEmoji: 'eyes' });
    const first = await slack.fetchRequests(null);
    // With another done emoji, the request marked with the default one is open again.
    expect(first.open.map((request) => request.preview)).toContain(
      '@demo.hero could you check why ticket 4242 shows no events? <urgent>',
    );
    expect(first.open).toHaveLength(3);
    now += 60_000;
    const world = sandbox.handler.world();
    post(world, DEMO_SLACK.channels.requests, {
      key: 'mine',
      minutesAgo: -0.5,
      threadOf: 'thread-parent',
      user: DEMO_SLACK.me,
      text: 'Yes, 1 MB.',
    });
    const top = world.channels[0]!.messages.find((message) => message.key === 'open-top')!;
    top.reactions = [{ name: 'eyes', users: [DEMO_SLACK.me] }];
    const second = await slack.fetchRequests(first.state);
    expect(second.open.map((request) => request.preview)).toEqual([
      '@demo.hero could you check why ticket 4242 shows no events? <urgent>',
    ]);
    expect(second.all.find((request) => request.preview.includes('1 MB'))?.done).toBe('replied');
    expect(second.all.find((request) => request.preview.includes('Acme'))?.done).toBe('reacted');
  });

  it('first reads only the look-back window', async () => {
    const recent = await source({ lookBackDays: 1 }).fetchRequests(null);
    expect(recent.all.some((request) => request.preview.includes('Initech'))).toBe(false);
    const call = sandbox.handler.calls.find((entry) => entry.method === 'conversations.history');
    expect(Number(call?.args.oldest)).toBeCloseTo((T0 - 86_400_000) / 1000, 0);
  });

  it('never mutates the state it is given, so a failed poll leaves the caller with the last good one', async () => {
    const slack = source();
    const first = await slack.fetchRequests(null);
    const snapshot = structuredClone(first.state);
    sandbox.handler.faults.inject({ kind: 'server_error', method: 'conversations.history', skip: 1 });
    await failureOf(slack.fetchRequests(first.state));
    expect(first.state).toEqual(snapshot);
  });
});

describe('faults, typed', () => {
  const cases: [string, SlackFaultSpec, string, RegExp][] = [
    ['invalid_auth', { kind: 'invalid_auth' }, 'auth_rejected', /invalid_auth/],
    ['token_revoked', { kind: 'token_revoked' }, 'auth_rejected', /token_revoked/],
    ['token_expired', { kind: 'token_expired' }, 'auth_rejected', /token_expired/],
    [
      'missing_scope',
      { kind: 'missing_scope', method: 'conversations.history', needed: 'groups:history' },
      'auth_rejected',
      /`groups:history` scope/,
    ],
    ['not_in_channel', { kind: 'not_in_channel', method: 'conversations.history' }, 'not_configured', /#cs-requests/],
    [
      'channel_not_found',
      { kind: 'channel_not_found', method: 'conversations.history', channel: DEMO_SLACK.channels.hero },
      'not_configured',
      /#support-hero/,
    ],
    ['500', { kind: 'server_error' }, 'server_error', /500/],
    ['malformed JSON', { kind: 'malformed_json', method: 'conversations.history' }, 'bad_response', /not valid JSON/],
    ['HTML', { kind: 'html_error' }, 'bad_response', /HTML/],
  ];
  it.each(cases)('%s', async (_name, fault, kind, detail) => {
    sandbox.handler.faults.inject(fault);
    const failure = await failureOf(source().fetchRequests(null));
    expect(failure.kind).toBe(kind);
    expect(failure.detail).toMatch(detail);
    expect(failure.detail).not.toContain(SLACK_SANDBOX_CREDENTIALS.user.token);
  });

  it('ratelimited with Retry-After, clamped, without retrying', async () => {
    sandbox.handler.faults.inject({ kind: 'ratelimited', retryAfterSeconds: 30 });
    const failure = await failureOf(source().fetchRequests(null));
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAt: new Date(T0 + 30_000).toISOString() });
    expect(sandbox.handler.calls).toHaveLength(1);
    sandbox.handler.faults.clear();
    sandbox.handler.faults.inject({ kind: 'ratelimited', retryAfterSeconds: 86_400 });
    expect(await failureOf(source().fetchRequests(null))).toMatchObject({
      retryAt: new Date(T0 + 3_600_000).toISOString(),
    });
    sandbox.handler.faults.clear();
    sandbox.handler.faults.inject({ kind: 'ratelimited' });
    expect((await failureOf(source().fetchRequests(null))).kind).toBe('rate_limited');
  });

  it('a slow answer is a timeout', async () => {
    sandbox.handler.faults.inject({ kind: 'slow', delayMs: 5_000 });
    const failure = await failureOf(source({ timeoutMs: 300 }).fetchRequests(null));
    expect(failure.kind).toBe('timeout');
  });

  it('a real missing scope names the scope; a bot outside the channel is not_in_channel', async () => {
    const noHistory = await failureOf(source({}, SLACK_SANDBOX_CREDENTIALS.noHistory.token).fetchRequests(null));
    expect(noHistory).toMatchObject({ kind: 'auth_rejected' });
    expect(noHistory.detail).toContain('`channels:history`');
    const bot = await failureOf(source({}, SLACK_SANDBOX_CREDENTIALS.bot.token).fetchRequests(null));
    expect(bot.kind).toBe('not_configured');
    expect(bot.detail).toMatch(/not_in_channel/);
  });

  it('an unknown token is auth_rejected; a refused response body over the cap is bad_response', async () => {
    expect((await failureOf(source({}, 'xoxp-wrong').fetchRequests(null))).kind).toBe('auth_rejected');
    const capped = await failureOf(source({ maxBodyBytes: 200 }).fetchRequests(null));
    expect(capped).toMatchObject({ kind: 'bad_response' });
    expect(capped.detail).toMatch(/too large/);
  });
});
