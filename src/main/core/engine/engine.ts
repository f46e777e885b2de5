/**
 * The engine: runs one typed poll loop per source (see source-loop.ts), keeps the last good data of each, and
 * turns every poll into one Snapshot (with the alerts it made due). Plain Node: time, timers and randomness are
 * injected, so tests and the soak run it on a fake clock.
 */
import type { Alert, NotificationState, Snapshot } from '../../../shared/domain';
import type { PauseRequest } from '../../../shared/ipc';
import type { Settings } from '../../../shared/settings';
import type { RateLimitInfo } from '../../sources/http';
import { type SlackSource, slackPollPolicy } from '../../sources/slack';
import type { SlackCursorState } from '../../sources/slack/types';
import type { PagerDutySource, PagerDutyTurnsResult, ZendeskQueueResult, ZendeskSource } from '../../sources/source';
import type { Clock, KeyValueStore, Scheduler } from '../ports';
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
  /** Absent or null: Slack is not set up. */
  slack?: SlackSource | null;
}

/** Store key of the Slack read position, kept across restarts so reads stay incremental and nothing re-alerts. */
export const SLACK_CURSOR_KEY = 'slackCursor';
/** Store key of the Slack request ids the user dismissed in the app. */
export const SLACK_DISMISSED_KEY = 'slackDismissed';
/** At most this many dismissed ids are remembered (the oldest are forgotten first; their requests are long done). */
const MAX_DISMISSED = 2000;

/**
 * The saved read position, and what it is valid for: one user in one workspace, and one list of channels. The
 * user matters because the requests it carries hold mention and done flags worked out for that user.
 */
interface SavedSlackCursor {
  teamId: string;
  /** `auth.test`'s user id (not a secret), never anything derived from the token. */
  userId: string;
  channels: string;
  state: SlackCursorState;
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
  /** Keeps Slack's read position and dismissed requests across restarts (default: in memory only). */
  store?: KeyValueStore;
  /** Running on the demo sandbox; a function when it can change with the settings. */
  demo: boolean | (() => boolean);
  log?: (line: string) => void;
}

type ZendeskData = NonNullable<WorldState['zendesk']>;
type PagerDutyData = NonNullable<WorldState['pagerduty']>;
/** Slack's last good data, and the workspace (`auth.test`'s team) the token acted in for it. */
type SlackData = NonNullable<WorldState['slack']> & { teamId: string };

/** Who reads Slack and from where: the source's account digest and the sorted channel list. */
interface SlackReader {
  account: string;
  channels: string;
}

/** Polls every source and publishes one Snapshot per poll. Never throws out of its timers. */
export class Engine {
  private readonly options: EngineOptions;
  private readonly log: (line: string) => void;
  private readonly zendesk: SourceLoop<ZendeskData>;
  private readonly pagerduty: SourceLoop<PagerDutyData>;
  private readonly slack: SourceLoop<SlackData>;
  private readonly store: KeyValueStore;
  /** Every loop, for what the engine does to all of them alike. */
  private readonly loops: readonly SourceLoop<unknown>[];
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private latest: Snapshot | null = null;
  private pollAll: Promise<Snapshot> | null = null;
  private running = false;
  /** Bumped by settingsChanged() and stop(): a poll of all sources started before is not published. */
  private generation = 0;
  private evaluateTimer: unknown;
  /** What Slack's current source reads (and so what its data, when any, was read from). */
  private slackReader: SlackReader | null = null;

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
    // Slack's cadence is the Zendesk one, never faster than its rate tier allows (30 s internal, 60 s limited).
    this.slack = new SourceLoop<SlackData>('slack', context, (polling) =>
      Math.max(polling.zendeskSeconds, slackPollPolicy(options.settings().slack.rateTier).minPollIntervalMs / 1000),
    );
    this.store = options.store ?? memoryStore();
    this.loops = [this.zendesk, this.pagerduty, this.slack];
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

  /** The workspace the Slack token acted in at the last good poll (`auth.test`'s url), for the link allow-list. */
  slackWorkspaceUrl(): string | null {
    return this.slack.data?.workspaceUrl ?? null;
  }

  /**
   * The workspace the current Slack token acted in at its last good poll, or null before one. Never an earlier
   * token's: Slack's data is forgotten when its source is recreated with another token or a binding that does not
   * admit that workspace (see loadSources).
   */
  slackWorkspaceSeen(): { teamId: string; workspaceUrl: string | null } | null {
    const data = this.slack.data;
    return data ? { teamId: data.teamId, workspaceUrl: data.workspaceUrl } : null;
  }

  /**
   * Marks a Slack request done in the app: remembered across restarts, gone from the queue at once. Returns the
   * republished snapshot, or null when the id is not an open request.
   */
  dismissSlackRequest(requestId: string): Snapshot | null {
    const data = this.slack.data;
    if (data === null || !data.requests.some((request) => request.id === requestId)) return null;
    const dismissed = [...readDismissed(this.store, this.log), requestId].slice(-MAX_DISMISSED);
    try {
      this.store.set(SLACK_DISMISSED_KEY, [...new Set(dismissed)]);
    } catch (error) {
      this.log(`engine: could not save a dismissed Slack request: ${errorText(error)}`);
    }
    this.slack.data = { ...data, requests: data.requests.filter((request) => request.id !== requestId) };
    return this.publish();
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
    const slack = this.options.settings().slack;
    const channels = [...new Set(slack.channelIds)].sort().join(',');
    const source = sources.slack ?? null;
    this.forgetSlackDataReadElsewhere(source && { account: source.account, channels }, slack.teamId);
    // The workspace binding is the source's to enforce: it refuses a token from another workspace before reading.
    this.slack.use(source ? slackPoll(source, this.store, channels, this.log) : null);
  }

