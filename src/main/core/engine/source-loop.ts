/**
 * One source's poll loop, typed by the data it reads: its cadence, back-off on failure, Retry-After, slowing
 * down before the rate limit, the watchdog that abandons a poll past its deadline, and its last good data and
 * health. The engine runs one instance per source.
 *
 * Every wait a server asks for (Retry-After, a spent rate-limit window) is clamped here, whatever the source
 * parsed: never shorter than the normal back-off after a failure, never longer than MAX_SERVER_WAIT_MS (after
 * which the service is asked again). No failure stops the loop for good; the ones only a person can fix
 * (credentials refused, settings that name nothing) slow it down to SETUP_RETRY_MS.
 */

import type { ServiceName, SourceFailure, SourceHealth } from '../../../shared/domain';
import { SERVICE_LABEL } from '../../../shared/domain';
import { formatClock } from '../../../shared/format';
import type { Settings } from '../../../shared/settings';
import { MAX_SERVER_WAIT_MS, type RateLimitInfo } from '../../sources/http';
import { SourceError } from '../../sources/source';
import {
  notConfiguredFailure,
  notConfiguredMessage,
  sourceHealthMessage,
  toSourceFailure,
  truncatedNote,
} from '../failures';
import type { Clock, Scheduler } from '../ports';
import { emptyHealth } from '../snapshot';

/** Longest wait between attempts while a source keeps failing. */
export const MAX_BACKOFF_MS = 15 * 60_000;
/** Below this share of the rate-limit window left, the next poll waits for the window to reset. */
export const RATE_LIMIT_RESERVE = 0.1;
/** How long to wait when the rate-limit window is nearly spent and the service did not say when it resets. */
export const RATE_LIMIT_PAUSE_MS = 60_000;
/** A whole poll may take this many request timeouts before it is abandoned (it pages through views). */
export const POLL_TIMEOUT_FACTOR = 4;
/**
 * After credentials are refused or the settings name nothing the service knows (404, a redirect): the next check
 * comes between this and a quarter more (jittered, so clients refused together do not return in step), unless the
 * settings change or the user asks for a refresh first. Long enough not to hammer an account with a wrong token
 * (which can lock it), short enough that a fix made elsewhere (a token restored) is seen within the hour.
 */
export const SETUP_RETRY_MS = 30 * 60_000;

/** What one complete read of a source gave. */
export interface Fetched<T> {
  data: T;
  /** HTTP requests the read took, for the rate-limit reserve. */
  requests: number;
  /** The list hit its page cap: `data` is what was read, the rest is missing. Absent = false. */
  truncated?: boolean;
}

/** A source as its loop sees it: one read, and optionally the rate-limit headers it last saw. */
export interface PolledSource<T> {
  fetch(nowMs: number, signal: AbortSignal): Promise<Fetched<T>>;
  rateLimit?: () => RateLimitInfo | null;
}

/** What a loop needs from the engine that runs it. */
export interface SourceLoopContext {
  clock: Clock;
  scheduler: Scheduler;
  /** In [0, 1); jitter for back-off. */
  random: () => number;
  settings: () => Settings;
  timeZone: () => string;
  log: (line: string) => void;
  /** False once the engine stopped: no new polls or timers. */
  running: () => boolean;
  /** Called after a poll the loop scheduled itself has settled, to publish a snapshot. */
  polled: () => void;
}

/** The parts of a loop the engine drives without knowing its data type. */
export interface SourceLoopControl {
  readonly service: ServiceName;
  readonly health: SourceHealth;
  readonly hasData: boolean;
  readonly polling: boolean;
  poll(): Promise<void>;
  reset(): void;
  stop(): Promise<void> | null;
}

/** Polls one source on its own cadence and keeps its last good data. Never rejects out of its timers. */
export class SourceLoop<T> implements SourceLoopControl {
  /** The last good data, or `null` before the first success (or once the source is no longer set up). */
  data: T | null = null;
  health: SourceHealth;
  private source: PolledSource<T> | null = null;
  private timer: unknown;
  private hasTimer = false;
  private inFlight: Promise<void> | null = null;
  private controller: AbortController | null = null;
  /** Consecutive failures of any kind (rate limits too), for the back-off exponent. */
  private failures = 0;
  /** No request to this source before this instant: the server's Retry-After, clamped to MAX_SERVER_WAIT_MS. */
  private notBefore = Number.NEGATIVE_INFINITY;
  /** Bumped by reset() and stop(): results of older polls are dropped. */
  private generation = 0;

