/** Small, complete domain values for the Electron adapter tests. */
import type { Alert, QueueEntry, Snapshot, Ticket, TrayState } from '../../src/shared/domain';
import { makeTicket } from '../support/factories';

/** A ticket as the adapters see it: no requester or group, created at 08:00. */
export function ticket(id: number, overrides: Partial<Ticket> = {}): Ticket {
  return makeTicket({
    id,
    groupId: null,
    requester: null,
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    viaChannel: 'api',
    ...overrides,
  });
}

export function entry(t: Ticket): QueueEntry {
  return {
    ticket: t,
    tier: 'escalated_high',
    tierRank: 2,
    tierLabel: 'Escalated, high',
    reason: 'Escalated, High priority, open',
    sla: { state: 'none', metric: null, breachAt: null, msToBreach: null },
    flags: [],
    handover: true,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}, tray: Partial<Snapshot['tray']> = {}): Snapshot {
  const health = (source: 'zendesk' | 'pagerduty') => ({
    source,
    state: 'fresh' as const,
    lastSuccessAt: '2026-11-30T09:00:00.000Z',
    failingSince: null,
    failure: null,
    message: 'ok',
  });
  return {
    generatedAt: '2026-11-30T09:00:00.000Z',
    demo: false,
    me: { id: 'PUSER1', name: 'Ada Lovelace', email: 'ada@example.com' },
    turn: { onCall: false, current: null, next: null, onCallNow: [] },
    queue: [],
    tiers: [],
    sources: { zendesk: health('zendesk'), pagerduty: health('pagerduty') },
    alerts: [],
    tray: { state: 'off_duty' as TrayState, badge: 0, tooltip: 'Support Hero: off duty', stale: false, ...tray },
    notifications: { pausedUntil: null, quietHours: false, held: 0 },
    problems: [],
    assumptions: { escalationTags: ['escalated'], customerSuccessTags: ['cs'], nearingBreachMinutes: 180 },
    timeZone: 'UTC',
    ...overrides,
  };
}

export function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    kind: 'sla_warning',
    ticketId: 1,
    title: `Alert ${id}`,
    body: 'Breaches in 1h',
    url: 'https://posthoghelp.zendesk.com/agent/tickets/1',
    urgent: false,
    dueAt: '2026-11-30T09:00:00.000Z',
    ...overrides,
  };
}