  /**
   * Forgets Slack's last good data when the new source would not read what it describes: another token (or
   * server), or a binding that does not admit the workspace it came from. Otherwise the old workspace's (or
   * user's) requests would stay in the queue and badge, and name the workspace the links and binding follow,
   * until the new source's first good poll (for ever if it keeps failing). Another channel list over the same
   * account keeps the requests of the channels still read: they are still valid, and the next failing poll shows
   * them stale as usual. A source recreated over the same configuration keeps all of its data.
   */
  private forgetSlackDataReadElsewhere(reader: SlackReader | null, binding: string | null): void {
    const previous = this.slackReader;
    this.slackReader = reader;
    const data = this.slack.data;
    if (data === null || reader === null) return;
    if (previous === null || previous.account !== reader.account || (binding !== null && binding !== data.teamId)) {
      this.slack.forget();
      return;
    }
    if (previous.channels === reader.channels) return;
    const stillRead = new Set(reader.channels.split(','));
    this.slack.data = { ...data, requests: data.requests.filter((request) => stillRead.has(request.channelId)) };
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
      slack: this.slack.data,
      health: { zendesk: this.zendesk.health, pagerduty: this.pagerduty.health, slack: this.slack.health },
      demo: typeof this.options.demo === 'function' ? this.options.demo() : this.options.demo,
    };
    const settings = this.options.settings();
    const timeZone = this.options.timeZone();
    const now = this.options.clock.now();
    const base = buildSnapshot(world, settings, now, safeState(alerts), timeZone);
    let due: Alert[] = [];
    // Alerts from an empty world would be about nothing; a stale source still counts, from its last good data.
    if (processAlerts && (world.zendesk !== null || world.pagerduty !== null || world.slack != null)) {
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

/**
 * Slack's requests as their loop polls them: from the saved read position (dropped when the channels, the
 * workspace or the user changed, so a stale cursor never hides, re-announces or misattributes anything), saved
 * again after each success.
 */
function slackPoll(
  source: SlackSource,
  store: KeyValueStore,
  channels: string,
  log: (line: string) => void,
): PolledSource<SlackData> {
  return {
    fetch: async (_nowMs, signal) => {
      const saved = readCursor(store, channels, log);
      const dismissed = new Set(readDismissed(store, log));
      let result = await source.fetchRequests(saved?.state ?? null, { dismissed, signal });
      let requests = result.requests;
      const { teamId, userId } = result.identity;
      if (saved !== null && (saved.teamId !== teamId || saved.userId !== userId)) {
        // The token now acts in another workspace (that cursor describes channels we are no longer reading) or as
        // another user (its requests carry that user's mention and done flags): read again from scratch.
        result = await source.fetchRequests(null, { dismissed, signal });
        requests += result.requests;
      }
      const next: SavedSlackCursor = {
        teamId: result.identity.teamId,
        userId: result.identity.userId,
        channels,
        state: result.state,
      };
      try {
        store.set(SLACK_CURSOR_KEY, next);
      } catch (error) {
        log(`engine: could not save the Slack read position: ${errorText(error)}`);
      }
      const problems = result.problems.map((problem) => ({ source: 'slack' as const, ...problem }));
      return {
        data: {
          requests: result.open,
          problems,
          workspaceUrl: result.identity.url || null,
          teamId: result.identity.teamId,
        },
        requests,
        truncated: result.deferred.channels + result.deferred.threads > 0,
      };
    },
  };
}

function readCursor(store: KeyValueStore, channels: string, log: (line: string) => void): SavedSlackCursor | null {
  let saved: unknown;
  try {
    saved = store.get(SLACK_CURSOR_KEY);
  } catch (error) {
    log(`engine: could not read the Slack read position: ${errorText(error)}`);
    return null;
  }
  if (typeof saved !== 'object' || saved === null) return null;
  const candidate = saved as Partial<SavedSlackCursor>;
  const state = candidate.state as Partial<SlackCursorState> | undefined;
  if (typeof candidate.teamId !== 'string' || candidate.channels !== channels) return null;
  // A cursor saved before the user id was kept cannot say whose requests it holds: read the look-back again. That
  // re-announces nothing the ledger still remembers: Slack alerts are keyed by request id (`slack:<id>`) and kept
  // 14 days, twice the default look-back (a look-back set above 14 days could announce older requests again).
  if (typeof candidate.userId !== 'string') return null;
  if (typeof state !== 'object' || state === null || state.version !== 1) return null;
  return candidate as SavedSlackCursor;
}

function readDismissed(store: KeyValueStore, log: (line: string) => void): string[] {
  try {
    const saved = store.get(SLACK_DISMISSED_KEY);
    return Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
  } catch (error) {
    log(`engine: could not read the dismissed Slack requests: ${errorText(error)}`);
    return [];
  }
}

function memoryStore(): KeyValueStore {
  const values = new Map<string, unknown>();
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
    delete: (key) => {
      values.delete(key);
    },
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
