/**
 * The poll loop: reads each source on its own cadence, backs off on failure, honours Retry-After, keeps the last
 * good data of each source, and turns every poll into one Snapshot (with the alerts it made due). Plain Node:
 * time, timers and randomness are injected, so tests and the soak run it on a fake clock.
 */
import type { Alert, NotificationState, Snapshot, SourceFailure, SourceHealth, SourceName } from '../../shared/domain';
import { formatClock } from '../../shared/format';
import type { PauseRequest } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { RateLimitInfo } from '../sources/http';
import {
  type PagerDutySource,
  type PagerDutyTurnsResult,
  SourceError,
  type ZendeskQueueResult,
  type ZendeskSource,
} from '../sources/source';
import type { Clock, Scheduler } from './ports';
import { buildSnapshot, emptyHealth, type WorldState } from './snapshot';

/** Longest wait between attempts while a source keeps failing. */
export const MAX_BACKOFF_MS = 15 * 60_000;
/** Below this share of the rate-limit window left, the next poll waits for the window to reset. */
export const RATE_LIMIT_RESERVE = 0.1;
/** How long to wait when the rate-limit window is nearly spent and the service did not say when it resets. */
export const RATE_LIMIT_PAUSE_MS = 60_000;
/** A whole poll may take this many request timeouts before it is abandoned (it pages through views). */
export const POLL_TIMEOUT_FACTOR = 4;
/**
 * How often the snapshot is re-evaluated from the data in hand between polls. SLA thresholds, turn starts and the
 * end of a pause are moments in time, not events in the data: they must fire on time even while a source is
 * backing off for 15 minutes or stopped on refused credentials.
 */
export const EVALUATE_INTERVAL_MS = 60_000;

/** What the engine needs of the AlertCenter (which satisfies it). */
export interface EngineAlerts {
  process(snapshot: Snapshot): Alert[];
  state(): NotificationState;
  pause(request: PauseRequest): NotificationState;
}

/** Sources may report the rate-limit headers they last saw, so polling can slow down before a 429. */
interface RateLimited {
  rateLimit?: () => RateLimitInfo | null;
}

export interface EngineSources {
  zendesk: (ZendeskSource & RateLimited) | null;
  pagerduty: (PagerDutySource & RateLimited) | null;
}

export interface EngineOptions {
  clock: Clock;
  scheduler: Scheduler;
  /** In [0, 1); jitter for back-off. */
  random?: () => number;
  settings: () => Settings;
  timeZone: () => string;
  /** Called at start and on every settings change; `null` = that source is not configured. */
  sources: () => EngineSources;
  alerts: EngineAlerts;
  /** Running on the demo sandbox; a function when it can change with the settings. */
  demo: boolean | (() => boolean);
  log?: (line: string) => void;
}

type ZendeskData = NonNullable<WorldState['zendesk']>;
type PagerDutyData = NonNullable<WorldState['pagerduty']>;
type Fetched = { data: ZendeskData | PagerDutyData; requests: number };

interface SourceLoop {
  name: SourceName;
  data: ZendeskData | PagerDutyData | null;
  health: SourceHealth;
  timer: unknown;
  hasTimer: boolean;
  inFlight: Promise<void> | null;
  controller: AbortController | null;
  /** Consecutive failures (rate limits excluded), for the back-off exponent. */
  failures: number;
  /** No request to this source before this instant (Retry-After). */
  notBefore: number;
  /** Credentials refused or setup missing: no polling until the settings change. */
  halted: boolean;
}

const LABEL: Record<SourceName, string> = { zendesk: 'Zendesk', pagerduty: 'PagerDuty' };
const NAMES: SourceName[] = ['zendesk', 'pagerduty'];

/** Polls both sources and publishes one Snapshot per poll. Never throws out of its timers. */
export class Engine {
  private readonly options: EngineOptions;
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private sources: EngineSources = { zendesk: null, pagerduty: null };
  private readonly loops: Record<SourceName, SourceLoop>;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private latest: Snapshot | null = null;
  private pollAll: Promise<Snapshot> | null = null;
  private running = false;
  /** Bumped by settingsChanged() and stop(): results of older polls are dropped. */
  private generation = 0;
  private evaluateTimer: unknown;

