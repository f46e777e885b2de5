import { describe, expect, it } from 'vitest';
import { AlertCenter } from '../../../src/main/core/alerts';
import { Engine, MAX_BACKOFF_MS, SETUP_RETRY_MS } from '../../../src/main/core/engine';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { Snapshot, SourceFailure } from '../../../src/shared/domain';
import type { Settings } from '../../../src/shared/settings';
import { MINUTE, makeEntry, makeTicket, memoryStore, recordingNotifier, slaIn, T0 } from '../../support/factories';
import { fakePagerDuty, fakeTime, fakeZendesk, settle } from '../../support/fake-time';

const SECOND = 1000;

function setup(
  options: {
    settings?: Partial<Settings['polling']>;
    random?: () => number;
    zendesk?: boolean;
    pagerduty?: boolean;
    tickets?: () => ReturnType<typeof makeTicket>[];
  } = {},
) {
  const time = fakeTime(T0);
  const settings: Settings = {
    ...structuredClone(DEFAULT_SETTINGS),
    polling: { ...DEFAULT_SETTINGS.polling, ...options.settings },
  };
  const zendesk = fakeZendesk(
    time.clock.now,
    options.tickets ?? (() => [makeTicket({ id: 1 }), makeTicket({ id: 2 })]),
  );
  const pagerduty = fakePagerDuty(time.clock.now, () => [makeEntry(-60, 24 * 60)]);
  const notifier = recordingNotifier();
  const alerts = new AlertCenter({
    store: memoryStore(),
    notifier,
    clock: time.clock,
    settings: () => settings,
    timeZone: () => 'UTC',
  });
  let sourcesCreated = 0;
  const snapshots: Snapshot[] = [];
  const logs: string[] = [];
  const engine = new Engine({
    clock: time.clock,
    scheduler: time.scheduler,
    random: options.random ?? (() => 0.5),
    settings: () => settings,
    timeZone: () => 'UTC',
    sources: () => {
      sourcesCreated++;
      return {
        zendesk: options.zendesk === false ? null : zendesk.source,
        pagerduty: options.pagerduty === false ? null : pagerduty.source,
      };
    },
    alerts,
    demo: false,
    log: (line) => logs.push(line),
  });
  engine.onSnapshot((snapshot) => snapshots.push(snapshot));
  return {
    time,
    settings,
    zendesk,
    pagerduty,
    notifier,
    engine,
    snapshots,
    logs,
    sourcesCreated: () => sourcesCreated,
  };
}

const offline: SourceFailure = { kind: 'offline', detail: 'Zendesk is unreachable (ECONNREFUSED) (GET /api/v2)' };
const serverError: SourceFailure = { kind: 'server_error', status: 503, detail: 'Zendesk failed (503)' };

describe('Engine cadence', () => {
  it('polls Zendesk every zendeskSeconds and PagerDuty every pagerdutySeconds', async () => {
    const { time, engine, zendesk, pagerduty } = setup();
    engine.start();
    await time.advanceTo(T0 + 10 * MINUTE);
    expect(zendesk.calls.map((at) => (at - T0) / SECOND)).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]);
    expect(pagerduty.calls.map((at) => (at - T0) / SECOND)).toEqual([0, 300, 600]);
    await engine.stop();
  });

  it('follows a changed interval from the next poll on', async () => {
    const { time, engine, zendesk, settings } = setup();
    engine.start();
    await time.advanceTo(T0 + 60 * SECOND);
    settings.polling = { ...settings.polling, zendeskSeconds: 30 };
    await time.advanceTo(T0 + 3 * MINUTE);
    expect(zendesk.calls.map((at) => (at - T0) / SECOND)).toEqual([0, 60, 120, 150, 180]);
    await engine.stop();
  });

  it('publishes a snapshot per poll with the queue, the turn and fresh health', async () => {
    const { time, engine, snapshots } = setup();
    engine.start();
    await time.advanceTo(T0);
    const latest = engine.snapshot()!;
    expect(snapshots.at(-1)).toBe(latest);
    expect(latest.queue.map((entry) => entry.ticket.id).sort()).toEqual([1, 2]);
    expect(latest.turn.onCall).toBe(true);
    expect(latest.sources.zendesk.state).toBe('fresh');
    expect(latest.sources.pagerduty.state).toBe('fresh');
    expect(latest.sources.zendesk.lastSuccessAt).toBe(new Date(T0).toISOString());
    await engine.stop();
  });

  it('never runs two polls of one source at once, and pollNow joins the poll in flight', async () => {
    const { time, engine, zendesk } = setup({ settings: { timeoutSeconds: 600 } });
    zendesk.script.push('hang');
    engine.start();
    await time.advanceTo(T0 + 5 * MINUTE);
    const first = engine.pollNow();
    const second = engine.pollNow();
    expect(second).toBe(first);
    engine.wake();
    await settle();
    expect(zendesk.calls).toHaveLength(1);
    zendesk.hanging[0]!.resolve({ tickets: [makeTicket({ id: 9 })], problems: [], requests: 1 });
    const snapshot = await first;
    expect(snapshot.queue.map((entry) => entry.ticket.id)).toEqual([9]);
    expect(zendesk.maxActive()).toBe(1);
    await engine.stop();
  });

  it('wake() polls both sources now', async () => {
    const { time, engine, zendesk, pagerduty } = setup();
    engine.start();
    await time.advanceTo(T0 + 30 * SECOND);
    engine.wake();
    await settle();
    expect(zendesk.calls.map((at) => at - T0)).toEqual([0, 30 * SECOND]);
    expect(pagerduty.calls.map((at) => at - T0)).toEqual([0, 30 * SECOND]);
    // The regular cadence restarts from the wake poll.
    await time.advanceTo(T0 + 90 * SECOND);
    expect(zendesk.calls.map((at) => at - T0)).toEqual([0, 30 * SECOND, 90 * SECOND]);
    await engine.stop();
  });

  it('stop() cancels the poll in flight and sends nothing afterwards', async () => {
    const { time, engine, zendesk } = setup({ settings: { timeoutSeconds: 600 } });
    zendesk.script.push('hang');
    engine.start();
    await settle();
    const stopping = engine.stop();
    expect(zendesk.signals[0]!.aborted).toBe(true);
    zendesk.hanging[0]!.reject(new Error('aborted'));
    await stopping;
    await time.advanceTo(T0 + 30 * MINUTE);
    expect(zendesk.calls).toHaveLength(1);
  });
});

