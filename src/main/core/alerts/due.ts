/**
 * Which alerts are due at a moment: turn heads-ups, the turn start, the end-of-turn handover reminder, CS tags and
 * SLA warnings. Pure: thresholds crossed before the latest one are reported through `skip`, and how each ticket's
 * SLA warning episode moved on through `episode`, never written here.
 */
import {
  type Alert,
  type AlertKind,
  IMMINENT_BREACH_MINUTES,
  type QueueEntry,
  type SlackRequestEntry,
  type Snapshot,
} from '../../../shared/domain';
import { formatDuration, formatWhen, parseInstant } from '../../../shared/format';
import type { Settings } from '../../../shared/settings';
import { runningSlaTargets } from '../sla';
import { reminderDueAt } from './calendar';
import { advanceEpisode, MAX_SLA_WARNINGS_PER_EPISODE, type SlaEpisode, slaTargetKey } from './episodes';
import { countByTarget, type LedgerEntry, type LedgerRecord } from './ledger';
import { alertTicketUrl, scheduleNames, ticketBody, ticketLabel } from './messages';
import type { DecisionReason } from './rules';

const MINUTE = 60_000;
/** A turn start is announced only this long after it happened (after a sleep or a late launch). */
const TURN_START_NEWS_MS = 60 * MINUTE;

/** An alert the rules say is due now, before pause, quiet hours and folding decide what happens to it. */
export interface Candidate {
  alert: Alert;
  target: string | null;
  relevantUntil: number | null;
}

/** How the due-alert rules learn what the ledger knows and report events that are stale news. */
export interface DueContext {
  /** Whether the event was decided before (or skipped earlier in this evaluation). */
  known(id: string): boolean;
  /** Reports an event not worth showing; ignored when already known. */
  skip(id: string, record: LedgerRecord, reason: DecisionReason): void;
  /** Reports a ticket's new or changed SLA warning episode (`null`: it ended), counting a warning due now. */
  episode(ticketId: number, episode: SlaEpisode | null): void;
}

/** Every alert due at `nowMs` from `snapshot` that the ledger has not decided yet (the caller filters those). */
export function dueAlerts(
  snapshot: Snapshot,
  entries: Readonly<Record<string, Readonly<LedgerEntry>>>,
  episodes: Readonly<Record<string, Readonly<SlaEpisode>>>,
  settings: Settings,
  nowMs: number,
  timeZone: string,
  context: DueContext,
): Candidate[] {
  const out: Candidate[] = [];
  turnAlerts(snapshot, settings, nowMs, timeZone, context, out);
  // Ticket alerts are for the Support Hero on duty. When PagerDuty never answered we cannot tell, so they
  // flow; while off duty nothing is recorded, so a CS tag or a near breach is announced when the turn begins.
  const onDuty = snapshot.turn.onCall || snapshot.me === null;
  if (onDuty) {
    let counts: Map<string, number> | null = null;
    const warnedByTarget = () => {
      counts ??= countByTarget(entries);
      return counts;
    };
    // A ticket listed twice is judged once per listing, the second time against the episode the first left.
    const current = new Map<number, SlaEpisode | null>();
    for (const entry of snapshot.queue) {
      const id = entry.ticket.id;
      const previous = current.has(id) ? (current.get(id) ?? undefined) : episodes[String(id)];
      const next = slaAlerts(entry, settings, nowMs, previous, warnedByTarget, context, out);
      current.set(id, next);
      if (next !== (previous ?? null)) context.episode(id, next);
      csAlert(entry, nowMs, out);
    }
    for (const entry of snapshot.requests ?? []) slackAlert(entry, nowMs, out);
  }
  return out;
}

function skipRecord(
  kind: AlertKind,
  ticketId: number | null = null,
  target: string | null = null,
  relevantUntil: number | null = null,
): LedgerRecord {
  return { kind, ticketId, target, relevantUntil, alert: null };
}

