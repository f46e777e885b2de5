/**
 * The alert rules, pure: from a snapshot, the ledger as it stands, the clock and the settings they return what to
 * do with each event as data (deliver, hold, skip or summarize, each with its reason). The AlertCenter applies
 * the decisions in order; nothing here writes, delivers or reads the clock.
 */
import type { Alert, Snapshot } from '../../../shared/domain';
import type { Settings } from '../../../shared/settings';
import { isQuietHours } from './calendar';
import { type Candidate, dueAlerts } from './due';
import type { SlaEpisode } from './episodes';
import type { LedgerEntry, LedgerRecord } from './ledger';
import { summaryAlert } from './messages';

/** More routine alerts than this at once are folded into one summary (first run, after a long sleep). */
export const MAX_SEPARATE_ALERTS = 3;

const HOUR = 60 * 60_000;
/** How long a summary stays worth showing when a crash kept it from being delivered. */
const SUMMARY_RELEVANCE_MS = 12 * HOUR;

/** Why an event is delivered, held, skipped or summarized. */
export type DecisionReason =
  /** Due now, and nothing holds it. */
  | 'due'
  /** Notifications are paused. */
  | 'paused'
  /** Outside working hours, and not urgent. */
  | 'quiet_hours'
  /** One of more than MAX_SEPARATE_ALERTS routine alerts at once: it goes into one summary. */
  | 'burst'
  /** A later threshold or heads-up of the same event is due too: only the latest is news. */
  | 'superseded'
  /** The SLA has breached: the queue and the tray show it. */
  | 'breached'
  /** The ticket had its 3 SLA warnings in this episode (the handbook's cap). */
  | 'capped'
  /** The turn started long ago: the tray already says "on call". */
  | 'old_news'
  /** No longer worth showing (past its relevance, or recorded without an alert). */
  | 'expired'
  /** Its ticket was solved or left the queue. */
  | 'ticket_gone'
  /** Held alerts, shown now as one summary. */
  | 'summary'
  /** Recorded as pending before a crash: shown now. */
  | 'recovered'
  /** Held by a pause that ended: an alert that is never folded (Customer Success) arrives on its own. */
  | 'released';

/**
 * One decision. `record` is what the ledger records for a new event, `null` for an event the ledger holds
 * already (a held or pending alert moving on).
 */
export type Decision =
  | { action: 'deliver'; id: string; alert: Alert; record: LedgerRecord | null; reason: DecisionReason }
  | { action: 'hold'; id: string; record: LedgerRecord | null; reason: DecisionReason }
  | { action: 'skip'; id: string; record: LedgerRecord | null; reason: DecisionReason }
  | { action: 'summarize'; ids: string[]; reason: 'summary' };

/** What the rules read: the snapshot, the ledger as it stands, and the moment and settings to judge by. */
export interface RuleInput {
  snapshot: Snapshot;
  entries: Readonly<Record<string, Readonly<LedgerEntry>>>;
  pausedUntil: number | null;
  nowMs: number;
  settings: Settings;
  timeZone: string;
  /** Each ticket's SLA warning episode as the ledger holds it, by ticket id (none: every episode starts now). */
  episodes?: Readonly<Record<string, Readonly<SlaEpisode>>>;
}

/** Everything an evaluation decides: the decisions in order, and the episodes that changed (`null`: ended). */
export interface Evaluation {
  decisions: Decision[];
  episodes: Record<string, SlaEpisode | null>;
}

/** Alerts split by the folding policy. */
export interface FoldedAlerts<T> {
  /** Shown one by one: every urgent alert first, then the routine ones when there are few. */
  separate: T[];
  /** Folded into one summary: the routine alerts, when more than MAX_SEPARATE_ALERTS arrive at once. */
  folded: T[];
}

/**
 * Whether an alert is never held by quiet hours and never folded: urgent ones, and Customer Success requests
 * ("there will be some urgency needed"), also when a ledger written before they were urgent says otherwise.
 */
