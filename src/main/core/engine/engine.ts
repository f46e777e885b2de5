/**
 * The engine: runs one typed poll loop per source (see source-loop.ts), keeps the last good data of each, and
 * turns every poll into one Snapshot (with the alerts it made due). Plain Node: time, timers and randomness are
 * injected, so tests and the soak run it on a fake clock.
 */
import type { Alert, NotificationState, Snapshot } from '../../../shared/domain';
import type { PauseRequest } from '../../../shared/ipc';
import type { Settings } from '../../../shared/settings';
import type { RateLimitInfo } from '../../sources/http';
import type { PagerDutySource, PagerDutyTurnsResult, ZendeskQueueResult, ZendeskSource } from '../../sources/source';
import type { Clock, Scheduler } from '../ports';
import { buildSnapshot, type WorldState } from '../snapshot';
import { type Fetched, type PolledSource, SourceLoop, type SourceLoopContext } from './source-loop';

/**
 * How often the snapshot is re-evaluated from the data in hand between polls. SLA thresholds, turn starts and the
 * end of a pause are moments in time, not events in the data: they must fire on time even while a source is
 * backing off for 15 minutes or slowed down by refused credentials.
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

/** Polls every source and publishes one Snapshot per poll. Never throws out of its timers. */
export class Engine {
  private readonly options: EngineOptions;
  private readonly log: (line: string) => void;
  private readonly zendesk: SourceLoop<ZendeskData>;
  private readonly pagerduty: SourceLoop<PagerDutyData>;
  /** Every loop, for what the engine does to all of them alike. */
  private readonly loops: readonly SourceLoop<unknown>[];
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private latest: Snapshot | null = null;
  private pollAll: Promise<Snapshot> | null = null;
  private running = false;
  /** Bumped by settingsChanged() and stop(): a poll of all sources started before is not published. */
  private generation = 0;
  private evaluateTimer: unknown;

  constructor(options: EngineOptions) {
    this.options = options;
    this.log = options.log ?? (() => {});
    const context: SourceLoopContext = {
      clock: options.clock,
      scheduler: options.scheduler,
      random: options.random ?? Math.random,
      settings: options.settings,
      timeZone: options.timeZone,
      log: this.log,
      running: () => this.running,
      polled: () => {
        this.publish();
      },
    };
    this.zendesk = new SourceLoop<ZendeskData>('zendesk', context, (polling) => polling.zendeskSeconds);
    this.pagerduty = new SourceLoop<PagerDutyData>('pagerduty', context, (polling) => polling.pagerdutySeconds);
    this.loops = [this.zendesk, this.pagerduty];
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
    for (const loop of this.loops) {
      const inFlight = loop.stop();
      if (inFlight) pending.push(inFlight);
    }
    if (this.pollAll) pending.push(this.pollAll);
    await Promise.allSettled(pending);
  }

  /** Polls both sources now and publishes the snapshot; joins a poll already in flight. */
  pollNow(): Promise<Snapshot> {
    if (this.pollAll) return this.pollAll;
    const generation = this.generation;
    // A settings change during the poll started a newer one: join it rather than publish outdated data.
    const run = Promise.all(this.loops.map((loop) => loop.poll())).then(() =>
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

  /** Recreates the sources from the new settings, forgets every back-off, and polls now. */
  settingsChanged(): void {
    this.generation++;
    this.pollAll = null;
    for (const loop of this.loops) loop.reset();
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
    let sources: EngineSources;
    try {
      sources = this.options.sources();
    } catch (error) {
      this.log(`engine: could not create the sources: ${errorText(error)}`);
      sources = { zendesk: null, pagerduty: null };
    }
    this.zendesk.use(sources.zendesk && zendeskPoll(sources.zendesk));
    this.pagerduty.use(sources.pagerduty && pagerdutyPoll(sources.pagerduty));
  }

  /** Re-publishes from the data in hand every minute; a poll in flight will publish anyway. */
  private scheduleEvaluation(): void {
    this.evaluateTimer = this.options.scheduler.setTimeout(() => {
      if (!this.running) return;
      const polling = this.pollAll !== null || this.loops.some((loop) => loop.polling);
      if (!polling && this.latest !== null) this.publish();
      this.scheduleEvaluation();
    }, EVALUATE_INTERVAL_MS);
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
      zendesk: this.zendesk.data,
      pagerduty: this.pagerduty.data,
      health: { zendesk: this.zendesk.health, pagerduty: this.pagerduty.health },
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

/** The Zendesk queue as its loop polls it. */
function zendeskPoll(source: ZendeskSource & RateLimited): PolledSource<ZendeskData> {
  return {
    fetch: (_nowMs, signal) => source.fetchQueue(signal).then(zendeskData),
    rateLimit: source.rateLimit && (() => source.rateLimit?.() ?? null),
  };
}

/** The PagerDuty turns as their loop polls them. */
function pagerdutyPoll(source: PagerDutySource & RateLimited): PolledSource<PagerDutyData> {
  return {
    fetch: (nowMs, signal) => source.fetchTurns(nowMs, signal).then(pagerdutyData),
    rateLimit: source.rateLimit && (() => source.rateLimit?.() ?? null),
  };
}

/** The queue as the engine keeps it. The source parsed the API's answer into these types; they are trusted. */
function zendeskData({ tickets, problems, requests, truncated }: ZendeskQueueResult): Fetched<ZendeskData> {
  return { data: { tickets, problems }, requests, truncated: truncated === true };
}

/** The turns as the engine keeps them (parsed by the source, trusted here). */
function pagerdutyData(result: PagerDutyTurnsResult): Fetched<PagerDutyData> {
  const { me, myEntries, onCallNow, upcomingOthers, schedules, problems, requests, truncated } = result;
  return {
    data: { me, myEntries, onCallNow, upcomingOthers, schedules, problems },
    requests,
    truncated: truncated === true,
  };
}

function safeState(alerts: EngineAlerts): NotificationState {
  try {
    return alerts.state();
  } catch {
    return { pausedUntil: null, quietHours: false, held: 0 };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