  constructor(options: EngineOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => {});
    this.loops = { zendesk: newLoop('zendesk'), pagerduty: newLoop('pagerduty') };
  }

  /** Creates the sources and polls both now, then on their cadences. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loadSources();
    void this.pollNow().catch(() => {});
    this.scheduleEvaluation();
  }

  /** Stops every timer and cancels polls in flight; resolves once they have settled. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.options.scheduler.clearTimeout(this.evaluateTimer);
    const pending: Promise<unknown>[] = [];
    for (const loop of Object.values(this.loops)) {
      this.clearTimer(loop);
      loop.controller?.abort();
      if (loop.inFlight) pending.push(loop.inFlight);
    }
    if (this.pollAll) pending.push(this.pollAll);
    await Promise.allSettled(pending);
  }

  /** Polls both sources now and publishes the snapshot; joins a poll already in flight. */
  pollNow(): Promise<Snapshot> {
    if (this.pollAll) return this.pollAll;
    const generation = this.generation;
    // A settings change during the poll started a newer one: join it rather than publish outdated data.
    const run = Promise.all(NAMES.map((name) => this.pollSource(name))).then(() =>
      generation !== this.generation && this.running ? this.pollNow() : this.publish(),
    );
    const settled = run.finally(() => {
      if (this.pollAll === settled) this.pollAll = null;
    });
    this.pollAll = settled;
    return settled;
  }

  /** After sleep or unlock: the data may be hours old, so poll now. */
  wake(): void {
    if (!this.running) return;
    void this.pollNow().catch(() => {});
  }

  /** Recreates the sources from the new settings, lifts a credentials stop, and polls now. */
  settingsChanged(): void {
    this.generation++;
    this.pollAll = null;
    for (const loop of Object.values(this.loops)) {
      this.clearTimer(loop);
      loop.controller?.abort();
      loop.inFlight = null;
      loop.controller = null;
      loop.halted = false;
      loop.failures = 0;
    }
    this.loadSources();
    if (this.running) void this.pollNow().catch(() => {});
  }

  /** The latest published snapshot, or `null` before the first poll completes. */
  snapshot(): Snapshot | null {
    return this.latest;
  }

  /** Calls `listener` with every published snapshot; returns the unsubscribe function. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Pauses or resumes notifications and republishes the snapshot with the new notification state. */
  pause(request: PauseRequest): Snapshot {
    const notifications = this.options.alerts.pause(request);
    const base = this.latest ?? this.compose(false);
    const next: Snapshot = { ...base, alerts: [], notifications };
    this.emit(next);
    return next;
  }

  // -------------------------------------------------------------------------------------------
  // Polling
  // -------------------------------------------------------------------------------------------

  private loadSources(): void {
    try {
      this.sources = this.options.sources();
    } catch (error) {
      this.log(`engine: could not create the sources: ${errorText(error)}`);
      this.sources = { zendesk: null, pagerduty: null };
    }
    for (const name of NAMES) {
      const loop = this.loops[name];
      if (this.sources[name] === null) {
        // Data from a source that is no longer set up would be shown as current forever.
        loop.data = null;
        loop.health = notConfiguredHealth(name);
      }
    }
  }

  /** One poll of one source; joins the poll of that source already in flight. Never rejects. */
  private pollSource(name: SourceName): Promise<void> {
    const loop = this.loops[name];
    if (loop.inFlight) return loop.inFlight;
    const source = this.sources[name];
    if (source === null || loop.halted || !this.running) return Promise.resolve();
    const now = this.options.clock.now();
    if (now < loop.notBefore) {
      // Retry-After is a promise to the service: keep the scheduled retry, send nothing earlier.
      this.schedule(loop, loop.notBefore - now);
      return Promise.resolve();
    }
    this.clearTimer(loop);
    const generation = this.generation;
    const controller = new AbortController();
    loop.controller = controller;
    const run = this.fetch(name, controller)
      .then(
        (data) => {
          if (generation === this.generation) this.succeeded(loop, data);
        },
        (error: unknown) => {
          if (generation === this.generation) this.failed(loop, toFailure(name, error));
        },
      )
      .finally(() => {
        if (loop.inFlight === run) {
          loop.inFlight = null;
          loop.controller = null;
        }
      });
    loop.inFlight = run;
    return run;
  }

  private async fetch(name: SourceName, controller: AbortController): Promise<Fetched> {
    const settings = this.options.settings();
    const timeoutMs = settings.polling.timeoutSeconds * 1000 * POLL_TIMEOUT_FACTOR;
    let watchdog: unknown;
    const abandoned = new Promise<never>((_, reject) => {
      // A source that ignores the signal must not hold the loop: give up on it at the deadline.
      watchdog = this.options.scheduler.setTimeout(() => {
        controller.abort();
        reject(new SourceError({ kind: 'timeout', detail: `${LABEL[name]} took longer than ${timeoutMs / 1000} s` }));
      }, timeoutMs);
    });
    try {
      const request =
        name === 'zendesk'
          ? this.sources.zendesk!.fetchQueue(controller.signal).then(zendeskData)
          : this.sources.pagerduty!.fetchTurns(this.options.clock.now(), controller.signal).then(pagerdutyData);
      return await Promise.race([request, abandoned]);
    } finally {
      this.options.scheduler.clearTimeout(watchdog);
    }
  }

  private succeeded(loop: SourceLoop, result: Fetched): void {
    const now = this.options.clock.now();
    loop.data = result.data;
    loop.failures = 0;
    loop.health = {
      source: loop.name,
      state: 'fresh',
      lastSuccessAt: iso(now),
      failingSince: null,
      failure: null,
      message: `${LABEL[loop.name]}: up to date (${formatClock(now, this.options.timeZone())})`,
    };
    this.schedule(loop, this.nextDelayAfterSuccess(loop, result.requests, now));
  }

  private failed(loop: SourceLoop, failure: SourceFailure): void {
    const now = this.options.clock.now();
    let retryAt: number | null;
    if (failure.kind === 'auth_rejected' || failure.kind === 'not_configured') {
      loop.halted = true;
      retryAt = null;
    } else if (failure.kind === 'rate_limited') {
      const parsed = Date.parse(failure.retryAt);
      retryAt = Number.isFinite(parsed) ? Math.max(now, parsed) : now + this.backoffMs(loop.name, ++loop.failures);
      loop.notBefore = retryAt;
    } else {
      retryAt = now + this.backoffMs(loop.name, ++loop.failures);
    }
    loop.health = {
      source: loop.name,
      state: loop.data === null ? 'failing' : 'stale',
      lastSuccessAt: loop.health.lastSuccessAt,
      failingSince: loop.health.failingSince ?? iso(now),
      failure,
      message: failureMessage(loop.name, failure, retryAt, this.options.timeZone()),
    };
    this.log(`engine: ${loop.name} poll failed (${failure.kind}): ${failure.detail}`);
    if (retryAt !== null) this.schedule(loop, retryAt - now);
  }

  /** Exponential back-off with "equal jitter": between half and all of min(cap, interval × 2^(n-1)). */
  private backoffMs(name: SourceName, failures: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.intervalMs(name) * 2 ** Math.min(failures - 1, 20));
    const jitter = clamp01(this.random());
    return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
  }

  private nextDelayAfterSuccess(loop: SourceLoop, requestsLastPoll: number, now: number): number {
    const interval = this.intervalMs(loop.name);
    const source = this.sources[loop.name];
    let info: RateLimitInfo | null = null;
    try {
      info = source?.rateLimit?.() ?? null;
    } catch {
      info = null;
    }
    if (!info || info.remaining === null) return interval;
    const reserve = Math.max(requestsLastPoll, info.limit === null ? 0 : info.limit * RATE_LIMIT_RESERVE);
    if (info.remaining >= reserve) return interval;
    const resetAt = info.resetAt === null ? Number.NaN : Date.parse(info.resetAt);
    const untilReset = Number.isFinite(resetAt) && resetAt > now ? resetAt - now : RATE_LIMIT_PAUSE_MS;
    this.log(`engine: ${loop.name} has ${info.remaining} requests left in its window; slowing down`);
    return Math.max(interval, untilReset);
  }

  private intervalMs(name: SourceName): number {
    const polling = this.options.settings().polling;
    const seconds = name === 'zendesk' ? polling.zendeskSeconds : polling.pagerdutySeconds;
    return Math.max(1, seconds) * 1000;
  }

  private schedule(loop: SourceLoop, delayMs: number): void {
    if (!this.running) return;
    this.clearTimer(loop);
    loop.hasTimer = true;
    loop.timer = this.options.scheduler.setTimeout(
      () => {
        loop.hasTimer = false;
        void this.pollSource(loop.name).then(() => this.publish());
      },
      Math.max(0, delayMs),
    );
  }

  /** Re-publishes from the data in hand every minute; a poll in flight will publish anyway. */
  private scheduleEvaluation(): void {
    this.evaluateTimer = this.options.scheduler.setTimeout(() => {
      if (!this.running) return;
      const polling = this.pollAll !== null || NAMES.some((name) => this.loops[name].inFlight !== null);
      if (!polling && this.latest !== null) this.publish();
      this.scheduleEvaluation();
    }, EVALUATE_INTERVAL_MS);
  }

  private clearTimer(loop: SourceLoop): void {
    if (!loop.hasTimer) return;
    this.options.scheduler.clearTimeout(loop.timer);
    loop.hasTimer = false;
    loop.timer = undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Snapshots
  // -------------------------------------------------------------------------------------------

  /** Builds, processes alerts for and publishes a snapshot of what the engine knows now. */
  private publish(): Snapshot {
    if (!this.running && this.latest) return this.latest;
    const snapshot = this.compose(true);
    this.emit(snapshot);
    return snapshot;
  }

  private compose(processAlerts: boolean): Snapshot {
    const { alerts } = this.options;
    const world: WorldState = {
      zendesk: this.loops.zendesk.data as ZendeskData | null,
      pagerduty: this.loops.pagerduty.data as PagerDutyData | null,
      health: { zendesk: this.loops.zendesk.health, pagerduty: this.loops.pagerduty.health },
      demo: typeof this.options.demo === 'function' ? this.options.demo() : this.options.demo,
    };
    const settings = this.options.settings();
    const timeZone = this.options.timeZone();
    const now = this.options.clock.now();
    const base = buildSnapshot(world, settings, now, safeState(alerts), timeZone);
    let due: Alert[] = [];
    // Alerts from an empty world would be about nothing; a stale source still counts, from its last good data.
    if (processAlerts && (world.zendesk !== null || world.pagerduty !== null)) {
      try {
        due = alerts.process(base);
      } catch (error) {
        this.log(`engine: alert processing failed: ${errorText(error)}`);
      }
    }
    return { ...base, alerts: due, notifications: safeState(alerts) };
  }

  private emit(snapshot: Snapshot): void {
    this.latest = snapshot;
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        this.log(`engine: a snapshot listener failed: ${errorText(error)}`);
      }
    }
  }
}

