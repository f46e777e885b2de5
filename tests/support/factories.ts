/** Test data builders and in-memory ports, shared by every test suite. */

import type { Clock, KeyValueStore, Notifier } from '../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import type { Alert, OnCallEntry, SlackRequestEntry, SlaMetric, Ticket } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';

/** 2026-11-30 (a Monday) 10:00 UTC: the default "now" of the tests. */
export const T0 = Date.parse('2026-11-30T10:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An ISO instant `minutes` after `base`. */
export function at(minutes: number, base = T0): string {
  return new Date(base + minutes * MINUTE).toISOString();
}

/** An active SLA target breaching `minutesFromNow` after `base`. */
export function slaIn(minutesFromNow: number, metric = 'next_reply_time', base = T0): SlaMetric {
  return { metric, stage: 'active', breachAt: at(minutesFromNow, base) };
}

let nextTicketId = 1000;

/** A plausible open, normal-priority ticket; override any field. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const id = overrides.id ?? nextTicketId++;
  return {
    id,
    subject: `Ticket ${id}`,
    status: 'open',
    priority: 'normal',
    tags: [],
    groupId: 1,
    assigneeId: null,
    requester: { id: 7, name: 'Ada Lovelace', email: 'ada@example.com' },
    organization: null,
    createdAt: at(-600),
    updatedAt: at(-60),
    source: 'in_app',
    viaChannel: 'web',
    url: `https://posthoghelp.zendesk.com/agent/tickets/${id}`,
    moderationUrl: null,
    slaMetrics: [],
    contentWarning: false,
    orgAssignment: null,
    problems: [],
    ...overrides,
  };
}

/** An on-call entry for user `me` from `startMin` to `endMin` minutes after T0 (`null` = open-ended). */
export function makeEntry(
  startMin: number | null,
  endMin: number | null,
  overrides: Partial<OnCallEntry> = {},
): OnCallEntry {
  return {
    userId: 'PME',
    userName: 'Ada Lovelace',
    scheduleId: 'PXUZ9XL',
    scheduleName: 'Product Analytics',
    scheduleUrl: 'https://posthog.pagerduty.com/schedules/PXUZ9XL',
    escalationLevel: 1,
    start: startMin === null ? null : at(startMin),
    end: endMin === null ? null : at(endMin),
    ...overrides,
  };
}

/** The default settings with other escalation and Customer Success tags and another nearing-breach window. */
export function settingsWith(
  escalationTags: string[],
  customerSuccessTags: string[],
  nearingBreachMinutes: number,
): Settings {
  return {
    ...DEFAULT_SETTINGS,
    zendesk: { ...DEFAULT_SETTINGS.zendesk, escalationTags, customerSuccessTags },
    priority: { ...DEFAULT_SETTINGS.priority, nearingBreachMinutes },
  };
}

/** A KeyValueStore over a Map that, like the real ones, keeps JSON copies (no shared references). */
export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    data,
    get: (key) => {
      const raw = data.get(key);
      return raw === undefined ? undefined : JSON.parse(raw);
    },
    set: (key, value) => {
      data.set(key, JSON.stringify(value));
    },
    delete: (key) => {
      data.delete(key);
    },
  };
}

/** A clock that only moves when told to. */
export function fixedClock(startMs = T0): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A Notifier that records what it was asked to deliver. */
export function recordingNotifier(): Notifier & { delivered: Alert[] } {
  const delivered: Alert[] = [];
  return { delivered, deliver: (alert) => void delivered.push(alert) };
}

/** Where the default rule table ranks a Slack request from Customer Success. */
export const SLACK_TIER = {
  tier: 'slack_customer_success',
  tierRank: 1,
  tierLabel: 'Slack request from Customer Success',
};

/** An open Slack request from Alice (CS) in #cs-requests, 90 minutes before `T0`; override any request field. */
export function makeSlackRequestEntry(
  overrides: Partial<SlackRequestEntry['request']> = {},
  place = SLACK_TIER,
): SlackRequestEntry {
  const id = overrides.id ?? 'C0CSREQS01/1764493230.000100';
  return {
    kind: 'slack_request',
    source: 'slack-api',
    ...place,
    reason: `${place.tierLabel}: ${overrides.author?.name ?? 'Alice (CS)'} in #cs-requests`,
    handover: true,
    request: {
      id,
      channelId: 'C0CSREQS01',
      channelName: 'cs-requests',
      threadTs: id.split('/')[1]!,
      ts: id.split('/')[1]!,
      author: { id: 'U0CSALICE1', name: 'Alice (CS)' },
      preview: '@Demo Hero Acme sees <b>ingestion lag</b> & wants an ETA',
      postedAt: at(-90),
      permalink: 'https://acme.slack.com/archives/C0CSREQS01/p1764493230000100',
      mentions: { me: true, myGroup: false, broadcast: false },
      ...overrides,
    },
  };
}
