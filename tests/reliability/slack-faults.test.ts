/**
 * The fault matrix for the third source: every typed Slack fault, through the real engine, alert ledger and Slack
 * source over real HTTP to the sandbox, on a fake clock. Each cell shows the typed state and the sentence people
 * read, that the last good Slack requests stay (stale), that the Zendesk queue and the turn are untouched, that
 * Retry-After is honoured to the millisecond and clamped, and that no Slack request is lost or alerted twice
 * (compared with a fault-free run over the same timeline, in which two requests arrive during the fault window).
 * The reverse holds too: Zendesk or PagerDuty failing never touches the Slack requests.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POLL_TIMEOUT_FACTOR, SETUP_RETRY_MS } from '../../src/main/core/engine';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import {
  DEMO_SLACK,
  demoScenario,
  type FaultKind,
  type SlackFaultSpec,
  slackDemoWorld,
} from '../../src/main/sources/sandbox';
import type { Snapshot, SourceFailureKind } from '../../src/shared/domain';
import { HOUR, MINUTE, NOW, SECOND, startWorld, type World } from './harness';

const ANCHOR = NOW - 30 * MINUTE;
/** Minutes before the anchor for an instant `minutesAfterNow` after NOW (negative: served once the clock is there). */
const after = (minutesAfterNow: number) => -(30 + minutesAfterNow);

/** The demo workspace, plus two requests that arrive while the fault is on (one top-level, one inside a thread). */
function slackWorld() {
  const world = slackDemoWorld();
  const requests = world.channels.find((channel) => channel.id === DEMO_SLACK.channels.requests)!;
  const arriving = [
    { key: 'during-top', minutesAfter: 5, text: 'the Globex export stalled again, can you look?' },
    { key: 'during-thread', minutesAfter: 6, text: 'and one more on the payload limit', threadOf: 'thread-parent' },
  ];
  for (const { key, minutesAfter, text, threadOf } of arriving) {
    const message = {
      key,
      minutesAgo: after(minutesAfter),
      user: DEMO_SLACK.alice,
      text: `<@${DEMO_SLACK.me}> ${text}`,
    };
    requests.messages.push(threadOf ? { ...message, threadOf } : message);
  }
  return world;
}

const scenario = () => ({ ...demoScenario(), anchorMs: ANCHOR, slack: slackWorld() });
const END = NOW + 20 * MINUTE;
/** Slack polls at the Zendesk cadence, never faster than its tier's 30 s. */
const INTERVAL = Math.max(DEFAULT_SETTINGS.polling.zendeskSeconds * SECOND, 30 * SECOND);
const WATCHDOG_MS = DEFAULT_SETTINGS.polling.timeoutSeconds * SECOND * POLL_TIMEOUT_FACTOR;
const REQUESTS_CHANNEL = DEMO_SLACK.channels.requests;

interface Cell {
  name: string;
  /** A sandbox fault, a closed port, or a response over the 8 MiB body cap. */
  fault: SlackFaultSpec | 'refused' | 'huge_body';
  expected: SourceFailureKind;
  status?: number;
  /** What the status line must say (after "Slack"). */
  says: RegExp;
  /** Exactly when the failure says to retry, after the failed poll (Retry-After, clamped to [1 s, 1 h]). */
  retryAfterMs?: number;
  /** Credentials or settings refused: the loop slows to SETUP_RETRY_MS until the settings change. */
  halts?: boolean;
}

