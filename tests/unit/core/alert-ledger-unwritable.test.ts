/**
 * A ledger store that cannot be written (issue 10, class 5): a due alert is still shown, once per run, and the
 * decisions reach the store as soon as it can be written again.
 */
import { describe, expect, it } from 'vitest';
import { AlertCenter, LEDGER_KEY } from '../../../src/main/core/alerts';
import type { KeyValueStore } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { Ticket } from '../../../src/shared/domain';
import {
  DAY,
  fixedClock,
  MINUTE,
  makeEntry,
  makeTicket,
  memoryStore,
  recordingNotifier,
  slaIn,
  T0,
} from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

const ON_CALL = [makeEntry(-DAY / MINUTE, (6 * DAY) / MINUTE)];

/** A memory store whose writes throw while `broken` is set, like a read-only folder. */
function breakableStore() {
  const inner = memoryStore();
  const state = { broken: true, failedWrites: 0 };
  const store: KeyValueStore = {
    get: (key) => inner.get(key),
    set: (key, value) => {
      if (state.broken) {
        state.failedWrites++;
        throw new Error('EROFS: read-only file system');
      }
      inner.set(key, value);
    },
    delete: (key) => inner.delete(key),
  };
  return { store, inner, state };
}

function setup(store: KeyValueStore) {
  const notifier = recordingNotifier();
  const clock = fixedClock(T0);
  const center = new AlertCenter({
    store,
    notifier,
    clock,
    settings: () => DEFAULT_SETTINGS,
    timeZone: () => 'UTC',
  });
  const run = (tickets: Ticket[]) =>
    center.process(makeSnapshot({ tickets, myEntries: ON_CALL, nowMs: clock.now(), settings: DEFAULT_SETTINGS }));
  return { notifier, clock, center, run };
}

describe('AlertCenter over a store that cannot be written', () => {
  it('shows every due alert anyway, once per run, and writes the decisions when the store recovers', () => {
    const { store, inner, state } = breakableStore();
    const { notifier, clock, run } = setup(store);
    const tickets = [makeTicket({ id: 1, slaMetrics: [slaIn(170)] }), makeTicket({ id: 2, slaMetrics: [slaIn(175)] })];

    const first = run(tickets);
    // Both 3h warnings, not only the first: a failed write does not abandon the rest of the poll's decisions.
    expect(first.map((alert) => alert.ticketId).sort()).toEqual([1, 2]);
    expect(notifier.delivered).toHaveLength(2);
    expect(state.failedWrites).toBeGreaterThan(0);

    // The next polls in this run repeat nothing.
    clock.advance(MINUTE);
    expect(run(tickets)).toEqual([]);
    clock.advance(MINUTE);
    expect(run(tickets)).toEqual([]);
    expect(notifier.delivered).toHaveLength(2);
    expect(inner.get(LEDGER_KEY)).toBeUndefined();

    // The store works again: the next change is written with everything decided while it did not.
    state.broken = false;
    clock.advance(60 * MINUTE);
    const later = run(tickets);
    // The 2h warnings of both tickets: new, so shown; the 3h ones are not repeated.
    expect(later.map((alert) => alert.ticketId).sort()).toEqual([1, 2]);
    const ledger = inner.get(LEDGER_KEY) as { entries: Record<string, { status: string }> };
    const statuses = Object.values(ledger.entries).map((entry) => entry.status);
    expect(statuses.filter((status) => status === 'delivered')).toHaveLength(4);
  });

  it('pauses in memory when the store cannot be written', () => {
    const { store } = breakableStore();
    const { center } = setup(store);
    expect(() => center.pause({ for: 'hour' })).not.toThrow();
    expect(center.state().pausedUntil).toBe(new Date(T0 + 60 * MINUTE).toISOString());
  });

  it('recovers pending alerts even when marking them delivered fails', () => {
    const stored = memoryStore();
    const pending = setup(stored);
    // Leave one alert pending, as a crash between record and delivery would.
    const crashing = new AlertCenter({
      store: stored,
      notifier: {
        deliver: () => {
          throw new Error('crash');
        },
      },
      clock: pending.clock,
      settings: () => DEFAULT_SETTINGS,
      timeZone: () => 'UTC',
    });
    crashing.process(
      makeSnapshot({
        tickets: [makeTicket({ id: 7, slaMetrics: [slaIn(170)] })],
        myEntries: ON_CALL,
        nowMs: T0,
        settings: DEFAULT_SETTINGS,
      }),
    );
    const { store, state } = breakableStore();
    store.get = (key) => stored.get(key);
    const { center, notifier } = setup(store);
    const shown = center.recover();
    expect(shown.map((alert) => alert.ticketId)).toEqual([7]);
    expect(notifier.delivered).toHaveLength(1);
    expect(state.failedWrites).toBeGreaterThan(0);
  });
});
