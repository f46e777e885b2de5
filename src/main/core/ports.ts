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
  get(name: 'zendeskToken' | 'pagerdutyToken'): string | null;
}

/** Timers, injected so the soak and the tests can run thousands of poll cycles on a fake clock. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