  constructor(
    readonly service: ServiceName,
    private readonly context: SourceLoopContext,
    /** This source's poll interval in seconds, from the polling settings. */
    private readonly intervalSeconds: (polling: Settings['polling']) => number,
  ) {
    this.health = emptyHealth(service);
  }

  get hasData(): boolean {
    return this.data !== null;
  }

  get polling(): boolean {
    return this.inFlight !== null;
  }

  /** Sets the source to poll; `null` = not set up, which also forgets its data (it would look current forever). */
  use(source: PolledSource<T> | null): void {
    this.source = source;
    if (source !== null) return;
    this.data = null;
    this.health = {
      source: this.service,
      state: 'failing',
      lastSuccessAt: null,
      failingSince: null,
      failure: notConfiguredFailure(this.service),
      message: notConfiguredMessage(this.service),
      truncated: false,
    };
  }

  /** One poll; joins the poll already in flight. Never rejects. */
  poll(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const source = this.source;
    if (source === null || !this.context.running()) return Promise.resolve();
    const now = this.context.clock.now();
    if (now < this.notBefore) {
      // Retry-After is a promise to the service: keep the scheduled retry (never earlier than the server's time,
      // and not moved earlier by a refresh), send nothing before it. A wall clock set back must not stretch it past
      // the cap.
      this.notBefore = Math.min(this.notBefore, now + MAX_SERVER_WAIT_MS);
      if (!this.hasTimer) this.schedule(this.notBefore - now);
      return Promise.resolve();
    }
    this.clearTimer();
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const run = this.fetch(source, controller)
      .then(
        (result) => {
          if (generation === this.generation) this.succeeded(result);
        },
        (error: unknown) => {
          if (generation === this.generation) this.failed(toSourceFailure(this.service, error));
        },
      )
      .finally(() => {
        if (this.inFlight === run) {
          this.inFlight = null;
          this.controller = null;
        }
      });
    this.inFlight = run;
    return run;
  }

  /**
   * Forgets the last good data and the health that describes it, as before a first poll: the source now reads
   * another account or other channels, so that data would be shown (as current, or as stale on failures) about
   * something it no longer reads.
   */
  forget(): void {
    this.data = null;
    this.health = emptyHealth(this.service);
  }

  /**
   * After a settings change: cancels the poll in flight and its timer, and forgets the back-off. The data is kept
   * (a source recreated over the same account still describes it; see forget()).
   */
  reset(): void {
    this.generation++;
    this.clearTimer();
    this.controller?.abort();
    this.inFlight = null;
    this.controller = null;
    this.failures = 0;
  }

  /** Cancels the timer and the poll in flight; returns that poll to wait for, if any. */
  stop(): Promise<void> | null {
    this.generation++;
    this.clearTimer();
    this.controller?.abort();
    return this.inFlight;
  }

  private async fetch(source: PolledSource<T>, controller: AbortController): Promise<Fetched<T>> {
    const { scheduler, clock } = this.context;
    const timeoutMs = this.context.settings().polling.timeoutSeconds * 1000 * POLL_TIMEOUT_FACTOR;
    let watchdog: unknown;
    const abandoned = new Promise<never>((_, reject) => {
      // A source that ignores the signal must not hold the loop: give up on it at the deadline.
      watchdog = scheduler.setTimeout(() => {
        controller.abort();
        const detail = `${SERVICE_LABEL[this.service]} took longer than ${timeoutMs / 1000} s`;
        reject(new SourceError({ kind: 'timeout', detail }));
      }, timeoutMs);
    });
    try {
      return await Promise.race([source.fetch(clock.now(), controller.signal), abandoned]);
    } finally {
      scheduler.clearTimeout(watchdog);
    }
  }

  private succeeded(result: Fetched<T>): void {
    const now = this.context.clock.now();
    this.data = result.data;
    this.failures = 0;
    const truncated = result.truncated === true;
    const upToDate = `${SERVICE_LABEL[this.service]}: up to date (${formatClock(now, this.context.timeZone())})`;
    this.health = {
      source: this.service,
      state: 'fresh',
      lastSuccessAt: iso(now),
      failingSince: null,
      failure: null,
      message: truncated ? `${upToDate}; ${truncatedNote(this.service)}` : upToDate,
      truncated,
    };
    this.schedule(this.nextDelayAfterSuccess(result.requests, now));
  }

