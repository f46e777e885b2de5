/**
 * The real Engine + AlertCenter + sources over real HTTP to the sandbox, on a fake clock and scheduler. The only
 * addition is a pass-through count of source calls in flight, so the driver can let real I/O finish before it
 * moves fake time on: that keeps every run deterministic without real waiting in the assertions.
 */

import { AlertCenter } from '../../src/main/core/alerts';
import { Engine, type EngineSources } from '../../src/main/core/engine';
import type { KeyValueStore } from '../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { slackSourceFor } from '../../src/main/runtime/sources';
import { createPagerDutySource } from '../../src/main/sources/pagerduty';
import {
  DEMO_SCHEDULES,
  DEMO_SLACK,
  DEMO_VIEWS,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  type SandboxOptions,
  SLACK_SANDBOX_CREDENTIALS,
  startSandbox,
} from '../../src/main/sources/sandbox';
import { createZendeskSource } from '../../src/main/sources/zendesk';
import type { Alert, ServiceName } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';
import { memoryStore } from '../support/factories';
import { fakeScheduler } from '../support/fake-time';

/** Monday 2026-11-30 10:00 UTC: inside the default working hours. */
export const NOW = Date.parse('2026-11-30T10:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The one fake scheduler (tests/support/fake-time.ts), re-exported for the reliability suites. */
export { fakeScheduler };

/** Lets promise chains and socket callbacks run; real I/O to 127.0.0.1 needs a few event-loop turns. */
export async function turns(count = 5): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Settings pointed at the sandbox's demo views and schedules, in UTC. */
export function sandboxSettings(zendeskBaseUrl: string, pagerdutyBaseUrl: string, subdomain: string): Settings {
  const base = structuredClone(DEFAULT_SETTINGS);
  return {
    ...base,
    zendesk: {
      ...base.zendesk,
      subdomain,
      email: SANDBOX_CREDENTIALS.zendesk.email,
      viewIds: Object.values(DEMO_VIEWS),
      baseUrl: zendeskBaseUrl,
    },
    pagerduty: { ...base.pagerduty, scheduleIds: Object.values(DEMO_SCHEDULES), baseUrl: pagerdutyBaseUrl },
    app: { ...base.app, timeZone: 'UTC' },
  };
}

/** Settings that also follow the sandbox's demo Slack workspace (its three channels), bound to its team. */
export function withSandboxSlack(settings: Settings, slackApiUrl: string): Settings {
  return {
    ...settings,
    slack: {
      ...settings.slack,
      channelIds: Object.values(DEMO_SLACK.channels),
      csUserGroupId: DEMO_SLACK.csGroup,
      myGroupId: DEMO_SLACK.myGroup,
      doneEmoji: DEMO_SLACK.doneEmoji,
      apiUrl: slackApiUrl,
      teamId: DEMO_SLACK.team.id,
    },
  };
}

export interface WorldOptions {
  startMs?: number;
  sandbox?: Omit<SandboxOptions, 'clock'>;
  settings?: (settings: Settings) => Settings;
  store?: KeyValueStore;
  timeZone?: string;
  /** Override where a source points (a closed port). */
  baseUrls?: Partial<Record<ServiceName, string>>;
  random?: () => number;
  /**
   * Also poll the sandbox's Slack workspace with the demo user's token, through the runtime's own source factory
   * (default off, so the two-source suites keep their timelines).
   */
  slack?: boolean;
}

export type World = Awaited<ReturnType<typeof startWorld>>;

/** Starts a sandbox on the fake clock and the engine over it; `engine.start()` is left to the test. */
export async function startWorld(options: WorldOptions = {}) {
  const time = fakeScheduler(options.startMs ?? NOW);
  const sandbox: Sandbox = await startSandbox({ ...options.sandbox, clock: () => time.clock.now() });
  let settings = sandboxSettings(
    options.baseUrls?.zendesk ?? sandbox.zendeskBaseUrl,
    options.baseUrls?.pagerduty ?? sandbox.pagerdutyBaseUrl,
    sandbox.subdomain,
  );
  if (options.slack) settings = withSandboxSlack(settings, options.baseUrls?.slack ?? sandbox.slackApiUrl);
  if (options.settings) settings = options.settings(settings);
  const store = options.store ?? memoryStore();
  const delivered: Alert[] = [];
  const inFlight: Record<ServiceName, number> = { zendesk: 0, pagerduty: 0, slack: 0 };
  /** Sources whose calls may sit in a sandbox `hang` (Slack: `slow`) fault, which only the engine's watchdog ends. */
  const hangs: Record<ServiceName, boolean> = { zendesk: false, pagerduty: false, slack: false };
  const track = <T>(name: ServiceName, call: () => Promise<T>): Promise<T> => {
    inFlight[name]++;
    let promise: Promise<T>;
    try {
      promise = call();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.finally(() => {
      inFlight[name]--;
    });
  };
  const timeZone = options.timeZone ?? 'UTC';
  const sources = (): EngineSources => {
    const zendesk = createZendeskSource({
      subdomain: settings.zendesk.subdomain,
      email: settings.zendesk.email,
      token: SANDBOX_CREDENTIALS.zendesk.token,
      viewIds: settings.zendesk.viewIds,
      orgFields: settings.zendesk.orgFields,
      baseUrl: settings.zendesk.baseUrl,
      timeoutMs: settings.polling.timeoutSeconds * 1000,
      now: () => time.clock.now(),
    });
    const pagerduty = createPagerDutySource({
      token: SANDBOX_CREDENTIALS.pagerduty.token,
      region: settings.pagerduty.region,
      scheduleIds: settings.pagerduty.scheduleIds,
      userEmail: settings.pagerduty.userEmail,
      horizonDays: settings.pagerduty.horizonDays,
      baseUrl: settings.pagerduty.baseUrl,
      timeoutMs: settings.polling.timeoutSeconds * 1000,
      now: () => time.clock.now(),
    });
    const slack = options.slack ? slackSourceFor(settings, SLACK_SANDBOX_CREDENTIALS.user.token, time.clock) : null;
    return {
      zendesk: {
        fetchQueue: (signal) => track('zendesk', () => zendesk.fetchQueue(signal)),
        rateLimit: () => zendesk.rateLimit(),
      },
      pagerduty: {
        fetchTurns: (nowMs, signal) => track('pagerduty', () => pagerduty.fetchTurns(nowMs, signal)),
        rateLimit: () => pagerduty.rateLimit(),
      },
      slack: slack && {
        ...slack,
        fetchRequests: (state, input) => track('slack', () => slack.fetchRequests(state, input)),
      },
    };
  };
  const alerts = new AlertCenter({
    store,
    notifier: { deliver: (alert) => void delivered.push(alert) },
    clock: time.clock,
    settings: () => settings,
    timeZone: () => timeZone,
  });
  const engine = new Engine({
    clock: time.clock,
    scheduler: time.scheduler,
    random: options.random ?? (() => 0.5),
    settings: () => settings,
    timeZone: () => timeZone,
    sources,
    alerts,
    // As in the runtime: Slack's read position and dismissals live in the ledger's store.
    store,
    demo: false,
  });

  /** A source is idle, or its only request sits in a sandbox `hang` fault (only the watchdog can end it). */
  const quiet = (name: ServiceName) => {
    if (inFlight[name] === 0) return true;
    if (!hangs[name]) return false;
    if (name === 'slack') return sandbox.slack.calls.at(-1)?.status === 0;
    const last = [...sandbox.requests].reverse().find((record) => record.service === name);
    return last !== undefined && last.status === 0;
  };

  /** Waits (real event-loop turns, bounded by the test timeout) until no source call is still doing I/O. */
  async function quiesce(): Promise<void> {
    await turns(3);
    while (!(quiet('zendesk') && quiet('pagerduty') && quiet('slack')))
      await new Promise((resolve) => setTimeout(resolve, 1));
    await turns(3);
  }

  /** Moves fake time to `targetMs`, firing each timer at its instant and letting its I/O finish first. */
  async function advanceTo(targetMs: number, stop?: () => boolean): Promise<void> {
    await quiesce();
    for (;;) {
      if (stop?.()) return;
      if (!time.fireNext(targetMs)) break;
      await quiesce();
    }
    if (stop?.()) return;
    time.set(Math.max(time.clock.now(), targetMs));
    await quiesce();
  }

  return {
    time,
    sandbox,
    engine,
    alerts,
    store,
    delivered,
    settings: () => settings,
    setSettings(next: Settings) {
      settings = next;
    },
    /** Tells the driver a sandbox `hang` fault is active for `name`. */
    expectHang(name: ServiceName, on: boolean) {
      hangs[name] = on;
    },
    now: () => time.clock.now(),
    /** See fakeScheduler().jump; then lets overdue work run. */
    async jump(deltaMs: number) {
      time.jump(deltaMs);
      await quiesce();
    },
    quiesce,
    advanceTo,
    advanceBy: (ms: number, stop?: () => boolean) => advanceTo(time.clock.now() + ms, stop),
    /** Starts the engine and waits for its first poll of both sources. */
    async start() {
      engine.start();
      await quiesce();
      return engine.snapshot()!;
    },
    async close() {
      await engine.stop();
      await sandbox.close();
    },
  };
}

/** Requests per sliding minute (max over the run), from the sandbox's log. */
export function peakPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= MINUTE) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