function turnAlerts(
  snapshot: Snapshot,
  settings: Settings,
  now: number,
  zone: string,
  context: DueContext,
  out: Candidate[],
): void {
  const { current, next } = snapshot.turn;
  const upcoming = next;
  const upcomingStart = parseInstant(upcoming?.start ?? null);
  if (upcoming && upcomingStart !== null && upcomingStart > now) {
    // Each heads-up is due in working hours, so a Monday 09:00 turn is announced on Friday rather than held by
    // quiet hours until it has started. Of those due by now, only the latest is news.
    const due = settings.notifications.turnLeadMinutes
      .map((minutes) => ({ minutes, at: reminderDueAt(settings, null, upcomingStart, minutes * MINUTE, zone) }))
      .sort((a, b) => a.at - b.at || b.minutes - a.minutes);
    const crossed = due.filter((entry) => now >= entry.at);
    const ids = crossed.map((entry) => `turn_upcoming:${iso(upcomingStart)}:${entry.minutes}`);
    for (const id of ids.slice(0, -1)) context.skip(id, skipRecord('turn_upcoming'), 'superseded');
    const lead = crossed[crossed.length - 1];
    if (lead !== undefined) {
      out.push({
        alert: {
          id: ids[ids.length - 1]!,
          kind: 'turn_upcoming',
          ticketId: null,
          title: `Support Hero turn in ${formatDuration(upcomingStart - now)}`,
          body: `${scheduleNames(upcoming)} from ${formatWhen(upcomingStart, now, zone)}`,
          url: upcoming.scheduleUrl,
          urgent: false,
          dueAt: iso(lead.at),
        },
        target: null,
        relevantUntil: upcomingStart,
      });
    }
  }
  if (!current) return;
  const start = parseInstant(current.start);
  const end = parseInstant(current.end);
  const startedId = start === null ? null : `turn_started:${iso(start)}`;
  if (start !== null && startedId !== null && now - start > TURN_START_NEWS_MS) {
    // Learning hours later that a turn started is stale news (the tray already says "on call").
    context.skip(startedId, skipRecord('turn_started', null, null, end), 'old_news');
  } else if (start !== null && startedId !== null && start <= now) {
    out.push({
      alert: {
        id: startedId,
        kind: 'turn_started',
        ticketId: null,
        title: 'Your Support Hero turn started',
        body: end === null ? scheduleNames(current) : `${scheduleNames(current)} until ${formatWhen(end, now, zone)}`,
        url: current.scheduleUrl,
        urgent: true,
        dueAt: iso(start),
      },
      target: null,
      relevantUntil: end,
    });
  }
  const endingDue =
    end === null
      ? null
      : reminderDueAt(settings, start, end, settings.notifications.turnEndingLeadMinutes * MINUTE, zone);
  if (end !== null && endingDue !== null && now >= endingDue && now < end) {
    const handover = snapshot.queue.filter((entry) => entry.handover);
    const listed = handover.slice(0, 5).map(ticketLabel).join(', ');
    const more = handover.length > 5 ? ` and ${handover.length - 5} more` : '';
    out.push({
      alert: {
        id: `turn_ending:${iso(end)}`,
        kind: 'turn_ending',
        ticketId: null,
        title: `Support Hero turn ends in ${formatDuration(end - now)}`,
        body:
          handover.length === 0
            ? 'Nothing to hand over.'
            : `Resolve or hand over ${handover.length === 1 ? '1 ticket' : `${handover.length} tickets`}: ${listed}${more}`,
        url: current.scheduleUrl,
        urgent: false,
        dueAt: iso(endingDue),
      },
      target: null,
      relevantUntil: end,
    });
  }
}

function csAlert(entry: QueueEntry, now: number, out: Candidate[]): void {
  const status = entry.ticket.status;
  if (!entry.flags.includes('cs_tagged') || status === 'solved' || status === 'closed') return;
  out.push({
    alert: {
      id: `cs_tagged:${entry.ticket.id}`,
      kind: 'cs_tagged',
      ticketId: entry.ticket.id,
      title: `Tagged by Customer Success: ${ticketLabel(entry)}`,
      body: ticketBody(entry),
      url: alertTicketUrl(entry),
      // The handbook: "there will be some urgency needed". Shown at once, never folded; only a pause holds it.
      urgent: true,
      dueAt: iso(now),
    },
    target: null,
    // Relevant while the ticket is open (summaries drop solved or vanished tickets), even over a weekend.
    relevantUntil: null,
  });
}

