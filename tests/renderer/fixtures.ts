/** Hand-written snapshots and a recording bridge for the renderer tests. */

import { presentEntry, presentHealth, presentTurn } from '../../src/main/core/presentation';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { assumptionsOf } from '../../src/main/core/snapshot';
import type { Bridge } from '../../src/renderer/bridge';
import type {
  QueueEntry,
  RankedEntry,
  ServiceName,
  Snapshot,
  SourceHealth,
  Ticket,
  TurnView,
} from '../../src/shared/domain';
import type { SaveSettingsRequest, SettingsView } from '../../src/shared/ipc';
import type { Settings } from '../../src/shared/settings';
import { makeTicket, settingsWith } from '../support/factories';

/** Monday 2026-11-30 10:00 UTC. */
export const NOW = Date.parse('2026-11-30T10:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const iso = (ms: number) => new Date(ms).toISOString();

let nextId = 500;

/** A ticket from Grace Hopper, created five hours before NOW. */
export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return makeTicket({
    id: nextId++,
    requester: { id: 1, name: 'Grace Hopper', email: 'grace@example.com' },
    createdAt: iso(NOW - 5 * HOUR),
    updatedAt: iso(NOW - HOUR),
    ...overrides,
  });
}

const TIERS: Record<string, { rank: number; label: string; handover: boolean }> = {
  customer_success: { rank: 1, label: 'Customer Success', handover: true },
  escalated_high: { rank: 2, label: 'Escalated, high priority', handover: true },
  escalated: { rank: 3, label: 'Escalated', handover: true },
  nearing_breach: { rank: 4, label: 'Nearing SLA breach', handover: true },
  new: { rank: 5, label: 'New', handover: false },
  other: { rank: 6, label: 'Other', handover: false },
};

/** A queue entry as main sends it: ranked by hand, then presented by the core's own presentation module. */
export function entry(t: Partial<Ticket> = {}, overrides: Partial<RankedEntry> = {}): QueueEntry {
  const tier = overrides.tier ?? 'escalated';
  const meta = TIERS[tier] ?? { rank: 9, label: tier, handover: false };
  return presentEntry(
    {
      ticket: ticket(t),
      tier,
      tierRank: meta.rank,
      tierLabel: meta.label,
      reason: 'Escalated, Normal priority, open',
      sla: { state: 'none', metric: null, breachAt: null, msToBreach: null },
      flags: [],
      handover: meta.handover,
      ...overrides,
    },
    false,
  );
}

/** An SLA view `minutes` from NOW with the state main would have computed. */
export function sla(minutes: number, state: QueueEntry['sla']['state']): QueueEntry['sla'] {
  return { state, metric: 'next_reply_time', breachAt: iso(NOW + minutes * MINUTE), msToBreach: minutes * MINUTE };
}

export function health(source: 'zendesk' | 'pagerduty', overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    source,
    state: 'fresh',
    lastSuccessAt: iso(NOW),
    failingSince: null,
    failure: null,
    message: 'Up to date',
    ...overrides,
  };
}

/** Overrides in the core's terms: the turn and health as computed, before the presentation module words them. */
export type SnapshotOverrides = Omit<Partial<Snapshot>, 'turn' | 'sources'> & {
  turn?: TurnView;
  sources?: Record<Exclude<ServiceName, 'slack'>, SourceHealth> & { slack?: SourceHealth };
};

/**
 * A snapshot whose queue is already in tier order, as main sends it. The turn line and health labels come from
 * the core's presentation module, as in buildSnapshot, so the window is tested on the texts main really sends.
 */
export function snapshot(queue: QueueEntry[] = [], overrides: SnapshotOverrides = {}): Snapshot {
  const sorted = [...queue].sort((a, b) => a.tierRank - b.tierRank);
  const tiers = Object.entries(TIERS).map(([id, meta]) => ({
    id,
    label: meta.label,
    rank: meta.rank,
    count: sorted.filter((e) => e.tier === id).length,
    handover: meta.handover,
  }));
  const { turn: turnView, sources: rawSources, ...rest } = overrides;
  const base = {
    generatedAt: iso(NOW),
    demo: false,
    me: { id: 'PME', name: 'Ada Lovelace', email: 'ada@example.com' },
    queue: sorted,
    tiers,
    alerts: [],
    tray: { state: 'on_duty_clear' as const, badge: 0, tooltip: '', stale: false },
    notifications: { pausedUntil: null, quietHours: false, held: 0 },
    problems: [],
    assumptions: assumptionsOf(settingsWith(['escalated'], ['cs'], 120)),
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

export function settings(): Settings {
  return {
    version: 1,
    zendesk: {
      subdomain: 'posthoghelp',
      email: 'ada@example.com',
      viewIds: [17989255082139],
      escalationTags: ['escalated'],
      customerSuccessTags: ['customer_success'],
      orgFields: { plan: 'plan', mrr: 'mrr', contentWarning: 'content_warning' },
      baseUrl: null,
    },
    pagerduty: { region: 'us', scheduleIds: ['PXUZ9XL'], userEmail: null, horizonDays: 30, baseUrl: null },
    priority: { nearingBreachMinutes: 120, rules: null },
    notifications: {
      turnLeadMinutes: [1440, 15],
      turnEndingLeadMinutes: 60,
      slaWarningMinutes: [180, 120, 60],
      quietOutsideWorkingHours: true,
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      sound: true,
    },
    slack: structuredClone(DEFAULT_SETTINGS.slack),
    polling: { zendeskSeconds: 60, pagerdutySeconds: 300, timeoutSeconds: 20 },
    app: { timeZone: null, startAtLogin: false, shortcut: null },
    actions: { assignToMe: false, playbookRules: null },
  };
}

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    settings: settings(),
    secrets: {
      zendeskToken: { present: true, storage: 'encrypted', connectedAs: 'Connected as Ada Lovelace (ada@example.com)' },
      pagerdutyToken: { present: false, storage: 'none', connectedAs: null },
      slackToken: { present: false, storage: 'none', connectedAs: null },
    },
    encryptionAvailable: true,
    demo: false,
    notice: null,
    ...overrides,
  };
}

