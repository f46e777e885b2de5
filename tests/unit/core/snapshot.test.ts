import { describe, expect, it } from 'vitest';
import { explainQueue, explanationLine } from '../../../src/main/core/rule-sentences';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { emptyHealth } from '../../../src/main/core/snapshot';
import { at, DAY, MINUTE, makeEntry, makeTicket, slaIn, T0 } from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

const onCallAllWeek = [makeEntry(-60, 7 * 24 * 60 - 60)];

describe('tray view', () => {
  it('off duty shows the next turn', () => {
    const snapshot = makeSnapshot({
      myEntries: [makeEntry(14 * 24 * 60 - 60, 21 * 24 * 60)],
      tickets: [makeTicket({ tags: ['cs_tagged'] })],
    });
    expect(snapshot.tray).toEqual({
      state: 'off_duty',
      badge: 1,
      tooltip: 'Off duty · next turn Mon 14 Dec 09:00',
      stale: false,
    });
  });

  it('on duty with nothing in tiers 1-4 is clear', () => {
    const snapshot = makeSnapshot({ myEntries: onCallAllWeek, tickets: [makeTicket({ priority: 'low' })] });
    expect(snapshot.tray).toMatchObject({
      state: 'on_duty_clear',
      badge: 0,
      tooltip: 'On call until Mon 7 Dec 09:00 · nothing needs you',
    });
  });

  it('handover tickets need attention and the tooltip says when the next breach is', () => {
    const snapshot = makeSnapshot({
      myEntries: onCallAllWeek,
      tickets: [
        makeTicket({ tags: ['escalated'], priority: 'high', slaMetrics: [slaIn(100)] }),
        makeTicket({ tags: ['escalated'], priority: 'normal' }),
        makeTicket({ tags: ['cs_tagged'] }),
      ],
    });
    expect(snapshot.tray).toMatchObject({
      state: 'needs_attention',
      badge: 3,
      tooltip: 'On call until Mon 7 Dec 09:00 · 3 need you · next breach in 1h 40m',
    });
  });

  it.each([
    ['an SLA within 1h', 60],
    ['a breached SLA', -20],
  ])('%s among handover tickets makes the breach imminent', (_name, minutes) => {
    const snapshot = makeSnapshot({
      myEntries: onCallAllWeek,
      tickets: [makeTicket({ slaMetrics: [slaIn(minutes)] })],
    });
    expect(snapshot.tray.state).toBe('breach_imminent');
  });

  it('an SLA 61m away among handover tickets is not yet imminent', () => {
    const snapshot = makeSnapshot({ myEntries: onCallAllWeek, tickets: [makeTicket({ slaMetrics: [slaIn(61)] })] });
    expect(snapshot.tray.state).toBe('needs_attention');
  });

  it('an imminent breach outside the handover tiers does not turn the tray red', () => {
    const snapshot = makeSnapshot({
      myEntries: onCallAllWeek,
      tickets: [makeTicket({ tags: ['escalated'], priority: 'low', slaMetrics: [slaIn(10)] })],
    });
    expect(snapshot.tray.state).toBe('on_duty_clear');
  });

  it('rejected credentials are an error even with data on screen', () => {
    const snapshot = makeSnapshot({
      myEntries: onCallAllWeek,
      health: {
        zendesk: {
          ...emptyHealth('zendesk'),
          state: 'stale',
          lastSuccessAt: at(-18),
          failure: { kind: 'auth_rejected', status: 401, detail: '401' },
          message: 'Zendesk rejected the token',
        },
      },
    });
    expect(snapshot.tray.state).toBe('error');
    expect(snapshot.tray.tooltip).toBe('Zendesk rejected the token · Zendesk data stale since 09:42');
  });

  it('the error tooltip names the service once, and adds it when the message does not', () => {
    const failing = (message: string) =>
      makeSnapshot({
        tickets: null,
        health: {
          zendesk: {
            ...emptyHealth('zendesk'),
            state: 'failing',
            failure: { kind: 'offline', detail: 'ECONNREFUSED' },
            message,
          },
        },
      }).tray.tooltip;
    expect(failing('Zendesk: unreachable (offline?), retrying at 10:01')).toBe(
      'Zendesk: unreachable (offline?), retrying at 10:01',
    );
    expect(failing('unreachable')).toBe('Zendesk: unreachable');
  });

  it('a source failing with no data at all is an error', () => {
    const snapshot = makeSnapshot({
      tickets: null,
      myEntries: onCallAllWeek,
      health: {
        zendesk: {
          ...emptyHealth('zendesk'),
          state: 'failing',
          failure: { kind: 'offline', detail: 'x' },
          message: 'offline',
        },
      },
    });
    expect(snapshot.tray.state).toBe('error');
  });

  it('a failing source with older data is marked stale, not an error', () => {
    const snapshot = makeSnapshot({
      myEntries: onCallAllWeek,
      health: {
        zendesk: {
          ...emptyHealth('zendesk'),
          state: 'stale',
          lastSuccessAt: at(-18),
          failure: { kind: 'offline', detail: 'x' },
          message: 'offline',
        },
      },
    });
    expect(snapshot.tray).toMatchObject({ state: 'on_duty_clear', stale: true });
    expect(snapshot.tray.tooltip).toContain('Zendesk data stale since 09:42');
  });

  it('a service not set up is no error', () => {
    const snapshot = makeSnapshot({
      myEntries: null,
      tickets: [],
      health: {
        pagerduty: {
          ...emptyHealth('pagerduty'),
          state: 'failing',
          failure: { kind: 'not_configured', detail: 'x' },
          message: 'Not set up',
        },
      },
    });
    expect(snapshot.tray.state).toBe('on_duty_clear');
  });

  it('without PagerDuty data the queue state still shows', () => {
    const snapshot = makeSnapshot({ myEntries: null, tickets: [makeTicket({ tags: ['cs_tagged'] })] });
    expect(snapshot.tray).toMatchObject({ state: 'needs_attention', tooltip: '1 need you' });
  });
});

