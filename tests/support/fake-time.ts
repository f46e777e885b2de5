/** A fake scheduler on a fake clock, and scriptable sources: the engine is the unit under test here. */
import type { Scheduler } from '../../src/main/core/ports';
import type { RateLimitInfo } from '../../src/main/sources/http';
import {
  type PagerDutySource,
  type PagerDutyTurnsResult,
  SourceError,
  type ZendeskQueueResult,
  type ZendeskSource,
} from '../../src/main/sources/source';
import type { OnCallEntry, SourceFailure, Ticket } from '../../src/shared/domain';
import { fixedClock } from './factories';

/** Lets queued promise callbacks (and the engine's chains) run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Timers that fire only when the test moves the clock. */
export function fakeTime(startMs: number) {
  const clock = fixedClock(startMs);
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const scheduler: Scheduler = {
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: clock.now() + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  /** Moves the clock to `targetMs`, firing every timer due on the way at its own instant. */
  async function advanceTo(targetMs: number): Promise<void> {
    await settle();
    for (;;) {
      let dueId: number | null = null;
      let dueAt = Number.POSITIVE_INFINITY;
      for (const [id, timer] of timers) {
        if (timer.at <= targetMs && timer.at < dueAt) {
          dueId = id;
          dueAt = timer.at;
        }
      }
      if (dueId === null) break;
      const timer = timers.get(dueId)!;
      timers.delete(dueId);
      clock.set(Math.max(clock.now(), timer.at));
      timer.callback();
      await settle();
    }
    clock.set(targetMs);
    await settle();
  }
  return {
    clock,
    scheduler,
    advanceTo,
    advanceBy: (ms: number) => advanceTo(clock.now() + ms),
    pending: () => [...timers.values()].map((timer) => timer.at).sort((a, b) => a - b),
  };
}

type Behaviour<T> = T | SourceFailure | 'hang';

/** A source whose next answers the test scripts; it records when it was called and how many calls overlapped. */
function scripted<T>(now: () => number, fallback: () => Behaviour<T>) {
  const script: Behaviour<T>[] = [];
  const calls: number[] = [];
  const signals: AbortSignal[] = [];
  const hanging: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  let active = 0;
  let maxActive = 0;
  let rateLimit: RateLimitInfo | null = null;
  function call(signal?: AbortSignal): Promise<T> {
    calls.push(now());
    if (signal) signals.push(signal);
    active++;
    maxActive = Math.max(maxActive, active);
    const behaviour = script.length > 0 ? script.shift()! : fallback();
    const done = <V>(promise: Promise<V>) =>
      promise.finally(() => {
        active--;
      });
    if (behaviour === 'hang') return done(new Promise<T>((resolve, reject) => hanging.push({ resolve, reject })));
    if (behaviour && typeof behaviour === 'object' && 'kind' in behaviour && 'detail' in behaviour) {
      return done(Promise.reject(new SourceError(behaviour as SourceFailure)));
    }
    return done(Promise.resolve(behaviour as T));
  }
  return {
    call,
    script,
    calls,
    signals,
    hanging,
    maxActive: () => maxActive,
    setRateLimit: (info: RateLimitInfo | null) => {
      rateLimit = info;
    },
    rateLimit: () => rateLimit,
  };
}

export function fakeZendesk(now: () => number, tickets: () => Ticket[] = () => []) {
  const control = scripted<ZendeskQueueResult>(now, () => ({ tickets: tickets(), problems: [], requests: 2 }));
  const source: ZendeskSource & { rateLimit(): RateLimitInfo | null } = {
    fetchQueue: (signal) => control.call(signal),
    rateLimit: control.rateLimit,
  };
  return { source, ...control };
}

export const ME = { id: 'PME', name: 'Ada Lovelace', email: 'ada@example.com' };

export function fakePagerDuty(now: () => number, entries: () => OnCallEntry[] = () => []) {
  const control = scripted<PagerDutyTurnsResult>(now, () => ({
    me: ME,
    myEntries: entries(),
    onCallNow: entries().filter(
      (entry) =>
        (entry.start === null || Date.parse(entry.start) <= now()) &&
        (entry.end === null || Date.parse(entry.end) > now()),
    ),
    upcomingOthers: [],
    schedules: [],
    problems: [],
    requests: 1,
  }));
  const source: PagerDutySource = { fetchTurns: (_nowMs, signal) => control.call(signal) };
  return { source, ...control };
}
