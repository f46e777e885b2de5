/**
 * The small interfaces between the core and the outside world. Electron, the CLI and the tests each supply
 * their own implementations; the core never imports `electron`.
 */
import type { Alert } from '../../shared/domain';

/** Milliseconds since the epoch. Injected so tests, `--now` and the soak can drive time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Synchronous durable key-value storage (electron-store in the app, an atomically written JSON file in the
 * CLI, a Map in tests). `set` returns only once the value is durable, so the alert ledger can be written
 * before an alert is delivered.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Delivers one alert to the person (native notification, a line on stdout, a test's array). */
export interface Notifier {
  deliver(alert: Alert): void;
}

/** Opens a URL outside the app. The Electron face checks it against the allow-list first. */
export interface LinkOpener {
  open(url: string): Promise<void>;
}

/** Where API tokens live. Only main holds one; values never travel to the renderer or into logs. */
export interface SecretStore {
  get(name: 'zendeskToken' | 'pagerdutyToken' | 'slackToken'): string | null;
}

/** Timers, injected so the soak and the tests can run thousands of poll cycles on a fake clock. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The longest single timer the system scheduler arms. Node fires any delay above 2^31-1 ms (about 24.8 days) after
 * 1 ms with a TimeoutOverflowWarning; longer waits are chained in steps of this size instead.
 */
export const MAX_TIMER_STEP_MS = 60 * 60 * 1000;

/** One armed system timer; re-armed in steps until its delay has passed, so `clearTimeout` must see the latest. */
interface ChainedTimer {
  handle: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Real timers, safe for any delay: negative or NaN delays fire at once, delays past MAX_TIMER_STEP_MS are chained
 * (Infinity never fires). The step is measured on the monotonic clock, like setTimeout itself.
 */
export const systemScheduler: Scheduler = {
  setTimeout: (callback, ms) => {
    const timer: ChainedTimer = { handle: undefined };
    const arm = (remainingMs: number) => {
      const step = Math.min(remainingMs, MAX_TIMER_STEP_MS);
      timer.handle = setTimeout(() => {
        if (remainingMs > step) arm(remainingMs - step);
        else callback();
      }, step);
    };
    arm(Number.isNaN(ms) ? 0 : Math.max(0, ms));
    return timer;
  },
  clearTimeout: (handle) => {
    const timer = handle as ChainedTimer | undefined;
    if (timer && typeof timer === 'object' && 'handle' in timer) clearTimeout(timer.handle);
  },
};