export interface FakeBridge extends Bridge {
  calls: { method: string; args: unknown[] }[];
  push(snapshot: Snapshot): void;
  callsOf(method: string): unknown[][];
}

/** What the fake main answers for the handover (shown and copied). */
export const HANDOVER_MARKDOWN = '# Support Hero handover\n\n- [#1 Broken](https://x)\n';

/**
 * Stands in for main at the preload boundary: answers from the given values and records every call.
 * `overrides` replaces single methods (e.g. a save that returns field errors).
 */
export function fakeBridge(
  initial: Snapshot | null,
  overrides: Partial<Bridge> = {},
  view: SettingsView = settingsView(),
): FakeBridge {
  const calls: { method: string; args: unknown[] }[] = [];
  const listeners = new Set<(snapshot: Snapshot) => void>();
  const record =
    <T>(method: string, answer: (...args: never[]) => T) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      return Promise.resolve((answer as (...a: unknown[]) => T)(...args));
    };
  const base: Bridge = {
    getSnapshot: record('getSnapshot', () => initial),
    refresh: record('refresh', () => undefined),
    onSnapshot: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openTicket: record('openTicket', () => undefined) as Bridge['openTicket'],
    openSchedule: record('openSchedule', () => undefined),
    openSlackRequest: record('openSlackRequest', () => undefined),
    dismissSlackRequest: record('dismissSlackRequest', () => undefined),
    handoverMarkdown: record('handoverMarkdown', () => HANDOVER_MARKDOWN),
    copyHandover: record('copyHandover', () => ({ ok: true as const, copied: HANDOVER_MARKDOWN })),
    pauseNotifications: record('pauseNotifications', () => ({
      pausedUntil: iso(NOW + HOUR),
      quietHours: false,
      held: 0,
    })),
    getSettings: record('getSettings', () => view),
    saveSettings: record('saveSettings', (request: SaveSettingsRequest) => ({
      ok: true as const,
      view: { ...view, settings: request.settings },
    })),
    testConnection: record('testConnection', () => ({ ok: true, message: 'Connected as Ada Lovelace' })),
    listZendeskViews: record('listZendeskViews', () => ({
      ok: true as const,
      options: [
        { id: '17989255082139', label: 'Product Analytics (escalated)' },
        { id: '14507148758939', label: 'Infrastructure' },
      ],
    })),
    listOrganizationFields: record('listOrganizationFields', () => ({
      ok: true as const,
      options: [{ id: 'plan', label: 'Plan' }],
    })),
    listPagerDutySchedules: record('listPagerDutySchedules', () => ({
      ok: true as const,
      options: [{ id: 'PXUZ9XL', label: 'Product Analytics' }],
    })),
    hideWindow: record('hideWindow', () => undefined),
    onShowView: () => () => {},
    onSettingsChanged: () => () => {},
    getNotices: record('getNotices', () => []),
    onNotice: () => () => {},
    dismissNotice: record('dismissNotice', () => undefined),
    planAction: record('planAction', () => ({
      kind: 'confirm' as const,
      confirmation: 'Set ticket #1 to Pending.',
      requests: ['PUT /api/v2/tickets/1'],
    })),
    runAction: record('runAction', () => ({
      result: 'applied',
      message: 'Done: Set ticket #1 to Pending.',
      permission: null,
    })),
    actionOffers: record('actionOffers', () => ({ assignToMe: false, playbooks: [] })),
    copyTemplate: record('copyTemplate', (ticketId: number, playbook: string, index: number) => ({
      ok: true as const,
      copied: `template ${index} of ${playbook} for #${ticketId}`,
    })),
    copyTeamMessage: record('copyTeamMessage', (issueUrl: string) => ({
      ok: true as const,
      copied: `New bug report from a high priority customer: ${issueUrl}`,
    })),
    onActionPrompt: () => () => {},
    actionLog: record('actionLog', () => []),
    listSlackChannels: record('listSlackChannels', () => ({
      ok: true as const,
      options: [
        { id: 'C0CSREQS01', label: '#cs-requests' },
        { id: 'C0CSESCAL1', label: '#cs-escalations' },
        { id: 'G0CSVIP001', label: '#cs-vip', detail: 'private' },
      ],
    })),
    listSlackUsergroups: record('listSlackUsergroups', () => ({
      ok: true as const,
      options: [
        { id: 'S0CSTEAM01', label: 'Customer Success', detail: '@cs-team' },
        { id: 'S0MYTEAM01', label: 'Team Infrastructure', detail: '@team-infra' },
      ],
    })),
    swapOptions: record('swapOptions', () => ({ ok: false as const, message: 'PagerDuty is not connected.' })),
    planSwap: record('planSwap', () => ({ kind: 'refused' as const, message: 'Not in this test.' })),
    runSwap: record('runSwap', () => ({ result: 'refused', message: 'Not in this test.', permission: null })),
    listOverrides: record('listOverrides', () => ({ ok: false as const, message: 'Not in this test.' })),
    removeOverride: record('removeOverride', () => ({
      result: 'refused',
      message: 'Not in this test.',
      permission: null,
    })),
  };
  const fake: FakeBridge = Object.assign(base, overrides, {
    calls,
    push: (snapshot: Snapshot) => {
      for (const listener of listeners) listener(snapshot);
    },
    callsOf: (method: string) => calls.filter((call) => call.method === method).map((call) => call.args),
  });
  return fake;
}
