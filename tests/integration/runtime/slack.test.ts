/**
 * Slack through the whole runtime over real HTTP against the sandbox: Customer Success requests head the queue,
 * one urgent notification per request (ledger-backed, across a restart), dismissals remembered, and Slack failing
 * never touches the Zendesk queue or the turn, nor the reverse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyValueStore, SecretStore } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { demoSettings, startRuntime } from '../../../src/main/runtime';
import {
  DEMO_SLACK,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  SLACK_SANDBOX_CREDENTIALS,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import type { Settings } from '../../../src/shared/settings';
import { memoryStore, recordingNotifier } from '../../support/factories';
import { fakeTime } from '../../support/fake-time';

/** Monday 10:00 UTC, inside working hours; the demo turn began 10 minutes ago (world laid out 30 minutes ago). */
const NOW = Date.parse('2026-11-30T10:00:00Z');

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

const tokens: SecretStore = {
  get: (name) =>
    ({
      zendeskToken: SANDBOX_CREDENTIALS.zendesk.token,
      pagerdutyToken: SANDBOX_CREDENTIALS.pagerduty.token,
      slackToken: SLACK_SANDBOX_CREDENTIALS.user.token,
    })[name] ?? null,
};

function settingsFor(sandbox: Sandbox): Settings {
  const base = structuredClone(DEFAULT_SETTINGS);
  return demoSettings({ ...base, app: { ...base.app, timeZone: 'UTC' } }, sandbox);
}

async function world() {
  const sandbox = await startSandbox({
    scenario: { ...demoScenario(), anchorMs: NOW - 30 * 60_000 },
    clock: () => NOW,
  });
  running.push({ stop: () => sandbox.close() });
  return sandbox;
}

async function start(sandbox: Sandbox, store: KeyValueStore = memoryStore()) {
  const time = fakeTime(NOW);
  const notifier = recordingNotifier();
  const runtime = await startRuntime({
    settings: settingsFor(sandbox),
    secrets: tokens,
    store,
    notifier,
    clock: time.clock,
    scheduler: time.scheduler,
  });
  running.push(runtime);
  return { runtime, notifier, store };
}

describe('Slack through the runtime', () => {
  it('puts Customer Success requests at the top of the queue and counts them in the badge', async () => {
    const sandbox = await world();
    const { runtime } = await start(sandbox);
    const snapshot = await runtime.engine.pollNow();
    expect(runtime.demo).toBe(false);
    expect(snapshot.sources.slack?.state).toBe('fresh');
    const requests = snapshot.requests ?? [];
    expect(requests.map((entry) => [entry.kind, entry.source, entry.tier, entry.tierRank])).toEqual([
      ['slack_request', 'slack-api', 'slack_customer_success', 1],
      ['slack_request', 'slack-api', 'slack_customer_success', 1],
    ]);
    expect(requests.map((entry) => entry.request.author.name).sort()).toEqual(['Alice (CS)', 'Bob']);
    expect(Math.min(...snapshot.queue.map((entry) => entry.tierRank))).toBeGreaterThan(1);
    const handoverTickets = snapshot.queue.filter((entry) => entry.handover).length;
    expect(snapshot.tray.badge).toBe(handoverTickets + 2);
    expect(snapshot.tiers[0]).toMatchObject({ id: 'slack_customer_success', count: 2, handover: true });
    // A Zendesk ticket made by Pylon keeps `source: "slack"`; Slack requests are never in the ticket queue.
    expect(snapshot.queue.every((entry) => entry.kind === 'zendesk_ticket')).toBe(true);
  });

  it('sends one urgent notification per request, never again: not on the next poll, nor after a restart', async () => {
    const sandbox = await world();
    const first = await start(sandbox);
    const snapshot = await first.runtime.engine.pollNow();
    const slackAlerts = first.notifier.delivered.filter((alert) => alert.id.startsWith('slack:'));
    expect(slackAlerts.map((alert) => alert.id).sort()).toEqual(
      (snapshot.requests ?? []).map((entry) => `slack:${entry.request.id}`).sort(),
    );
    expect(slackAlerts.every((alert) => alert.urgent && alert.kind === 'cs_tagged' && alert.ticketId === null)).toBe(
      true,
    );
    await first.runtime.engine.pollNow();
    expect(first.notifier.delivered.filter((alert) => alert.id.startsWith('slack:'))).toHaveLength(2);
    // The read position is kept, so the restart reads incrementally and re-announces nothing.
    expect(first.store.get('slackCursor')).toMatchObject({ teamId: DEMO_SLACK.team.id });
    await first.runtime.stop();
    running.splice(running.indexOf(first.runtime), 1);
    const second = await start(sandbox, first.store);
    const again = await second.runtime.engine.pollNow();
    expect(again.requests).toHaveLength(2);
    expect(second.notifier.delivered.filter((alert) => alert.id.startsWith('slack:'))).toEqual([]);
  });

  it('remembers a dismissed request across polls', async () => {
    const sandbox = await world();
    const { runtime, store } = await start(sandbox);
    const snapshot = await runtime.engine.pollNow();
    const id = snapshot.requests![0]!.request.id;
    expect(runtime.engine.dismissSlackRequest(id)?.requests).toHaveLength(1);
    expect((await runtime.engine.pollNow()).requests?.map((entry) => entry.request.id)).not.toContain(id);
    expect(store.get('slackDismissed')).toEqual([id]);
    expect(runtime.engine.dismissSlackRequest('C0NOTTHERE/1.2')).toBeNull();
  });

  it('Slack failing leaves the Zendesk queue and the turn alone, and keeps its last requests', async () => {
    const sandbox = await world();
    const { runtime } = await start(sandbox);
    const good = await runtime.engine.pollNow();
    sandbox.slack.faults.inject({ kind: 'token_revoked' });
    const failed = await runtime.engine.pollNow();
    expect(failed.sources.slack).toMatchObject({ state: 'stale', failure: { kind: 'auth_rejected' } });
    expect(failed.requests).toHaveLength(2);
    expect(failed.sources.slack?.line).toContain('token_revoked');
    expect(failed.sources.zendesk.state).toBe('fresh');
    expect(failed.sources.pagerduty.state).toBe('fresh');
    expect(failed.queue.map((entry) => entry.ticket.id)).toEqual(good.queue.map((entry) => entry.ticket.id));
    expect(failed.turn.onCall).toBe(good.turn.onCall);
    expect(failed.turn.current).toEqual(good.turn.current);
  });

  it('Zendesk failing leaves Slack alone', async () => {
    const sandbox = await world();
    const { runtime } = await start(sandbox);
    await runtime.engine.pollNow();
    sandbox.inject({ service: 'zendesk', kind: 'server_error' });
    const failed = await runtime.engine.pollNow();
    expect(failed.sources.zendesk.state).toBe('stale');
    expect(failed.sources.slack?.state).toBe('fresh');
    expect(failed.requests).toHaveLength(2);
  });
});
