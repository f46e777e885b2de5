import { describe, expect, it } from 'vitest';
import { AlertCenter } from '../../../src/main/core/alerts';
import { prioritize } from '../../../src/main/core/priority';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
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

/** Escalated and High, but New: the handbook's tiers 2 and 3 take `Open` tickets, so no tier takes it. */
const escalatedNewHigh = () =>
  makeTicket({ id: 48_104, status: 'new', priority: 'high', tags: ['escalated'], slaMetrics: [slaIn(150)] });

describe('an escalated New ticket (in Other under the handbook table)', () => {
  it('falls in Other, and its reason says why in the handbook words', () => {
    const { queue } = prioritize([escalatedNewHigh()], DEFAULT_SETTINGS, T0);
    expect(queue[0]).toMatchObject({ tier: 'other', handover: false });
    expect(queue[0]?.reason).toBe(
      "Other: escalated, high priority, but New (the handbook's tiers 2 and 3 take Open tickets); breaches in 2h 30m",
    );
  });

  it('keeps the plain reason for other Other tickets and under a replaced rule table', () => {
    const plain = prioritize(
      [makeTicket({ id: 1, status: 'pending', priority: 'high', tags: ['escalated'] })],
      DEFAULT_SETTINGS,
      T0,
    );
    expect(plain.queue[0]?.reason).toBe('Other: pending, high priority');
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.priority.rules = [{ id: 'low', label: 'Low', when: { priorities: ['low'] }, handover: false }];
    const custom = prioritize([escalatedNewHigh()], settings, T0);
    expect(custom.queue[0]?.reason).toBe('Other: new, high priority; breaches in 2h 30m');
  });

  it('still gets its SLA warnings: they are computed for every queue entry, whatever its tier', () => {
    const notifier = recordingNotifier();
    const clock = fixedClock(T0);
    const center = new AlertCenter({
      store: memoryStore(),
      notifier,
      clock,
      settings: () => DEFAULT_SETTINGS,
      timeZone: () => 'UTC',
    });
    const snapshot = makeSnapshot({
      tickets: [escalatedNewHigh()],
      myEntries: [makeEntry(-DAY / MINUTE, (6 * DAY) / MINUTE)],
      nowMs: clock.now(),
    });
    expect(snapshot.queue[0]?.tier).toBe('other');
    const alerts = center.process(snapshot);
    expect(alerts.filter((alert) => alert.kind === 'sla_warning').map((alert) => alert.ticketId)).toEqual([48_104]);
  });
});
