/**
 * What faces show, decided once: the turn line and whether the turn is known, where each queue row opens, how
 * a source's health reads, and which SLAs are imminent. The tray, the window and the CLI render these fields
 * from the snapshot and decide none of them again. Pure: no clock, no I/O.
 */
import {
  IMMINENT_BREACH_MINUTES,
  type OpenTarget,
  type QueueEntry,
  type RankedEntry,
  SERVICE_LABEL,
  type SlaView,
  type SnapshotTurn,
  type SourceHealth,
  type SourceHealthView,
  type Ticket,
  type Turn,
  type TurnStatus,
  type TurnView,
} from '../../shared/domain';
import { formatDuration, formatWhen, parseInstant } from '../../shared/format';
import { plainText } from './text';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** "in 13 days" for far-off instants, "in 3h 5m" for near ones. */
export function formatIn(ms: number): string {
  if (ms >= 2 * DAY) return `in ${Math.floor(ms / DAY)} days`;
  return `in ${formatDuration(ms)}`;
}

/** Whether an SLA is breached or breaches within IMMINENT_BREACH_MINUTES (the one "one hour" of the app). */
export function isImminent(sla: SlaView): boolean {
  if (sla.state === 'breached') return true;
  return sla.msToBreach !== null && sla.msToBreach <= IMMINENT_BREACH_MINUTES * MINUTE;
}

/**
 * Where opening a ticket leads: a community question is answered on posthog.com, never from Zendesk, so its
 * question page; everything else the Zendesk ticket. The demo's tickets live in no real Zendesk: no page.
 */
export function openTarget(ticket: Ticket, demo: boolean): OpenTarget {
  if (ticket.source === 'community' && ticket.moderationUrl !== null) {
    return { target: 'moderation', url: ticket.moderationUrl };
  }
  return { target: 'ticket', url: demo ? null : ticket.url };
}

/** A ranked entry with what faces need to open and mark it. */
export function presentEntry(entry: RankedEntry, demo: boolean): QueueEntry {
  return { ...entry, open: openTarget(entry.ticket, demo), imminent: isImminent(entry.sla) };
}

/**
 * A source's health with its label and reason. Health messages mostly name their service already
 * ("Zendesk: unreachable"); the reason is the message without that prefix, and the line names the service once.
 */
export function presentHealth(health: SourceHealth): SourceHealthView {
  const label = SERVICE_LABEL[health.source];
  const message = health.message.trim();
  const reason = message.startsWith(`${label}: `) ? message.slice(label.length + 2) : message;
  const line = reason.startsWith(label) ? reason : `${label}: ${reason}`;
  return { ...health, label, reason, line };
}

/** What PagerDuty's answer (or its absence) tells faces about the turn. */
export interface TurnFacts {
  /** PagerDuty's data is in (the snapshot's `me` comes with it). */
  known: boolean;
  pagerduty: SourceHealthView;
}

function turnStatus(turn: TurnView, known: boolean): TurnStatus {
  if (!known) return 'unknown';
  if (turn.onCall && turn.current) return 'on_call';
  if (turn.next) return 'upcoming';
  return 'none';
}

function scheduleSuffix(turn: Turn): string {
  const names = turn.scheduleNames.map((name) => plainText(name, 60)).filter(Boolean);
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}

/**
 * The turn line at `nowMs`, at the three lengths faces use. Without PagerDuty data the turn is unknown: saying
 * "not on any selected schedule" then would tell the user they are off duty when they may not be.
 */
export function presentTurn(turn: TurnView, facts: TurnFacts, nowMs: number, timeZone: string): SnapshotTurn {
  const status = turnStatus(turn, facts.known);
  const when = (ms: number) => formatWhen(ms, nowMs, timeZone);
  let line: string;
  let short: string;
  let long: string;
  switch (status) {
    case 'unknown': {
      const notConnected = facts.pagerduty.failure?.kind === 'not_configured';
      line = notConnected ? 'Turn unknown: PagerDuty is not connected' : 'Turn unknown: no answer from PagerDuty yet';
      short = 'Turn unknown (no PagerDuty data)';
      long = `Turn unknown: ${plainText(facts.pagerduty.line, 200)}`;
      break;
    }
    case 'on_call': {
      const current = turn.current as Turn;
      const end = parseInstant(current.end);
      const names = plainText(current.scheduleNames.join(', '), 120) || 'your schedule';
      line =
        end === null
          ? `On call for ${names}, no end scheduled`
          : `On call for ${names} until ${when(end)} · ${formatDuration(end - nowMs)} left`;
      short = end === null ? 'On duty (no end set)' : `On duty until ${when(end)}`;
      const until = end === null ? '' : ` until ${when(end)} (${formatDuration(end - nowMs)} left)`;
      long = `On call now${until}${scheduleSuffix(current)}`;
      break;
    }
    case 'upcoming': {
      const next = turn.next as Turn;
      const start = parseInstant(next.start);
      line = start === null ? 'Next turn soon' : `Next turn ${when(start)} · ${formatIn(start - nowMs)}`;
      short = start === null ? 'No upcoming turn' : `Next turn ${when(start)}`;
      const at = start === null ? '' : ` ${when(start)}, in ${formatDuration(start - nowMs)}`;
      long = `Off duty · next turn${at}${scheduleSuffix(next)}`;
      break;
    }
    case 'none':
      line = 'Not on any selected schedule';
      short = 'No upcoming turn';
      long = 'Off duty · no turn in the schedules ahead';
      break;
  }
  return { ...turn, known: facts.known, status, line, short, long };
}
