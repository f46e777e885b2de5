import { describe, expect, it } from 'vitest';
import { decideAlerts, foldAlerts, isUrgent, MAX_SEPARATE_ALERTS } from '../../../src/main/core/alerts';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { Alert } from '../../../src/shared/domain';
import { DAY, MINUTE, makeEntry, makeTicket, slaIn, T0 } from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

/** A turn heads-up: urgent or routine as asked (a Customer Success alert is never routine). */
function alert(id: string, urgent: boolean): Alert {
  return {
    id,
    kind: 'turn_upcoming',
    ticketId: null,
    title: id,
    body: '',
    url: null,
    urgent,
    dueAt: new Date(T0).toISOString(),
  };
}

const ON_CALL = [makeEntry(-DAY / MINUTE, (6 * DAY) / MINUTE)];

describe('foldAlerts: the one folding policy', () => {
  it('keeps three routine alerts separate (three alerts are three notifications)', () => {
    const three = [alert('a', false), alert('b', false), alert('c', false)];
    expect(MAX_SEPARATE_ALERTS).toBe(3);
    expect(foldAlerts(three)).toEqual({ separate: three, folded: [] });
  });

  it('folds the routine alerts when more than three arrive at once; urgent ones stay separate, first', () => {
    const routine = [alert('a', false), alert('b', false), alert('c', false), alert('d', false)];
    const urgent = alert('u', true);
    expect(foldAlerts([...routine, urgent])).toEqual({ separate: [urgent], folded: routine });
  });

  it('puts urgent alerts before routine ones', () => {
    const routine = alert('r', false);
    const urgent = alert('u', true);
    expect(foldAlerts([routine, urgent]).separate).toEqual([urgent, routine]);
  });

  it('folds any item through an accessor', () => {
    const items = ['a', 'b', 'c', 'd'].map((id) => ({ alert: alert(id, false) }));
    expect(foldAlerts(items, (item) => item.alert).folded).toEqual(items);
  });
});

describe('decideAlerts: decisions as data, without side effects', () => {
  const input = (tickets = [makeTicket({ id: 7, slaMetrics: [slaIn(30)] })]) => ({
    snapshot: makeSnapshot({ tickets, myEntries: ON_CALL, nowMs: T0 }),
    entries: {},
    pausedUntil: null,
    nowMs: T0,
    settings: DEFAULT_SETTINGS,
    timeZone: 'UTC',
  });

  it('skips stale news (a turn started a day ago, earlier thresholds) and delivers the latest threshold', () => {
    const decisions = decideAlerts(input());
    const target = `7:next_reply_time:${new Date(T0 + 30 * MINUTE).toISOString()}`;
    expect(decisions.map((d) => [d.action, 'id' in d ? d.id : d.ids, d.reason])).toEqual([
      ['skip', `turn_started:${new Date(T0 - DAY).toISOString()}`, 'old_news'],
      ['skip', `sla_warning:${target}:180`, 'superseded'],
      ['skip', `sla_warning:${target}:120`, 'superseded'],
      ['deliver', `sla_warning:${target}:60`, 'due'],
    ]);
  });

  it('holds everything while paused, and decides nothing twice', () => {
    const paused = decideAlerts({ ...input(), pausedUntil: T0 + DAY });
    expect(paused.filter((d) => d.action !== 'skip').map((d) => [d.action, d.reason])).toEqual([['hold', 'paused']]);
    const first = input();
    const decided = Object.fromEntries(
      decideAlerts(first).map((d) => [
        'id' in d ? d.id : '',
        {
          status: 'delivered' as const,
          kind: 'sla_warning' as const,
          ticketId: 7,
          target: null,
          recordedAt: T0,
          relevantUntil: null,
          alert: null,
        },
      ]),
    );
    expect(decideAlerts({ ...first, entries: decided })).toEqual([]);
  });

  // Issue 11: this burst was four Customer Success tags, which are urgent and never folded now; four routine 3h
  // SLA warnings make the burst instead.
  it('folds a burst of more than three routine alerts into one summary', () => {
    const tickets = [1, 2, 3, 4].map((id) => makeTicket({ id, slaMetrics: [slaIn(150)] }));
    const decisions = decideAlerts(input(tickets));
    expect(decisions.filter((d) => d.action === 'hold').map((d) => d.reason)).toEqual([
      'burst',
      'burst',
      'burst',
      'burst',
    ]);
    const delivered = decisions.filter((d) => d.action === 'deliver');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ reason: 'summary', alert: { kind: 'summary', title: '4 new alerts' } });
  });

  it('never folds Customer Success alerts, however many arrive at once, nor holds them in quiet hours', () => {
    const tickets = [1, 2, 3, 4, 5].map((id) => makeTicket({ id, tags: ['customer_success'] }));
    const evening = Date.parse('2026-11-30T20:00:00Z');
    for (const nowMs of [T0, evening]) {
      const decisions = decideAlerts({ ...input(tickets), nowMs });
      expect(
        decisions.filter((d) => d.action !== 'skip').map((d) => [d.action, 'id' in d ? d.id : d.ids, d.reason]),
      ).toEqual([1, 2, 3, 4, 5].map((id) => ['deliver', `cs_tagged:${id}`, 'due']));
    }
  });

  it('treats a Customer Success alert as urgent even when it says otherwise (an older ledger)', () => {
    const routineCs = { ...alert('cs', false), kind: 'cs_tagged' as const };
    expect(isUrgent(routineCs)).toBe(true);
    expect(isUrgent(alert('r', false))).toBe(false);
    const four = [routineCs, alert('a', false), alert('b', false), alert('c', false)];
    expect(foldAlerts(four)).toEqual({ separate: four, folded: [] });
  });
});