  private failed(failure: SourceFailure): void {
    const now = this.context.clock.now();
    const retryAt = now + this.delayAfterFailure(failure, now);
    this.health = {
      source: this.service,
      state: this.data === null ? 'failing' : 'stale',
      lastSuccessAt: this.health.lastSuccessAt,
      failingSince: this.health.failingSince ?? iso(now),
      failure,
      message: sourceHealthMessage(this.service, failure, now, this.context.timeZone(), retryAt),
      // The data in hand is still the list that was cut short.
      truncated: this.data !== null && this.health.truncated === true,
    };
    this.context.log(`engine: ${this.service} poll failed (${failure.kind}): ${failure.detail}`);
    this.schedule(retryAt - now);
  }

  /**
   * How long to wait after `failure`. Never shorter than the back-off for this many failures in a row (a server
   * that says "Retry-After: 0", or a date in the past, does not make a tight loop), never longer than
   * MAX_SERVER_WAIT_MS for what a server asks (re-checked after it). Sets `notBefore` to what the server asked, so a
   * refresh may come before the back-off ends but never before the server's own time.
   */
  private delayAfterFailure(failure: SourceFailure, now: number): number {
    const backoff = this.backoffMs(++this.failures);
    if (failure.kind === 'auth_rejected' || failure.kind === 'not_configured') {
      // Only a person can fix these; the loop slows down (a refresh or new settings check at once) but never stops.
      const recheck = Math.round(SETUP_RETRY_MS + (SETUP_RETRY_MS / 4) * clamp01(this.context.random()));
      return Math.max(this.intervalMs(), recheck, backoff);
    }
    if (failure.kind !== 'rate_limited') return backoff;
    const asked = Date.parse(failure.retryAt) - now;
    if (!Number.isFinite(asked)) return backoff;
    const serverWait = clampServerWait(asked);
    this.notBefore = now + serverWait;
    return Math.max(backoff, serverWait);
  }

  /** Exponential back-off with "equal jitter": between half and all of min(cap, interval × 2^(n-1)). */
  private backoffMs(failures: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.intervalMs() * 2 ** Math.min(failures - 1, 20));
    const jitter = clamp01(this.context.random());
    return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
  }

  private nextDelayAfterSuccess(requestsLastPoll: number, now: number): number {
    const interval = this.intervalMs();
    let info: RateLimitInfo | null = null;
    try {
      info = this.source?.rateLimit?.() ?? null;
    } catch {
      info = null;
    }
    if (!info || info.remaining === null) return interval;
    const reserve = Math.max(requestsLastPoll, info.limit === null ? 0 : info.limit * RATE_LIMIT_RESERVE);
    if (info.remaining >= reserve) return interval;
    const resetAt = info.resetAt === null ? Number.NaN : Date.parse(info.resetAt);
    const untilReset = Number.isFinite(resetAt) && resetAt > now ? resetAt - now : RATE_LIMIT_PAUSE_MS;
    this.context.log(`engine: ${this.service} has ${info.remaining} requests left in its window; slowing down`);
    // A reset 34 days ahead is a broken or hostile header: wait at most the cap, then look again.
    return Math.max(interval, clampServerWait(untilReset));
  }

  private intervalMs(): number {
    return Math.max(1, this.intervalSeconds(this.context.settings().polling)) * 1000;
  }

  private schedule(delayMs: number): void {
    if (!this.context.running()) return;
    this.clearTimer();
    this.hasTimer = true;
    this.timer = this.context.scheduler.setTimeout(
      () => {
        this.hasTimer = false;
        void this.poll().then(() => this.context.polled());
      },
      Math.max(0, delayMs),
    );
  }

  private clearTimer(): void {
    if (!this.hasTimer) return;
    this.context.scheduler.clearTimeout(this.timer);
    this.hasTimer = false;
    this.timer = undefined;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A wait a server asked for, within [0, MAX_SERVER_WAIT_MS]; whatever the source parsed, the loop checks again. */
function clampServerWait(ms: number): number {
  return Number.isFinite(ms) ? Math.min(MAX_SERVER_WAIT_MS, Math.max(0, ms)) : MAX_SERVER_WAIT_MS;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}