describe('buildSnapshot', () => {
  it('carries turn, queue, tiers, per-ticket problems and assumptions', () => {
    const snapshot = makeSnapshot({
      myEntries: onCallAllWeek,
      tickets: [makeTicket({ id: 5, problems: ['created_at unreadable'] }), makeTicket({ id: 6 })],
    });
    expect(snapshot.generatedAt).toBe(new Date(T0).toISOString());
    expect(snapshot.turn.onCall).toBe(true);
    expect(snapshot.queue).toHaveLength(2);
    expect(snapshot.tiers.at(-1)).toMatchObject({ id: 'other', count: 2 });
    expect(snapshot.problems).toEqual([{ source: 'zendesk', record: 'ticket 5', message: 'created_at unreadable' }]);
    expect(snapshot.assumptions).toEqual({
      escalationTags: ['escalated'],
      customerSuccessTags: ['customer_success', 'cs_tagged'],
      nearingBreachMinutes: 180,
      explanation: explainQueue(DEFAULT_SETTINGS),
      summary: explanationLine(DEFAULT_SETTINGS),
    });
    // What the window's "How this queue is sorted" shows comes with the snapshot, in the table's order.
    expect(snapshot.assumptions.explanation.rules.map((rule) => rule.id)).toEqual(
      snapshot.tiers.slice(0, -1).map((tier) => tier.id),
    );
    expect(snapshot.assumptions.summary).toMatch(
      /^Sorted by the handbook's tiers \(1\. Slack request from Customer Success; 2\. Tagged by Customer Success;/,
    );
    expect(snapshot.alerts).toEqual([]);
    expect(snapshot.me?.id).toBe('PME');
  });

  it('is JSON-safe (it crosses IPC and the CLI prints it)', () => {
    const snapshot = makeSnapshot({ myEntries: onCallAllWeek, tickets: [makeTicket({ slaMetrics: [slaIn(30)] })] });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('times in the tooltip follow the time zone', () => {
    const snapshot = makeSnapshot({
      myEntries: [makeEntry(-60, 8 * 60)],
      timeZone: 'America/New_York',
      nowMs: T0 + MINUTE,
    });
    expect(snapshot.tray.tooltip).toMatch(/^On call until Mon 13:00/);
    expect(snapshot.timeZone).toBe('America/New_York');
  });

  it('a permanent turn has no end in the tooltip', () => {
    expect(makeSnapshot({ myEntries: [makeEntry(null, null)], nowMs: T0 + DAY }).tray.tooltip).toMatch(/^On call · /);
  });
});