describe('Engine failures', () => {
  it('honours Retry-After exactly: no request before retryAt, one at retryAt', async () => {
    const { time, engine, zendesk } = setup();
    const retryAt = T0 + 97_500;
    zendesk.script.push({ kind: 'rate_limited', retryAt: new Date(retryAt).toISOString(), detail: '429' });
    engine.start();
    await time.advanceTo(retryAt - 1);
    engine.wake();
    await engine.pollNow();
    await time.advanceTo(retryAt - 1);
    expect(zendesk.calls).toEqual([T0]);
    const health = engine.snapshot()!.sources.zendesk;
    expect(health.failure?.kind).toBe('rate_limited');
    expect(health.message).toBe('Zendesk: rate limited, retrying at 10:01');
    await time.advanceTo(retryAt);
    expect(zendesk.calls).toEqual([T0, retryAt]);
    expect(engine.snapshot()!.sources.zendesk.state).toBe('fresh');
    await engine.stop();
  });

  it('backs off exponentially with jitter between half and all of the ceiling, capped', async () => {
    const draws = [0, 1, 0.25, 0.75, 0.5, 0, 1, 0.3];
    let draw = 0;
    const { time, engine, zendesk } = setup({ random: () => draws[draw++ % draws.length]! });
    for (let i = 0; i < draws.length; i++) zendesk.script.push(offline);
    engine.start();
    await time.advanceTo(T0 + 3 * 60 * MINUTE);
    const gaps = zendesk.calls.slice(1, draws.length + 1).map((at, i) => at - zendesk.calls[i]!);
    gaps.forEach((gap, i) => {
      const ceiling = Math.min(MAX_BACKOFF_MS, 60 * SECOND * 2 ** i);
      expect(gap).toBeGreaterThanOrEqual(ceiling / 2);
      expect(gap).toBeLessThanOrEqual(ceiling);
      expect(gap).toBe(Math.round(ceiling / 2 + (ceiling / 2) * draws[i]!));
    });
    // After the faults clear, the next success resets the back-off to the normal interval.
    const recovered = zendesk.calls[draws.length]!;
    expect(zendesk.calls[draws.length + 1]! - recovered).toBe(60 * SECOND);
    await engine.stop();
  });

  it('slows a source whose credentials are refused to SETUP_RETRY_MS, never stops it, and checks at once on new settings', async () => {
    const { time, engine, zendesk, pagerduty, sourcesCreated } = setup();
    // With the jitter at 0.5, the re-check comes SETUP_RETRY_MS and an eighth after the refusal.
    const RECHECK = SETUP_RETRY_MS * 1.125;
    const refused: SourceFailure = {
      kind: 'auth_rejected',
      status: 401,
      detail: 'Zendesk refused the credentials (401)',
    };
    zendesk.script.push(refused, refused);
    engine.start();
    await time.advanceTo(T0 + 45 * MINUTE);
    // Not hammered (the interval is 1 minute), not given up on either.
    expect(zendesk.calls).toEqual([T0, T0 + RECHECK]);
    expect(pagerduty.calls.length).toBe(10);
    const health = engine.snapshot()!.sources.zendesk;
    expect(health.state).toBe('failing');
    expect(health.failure?.kind).toBe('auth_rejected');
    expect(health.message).toContain('refused the credentials (401)');
    expect(health.message).toBe(
      'Zendesk refused the credentials (401): check them in the settings; checking again at 11:07',
    );
    expect(engine.snapshot()!.tray.state).toBe('error');

    engine.settingsChanged();
    await settle();
    expect(sourcesCreated()).toBe(2);
    expect(zendesk.calls).toEqual([T0, T0 + RECHECK, T0 + 45 * MINUTE]);
    expect(engine.snapshot()!.sources.zendesk.state).toBe('fresh');
    await engine.stop();
  });

  it('checks a source with refused credentials or settings that name nothing at once on a refresh', async () => {
    const { time, engine, zendesk } = setup();
    const missing: SourceFailure = { kind: 'not_configured', detail: 'Zendesk has no such resource (404, GET /x)' };
    zendesk.script.push(missing);
    engine.start();
    await time.advanceTo(T0 + 10 * MINUTE);
    expect(zendesk.calls).toEqual([T0]);
    expect(engine.snapshot()!.sources.zendesk.message).toBe(
      'Zendesk: Zendesk has no such resource (404, GET /x); checking again at 10:33',
    );
    await engine.pollNow();
    expect(zendesk.calls).toEqual([T0, T0 + 10 * MINUTE]);
    expect(engine.snapshot()!.sources.zendesk.state).toBe('fresh');
    // Back on its normal cadence from the refresh.
    await time.advanceTo(T0 + 11 * MINUTE);
    expect(zendesk.calls).toEqual([T0, T0 + 10 * MINUTE, T0 + 11 * MINUTE]);
    await engine.stop();
  });

  it('keeps the last good data, marked stale, while a source fails; recovers when the fault clears', async () => {
    const { time, engine, zendesk, pagerduty } = setup();
    engine.start();
    await time.advanceTo(T0);
    zendesk.script.push(serverError, serverError);
    pagerduty.script.push(offline);
    engine.wake();
    await time.advanceTo(T0 + 2 * MINUTE);

    const stale = engine.snapshot()!;
    expect(stale.queue.map((entry) => entry.ticket.id).sort()).toEqual([1, 2]);
    expect(stale.turn.onCall).toBe(true);
    expect(stale.sources.zendesk).toMatchObject({
      state: 'stale',
      lastSuccessAt: new Date(T0).toISOString(),
      failingSince: new Date(T0).toISOString(),
      failure: serverError,
    });
    expect(stale.sources.zendesk.message).toMatch(/^Zendesk: server error \(503\), retrying at \d\d:\d\d$/);
    expect(stale.sources.pagerduty.state).toBe('stale');
    expect(stale.tray.stale).toBe(true);

    await time.advanceTo(T0 + 30 * MINUTE);
    const recovered = engine.snapshot()!;
    expect(recovered.sources.zendesk).toMatchObject({ state: 'fresh', failingSince: null, failure: null });
    expect(recovered.sources.pagerduty.state).toBe('fresh');
    expect(recovered.tray.stale).toBe(false);
    await engine.stop();
  });

  it('marks a source that never answered as failing, with no data invented', async () => {
    const { time, engine, zendesk } = setup();
    zendesk.script.push(offline);
    engine.start();
    await time.advanceTo(T0);
    const snapshot = engine.snapshot()!;
    expect(snapshot.queue).toEqual([]);
    expect(snapshot.sources.zendesk).toMatchObject({ state: 'failing', failingSince: new Date(T0).toISOString() });
    expect(snapshot.sources.zendesk.message).toMatch(/^Zendesk: unreachable/);
    await engine.stop();
  });

  it('abandons a poll that outlives its deadline and aborts its requests', async () => {
    const { time, engine, zendesk } = setup({ settings: { timeoutSeconds: 10 } });
    zendesk.script.push('hang');
    engine.start();
    await time.advanceTo(T0 + 40 * SECOND);
    expect(zendesk.signals[0]!.aborted).toBe(true);
    expect(engine.snapshot()!.sources.zendesk.failure?.kind).toBe('timeout');
    await engine.stop();
  });

  it('does not poll a source that is not configured and says so', async () => {
    const { time, engine, zendesk, pagerduty } = setup({ zendesk: false });
    engine.start();
    await time.advanceTo(T0 + 10 * MINUTE);
    expect(zendesk.calls).toEqual([]);
    expect(pagerduty.calls.length).toBe(3);
    const health = engine.snapshot()!.sources.zendesk;
    expect(health).toMatchObject({ state: 'failing', failure: { kind: 'not_configured' } });
    expect(health.message).toContain('not set up');
    await engine.stop();
  });

  it('waits for the rate-limit window to reset when few requests remain', async () => {
    const { time, engine, zendesk } = setup();
    zendesk.setRateLimit({
      limit: 200,
      remaining: 5,
      resetAt: new Date(T0 + 150 * SECOND).toISOString(),
      observedAt: new Date(T0).toISOString(),
    });
    engine.start();
    await time.advanceTo(T0 + 149 * SECOND);
    expect(zendesk.calls).toEqual([T0]);
    zendesk.setRateLimit({ limit: 200, remaining: 180, resetAt: null, observedAt: new Date(T0).toISOString() });
    await time.advanceTo(T0 + 210 * SECOND);
    expect(zendesk.calls).toEqual([T0, T0 + 150 * SECOND, T0 + 210 * SECOND]);
    await engine.stop();
  });
});

