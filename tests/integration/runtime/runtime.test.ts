import { afterEach, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import {
  DEMO_ANCHOR_KEY,
  DEMO_WORLD_LIFETIME_MS,
  demoAnchor,
  demoSettings,
  startRuntime,
} from '../../../src/main/runtime';
import {
  DEMO_SCHEDULES,
  DEMO_VIEWS,
  generateScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import type { Settings } from '../../../src/shared/settings';
import { memoryStore, recordingNotifier } from '../../support/factories';
import { fakeTime } from '../../support/fake-time';

/** Monday 10:00 UTC: inside the default working hours, so alerts are not held for quiet hours. */
const NOW = Date.parse('2026-11-30T10:00:00Z');

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

function secrets(tokens: { zendeskToken?: string; pagerdutyToken?: string; slackToken?: string } = {}): SecretStore & {
  tokens: typeof tokens;
} {
  return { tokens, get: (name) => tokens[name] ?? null };
}

/** The user's settings for an account at the sandbox: the same shape the runtime uses for its own demo. */
function settingsFor(sandbox: Sandbox): Settings {
  const base = structuredClone(DEFAULT_SETTINGS);
  return demoSettings({ ...base, app: { ...base.app, timeZone: 'UTC' } }, sandbox);
}

const realTokens = () =>
  secrets({ zendeskToken: SANDBOX_CREDENTIALS.zendesk.token, pagerdutyToken: SANDBOX_CREDENTIALS.pagerduty.token });

async function start(options: Partial<Parameters<typeof startRuntime>[0]> = {}) {
  const time = fakeTime(NOW);
  const notifier = recordingNotifier();
  const runtime = await startRuntime({
    settings: { ...structuredClone(DEFAULT_SETTINGS), app: { ...DEFAULT_SETTINGS.app, timeZone: 'UTC' } },
    secrets: secrets(),
    store: memoryStore(),
    notifier,
    clock: time.clock,
    scheduler: time.scheduler,
    ...options,
  });
  running.push(runtime);
  return { runtime, notifier, time };
}

async function openSandbox(scenario: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox({ clock: () => NOW, ...scenario });
  running.push({ stop: () => sandbox.close() });
  return sandbox;
}

describe('runtime in demo mode', () => {
  it('runs on the in-process sandbox and shows the demo queue in tier order with the demo turn', async () => {
    const { runtime, notifier } = await start();
    const snapshot = await runtime.engine.pollNow();
    expect(runtime.demo).toBe(true);
    expect(runtime.sandbox?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(snapshot.demo).toBe(true);
    expect(snapshot.sources.zendesk.state).toBe('fresh');
    expect(snapshot.sources.pagerduty.state).toBe('fresh');
    expect(snapshot.queue.length).toBeGreaterThan(5);
    const ranks = snapshot.queue.map((entry) => entry.tierRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(snapshot.queue.map((entry) => entry.tier))).toEqual(
      new Set(['customer_success', 'escalated_high', 'escalated_normal', 'nearing_breach', 'low', 'other']),
    );
    // The demo engineer's turn starts in 20 minutes: not on call yet, the next turn known, and heads-up alerts.
    expect(snapshot.turn.onCall).toBe(false);
    expect(Date.parse(snapshot.turn.next!.start!) - NOW).toBe(20 * 60_000);
    expect(snapshot.me?.id).toBe('PHERO42');
    expect(notifier.delivered.some((alert) => alert.kind === 'turn_upcoming')).toBe(true);
    // Snapshots list what the engine delivered, recorded once: another poll repeats nothing.
    const delivered = notifier.delivered.length;
    const again = await runtime.engine.pollNow();
    expect(again.alerts).toEqual([]);
    expect(notifier.delivered.length).toBe(delivered);
  });

  it('keeps the demo world across a restart, so the second start announces nothing the first did', async () => {
    const store = memoryStore();
    const first = await start({ store });
    const before = await first.runtime.engine.pollNow();
    expect(first.notifier.delivered.length).toBeGreaterThan(0);
    await first.runtime.stop();

    // Restarted two minutes later on the same store: the same turn, the same breaches, nothing re-announced.
    const later = fakeTime(NOW + 2 * 60_000);
    const notifier = recordingNotifier();
    const second = await startRuntime({
      settings: { ...structuredClone(DEFAULT_SETTINGS), app: { ...DEFAULT_SETTINGS.app, timeZone: 'UTC' } },
      secrets: secrets(),
      store,
      notifier,
      clock: later.clock,
      scheduler: later.scheduler,
    });
    running.push(second);
    const after = await second.engine.pollNow();
    expect(after.turn.next?.start).toBe(before.turn.next?.start);
    expect(after.queue.map((entry) => entry.sla.breachAt)).toEqual(before.queue.map((entry) => entry.sla.breachAt));
    const firstIds = new Set(first.notifier.delivered.map((alert) => alert.id));
    expect(notifier.delivered.filter((alert) => firstIds.has(alert.id))).toEqual([]);
    expect(notifier.delivered).toEqual([]);
  });

  it('lays out a fresh demo world once the saved one is a day old', () => {
    const store = memoryStore();
    expect(demoAnchor(store, NOW)).toBe(NOW);
    expect(demoAnchor(store, NOW + 60_000)).toBe(NOW);
    expect(demoAnchor(store, NOW + DEMO_WORLD_LIFETIME_MS)).toBe(NOW + DEMO_WORLD_LIFETIME_MS);
    store.set(DEMO_ANCHOR_KEY, 'garbage');
    expect(demoAnchor(store, NOW)).toBe(NOW);
  });

  it('marks Zendesk stale with a typed failure while the sandbox fails, keeps the queue, and recovers', async () => {
    const { runtime, time } = await start();
    const good = await runtime.engine.pollNow();
    const sandbox = runtime.sandbox!;

    sandbox.inject({ service: 'zendesk', kind: 'server_error' });
    const failing = await runtime.engine.pollNow();
    expect(failing.sources.zendesk).toMatchObject({ state: 'stale', failure: { kind: 'server_error', status: 500 } });
    expect(failing.sources.zendesk.failingSince).toBe(new Date(NOW).toISOString());
    expect(failing.queue.map((entry) => entry.ticket.id)).toEqual(good.queue.map((entry) => entry.ticket.id));
    expect(failing.tray.stale).toBe(true);

    sandbox.clearFaults();
    sandbox.inject({ service: 'zendesk', kind: 'rate_limited', retryAfterSeconds: 120 });
    const limited = await runtime.engine.pollNow();
    expect(limited.sources.zendesk.failure).toMatchObject({
      kind: 'rate_limited',
      retryAt: new Date(NOW + 120_000).toISOString(),
    });
    expect(limited.sources.zendesk.message).toBe('Zendesk: rate limited, retrying at 10:02');
    sandbox.clearFaults();
    const before = sandbox.count({ service: 'zendesk' });
    await runtime.engine.pollNow();
    expect(sandbox.count({ service: 'zendesk' })).toBe(before);

    await time.advanceTo(NOW + 120_000 - 1);
    expect(sandbox.count({ service: 'zendesk' })).toBe(before);
    await time.advanceTo(NOW + 120_000);
    const recovered = runtime.engine.snapshot()!;
    expect(sandbox.count({ service: 'zendesk' })).toBeGreaterThan(before);
    expect(recovered.sources.zendesk).toMatchObject({ state: 'fresh', failure: null, failingSince: null });
  });

  it('leaves demo mode for the real accounts once tokens are saved', async () => {
    const own = await openSandbox({ scenario: generateScenario({ tickets: 12, seed: 3 }) });
    const store = realTokens();
    const tokens = { ...store.tokens };
    store.tokens.zendeskToken = undefined;
    store.tokens.pagerdutyToken = undefined;
    const { runtime } = await start({ secrets: store });
    const demoSandbox = runtime.sandbox!;
    Object.assign(store.tokens, tokens);
    runtime.applySettings(settingsFor(own));
    await runtime.settled();
    const snapshot = await runtime.engine.pollNow();
    expect(runtime.demo).toBe(false);
    expect(runtime.sandbox).toBeNull();
    expect(snapshot.demo).toBe(false);
    expect(snapshot.sources.zendesk.state).toBe('fresh');
    expect(own.count({ service: 'zendesk' })).toBeGreaterThan(0);
    await expect(fetch(`${demoSandbox.url}/api/v2/users/me`)).rejects.toThrow();
  });
});

describe('runtime on configured accounts', () => {
  it('reads 250 tickets with 3 view pages, 3 SLA batches and one on-call page', async () => {
    const sandbox = await openSandbox({ scenario: generateScenario({ tickets: 250, seed: 7 }) });
    const settings = settingsFor(sandbox);
    // One view holds the whole queue, so the budget is the API's minimum.
    settings.zendesk.viewIds = [DEMO_VIEWS.infrastructure];
    const scenario = sandbox.scenario();
    for (const ticket of scenario.zendesk.tickets) {
      if (!ticket.tags.includes('team_infrastructure')) ticket.tags.push('team_infrastructure');
    }
    sandbox.setScenario(scenario);
    const { runtime } = await start({ settings, secrets: realTokens() });
    const first = await runtime.engine.pollNow();
    expect(first.sources.pagerduty.state).toBe('fresh');
    sandbox.resetCounts();

    const snapshot = await runtime.engine.pollNow();
    expect(snapshot.demo).toBe(false);
    expect(snapshot.sources.zendesk.state).toBe('fresh');
    expect(snapshot.queue).toHaveLength(250);
    expect(sandbox.count({ service: 'zendesk', pathPrefix: '/api/v2/views/' })).toBe(3);
    expect(sandbox.count({ service: 'zendesk', pathPrefix: '/api/v2/tickets/show_many' })).toBe(3);
    expect(sandbox.count({ service: 'zendesk' })).toBe(6);
    expect(sandbox.count({ service: 'pagerduty', pathPrefix: '/oncalls' })).toBe(1);
  });

  it('stops polling Zendesk after a refused token and resumes after new settings', async () => {
    const sandbox = await openSandbox();
    const store = secrets({ zendeskToken: 'wrong-token-value', pagerdutyToken: SANDBOX_CREDENTIALS.pagerduty.token });
    const { runtime, time } = await start({ settings: settingsFor(sandbox), secrets: store });
    const refused = await runtime.engine.pollNow();
    expect(refused.sources.zendesk).toMatchObject({ state: 'failing', failure: { kind: 'auth_rejected' } });
    expect(JSON.stringify(refused)).not.toContain('wrong-token-value');
    const before = sandbox.count({ service: 'zendesk' });
    await time.advanceBy(30 * 60_000);
    expect(sandbox.count({ service: 'zendesk' })).toBe(before);

    store.tokens.zendeskToken = SANDBOX_CREDENTIALS.zendesk.token;
    runtime.applySettings(settingsFor(sandbox));
    const fixed = await runtime.engine.pollNow();
    expect(fixed.sources.zendesk.state).toBe('fresh');
  });

  it('tests connections with a sentence for people and never echoes the token', async () => {
    const sandbox = await openSandbox();
    const { runtime } = await start({ settings: settingsFor(sandbox), secrets: realTokens() });
    const settings = settingsFor(sandbox);

    const zendesk = await runtime.testConnection({ service: 'zendesk', settings });
    expect(zendesk).toEqual({ ok: true, message: expect.stringMatching(/^Connected to posthoghelp-demo as .+/) });
    const pagerduty = await runtime.testConnection({ service: 'pagerduty', settings });
    expect(pagerduty).toEqual({ ok: true, message: 'Connected to PagerDuty as Demo Hero (demo@support-hero.test)' });

    const refused = await runtime.testConnection({ service: 'zendesk', settings, token: 'not-the-token-1234' });
    expect(refused).toEqual({ ok: false, message: 'Zendesk refused the token (401): check the email and API token' });
    const unreachable = await runtime.testConnection({
      service: 'pagerduty',
      settings: { ...settings, pagerduty: { ...settings.pagerduty, baseUrl: 'http://127.0.0.1:9/pagerduty' } },
      token: 'secret-token-5678',
    });
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toContain('Could not reach PagerDuty');
    expect(unreachable.message).not.toContain('secret-token-5678');

    const missing = await runtime.testConnection({
      service: 'zendesk',
      settings: { ...settings, zendesk: { ...settings.zendesk, subdomain: '' } },
    });
    expect(missing).toEqual({ ok: false, message: 'Enter the Zendesk subdomain first' });
  });

  it('lists views, organization fields and schedules for the settings pickers', async () => {
    const sandbox = await openSandbox();
    const { runtime } = await start({ settings: settingsFor(sandbox), secrets: realTokens() });
    const settings = settingsFor(sandbox);
    const views = await runtime.listPicker('zendesk:views', { settings });
    expect(views.ok && views.options.map((option) => option.id)).toContain(String(DEMO_VIEWS.infrastructure));
    const fields = await runtime.listPicker('zendesk:orgFields', { settings });
    expect(fields.ok && fields.options.map((option) => option.id)).toContain('mrr');
    const schedules = await runtime.listPicker('pagerduty:schedules', { settings });
    expect(schedules.ok && schedules.options.map((option) => option.id)).toContain(DEMO_SCHEDULES.productAnalytics);
    const refused = await runtime.listPicker('pagerduty:schedules', { settings, token: 'bad-token-9999' });
    expect(refused).toEqual({ ok: false, message: 'PagerDuty refused the token (401): check the API token' });
  });
});
