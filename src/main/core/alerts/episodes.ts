/**
 * SLA warning episodes. The handbook caps warnings per ticket ("The maximum number of alerts that will be posted
 * for a single ticket is 3") and stops them once the ticket is touched ("If the ticket remains untouched an hour
 * later..."). An episode is a maximal run of overlapping running SLA targets of one ticket: it continues while any
 * target running now was running in it before, and ends when none runs (achieved: someone replied; paused: pending
 * or on hold; or the ticket was solved). A target that starts after that opens a new episode, which may warn again.
 * Pure: the ledger stores what these functions return.
 */
import type { SlaTarget } from '../sla';

/** The handbook's cap: at most this many SLA warnings per ticket in one episode. */
export const MAX_SLA_WARNINGS_PER_EPISODE = 3;

/** One ticket's SLA warning episode, as the ledger keeps it. */
export interface SlaEpisode {
  /** The target that opened the episode, so an episode can be told apart from the next one in diagnostics. */
  id: string;
  /** The targets (`ticketId:metric:breachAt`) running at the last evaluation, earliest breach first. */
  targets: string[];
  /** SLA warnings shown, held or pending in this episode (skipped ones are not warnings). */
  warned: number;
  /** When the episode last changed (for pruning; an unchanged episode is not rewritten on every poll). */
  updatedAt: number;
}

/** What identifies an SLA target, in warning ids and episodes: the ticket, the metric and the breach time. */
export function slaTargetKey(ticketId: number, target: SlaTarget): string {
  return `${ticketId}:${target.metric}:${target.breachAt}`;
}

/**
 * The ticket's episode given the targets running now (`null` when none runs: the episode ended). The same object
 * when nothing changed, so the caller can tell a change by reference.
 */
export function advanceEpisode(
  previous: Readonly<SlaEpisode> | undefined,
  running: readonly string[],
  warnedByTarget: () => ReadonlyMap<string, number>,
  nowMs: number,
): SlaEpisode | null {
  if (running.length === 0) return null;
  if (previous && running.some((target) => previous.targets.includes(target))) {
    const same = previous.targets.length === running.length && running.every((t, i) => previous.targets[i] === t);
    return same ? (previous as SlaEpisode) : { ...previous, targets: [...running], updatedAt: nowMs };
  }
  // Warnings the ledger already holds about these very targets count: zero for new targets, more for a ledger
  // written before episodes existed or for targets that stopped for a poll and came back unchanged, so neither
  // resets the cap.
  const counts = warnedByTarget();
  const warned = running.reduce((sum, target) => sum + (counts.get(target) ?? 0), 0);
  return { id: running[0]!, targets: [...running], warned, updatedAt: nowMs };
}