describe('Engine alerts and pause', () => {
  it('processes alerts with each poll, delivers them once, and keeps computing from stale data', async () => {
    const soon = makeTicket({ id: 5, tags: ['escalated'], priority: 'high', slaMetrics: [slaIn(170)] });
    const { time, engine, notifier, zendesk } = setup({ tickets: () => [soon] });
    engine.start();
    await time.advanceTo(T0);
    const first = engine.snapshot()!;
    const slaAlerts = first.alerts.filter((alert) => alert.kind === 'sla_warning');
    expect(slaAlerts.map((alert) => alert.ticketId)).toEqual([5]);
    expect(notifier.delivered.filter((alert) => alert.kind === 'sla_warning')).toHaveLength(1);

    // Zendesk fails from now on: the 2h warning still comes, from the last good data.
    for (let i = 0; i < 10; i++) zendesk.script.push(offline);
    await time.advanceTo(T0 + 55 * MINUTE);
    const warnings = notifier.delivered.filter((alert) => alert.kind === 'sla_warning');
    expect(warnings).toHaveLength(2);
    expect(new Set(warnings.map((alert) => alert.id)).size).toBe(2);
    await engine.stop();
  });

  it('re-evaluates between polls, so a warning comes on time while no source is being polled', async () => {
    const soon = makeTicket({ id: 6, tags: ['escalated'], priority: 'high', slaMetrics: [slaIn(150)] });
    const { time, engine, notifier, zendesk } = setup({ tickets: () => [soon], pagerduty: false });
    engine.start();
    await time.advanceTo(T0);
    const warnings = () => notifier.delivered.filter((alert) => alert.kind === 'sla_warning');
    expect(warnings()).toHaveLength(1); // the 3h threshold, already crossed

    // Credentials refused: Zendesk is only checked again after SETUP_RETRY_MS and more, and PagerDuty is not set
    // up. Only the clock moves.
    zendesk.script.push({ kind: 'auth_rejected', status: 401, detail: 'Zendesk refused the credentials (401)' });
    await time.advanceTo(T0 + 61 * SECOND);
    expect(zendesk.calls).toEqual([T0, T0 + 60 * SECOND]);

    // The 2h threshold is crossed at T0 + 30m; the next minute's evaluation delivers it from the kept data.
    await time.advanceTo(T0 + 29 * MINUTE);
    expect(warnings()).toHaveLength(1);
    await time.advanceTo(T0 + 31 * MINUTE);
    expect(warnings().map((alert) => alert.ticketId)).toEqual([6, 6]);
    expect(warnings()[1]!.title).toContain('2h');
    expect(zendesk.calls).toHaveLength(2);
    await engine.stop();
  });

  it('pause() republishes the snapshot with the paused state', async () => {
    const { time, engine, snapshots } = setup();
    engine.start();
    await time.advanceTo(T0);
    const before = snapshots.length;
    const paused = engine.pause({ for: 'hour' });
    expect(paused.notifications.pausedUntil).toBe(new Date(T0 + 60 * MINUTE).toISOString());
    expect(snapshots.length).toBe(before + 1);
    expect(engine.snapshot()).toBe(paused);
    await engine.stop();
  });

  it('a listener that throws does not stop the others', async () => {
    const { time, engine, snapshots } = setup();
    engine.onSnapshot(() => {
      throw new Error('renderer gone');
    });
    const unsubscribe = engine.onSnapshot(() => {});
    unsubscribe();
    engine.start();
    await time.advanceTo(T0 + MINUTE);
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    await engine.stop();
  });
});
