import { describe, expect, it } from 'vitest';
import { runningSlaTargets, slaView } from '../../../src/main/core/sla';
import type { SlaMetric, TicketStatus } from '../../../src/shared/domain';
import { HOUR, MINUTE, makeTicket, slaIn, T0 } from '../../support/factories';

describe('slaView', () => {
  it.each<[string, number, string]>([
    ['more than 3h before breach is ok', 181, 'ok'],
    ['exactly 3h before breach is a warning', 180, 'warning'],
    ['1m before breach is a warning', 1, 'warning'],
    ['at breach_at it is breached', 0, 'breached'],
    ['past breach_at an active metric is breached', -20, 'breached'],
  ])('%s', (_name, minutes, state) => {
    const view = slaView(makeTicket({ slaMetrics: [slaIn(minutes)] }), T0, 180);
    expect(view.state).toBe(state);
    expect(view.msToBreach).toBe(minutes * MINUTE);
  });

  it('the earliest active breach decides, achieved and paused metrics do not', () => {
    const ticket = makeTicket({
      slaMetrics: [
        { metric: 'first_reply_time', stage: 'achieved', breachAt: '2025-01-01T00:00:00Z' },
        slaIn(300, 'periodic_update_time'),
        slaIn(90, 'next_reply_time'),
        { metric: 'agent_work_time', stage: 'paused', breachAt: new Date(T0 + 10 * MINUTE).toISOString() },
      ],
    });
    expect(slaView(ticket, T0, 180)).toMatchObject({
      state: 'warning',
      metric: 'next_reply_time',
      msToBreach: 90 * MINUTE,
    });
  });

  it.each<TicketStatus>(['pending', 'hold'])('a %s ticket pauses the SLA', (status) => {
    const view = slaView(makeTicket({ status, slaMetrics: [slaIn(-30)] }), T0, 180);
    expect(view).toMatchObject({ state: 'paused', msToBreach: null });
    expect(runningSlaTargets(makeTicket({ status, slaMetrics: [slaIn(30)] }))).toEqual([]);
  });

  it.each<[TicketStatus, SlaMetric[], string]>([
    ['solved', [{ metric: 'first_reply_time', stage: 'achieved', breachAt: null }], 'achieved'],
    ['closed', [slaIn(-30)], 'none'],
    ['solved', [], 'none'],
  ])('a %s ticket is achieved or none', (status, slaMetrics, state) => {
    expect(slaView(makeTicket({ status, slaMetrics }), T0, 180).state).toBe(state);
  });

  it('Zendesk stage "breached" is breached even before breach_at', () => {
    const ticket = makeTicket({
      slaMetrics: [{ metric: 'next_reply_time', stage: 'breached', breachAt: new Date(T0 + HOUR * 5).toISOString() }],
    });
    expect(slaView(ticket, T0, 180).state).toBe('breached');
  });

  it('no SLA is none; unparseable breach_at is ignored, never thrown', () => {
    expect(slaView(makeTicket(), T0, 180).state).toBe('none');
    const ticket = makeTicket({ slaMetrics: [{ metric: 'next_reply_time', stage: 'active', breachAt: 'not a date' }] });
    expect(slaView(ticket, T0, 180).state).toBe('none');
  });
});
