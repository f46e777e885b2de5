/**
 * Turns the snapshot's ordered queue into what the list draws: tier groups, filtered, with Other collapsible.
 * Slack requests (`Snapshot.requests`) and Zendesk tickets (`Snapshot.queue`) are rows of one list: each lands in
 * the tier the rule table gave it, and within a tier the requests come first, as main ranks them for the tray.
 */
import type { QueueEntry, SlackRequestEntry, Snapshot } from '../../shared/domain';

/** One row of the list: a Zendesk ticket or a Slack request, with the key the keyboard model tracks it by. */
export type QueueRow =
  | { kind: 'ticket'; key: string; entry: QueueEntry }
  | { kind: 'slack'; key: string; entry: SlackRequestEntry };

export interface TierGroup {
  id: string;
  label: string;
  rank: number;
  /** Rows shown after the filter (all of them, even while Other is collapsed), in the snapshot's order. */
  rows: QueueRow[];
  collapsed: boolean;
}

export type ListItem =
  | { kind: 'header'; group: TierGroup }
  | { kind: 'row'; group: TierGroup; row: QueueRow; option: number };

export const OTHER_TIER = 'other';

/** The key of a ticket's row (store, keyboard). */
export function ticketKey(ticketId: number): string {
  return `ticket:${ticketId}`;
}

/** The key of a Slack request's row. Request ids are `${channelId}/${ts}`, unique among requests. */
export function slackKey(requestId: string): string {
  return `slack:${requestId}`;
}

/** Whether a ticket matches the filter box: subject, organization, requester or id. Hidden text never matches. */
export function matchesFilter(entry: QueueEntry, needle: string, revealed: boolean): boolean {
  if (!needle) return true;
  const ticket = entry.ticket;
  const hidden = entry.flags.includes('content_warning') && !revealed;
  const haystack = [
    String(ticket.id),
    hidden ? '' : ticket.subject,
    hidden ? '' : (ticket.organization?.name ?? ''),
    ticket.requester?.name ?? '',
    ticket.requester?.email ?? '',
  ];
  return haystack.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

/** Whether a Slack request matches the filter box: who asked, the channel (with or without `#`), the preview. */
export function matchesRequestFilter(entry: SlackRequestEntry, needle: string): boolean {
  if (!needle) return true;
  const { request } = entry;
  const channel = request.channelName ? `#${request.channelName}` : '';
  const haystack = [request.author?.name, channel, request.preview];
  return haystack.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

/** Every row of the snapshot, requests first: `groupQueue` keeps this order within each tier. */
function snapshotRows(snapshot: Snapshot): QueueRow[] {
  const requests: QueueRow[] = (snapshot.requests ?? []).map((entry) => ({
    kind: 'slack',
    key: slackKey(entry.request.id),
    entry,
  }));
  const tickets: QueueRow[] = snapshot.queue.map((entry) => ({
    kind: 'ticket',
    key: ticketKey(entry.ticket.id),
    entry,
  }));
  return [...requests, ...tickets];
}

/** Groups in the snapshot's tier order; Other last. A filter shows matches in Other even when collapsed. */
export function groupQueue(
  snapshot: Snapshot,
  filter: string,
  revealed: Record<number, true>,
  otherExpanded: boolean,
): TierGroup[] {
  const needle = filter.trim().toLowerCase();
  const byId = new Map<string, TierGroup>();
  for (const row of snapshotRows(snapshot)) {
    const shown =
      row.kind === 'ticket'
        ? matchesFilter(row.entry, needle, revealed[row.entry.ticket.id] === true)
        : matchesRequestFilter(row.entry, needle);
    if (!shown) continue;
    const { tier, tierLabel, tierRank } = row.entry;
    let group = byId.get(tier);
    if (!group) {
      const isOther = tier === OTHER_TIER;
      group = {
        id: tier,
        label: tierLabel,
        rank: isOther ? Number.POSITIVE_INFINITY : tierRank,
        rows: [],
        collapsed: isOther && !otherExpanded && needle === '',
      };
      byId.set(tier, group);
    }
    group.rows.push(row);
  }
  // Array sort is stable: groups of equal rank stay in the order their first row came.
  return [...byId.values()].sort((a, b) => a.rank - b.rank);
}

/** The flat list the virtualizer walks: a header per group, then its rows. A collapsed group is left out. */
export function listItems(groups: TierGroup[]): ListItem[] {
  const items: ListItem[] = [];
  let option = 0;
  for (const group of groups) {
    if (group.collapsed) continue;
    items.push({ kind: 'header', group });
    for (const row of group.rows) items.push({ kind: 'row', group, row, option: option++ });
  }
  return items;
}

/** "3 tickets", "1 Slack request", "2 Slack requests and 1 ticket": what a group (or Other's toggle) holds. */
export function describeRows(rows: QueueRow[]): string {
  const requests = rows.filter((row) => row.kind === 'slack').length;
  return describeCounts(requests, rows.length - requests);
}

/**
 * The words for a number of Slack requests and tickets, shared by the group labels and the refresh
 * announcement so both count the same way. No requests reads as tickets alone ("0 tickets" included).
 */
export function describeCounts(requests: number, tickets: number): string {
  const parts: string[] = [];
  if (requests > 0) parts.push(`${requests} Slack ${requests === 1 ? 'request' : 'requests'}`);
  if (tickets > 0 || requests === 0) parts.push(`${tickets} ${tickets === 1 ? 'ticket' : 'tickets'}`);
  return parts.join(' and ');
}
