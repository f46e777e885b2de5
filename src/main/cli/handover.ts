/**
 * `support-hero handover`: the end-of-rotation handover the window's Handover panel shows, as the same Markdown
 * (text) or as a stable JSON projection. Field names are a public interface for scripts: add fields freely,
 * never rename or remove one without bumping `schema`.
 */
import type { QueueEntry, SlackRequestEntry, Snapshot } from '../../shared/domain';
import { buildHandover, handoverMarkdown, handoverSubject } from '../core/handover';
import { inertJson } from './inert-json';
import type { CliQueueEntry } from './json';

export const CLI_HANDOVER_SCHEMA = 'support-hero.handover/1';

/**
 * One ticket still open in a tier the rule table hands over: the status JSON's fields of the same names and
 * meanings (a content-warning ticket's subject is hidden: the handover is pasted where others read it).
 */
export type CliHandoverTicket = Pick<
  CliQueueEntry,
  'id' | 'tier' | 'tierLabel' | 'tierRank' | 'reason' | 'subject' | 'url' | 'moderationUrl' | 'breachAt' | 'flags'
>;

export interface CliHandover {
  schema: typeof CLI_HANDOVER_SCHEMA;
  generatedAt: string;
  /** Built-in demo data, not the user's accounts. */
  demo: boolean;
  /** Who is on call on the same schedule when the current turn ends; `null` when PagerDuty does not say. */
  nextHero: { name: string; schedule: string; scheduleId: string | null; from: string } | null;
  /** "Hand over to Lena Latency (from Mon 7 Dec 10:20)." or why the next Support Hero is unknown. */
  nextHeroLine: string;
  /** The tiers the active rule table hands over (the handbook's 1 to 4 unless the table was replaced). */
  tiers: { id: string; rank: number; label: string; count: number }[];
  /** "Tiers 1 to 4: Tagged by Customer Success; Escalated, High priority; ...". */
  tiersLine: string;
  /** In queue order. */
  tickets: CliHandoverTicket[];
  /** Slack requests still unanswered in those tiers (tier counts include them). */
  requests: CliHandoverRequest[];
}

/** One Slack request still open in a tier the rule table hands over. */
export interface CliHandoverRequest {
  kind: 'slack_request';
  id: string;
  tier: string;
  tierLabel: string;
  tierRank: number;
  author: string;
  channel: string;
  preview: string;
  postedAt: string;
  /** The thread in Slack, or null. */
  url: string | null;
}

function request(entry: SlackRequestEntry): CliHandoverRequest {
  const { request: item } = entry;
  return {
    kind: 'slack_request',
    id: item.id,
    tier: entry.tier,
    tierLabel: entry.tierLabel,
    tierRank: entry.tierRank,
    author: item.author.name,
    channel: item.channelName,
    preview: item.preview,
    postedAt: item.postedAt,
    url: item.permalink,
  };
}

function ticket(entry: QueueEntry): CliHandoverTicket {
  return {
    id: entry.ticket.id,
    tier: entry.tier,
    tierLabel: entry.tierLabel,
    tierRank: entry.tierRank,
    reason: entry.reason,
    subject: handoverSubject(entry),
    url: entry.ticket.url,
    moderationUrl: entry.ticket.moderationUrl,
    breachAt: entry.sla.breachAt,
    flags: [...entry.flags],
  };
}

/** The handover as the CLI's stable JSON. */
export function toCliHandover(snapshot: Snapshot): CliHandover {
  const handover = buildHandover(snapshot);
  const hero = handover.nextHero;
  return {
    schema: CLI_HANDOVER_SCHEMA,
    generatedAt: snapshot.generatedAt,
    demo: snapshot.demo,
    nextHero: hero
      ? { name: hero.userName, schedule: hero.scheduleName, scheduleId: hero.scheduleId, from: hero.start }
      : null,
    nextHeroLine: handover.nextHeroLine,
    tiers: handover.tiers.map((tier) => ({ id: tier.id, rank: tier.rank, label: tier.label, count: tier.count })),
    tiersLine: handover.tiersLine,
    tickets: handover.entries.map(ticket),
    requests: handover.requests.map(request),
  };
}

/** What `support-hero handover` prints: the Markdown, or the JSON with `--json`. */
export function formatHandover(snapshot: Snapshot, json: boolean): string {
  return json ? inertJson(toCliHandover(snapshot), 2) : handoverMarkdown(snapshot).trimEnd();
}