function newLoop(name: SourceName): SourceLoop {
  return {
    name,
    data: null,
    health: emptyHealth(name),
    timer: undefined,
    hasTimer: false,
    inFlight: null,
    controller: null,
    failures: 0,
    notBefore: Number.NEGATIVE_INFINITY,
    halted: false,
  };
}

function zendeskData(result: ZendeskQueueResult): { data: ZendeskData; requests: number } {
  if (!result || !Array.isArray(result.tickets)) {
    throw new SourceError({ kind: 'bad_response', detail: 'Zendesk source returned no ticket list' });
  }
  return {
    data: { tickets: result.tickets, problems: Array.isArray(result.problems) ? result.problems : [] },
    requests: Number.isFinite(result.requests) ? result.requests : 0,
  };
}

function pagerdutyData(result: PagerDutyTurnsResult): { data: PagerDutyData; requests: number } {
  if (!result?.me || !Array.isArray(result.myEntries) || !Array.isArray(result.onCallNow)) {
    throw new SourceError({ kind: 'bad_response', detail: 'PagerDuty source returned no on-call entries' });
  }
  return {
    data: {
      me: result.me,
      myEntries: result.myEntries,
      onCallNow: result.onCallNow,
      schedules: Array.isArray(result.schedules) ? result.schedules : [],
      problems: Array.isArray(result.problems) ? result.problems : [],
    },
    requests: Number.isFinite(result.requests) ? result.requests : 0,
  };
}

