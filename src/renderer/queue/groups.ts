/** Turns the snapshot's ordered queue into what the list draws: tier groups, filtered, with Other collapsible. */
import type { QueueEntry, Snapshot } from '../../shared/domain';

export interface TierGroup {
  id: string;
  label: string;
  rank: number;
  /** Entries shown after the filter (all of them, even while Other is collapsed). */
  entries: QueueEntry[];
  collapsed: boolean;
}

export type ListItem =
  | { kind: 'header'; group: TierGroup }
  | { kind: 'row'; group: TierGroup; entry: QueueEntry; option: number };

export const OTHER_TIER = 'other';

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

/** Groups in the snapshot's tier order; Other last. A filter shows matches in Other even when collapsed. */
export function groupQueue(
  snapshot: Snapshot,
  filter: string,
  revealed: Record<number, true>,
  otherExpanded: boolean,
): TierGroup[] {
  const needle = filter.trim().toLowerCase();
  const byId = new Map<string, TierGroup>();
  for (const entry of snapshot.queue) {
    if (!matchesFilter(entry, needle, revealed[entry.ticket.id] === true)) continue;
    let group = byId.get(entry.tier);
    if (!group) {
      const isOther = entry.tier === OTHER_TIER;
      group = {
        id: entry.tier,
        label: entry.tierLabel,
        rank: isOther ? Number.POSITIVE_INFINITY : entry.tierRank,
        entries: [],
        collapsed: isOther && !otherExpanded && needle === '',
      };
      byId.set(entry.tier, group);
    }
    group.entries.push(entry);
  }
  return [...byId.values()].sort((a, b) => a.rank - b.rank);
}

/** The flat list the virtualizer walks: a header per group, then its rows. A collapsed group is left out. */
export function listItems(groups: TierGroup[]): ListItem[] {
  const items: ListItem[] = [];
  let option = 0;
  for (const group of groups) {
    if (group.collapsed) continue;
    items.push({ kind: 'header', group });
    for (const entry of group.entries) items.push({ kind: 'row', group, entry, option: option++ });
  }
  return items;
}
