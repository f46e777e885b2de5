/** Small, complete domain values for the Electron adapter tests. */
import { presentEntry, presentHealth, presentTurn } from '../../src/main/core/presentation';
import { assumptionsOf } from '../../src/main/core/snapshot';
import type {
  Alert,
  QueueEntry,
  ServiceName,
  Snapshot,
  SourceHealth,
  Ticket,
  TrayState,
  TurnView,
} from '../../src/shared/domain';
import { makeTicket, settingsWith } from '../support/factories';

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

/** A queue entry as main sends it: ranked by hand, presented by the core's presentation module. */
export function entry(t: Ticket): QueueEntry {
  return presentEntry(
    {
      ticket: t,
      tier: 'escalated_high',
      tierRank: 2,
      tierLabel: 'Escalated, high',
      reason: 'Escalated, High priority, open',
      sla: { state: 'none', metric: null, breachAt: null, msToBreach: null },
      flags: [],
      handover: true,
    },
    false,
  );
}

/** Overrides in the core's terms: the turn and health as computed, before the presentation module words them. */
export type SnapshotOverrides = Omit<Partial<Snapshot>, 'turn' | 'sources'> & {
  turn?: TurnView;
  sources?: Record<ServiceName, SourceHealth>;
};

/** A snapshot whose turn line and health labels come from the core's presentation module, as in buildSnapshot. */
export function snapshot(overrides: SnapshotOverrides = {}, tray: Partial<Snapshot['tray']> = {}): Snapshot {
  const health = (source: 'zendesk' | 'pagerduty'): SourceHealth => ({
    source,
    state: 'fresh' as const,
    lastSuccessAt: '2026-11-30T09:00:00.000Z',
    failingSince: null,
    failure: null,
    message: 'ok',
  });
  const { turn: turnView, sources: rawSources, ...rest } = overrides;
  const base = {
    generatedAt: '2026-11-30T09:00:00.000Z',
    demo: false,
    me: { id: 'PUSER1', name: 'Ada Lovelace', email: 'ada@example.com' },
    queue: [],
    tiers: [],
    alerts: [],
    tray: { state: 'off_duty' as TrayState, badge: 0, tooltip: 'Support Hero: off duty', stale: false, ...tray },
    notifications: { pausedUntil: null, quietHours: false, held: 0 },
    problems: [],
    assumptions: assumptionsOf(settingsWith(['escalated'], ['cs'], 180)),
    timeZone: 'UTC',
    ...rest,
  };
  const raw = rawSources ?? { zendesk: health('zendesk'), pagerduty: health('pagerduty') };
  const sources = { zendesk: presentHealth(raw.zendesk), pagerduty: presentHealth(raw.pagerduty) };
  const turn = presentTurn(
    turnView ?? { onCall: false, current: null, next: null, onCallNow: [], nextHero: null },
    { known: base.me !== null, pagerduty: sources.pagerduty },
    Date.parse(base.generatedAt),
    base.timeZone,
  );
  return { ...base, turn, sources };
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