export function isUrgent(alert: Alert): boolean {
  return alert.urgent || alert.kind === 'cs_tagged';
}

/**
 * The one folding policy: urgent alerts (see isUrgent) always arrive on their own; routine ones too, unless more
 * than MAX_SEPARATE_ALERTS of them arrive at once (first run, after a long sleep), when they become one summary.
 * Three alerts are three notifications.
 */
export function foldAlerts(alerts: readonly Alert[]): FoldedAlerts<Alert>;
export function foldAlerts<T>(items: readonly T[], alertOf: (item: T) => Alert): FoldedAlerts<T>;
export function foldAlerts<T>(items: readonly T[], alertOf?: (item: T) => Alert): FoldedAlerts<T> {
  const urgentOf = (item: T) => isUrgent(alertOf ? alertOf(item) : (item as Alert));
  const urgent = items.filter(urgentOf);
  const routine = items.filter((item) => !urgentOf(item));
  return routine.length > MAX_SEPARATE_ALERTS
    ? { separate: urgent, folded: routine }
    : { separate: [...urgent, ...routine], folded: [] };
}

/**
 * Everything to do after a poll, in order: skip what is stale news, hold what pause or quiet hours hold,
 * deliver what is due (urgent first), fold a burst, and when nothing holds alerts, summarize those held so far.
 */
export function decideAlerts(input: RuleInput): Decision[] {
  return evaluate(input).decisions;
}

/** decideAlerts, plus how each ticket's SLA warning episode moved on (the ledger keeps them for the cap). */
export function evaluate(input: RuleInput): Evaluation {
  const { snapshot, entries, nowMs, settings, timeZone } = input;
  const decisions: Decision[] = [];
  const episodes: Record<string, SlaEpisode | null> = {};
  const skippedNow = new Set<string>();
  // Events already decided (delivered, held, skipped...) are never decided again: same id, same event.
  const known = (id: string) => entries[id] !== undefined || skippedNow.has(id);
  const skip = (id: string, record: LedgerRecord, reason: DecisionReason) => {
    if (known(id)) return;
    skippedNow.add(id);
    decisions.push({ action: 'skip', id, record, reason });
  };
  const episode = (ticketId: number, next: SlaEpisode | null) => {
    episodes[String(ticketId)] = next;
  };
  const candidates = dueAlerts(snapshot, entries, input.episodes ?? {}, settings, nowMs, timeZone, {
    known,
    skip,
    episode,
  }).filter((candidate) => !known(candidate.alert.id));

  const quiet = isQuietHours(settings, nowMs, timeZone);
  const paused = isPaused(input.pausedUntil, nowMs);
  const held: Candidate[] = [];
  const open: Candidate[] = [];
  for (const candidate of candidates) {
    if (paused || (quiet && !isUrgent(candidate.alert))) {
      held.push(candidate);
      decisions.push(hold(candidate, paused ? 'paused' : 'quiet_hours'));
    } else open.push(candidate);
  }
  const { separate, folded } = foldAlerts(open, (candidate) => candidate.alert);
  for (const candidate of separate) decisions.push(deliver(candidate, 'due'));
  for (const candidate of folded) {
    held.push(candidate);
    decisions.push(hold(candidate, 'burst'));
  }
  if (!paused) decisions.push(...summarizeHeld(input, held, folded.length > 0, quiet));
  return { decisions, episodes };
}

/** At start: what to do with alerts a crash left `pending` (recorded, maybe never shown). */
export function decideRecovery(input: Omit<RuleInput, 'snapshot'>): Decision[] {
  const { entries, nowMs, settings, timeZone } = input;
  const quiet = isQuietHours(settings, nowMs, timeZone);
  const paused = isPaused(input.pausedUntil, nowMs);
  const decisions: Decision[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    if (entry.status !== 'pending') continue;
    if (!entry.alert || (entry.relevantUntil !== null && entry.relevantUntil <= nowMs)) {
      decisions.push({ action: 'skip', id, record: null, reason: 'expired' });
    } else if (paused || (quiet && !isUrgent(entry.alert))) {
      decisions.push({ action: 'hold', id, record: null, reason: paused ? 'paused' : 'quiet_hours' });
    } else {
      decisions.push({ action: 'deliver', id, alert: entry.alert, record: null, reason: 'recovered' });
    }
  }
  return decisions;
}

