/**
 * One source's poll loop, typed by the data it reads: its cadence, back-off on failure, Retry-After, slowing
 * down before the rate limit, the watchdog that abandons a poll past its deadline, and its last good data and
 * health. The engine runs one instance per source.
 */

import type { ServiceName, SourceFailure, SourceHealth } from '../../../shared/domain';
import { SERVICE_LABEL } from '../../../shared/domain';
import { formatClock } from '../../../shared/format';
import type { Settings } from '../../../shared/settings';
import type { RateLimitInfo } from '../../sources/http';
import { SourceError } from '../../sources/source';
import { notConfiguredFailure, notConfiguredMessage, sourceHealthMessage, toSourceFailure } from '../failures';
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

/** What one complete read of a source gave. */
export interface Fetched<T> {
  data: T;
  /** HTTP requests the read took, for the rate-limit reserve. */
  requests: number;
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
  /** Consecutive failures (rate limits excluded), for the back-off exponent. */
  private failures = 0;
  /** No request to this source before this instant (Retry-After). */
  private notBefore = Number.NEGATIVE_INFINITY;
  /** Credentials refused or setup missing: no polling until the settings change. */
  private halted = false;
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
    };
  }

  /** One poll; joins the poll already in flight. Never rejects. */
  poll(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const source = this.source;
    if (source === null || this.halted || !this.context.running()) return Promise.resolve();
    const now = this.context.clock.now();
    if (now < this.notBefore) {
      // Retry-After is a promise to the service: keep the scheduled retry, send nothing earlier.
      this.schedule(this.notBefore - now);
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

  /** After a settings change: cancels the poll in flight and its timer, and lifts a credentials stop. */
  reset(): void {
    this.generation++;
    this.clearTimer();
    this.controller?.abort();
    this.inFlight = null;
    this.controller = null;
    this.halted = false;
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
    this.health = {
      source: this.service,
      state: 'fresh',
      lastSuccessAt: iso(now),
      failingSince: null,
      failure: null,
      message: `${SERVICE_LABEL[this.service]}: up to date (${formatClock(now, this.context.timeZone())})`,
    };
    this.schedule(this.nextDelayAfterSuccess(result.requests, now));
  }

  private failed(failure: SourceFailure): void {
    const now = this.context.clock.now();
    let retryAt: number | null;
    if (failure.kind === 'auth_rejected' || failure.kind === 'not_configured') {
      this.halted = true;
      retryAt = null;
    } else if (failure.kind === 'rate_limited') {
      const parsed = Date.parse(failure.retryAt);
      retryAt = Number.isFinite(parsed) ? Math.max(now, parsed) : now + this.backoffMs(++this.failures);
      this.notBefore = retryAt;
    } else {
      retryAt = now + this.backoffMs(++this.failures);
    }
    this.health = {
      source: this.service,
      state: this.data === null ? 'failing' : 'stale',
      lastSuccessAt: this.health.lastSuccessAt,
      failingSince: this.health.failingSince ?? iso(now),
      failure,
      message: sourceHealthMessage(this.service, failure, now, this.context.timeZone(), retryAt),
    };
    this.context.log(`engine: ${this.service} poll failed (${failure.kind}): ${failure.detail}`);
    if (retryAt !== null) this.schedule(retryAt - now);
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
    return Math.max(interval, untilReset);
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

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}