const CELLS: Cell[] = [
  {
    name: 'invalid_auth',
    fault: { kind: 'invalid_auth' },
    expected: 'auth_rejected',
    status: 200,
    says: /^Slack refused the token: invalid_auth \(conversations\.history on #cs-requests\); check it in the settings; checking again at 1\d:\d\d$/,
    halts: true,
  },
  {
    name: 'token_revoked',
    fault: { kind: 'token_revoked' },
    expected: 'auth_rejected',
    status: 200,
    says: /^Slack refused the token: token_revoked \(conversations\.history on #cs-requests\); check it in the settings; checking again at/,
    halts: true,
  },
  {
    name: 'missing_scope names the scope',
    fault: { kind: 'missing_scope', needed: 'channels:history' },
    expected: 'auth_rejected',
    status: 200,
    says: /^Slack refused the token: it lacks the `channels:history` scope \(missing_scope, conversations\.history on #cs-requests\); check it in the settings; checking again at/,
    halts: true,
  },
  {
    name: 'not_in_channel names the channel',
    fault: { kind: 'not_in_channel', channel: REQUESTS_CHANNEL },
    expected: 'not_configured',
    says: /^Slack: the token's user or bot is not a member of #cs-requests: invite it or pick another channel \(not_in_channel, .*\); checking again at/,
    halts: true,
  },
  {
    name: 'channel_not_found names the channel',
    fault: { kind: 'channel_not_found', channel: REQUESTS_CHANNEL },
    expected: 'not_configured',
    says: /^Slack: #cs-requests does not exist or this token cannot see it: check the channel in the settings \(channel_not_found, .*\); checking again at/,
    halts: true,
  },
  {
    name: 'ratelimited, Retry-After 120',
    fault: { kind: 'ratelimited', retryAfterSeconds: 120 },
    expected: 'rate_limited',
    says: /^Slack: rate limited, retrying at 10:0\d$/,
    retryAfterMs: 120 * SECOND,
  },
  {
    name: 'ratelimited, no Retry-After',
    fault: { kind: 'ratelimited' },
    expected: 'rate_limited',
    says: /^Slack: rate limited, retrying at/,
    retryAfterMs: 60 * SECOND,
  },
  {
    name: 'ratelimited, Retry-After 0 (clamped up to 1 s)',
    fault: { kind: 'ratelimited', retryAfterSeconds: 0 },
    expected: 'rate_limited',
    says: /^Slack: rate limited, retrying at/,
    retryAfterMs: SECOND,
  },
  {
    name: 'ratelimited, Retry-After 30 days (clamped to 1 h)',
    fault: { kind: 'ratelimited', retryAfterSeconds: 30 * 86_400 },
    expected: 'rate_limited',
    says: /^Slack: rate limited, retrying at 11:0\d$/,
    retryAfterMs: HOUR,
  },
  {
    name: '500 HTML page',
    fault: { kind: 'server_error' },
    expected: 'server_error',
    status: 500,
    says: /^Slack: server error \(500\), retrying at/,
  },
  {
    name: 'timeout',
    fault: { kind: 'slow', delayMs: 10 * 60_000, method: 'conversations.history' },
    expected: 'timeout',
    says: /^Slack: no answer in time, retrying at/,
  },
  {
    name: 'malformed JSON',
    fault: { kind: 'malformed_json' },
    expected: 'bad_response',
    says: /^Slack: unexpected response \(sent a body that is not valid JSON .*\), retrying at/,
  },
  {
    name: 'HTML error page with 200',
    fault: { kind: 'html_error' },
    expected: 'bad_response',
    says: /^Slack: unexpected response \(sent HTML .*\), retrying at/,
  },
  {
    name: 'huge body (over 8 MiB)',
    fault: 'huge_body',
    expected: 'bad_response',
    says: /^Slack: unexpected response \(sent a response too large to read .*\), retrying at/,
  },
  {
    name: 'connection refused',
    fault: 'refused',
    expected: 'offline',
    says: /^Slack: unreachable \(offline\?\), retrying at/,
  },
];

const ticketIds = (snapshot: Snapshot) => snapshot.queue.map((entry) => entry.ticket.id);
const requestIds = (snapshot: Snapshot) => (snapshot.requests ?? []).map((entry) => entry.request.id);
const turnOf = (snapshot: Snapshot) => ({
  onCall: snapshot.turn.onCall,
  current: snapshot.turn.current,
  next: snapshot.turn.next,
});

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});
afterAll(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A message in #cs-requests whose text alone is over the Slack source's 8 MiB body cap. */
function addHugeMessage(world: World): () => void {
  const channel = world.sandbox.slack.world().channels.find((item) => item.id === REQUESTS_CHANNEL)!;
  const huge = { key: 'huge', minutesAgo: after(0), user: DEMO_SLACK.carl, text: 'x'.repeat(9 * 1024 * 1024) };
  channel.messages.push(huge);
  return () => {
    channel.messages.splice(channel.messages.indexOf(huge), 1);
  };
}

/** Alert ids a fault-free run delivers over the same timeline. */
let control: string[];
let controlSlack: string[];
beforeAll(async () => {
  const world = await startWorld({ sandbox: { scenario: scenario() }, slack: true });
  await world.start();
  await world.advanceTo(END);
  control = world.delivered.map((alert) => alert.id);
  controlSlack = world.delivered.filter((alert) => alert.id.startsWith('slack:')).map((alert) => alert.id);
  await world.close();
  // Two requests at the start, two that arrive during the fault window, and ticket alerts besides.
  expect(controlSlack).toHaveLength(4);
  expect(control.length).toBeGreaterThan(controlSlack.length + 2);
});

describe('Slack faults', () => {
  it.each(CELLS)('$name -> $expected', async (cell) => {
    let port = 0;
    if (cell.fault === 'refused') port = await freePort();
    const world = await startWorld({
      sandbox: { scenario: scenario() },
      slack: true,
      // The sandbox's Slack API behind a forwarder the test can close (refused) and open again.
      ...(cell.fault === 'refused' ? { baseUrls: { slack: `http://127.0.0.1:${port}/slack/api/` } } : {}),
    });
    open.push(world);
    let forwarder: { close(): Promise<void> } | null = null;
    if (cell.fault === 'refused') {
      forwarder = await forward(port, world.sandbox.url);
      open.push(forwarder);
    }
    const calls = () => world.sandbox.slack.calls;

    const good = await world.start();
    expect(good.sources.slack?.state).toBe('fresh');
    expect(requestIds(good)).toHaveLength(2);

    let undo: () => void = () => {};
    if (cell.fault === 'refused') await forwarder!.close();
    else if (cell.fault === 'huge_body') undo = addHugeMessage(world);
    else {
      world.sandbox.slack.faults.inject(cell.fault);
      world.expectHang('slack', cell.fault.kind === 'slow');
    }
    const faultFrom = world.now();
    await world.advanceBy(
      INTERVAL + WATCHDOG_MS + SECOND,
      () => world.engine.snapshot()!.sources.slack?.state !== 'fresh',
    );
    const failed = world.engine.snapshot()!;
    const failedAt = world.now();
    expect(failedAt).toBeGreaterThan(faultFrom);
    const health = failed.sources.slack!;
    expect(health).toMatchObject({
      state: 'stale',
      failure: { kind: cell.expected, ...(cell.status ? { status: cell.status } : {}) },
      lastSuccessAt: new Date(NOW).toISOString(),
    });
    expect(health.message).toMatch(cell.says);
    // Slack failing touches nothing else: both other sources fresh, the queue and the turn as they were.
    expect(failed.sources.zendesk.state).toBe('fresh');
    expect(failed.sources.pagerduty.state).toBe('fresh');
    expect(ticketIds(failed)).toEqual(ticketIds(good));
    expect(turnOf(failed)).toEqual(turnOf(good));
    // The last good Slack requests stay, marked stale.
    expect(requestIds(failed)).toEqual(requestIds(good));
    expect(failed.tray.stale).toBe(true);
    if (cell.retryAfterMs !== undefined) {
      const failure = health.failure;
      expect(failure?.kind === 'rate_limited' && Date.parse(failure.retryAt)).toBe(failedAt + cell.retryAfterMs);
    }
    const limited = calls().filter((record) => record.status === 429);

    // The fault clears; Slack comes back by itself at its next attempt (or, refused, once the settings change).
    if (cell.fault === 'refused') {
      forwarder = await forward(port, world.sandbox.url);
      open.push(forwarder);
    } else if (cell.fault === 'huge_body') undo();
    else world.sandbox.slack.faults.clear();
    world.expectHang('slack', false);

    if (cell.halts) {
      const before = calls().length;
      await world.advanceTo(END);
      expect(calls().length).toBe(before);
      expect(SETUP_RETRY_MS).toBeGreaterThan(END - failedAt);
      expect(world.engine.snapshot()!.sources.slack).toMatchObject({
        state: 'stale',
        failure: { kind: cell.expected },
      });
      world.engine.settingsChanged();
      await world.quiesce();
    } else {
      // A wait the engine floors with its back-off (Retry-After 0 → at least half an interval) may exceed the hint.
      const allowed = Math.max(INTERVAL, cell.retryAfterMs ?? 0);
      await world.advanceBy(allowed, () => world.engine.snapshot()!.sources.slack?.state === 'fresh');
      expect(world.now() - failedAt).toBeLessThanOrEqual(allowed);
      if (cell.retryAfterMs !== undefined) expect(world.now() - failedAt).toBeGreaterThanOrEqual(cell.retryAfterMs);
      await world.advanceTo(END);
    }
    const recovered = world.engine.snapshot()!;
    expect(recovered.sources.slack).toMatchObject({ state: 'fresh', failure: null, failingSince: null });
    expect(recovered.sources.zendesk.state).toBe('fresh');

    // Retry-After: not one Slack call before the instant it named.
    if (cell.retryAfterMs !== undefined) {
      expect(limited.length).toBeGreaterThan(0);
      for (const record of limited) {
        const early = calls().filter((other) => other.at > record.at && other.at < record.at + cell.retryAfterMs!);
        expect(early).toEqual([]);
      }
    }

    // Nothing lost, nothing twice: the requests that arrived during the fault are alerted once, after it.
    const delivered = world.delivered.map((alert) => alert.id);
    expect(new Set(delivered).size).toBe(delivered.length);
    const slackDelivered = delivered.filter((id) => id.startsWith('slack:'));
    expect([...slackDelivered].sort()).toEqual([...controlSlack].sort());
    // A wait clamped to an hour ends after the control run's window: its tickets alerted on, past END.
    if (world.now() > END) expect(delivered).toEqual(expect.arrayContaining(control));
    else expect([...delivered].sort()).toEqual([...control].sort());
    expect(requestIds(recovered)).toHaveLength(4);
  });
});

describe('Zendesk and PagerDuty failing never touch the Slack requests', () => {
  const cases: { service: 'zendesk' | 'pagerduty'; kind: FaultKind }[] = [
    { service: 'zendesk', kind: 'server_error' },
    { service: 'zendesk', kind: 'unauthorized' },
    { service: 'zendesk', kind: 'rate_limited' },
    { service: 'pagerduty', kind: 'unauthorized' },
    { service: 'pagerduty', kind: 'malformed_json' },
  ];
  it.each(cases)('$service $kind', async ({ service, kind }) => {
    const world = await startWorld({ sandbox: { scenario: scenario() }, slack: true });
    open.push(world);
    const good = await world.start();
    world.sandbox.inject({ service, kind });
    await world.advanceTo(END);
    const last = world.engine.snapshot()!;
    expect(last.sources[service].state).toBe('stale');
    expect(last.sources.slack).toMatchObject({ state: 'fresh', failure: null });
    // The Slack requests that were open are still there, and the two that arrived meanwhile joined them.
    expect(requestIds(last)).toEqual(expect.arrayContaining(requestIds(good)));
    expect(requestIds(last)).toHaveLength(4);
    const slackAlerts = world.delivered.filter((alert) => alert.id.startsWith('slack:')).map((alert) => alert.id);
    expect([...slackAlerts].sort()).toEqual([...controlSlack].sort());
  });
});

/** A TCP forwarder from `port` to the sandbox, closed and reopened to model Slack going unreachable. */
async function forward(port: number, target: string): Promise<{ close(): Promise<void> }> {
  const { connect, createServer: createTcpServer } = await import('node:net');
  const { port: targetPort } = new URL(target);
  const sockets = new Set<import('node:net').Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(Number(targetPort), '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  let closed = false;
  return {
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
