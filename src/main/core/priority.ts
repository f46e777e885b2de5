/**
 * The handbook's prioritization as data: an ordered table of tier rules; the first rule a ticket matches
 * places it. Every input ticket appears exactly once in the queue; those no rule takes go to "Other".
 */
import type {
  RankedEntry,
  SlackRequestEntry,
  SlackRequestInfo,
  SlaView,
  Ticket,
  TicketFlag,
  TierSummary,
} from '../../shared/domain';
import { formatDuration, parseInstant } from '../../shared/format';
import type { Settings, TierCondition, TierRule } from '../../shared/settings';
import { effectiveRules } from './settings';
import { slaView } from './sla';

/** Id of the catch-all tier after every rule. */
export const OTHER_TIER_ID = 'other';
export const OTHER_TIER_LABEL = 'Other';

interface Facts {
  /** Lower-cased; a plain array because tickets carry few tags (a Set per ticket costs more than it saves). */
  tags: string[];
  csTag: string | null;
  escalated: boolean;
  nearingBreach: boolean;
  sla: SlaView;
}

function firstTag(tags: string[], wanted: readonly string[]): string | null {
  if (tags.length === 0) return null;
  for (const tag of wanted) if (tags.includes(tag.toLowerCase())) return tag;
  return null;
}

function matches(when: TierCondition, ticket: Ticket, facts: Facts): boolean {
  if (when.kinds && !when.kinds.includes('zendesk_ticket')) return false;
  if (when.statuses && !when.statuses.includes(ticket.status)) return false;
  if (when.priorities && !when.priorities.includes(ticket.priority)) return false;
  if (when.customerSuccess !== undefined && (facts.csTag !== null) !== when.customerSuccess) return false;
  if (when.escalated !== undefined && facts.escalated !== when.escalated) return false;
  if (when.tagsAny && firstTag(facts.tags, when.tagsAny) === null) return false;
  if (when.nearingBreach !== undefined && facts.nearingBreach !== when.nearingBreach) return false;
  if (when.sources && !when.sources.includes(ticket.source)) return false;
  return true;
}

/**
 * Whether a rule takes a Slack request: only through `kinds`, and only when it asks nothing a message cannot
 * have (status, priority, tags, SLA, ticket source). Every request comes from Customer Success by construction.
 */
function matchesRequest(when: TierCondition): boolean {
  if (!when.kinds?.includes('slack_request')) return false;
  if (when.customerSuccess === false) return false;
  return (
    when.statuses === undefined &&
    when.priorities === undefined &&
    when.escalated === undefined &&
    when.tagsAny === undefined &&
    when.nearingBreach === undefined &&
    when.sources === undefined
  );
}

/**
 * Places open Slack requests with the same rule table as tickets (oldest first within a tier) and adds them to
 * the tier counts, so the badge and the handover count them like tickets.
 */
export function prioritizeRequests(
  requests: SlackRequestInfo[],
  settings: Settings,
  tiers: TierSummary[],
): SlackRequestEntry[] {
  const rules = effectiveRules(settings);
  const placed = (Array.isArray(requests) ? requests : []).map((request) => {
    let index = rules.findIndex((rule) => matchesRequest(rule.when));
    if (index < 0) index = rules.length;
    const rule = rules[index] ?? null;
    const tier = tiers[index];
    if (tier) tier.count++;
    const where = request.channelName ? ` in #${request.channelName}` : '';
    const entry: SlackRequestEntry = {
      kind: 'slack_request',
      source: 'slack-api',
      request,
      tier: rule?.id ?? OTHER_TIER_ID,
      tierRank: index + 1,
      tierLabel: rule?.label ?? OTHER_TIER_LABEL,
      reason: `${rule?.label ?? 'Slack request'}: ${request.author.name}${where}`,
      handover: rule?.handover ?? false,
    };
    return { entry, postedMs: parseInstant(request.postedAt) ?? Number.MAX_SAFE_INTEGER };
  });
  placed.sort(
    (a, b) =>
      a.entry.tierRank - b.entry.tierRank ||
      a.postedMs - b.postedMs ||
      (a.entry.request.id < b.entry.request.id ? -1 : a.entry.request.id > b.entry.request.id ? 1 : 0),
  );
  return placed.map((item) => item.entry);
}

function flagsOf(ticket: Ticket, facts: Facts): TicketFlag[] {
  const flags: TicketFlag[] = [];
  if (facts.csTag !== null) flags.push('cs_tagged');
  if (facts.escalated) flags.push('escalated');
  if (ticket.contentWarning === true || facts.tags.includes('content_warning')) flags.push('content_warning');
  if (ticket.orgAssignment?.needed === true) flags.push('needs_org');
  if (ticket.source === 'community') flags.push('community');
  if (ticket.problems.length > 0) flags.push('data_problem');
  return flags;
}

/** The SLA part of a reason: "breaches in 42m", "breached 20m ago", "SLA paused", or nothing. */
export function slaPhrase(sla: SlaView): string | null {
  switch (sla.state) {
    case 'ok':
    case 'warning':
      return `breaches in ${formatDuration(sla.msToBreach ?? 0)}`;
    case 'breached':
      return `breached ${formatDuration(sla.msToBreach ?? 0)} ago`;
    case 'paused':
      return 'SLA paused';
    default:
      return null;
  }
}

const PRIORITY_WORD: Partial<Record<Ticket['priority'], string>> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