function toFailure(name: SourceName, error: unknown): SourceFailure {
  if (error instanceof SourceError) return error.failure;
  // Sources promise to throw only SourceError; anything else is a bug, reported without its (unvetted) text.
  return { kind: 'bad_response', detail: `${LABEL[name]} source failed unexpectedly` };
}

function notConfiguredHealth(name: SourceName): SourceHealth {
  const what =
    name === 'zendesk'
      ? 'add the subdomain, email, API token and views in the settings'
      : 'add the API token and schedules in the settings';
  return {
    source: name,
    state: 'failing',
    lastSuccessAt: null,
    failingSince: null,
    failure: { kind: 'not_configured', detail: `${LABEL[name]} is not set up` },
    message: `${LABEL[name]} is not set up: ${what}`,
  };
}

/** A sentence for people: what went wrong and when the next attempt is. */
export function failureMessage(
  name: SourceName,
  failure: SourceFailure,
  retryAtMs: number | null,
  timeZone: string,
): string {
  const label = LABEL[name];
  const retry = retryAtMs === null ? '' : `, retrying at ${formatClock(retryAtMs, timeZone)}`;
  switch (failure.kind) {
    case 'rate_limited':
      return `${label}: rate limited${retry}`;
    case 'offline':
      return `${label}: unreachable (offline?)${retry}`;
    case 'timeout':
      return `${label}: no answer in time${retry}`;
    case 'server_error':
      return `${label}: server error (${failure.status})${retry}`;
    case 'bad_response':
      return `${label}: unexpected response${retry}`;
    case 'auth_rejected':
      return `${label} refused the credentials (${failure.status}): check them in the settings`;
    case 'not_configured':
      return `${label}: ${failure.detail}`;
  }
}

function safeState(alerts: EngineAlerts): NotificationState {
  try {
    return alerts.state();
  } catch {
    return { pausedUntil: null, quietHours: false, held: 0 };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