/** A new Slack request from Customer Success: urgent, once per request (the ledger keys it by its id). */
function slackAlert(entry: SlackRequestEntry, now: number, out: Candidate[]): void {
  const { request } = entry;
  const where = request.channelName ? ` in #${request.channelName}` : '';
  out.push({
    alert: {
      id: `slack:${request.id}`,
      kind: 'cs_tagged',
      ticketId: null,
      requestId: request.id,
      title: `${request.author.name} tagged you on Slack${where}`,
      body: request.preview,
      url: request.permalink,
      urgent: true,
      dueAt: iso(now),
    },
    target: null,
    relevantUntil: null,
  });
}

/**
 * The ticket's SLA warning, per ticket and episode (see episodes.ts): driven by its soonest running target that has
 * not breached, latest threshold first, at most MAX_SLA_WARNINGS_PER_EPISODE in the episode. Returns the episode
 * after this evaluation; the warning due now is counted when the ledger records it.
 */
function slaAlerts(
  entry: QueueEntry,
  settings: Settings,
  now: number,
  previous: Readonly<SlaEpisode> | undefined,
  warnedByTarget: () => ReadonlyMap<string, number>,
  context: DueContext,
  out: Candidate[],
): SlaEpisode | null {
  const ticketId = entry.ticket.id;
  const running = runningSlaTargets(entry.ticket);
  const keys = running.map((target) => slaTargetKey(ticketId, target));
  const episode = advanceEpisode(previous, keys, warnedByTarget, now);
  const thresholds = [...new Set(settings.notifications.slaWarningMinutes)].sort((a, b) => b - a);
  const crossedOf = (breachAtMs: number) => thresholds.filter((minutes) => now >= breachAtMs - minutes * MINUTE);
  const idOf = (targetKey: string, minutes: number) => `sla_warning:${targetKey}:${minutes}`;
  const recordOf = (targetKey: string, breachAtMs: number) =>
    skipRecord('sla_warning', ticketId, targetKey, breachAtMs);

  let soonest = -1;
  running.forEach((target, index) => {
    if (now < target.breachAtMs) {
      if (soonest < 0) soonest = index;
      return;
    }
    // Warnings are about breaches to come; once breached, the queue and the tray show it.
    const record = recordOf(keys[index]!, target.breachAtMs);
    for (const minutes of crossedOf(target.breachAtMs)) context.skip(idOf(keys[index]!, minutes), record, 'breached');
  });
  const target = running[soonest];
  const targetKey = keys[soonest];
  if (episode === null || target === undefined || targetKey === undefined) return episode;

  const crossed = crossedOf(target.breachAtMs);
  const record = recordOf(targetKey, target.breachAtMs);
  for (const minutes of crossed.slice(0, -1)) context.skip(idOf(targetKey, minutes), record, 'superseded');
  const minutes = crossed[crossed.length - 1];
  if (minutes === undefined) return episode;
  const id = idOf(targetKey, minutes);
  if (context.known(id)) return episode;
  if (episode.warned >= MAX_SLA_WARNINGS_PER_EPISODE) {
    // Also what keeps thresholds changed in settings from adding a 4th warning.
    context.skip(id, record, 'capped');
    return episode;
  }
  const remaining = target.breachAtMs - now;
  out.push({
    alert: {
      id,
      kind: 'sla_warning',
      ticketId,
      title: `SLA breach in ${formatDuration(remaining)}: ${ticketLabel(entry)}`,
      body: ticketBody(entry),
      url: alertTicketUrl(entry),
      urgent: remaining <= IMMINENT_BREACH_MINUTES * MINUTE,
      dueAt: iso(target.breachAtMs - minutes * MINUTE),
    },
    target: targetKey,
    relevantUntil: target.breachAtMs,
  });
  // Not counted here: the ledger counts the warning when it records it (see AlertLedger.record).
  return episode;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