/**
 * The rule's label as this ticket's reason: a rule that takes several priorities but is named after one of them
 * ("Escalated, High priority" also takes Urgent) names the ticket's own, so an Urgent ticket never reads "High".
 */
function labelFor(rule: TierRule, ticket: Ticket): string {
  const own = PRIORITY_WORD[ticket.priority];
  const priorities = rule.when.priorities;
  if (!own || !priorities || priorities.length < 2 || !priorities.includes(ticket.priority)) return rule.label;
  for (const other of priorities) {
    const word = PRIORITY_WORD[other];
    if (other === ticket.priority || !word) continue;
    const named = `${word} priority`;
    if (rule.label.includes(named)) return rule.label.replace(named, `${own} priority`);
  }
  return rule.label;
}

/**
 * Why no rule took the ticket. An escalated New ticket surprises (it looks like tiers 2 and 3), so under the
 * handbook's table the reason says what the handbook says: those tiers take `Open` tickets. Otherwise the status
 * and priority say it.
 */
function otherHead(ticket: Ticket, facts: Facts, handbookTable: boolean): string {
  const priority = `${ticket.priority === 'none' ? 'no' : ticket.priority} priority`;
  const looksEscalated = facts.escalated && ['urgent', 'high', 'normal'].includes(ticket.priority);
  if (handbookTable && looksEscalated && ticket.status === 'new') {
    return `${OTHER_TIER_LABEL}: escalated, ${priority}, but New (the handbook's tiers 2 and 3 take Open tickets)`;
  }
  return `${OTHER_TIER_LABEL}: ${ticket.status}, ${priority}`;
}

function reasonFor(rule: TierRule | null, ticket: Ticket, facts: Facts, handbookTable: boolean): string {
  let head: string;
  if (rule === null) head = otherHead(ticket, facts, handbookTable);
  else if (rule.when.customerSuccess === true && facts.csTag !== null) head = `${rule.label} (${facts.csTag})`;
  else head = `${labelFor(rule, ticket)}, ${ticket.status}`;
  const sla = slaPhrase(facts.sla);
  return sla ? `${head}; ${sla}` : head;
}

/** Normalises a possibly malformed ticket just enough that matching and sorting cannot throw. */
function tagsOf(ticket: Ticket): string[] {
  const tags: string[] = [];
  for (const tag of ticket.tags) if (typeof tag === 'string') tags.push(tag.toLowerCase());
  return tags;
}

interface Keyed {
  entry: RankedEntry;
  rank: number;
  /** 0: SLA clock running (sorted by time to breach), 1: no running SLA (sorted by age). */
  group: number;
  key: number;
  id: number;
}

/**
 * Orders the queue by the rule table. Within a tier: tickets with a running SLA closest to breach first
 * (breached ones first, most overdue first), then the rest oldest first, then by id, so the order is total and
 * independent of input order. `nowMs` decides SLA proximity.
 */
export function prioritize(
  tickets: Ticket[],
  settings: Settings,
  nowMs: number,
): { queue: RankedEntry[]; tiers: TierSummary[] } {
  const rules = effectiveRules(settings);
  const handbookTable = (settings.priority.rules ?? null) === null;
  const csTags = settings.zendesk.customerSuccessTags;
  const escalationTags = settings.zendesk.escalationTags;
  const nearingMinutes = settings.priority.nearingBreachMinutes;
  const counts = new Array<number>(rules.length + 1).fill(0);
  const keyed: Keyed[] = [];

  for (const ticket of tickets) {
    const tags = tagsOf(ticket);
    const sla = slaView(ticket, nowMs, nearingMinutes);
    const facts: Facts = {
      tags,
      csTag: firstTag(tags, csTags),
      escalated: firstTag(tags, escalationTags) !== null,
      nearingBreach: sla.state === 'warning' || sla.state === 'breached',
      sla,
    };
    let index = rules.findIndex((rule) => matches(rule.when, ticket, facts));
    if (index < 0) index = rules.length;
    const rule = rules[index] ?? null;
    counts[index] = (counts[index] ?? 0) + 1;
    const running = sla.msToBreach !== null;
    const createdMs = parseInstant(ticket.createdAt);
    keyed.push({
      entry: {
        kind: 'zendesk_ticket',
        ticket,
        tier: rule?.id ?? OTHER_TIER_ID,
        tierRank: index + 1,
        tierLabel: rule?.label ?? OTHER_TIER_LABEL,
        reason: reasonFor(rule, ticket, facts, handbookTable),
        sla,
        flags: flagsOf(ticket, facts),
        handover: rule?.handover ?? false,
      },
      rank: index,
      group: running ? 0 : 1,
      key: running ? (sla.msToBreach as number) : (createdMs ?? Number.MAX_SAFE_INTEGER),
      id: ticket.id,
    });
  }

  keyed.sort((a, b) => a.rank - b.rank || a.group - b.group || a.key - b.key || a.id - b.id);
  const tiers: TierSummary[] = rules.map((rule, i) => ({
    id: rule.id,
    label: rule.label,
    rank: i + 1,
    count: counts[i] ?? 0,
    handover: rule.handover,
  }));
  tiers.push({
    id: OTHER_TIER_ID,
    label: OTHER_TIER_LABEL,
    rank: rules.length + 1,
    count: counts[rules.length] ?? 0,
    handover: false,
  });
  return { queue: keyed.map((k) => k.entry), tiers };
}