/** Whether notifications are paused at `nowMs`. */
export function isPaused(pausedUntil: number | null, nowMs: number): boolean {
  return pausedUntil !== null && nowMs < pausedUntil;
}

/**
 * Everything held (in the ledger, or by this evaluation) that is still relevant, as one summary; the rest is
 * skipped. Customer Success alerts a pause held are never folded: each arrives on its own, before the summary,
 * as soon as the pause ends (`quiet`: outside working hours, when the rest waits for the summary).
 * `burst`: a burst was folded just now, so the summary is about new alerts, not "while you were away".
 */
function summarizeHeld(input: RuleInput, heldNow: Candidate[], burst: boolean, quiet: boolean): Decision[] {
  const { snapshot, entries, nowMs } = input;
  const held = new Map<string, { ticketId: number | null; relevantUntil: number | null; alert: Alert | null }>();
  for (const [id, entry] of Object.entries(entries)) if (entry.status === 'held') held.set(id, entry);
  for (const candidate of heldNow) {
    if (!held.has(candidate.alert.id))
      held.set(candidate.alert.id, { ...candidate, ticketId: candidate.alert.ticketId });
  }
  const presentTickets = new Map(snapshot.queue.map((entry) => [entry.ticket.id, entry.ticket.status]));
  const zendeskFresh = snapshot.sources.zendesk.state === 'fresh';
  const decisions: Decision[] = [];
  const shown: [string, Alert][] = [];
  for (const [id, entry] of held) {
    const alone = entry.alert?.kind === 'cs_tagged';
    if (quiet && !alone) continue;
    const status = entry.ticketId === null ? null : presentTickets.get(entry.ticketId);
    const ticketGone =
      entry.ticketId !== null && zendeskFresh && (status === undefined || status === 'solved' || status === 'closed');
    const expired = entry.relevantUntil !== null && entry.relevantUntil <= nowMs;
    if (!entry.alert || expired || ticketGone) {
      decisions.push({ action: 'skip', id, record: null, reason: !entry.alert || expired ? 'expired' : 'ticket_gone' });
    } else if (alone) {
      // Delivered from the ledger's `held` entry: if the notifier fails it stays held and is tried again.
      decisions.push({
        action: 'deliver',
        id,
        alert: { ...entry.alert, urgent: true },
        record: null,
        reason: 'released',
      });
    } else {
      shown.push([id, entry.alert]);
    }
  }
  if (shown.length === 0) return decisions;
  const summary = summaryAlert(shown, burst, nowMs);
  decisions.push({ action: 'summarize', ids: shown.map(([id]) => id), reason: 'summary' });
  decisions.push({
    action: 'deliver',
    id: summary.id,
    alert: summary,
    record: {
      kind: 'summary',
      ticketId: summary.ticketId,
      target: null,
      relevantUntil: nowMs + SUMMARY_RELEVANCE_MS,
      alert: summary,
    },
    reason: 'summary',
  });
  return decisions;
}

function hold(candidate: Candidate, reason: DecisionReason): Decision {
  return { action: 'hold', id: candidate.alert.id, record: recordOf(candidate), reason };
}

function deliver(candidate: Candidate, reason: DecisionReason): Decision {
  return { action: 'deliver', id: candidate.alert.id, alert: candidate.alert, record: recordOf(candidate), reason };
}

function recordOf(candidate: Candidate): LedgerRecord {
  const { alert, target, relevantUntil } = candidate;
  return { kind: alert.kind, ticketId: alert.ticketId, target, relevantUntil, alert };
}
