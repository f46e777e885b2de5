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

/**
 * The one fake scheduler: a clock whose timers fire only when the test moves time. `fireNext` fires the earliest
 * timer due by a given instant (at its own instant); the drivers (`fakeTime` here, the reliability harness, the
 * hostile-waits runner) decide what to await between timers.
 */
export function fakeScheduler(startMs: number) {
  const clock = fixedClock(startMs);
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const scheduler: Scheduler = {
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: clock.now() + Math.max(0, Number.isFinite(ms) ? ms : 0), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    scheduler,
    timers,
    set: (ms: number) => clock.set(ms),
    /**
     * The wall clock jumps (sleep, NTP, a manual change) while timers, which run on the monotonic clock, keep
     * their remaining delays: every pending timer moves with it.
     */
    jump(deltaMs: number) {
      clock.advance(deltaMs);
      for (const timer of timers.values()) timer.at += deltaMs;
    },
    /** Fires the earliest timer due by `untilMs` at its own instant; `false` when none is due. */
    fireNext(untilMs: number): boolean {
      let due: { id: number; at: number } | null = null;
      for (const [id, timer] of timers)
        if (timer.at <= untilMs && (due === null || timer.at < due.at)) due = { id, at: timer.at };
      if (due === null) return false;
      const timer = timers.get(due.id)!;
      timers.delete(due.id);
      clock.set(Math.max(clock.now(), timer.at));
      timer.callback();
      return true;
    },
  };
}

/** A fake scheduler driven with the event loop settled between timers (for the engine's unit tests). */
export function fakeTime(startMs: number) {
  const time = fakeScheduler(startMs);
  /** Moves the clock to `targetMs`, firing every timer due on the way at its own instant. */
  async function advanceTo(targetMs: number): Promise<void> {
    await settle();
    while (time.fireNext(targetMs)) await settle();
    time.clock.set(targetMs);
    await settle();
  }
  return {
    clock: time.clock,
    scheduler: time.scheduler,
    advanceTo,
    advanceBy: (ms: number) => advanceTo(time.clock.now() + ms),
    pending: () => [...time.timers.values()].map((timer) => timer.at).sort((a, b) => a - b),
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
