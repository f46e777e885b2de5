/**
 * The alert rules and the ledger that makes them "never twice, never lost".
 *
 * Alerts are derived from a snapshot and the clock, each with a stable id (the same event always gets the
 * same id). Before an alert is shown it is recorded as `pending` in a durable KeyValueStore; after the
 * notifier took it, it is marked `delivered`. A crash in between leaves it `pending`, and `recover()` shows it
 * on the next start if it still matters. Held alerts (quiet hours, pause) become one summary later.
 */
import {
  type Alert,
  type AlertKind,
  CONTENT_WARNING_SUBJECT,
  IMMINENT_BREACH_MINUTES,
  type NotificationState,
  type QueueEntry,
  type Snapshot,
  type Turn,
} from '../../shared/domain';
import { formatDuration, formatWhen, parseHhMm, parseInstant, zonedParts, zonedTimeToMs } from '../../shared/format';
import type { PauseRequest } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { Clock, KeyValueStore, Notifier } from './ports';
import { runningSlaTargets } from './sla';
import { plainText } from './text';

/** Key of the ledger in the KeyValueStore. */
export const LEDGER_KEY = 'alertLedger';
/** The handbook's cap: at most this many SLA warnings per ticket and SLA target. */
export const MAX_SLA_WARNINGS_PER_TARGET = 3;
/** More non-urgent alerts than this at once are folded into one summary (first run, after a long sleep). */
export const MAX_SEPARATE_ALERTS = 3;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A turn start is announced only this long after it happened (after a sleep or a late launch). */
const TURN_START_NEWS_MS = HOUR;
const DAY = 24 * HOUR;
const RETENTION_MS = 14 * DAY;
const GONE_TICKET_RETENTION_MS = 2 * DAY;
const MAX_LEDGER_ENTRIES = 20_000;

export type LedgerStatus = 'pending' | 'delivered' | 'held' | 'skipped' | 'summarized';

/** One recorded alert decision. */
export interface LedgerEntry {
  status: LedgerStatus;
  kind: AlertKind;
  ticketId: number | null;
  /** `ticketId:metric:breachAt` for SLA warnings, for the per-target cap. */
  target: string | null;
  recordedAt: number;
  /** After this instant the alert is no longer worth showing (recover and summaries drop it). */
  relevantUntil: number | null;
  /** Kept while the alert may still be shown (`pending`, `held`). */
  alert: Alert | null;
}

interface LedgerData {
  version: 1;
  pausedUntil: number | null;
  entries: Record<string, LedgerEntry>;
}

/** An alert the rules say is due now, before the ledger decides. */
interface Candidate {
  alert: Alert;
  target: string | null;
  relevantUntil: number | null;
}

export interface AlertCenterOptions {
  store: KeyValueStore;
  notifier: Notifier;
  clock: Clock;
  settings: () => Settings;
  /** The user's IANA zone, for working hours. */
  timeZone: () => string;
}

const STATUSES = new Set<LedgerStatus>(['pending', 'delivered', 'held', 'skipped', 'summarized']);

function readLedger(raw: unknown): LedgerData {
  const empty: LedgerData = { version: 1, pausedUntil: null, entries: {} };
  if (!raw || typeof raw !== 'object') return empty;
  const data = raw as Partial<LedgerData>;
  const entries: Record<string, LedgerEntry> = {};
  if (data.entries && typeof data.entries === 'object') {
    for (const [id, entry] of Object.entries(data.entries)) {
      if (entry && typeof entry === 'object' && STATUSES.has(entry.status) && typeof entry.recordedAt === 'number') {
        entries[id] = entry;
      }
    }
  }
  const pausedUntil =
    typeof data.pausedUntil === 'number' && Number.isFinite(data.pausedUntil) ? data.pausedUntil : null;
  return { version: 1, pausedUntil, entries };
}

/** FNV-1a, for short stable ids of summaries (which stand for a set of alerts). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** True when `nowMs` falls inside the working hours in `timeZone`. */
export function inWorkingHours(settings: Settings, nowMs: number, timeZone: string): boolean {
  const hours = settings.notifications.workingHours;
  const start = parseHhMm(hours.start);
  const end = parseHhMm(hours.end);
  if (start === null || end === null) return true;
  const local = zonedParts(nowMs, timeZone);
  return hours.days.includes(local.weekday) && local.minuteOfDay >= start && local.minuteOfDay < end;
}

/** The start of the next working day after today's local date ("snooze until tomorrow"). */
export function nextWorkingDayStart(settings: Settings, nowMs: number, timeZone: string): number {
  const hours = settings.notifications.workingHours;
  const startMinute = parseHhMm(hours.start) ?? 9 * 60;
  const today = zonedParts(nowMs, timeZone);
  for (let offset = 1; offset <= 8; offset++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    if (!hours.days.includes(day.getUTCDay())) continue;
    const startMs = zonedTimeToMs(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), startMinute, timeZone);
    if (startMs > nowMs) return startMs;
  }
  return nowMs + DAY;
}

/**
 * When a reminder `leadMs` ahead of `deadlineMs` is due: at `deadlineMs - leadMs`, or, when quiet hours would hold
 * it until the deadline has passed (a turn starting or ending at night, over a weekend or at the start of a working
 * day), `leadMs` before the end of the last working period before then (at its start at the earliest). Never
 * before `notBeforeMs`. Serves the turn heads-ups and the end-of-turn handover reminder alike.
 */
export function reminderDueAt(
  settings: Settings,
  notBeforeMs: number | null,
  deadlineMs: number,
  leadMs: number,
  timeZone: string,
): number {
  const due = deadlineMs - leadMs;
  if (!settings.notifications.quietOutsideWorkingHours || inWorkingHours(settings, due, timeZone)) return due;
  const hours = settings.notifications.workingHours;
  const startMinute = parseHhMm(hours.start);
  const endMinute = parseHhMm(hours.end);
  if (startMinute === null || endMinute === null) return due;
  const local = zonedParts(due, timeZone);
  for (let offset = 0; offset <= 8; offset++) {
    const day = new Date(Date.UTC(local.year, local.month - 1, local.day - offset));
    if (!hours.days.includes(day.getUTCDay())) continue;
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    const periodStart = zonedTimeToMs(y, m, d, startMinute, timeZone);
    const periodEnd = zonedTimeToMs(y, m, d, endMinute, timeZone);
    if (periodEnd > due) continue;
    const moved = Math.max(periodStart, periodEnd - leadMs);
    return notBeforeMs !== null && moved < notBeforeMs ? due : moved;
  }
  return due;
}

/** What a click on a ticket's alert opens: a community question's page (never answered from Zendesk), else the ticket. */
function ticketLink(entry: QueueEntry): string | null {
  return entry.ticket.moderationUrl || entry.ticket.url || null;
}

function ticketLabel(entry: QueueEntry): string {
  return `#${entry.ticket.id}`;
}

/** Notifications pop up unasked (maybe mid screen-share): a content-warning ticket's subject stays hidden. */
function ticketBody(entry: QueueEntry): string {
  if (entry.flags.includes('content_warning')) return CONTENT_WARNING_SUBJECT;
  return plainText(entry.ticket.subject, 120) || '(no subject)';
}

function scheduleNames(turn: Turn): string {
  return plainText(turn.scheduleNames.join(', '), 80) || 'PagerDuty';
}

/**
 * Decides which alerts are due and delivers them exactly once, holding non-urgent ones outside working hours
 * and everything during a pause. All state lives in the KeyValueStore, so a new instance over the same store
 * continues where the last one stopped.
 */
export class AlertCenter {
  private ledger: LedgerData;
  private targetCounts = new Map<string, number>();
  private dirty = false;

  constructor(private readonly opts: AlertCenterOptions) {
    let raw: unknown;
    try {
      raw = opts.store.get(LEDGER_KEY);
    } catch {
      raw = undefined;
    }
    this.ledger = readLedger(raw);
  }

  /** Evaluates the rules against `snapshot` and returns the alerts delivered now (including summaries). */
  process(snapshot: Snapshot): Alert[] {
    const now = this.opts.clock.now();
    const delivered: Alert[] = [];
    try {
      const settings = this.opts.settings();
      this.targetCounts = this.countByTarget();
      // Events already decided (delivered, held, skipped...) are never decided again: same id, same event.
      const candidates = this.candidates(snapshot, settings, now).filter((c) => !this.ledger.entries[c.alert.id]);
      const quiet = this.isQuiet(settings, now);
      const paused = this.isPaused(now);
      const separate: Candidate[] = [];
      for (const candidate of candidates) {
        if (paused || (quiet && !candidate.alert.urgent)) this.record(candidate, 'held', now);
        else separate.push(candidate);
      }
      const urgent = separate.filter((c) => c.alert.urgent);
      const routine = separate.filter((c) => !c.alert.urgent);
      for (const candidate of urgent) this.deliver(candidate, now, delivered);
      if (routine.length > MAX_SEPARATE_ALERTS) {
        for (const candidate of routine) this.record(candidate, 'held', now);
      } else {
        for (const candidate of routine) this.deliver(candidate, now, delivered);
      }
      if (!paused && !quiet) this.flushHeld(snapshot, now, delivered, routine.length > MAX_SEPARATE_ALERTS);
      this.prune(snapshot, now);
      this.save();
    } catch {
      // Bad input never throws out of the core; what was recorded so far stays recorded.
    }
    return delivered;
  }

  /** Once at start: shows alerts recorded as pending (a crash between record and delivery) that still matter. */
  recover(): Alert[] {
    const now = this.opts.clock.now();
    const delivered: Alert[] = [];
    try {
      const settings = this.opts.settings();
      const quiet = this.isQuiet(settings, now);
      const paused = this.isPaused(now);
      for (const [id, entry] of Object.entries(this.ledger.entries)) {
        if (entry.status !== 'pending') continue;
        if (!entry.alert || (entry.relevantUntil !== null && entry.relevantUntil <= now)) {
          this.dirty = true;
          this.ledger.entries[id] = { ...entry, status: 'skipped', alert: null };
        } else if (paused || (quiet && !entry.alert.urgent)) {
          this.dirty = true;
          this.ledger.entries[id] = { ...entry, status: 'held' };
        } else {
          this.deliverRecorded(id, entry.alert, delivered);
        }
      }
      this.save();
    } catch {
      // See process().
    }
    return delivered;
  }

  /** Pauses for an hour, until the next working day, or resumes (held alerts then arrive as one summary). */
  pause(request: PauseRequest): NotificationState {
    const now = this.opts.clock.now();
    const settings = this.opts.settings();
    if (request?.for === 'hour') this.ledger.pausedUntil = now + HOUR;
    else if (request?.for === 'tomorrow')
      this.ledger.pausedUntil = nextWorkingDayStart(settings, now, this.opts.timeZone());
    else if (request?.for === 'resume') this.ledger.pausedUntil = null;
    this.dirty = true;
    this.save();
    return this.state();
  }

  /** Pause, quiet hours and how many alerts wait for the summary. */
  state(): NotificationState {
    const now = this.opts.clock.now();
    let held = 0;
    for (const entry of Object.values(this.ledger.entries)) if (entry.status === 'held') held++;
    return {
      pausedUntil: this.isPaused(now) ? iso(this.ledger.pausedUntil as number) : null,
      quietHours: this.isQuiet(this.opts.settings(), now),
      held,
    };
  }

  /** A copy of the ledger's entries, for diagnostics and tests. */
  entries(): Record<string, LedgerEntry> {
    return structuredClone(this.ledger.entries);
  }

  // -------------------------------------------------------------------------------------------
  // Rules
  // -------------------------------------------------------------------------------------------

  private candidates(snapshot: Snapshot, settings: Settings, now: number): Candidate[] {
    const out: Candidate[] = [];
    this.turnCandidates(snapshot, settings, now, out);
    // Ticket alerts are for the Support Hero on duty. When PagerDuty never answered we cannot tell, so they
    // flow; while off duty nothing is recorded, so a CS tag or a near breach is announced when the turn begins.
    const onDuty = snapshot.turn.onCall || snapshot.me === null;
    if (onDuty) {
      for (const entry of snapshot.queue) {
        this.csCandidate(entry, now, out);
        this.slaCandidates(entry, settings, now, out);
      }
    }
    return out;
  }

  private turnCandidates(snapshot: Snapshot, settings: Settings, now: number, out: Candidate[]): void {
    const zone = this.opts.timeZone();
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
      this.skipAll(ids.slice(0, -1), 'turn_upcoming', now);
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
      this.skipAll([startedId], 'turn_started', now, null, null, end);
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

  private csCandidate(entry: QueueEntry, now: number, out: Candidate[]): void {
    const status = entry.ticket.status;
    if (!entry.flags.includes('cs_tagged') || status === 'solved' || status === 'closed') return;
    out.push({
      alert: {
        id: `cs_tagged:${entry.ticket.id}`,
        kind: 'cs_tagged',
        ticketId: entry.ticket.id,
        title: `Tagged by Customer Success: ${ticketLabel(entry)}`,
        body: ticketBody(entry),
        url: ticketLink(entry),
        urgent: false,
        dueAt: iso(now),
      },
      target: null,
      // Relevant while the ticket is open (summaries drop solved or vanished tickets), even over a weekend.
      relevantUntil: null,
    });
  }

  private slaCandidates(entry: QueueEntry, settings: Settings, now: number, out: Candidate[]): void {
    const thresholds = [...new Set(settings.notifications.slaWarningMinutes)].sort((a, b) => b - a);
    for (const target of runningSlaTargets(entry.ticket)) {
      const targetKey = `${entry.ticket.id}:${target.metric}:${target.breachAt}`;
      const ids = thresholds.map((minutes) => `sla_warning:${targetKey}:${minutes}`);
      const crossed = thresholds.filter((minutes) => now >= target.breachAtMs - minutes * MINUTE);
      const crossedIds = ids.slice(0, crossed.length);
      if (now >= target.breachAtMs) {
        // Warnings are about breaches to come; once breached, the queue and the tray show it.
        this.skipAll(crossedIds, 'sla_warning', now, entry.ticket.id, targetKey, target.breachAtMs);
        continue;
      }
      this.skipAll(crossedIds.slice(0, -1), 'sla_warning', now, entry.ticket.id, targetKey, target.breachAtMs);
      const minutes = crossed[crossed.length - 1];
      if (minutes === undefined) continue;
      const id = crossedIds[crossedIds.length - 1]!;
      if (this.ledger.entries[id]) continue;
      // Thresholds changed in settings could otherwise add a 4th warning to a target.
      if ((this.targetCounts.get(targetKey) ?? 0) >= MAX_SLA_WARNINGS_PER_TARGET) continue;
      const remaining = target.breachAtMs - now;
      out.push({
        alert: {
          id,
          kind: 'sla_warning',
          ticketId: entry.ticket.id,
          title: `SLA breach in ${formatDuration(remaining)}: ${ticketLabel(entry)}`,
          body: ticketBody(entry),
          url: ticketLink(entry),
          urgent: remaining <= IMMINENT_BREACH_MINUTES * MINUTE,
          dueAt: iso(target.breachAtMs - minutes * MINUTE),
        },
        target: targetKey,
        relevantUntil: target.breachAtMs,
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Ledger
  // -------------------------------------------------------------------------------------------

  /** SLA warnings shown, held or pending per target: computed once per evaluation, not per ticket. */
  private countByTarget(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of Object.values(this.ledger.entries)) {
      if (entry.target !== null && entry.status !== 'skipped')
        counts.set(entry.target, (counts.get(entry.target) ?? 0) + 1);
    }
    return counts;
  }

  /** Records decisions not to show (e.g. thresholds crossed before the latest one: stale news). */
  private skipAll(
    ids: string[],
    kind: AlertKind,
    now: number,
    ticketId: number | null = null,
    target: string | null = null,
    relevantUntil: number | null = null,
  ): void {
    for (const id of ids) {
      if (this.ledger.entries[id]) continue;
      this.dirty = true;
      this.ledger.entries[id] = {
        status: 'skipped',
        kind,
        ticketId,
        target,
        recordedAt: now,
        relevantUntil,
        alert: null,
      };
    }
  }

  private record(candidate: Candidate, status: LedgerStatus, now: number): boolean {
    if (this.ledger.entries[candidate.alert.id]) return false;
    this.dirty = true;
    this.ledger.entries[candidate.alert.id] = {
      status,
      kind: candidate.alert.kind,
      ticketId: candidate.alert.ticketId,
      target: candidate.target,
      recordedAt: now,
      relevantUntil: candidate.relevantUntil,
      alert: status === 'pending' || status === 'held' ? candidate.alert : null,
    };
    return true;
  }

  /** The delivery protocol: durable `pending`, then the notifier, then durable `delivered`. */
  private deliver(candidate: Candidate, now: number, delivered: Alert[]): void {
    if (!this.record(candidate, 'pending', now)) return;
    this.save();
    this.deliverRecorded(candidate.alert.id, candidate.alert, delivered);
  }

  private deliverRecorded(id: string, alert: Alert, delivered: Alert[]): void {
    try {
      this.opts.notifier.deliver(alert);
    } catch {
      // Left `pending`: recover() retries it on the next start.
      return;
    }
    const entry = this.ledger.entries[id];
    if (entry) this.ledger.entries[id] = { ...entry, status: 'delivered', alert: null };
    this.dirty = true;
    this.save();
    delivered.push(alert);
  }

  /** Delivers everything held (still relevant) as one summary. */
  private flushHeld(snapshot: Snapshot, now: number, delivered: Alert[], burst: boolean): void {
    const presentTickets = new Map(snapshot.queue.map((entry) => [entry.ticket.id, entry.ticket.status]));
    const zendeskFresh = snapshot.sources.zendesk.state === 'fresh';
    const held: [string, Alert][] = [];
    for (const [id, entry] of Object.entries(this.ledger.entries)) {
      if (entry.status !== 'held') continue;
      const status = entry.ticketId === null ? null : presentTickets.get(entry.ticketId);
      const ticketGone =
        entry.ticketId !== null && zendeskFresh && (status === undefined || status === 'solved' || status === 'closed');
      const expired = entry.relevantUntil !== null && entry.relevantUntil <= now;
      if (!entry.alert || expired || ticketGone) {
        this.dirty = true;
        this.ledger.entries[id] = { ...entry, status: 'skipped', alert: null };
      } else {
        held.push([id, entry.alert]);
      }
    }
    if (held.length === 0) return;
    held.sort((a, b) => Number(b[1].urgent) - Number(a[1].urgent) || a[1].dueAt.localeCompare(b[1].dueAt));
    const titles = held.map(([, alert]) => alert.title);
    const shown = titles.slice(0, 3).join(' · ');
    const more = titles.length > 3 ? ` · +${titles.length - 3} more` : '';
    const summaryId = `summary:${shortHash(
      held
        .map(([id]) => id)
        .sort()
        .join('|'),
    )}`;
    const single = held.length === 1 ? held[0]![1] : null;
    const summary: Alert = {
      id: summaryId,
      kind: 'summary',
      ticketId: single?.ticketId ?? null,
      title: burst
        ? `${held.length} new alerts`
        : `While you were away: ${held.length === 1 ? '1 alert' : `${held.length} alerts`}`,
      body: plainText(`${shown}${more}`, 240),
      url: single?.url ?? null,
      urgent: held.some(([, alert]) => alert.urgent),
      dueAt: iso(now),
    };
    for (const [id] of held) {
      const entry = this.ledger.entries[id];
      if (entry) this.ledger.entries[id] = { ...entry, status: 'summarized', alert: null };
    }
    this.dirty = true;
    this.deliver({ alert: summary, target: null, relevantUntil: now + 12 * HOUR }, now, delivered);
  }

  /** Keeps the ledger bounded: old decisions, and those about tickets that left the queue, are forgotten. */
  private prune(snapshot: Snapshot, now: number): void {
    const present = new Set(snapshot.queue.map((entry) => entry.ticket.id));
    const zendeskFresh = snapshot.sources.zendesk.state === 'fresh';
    for (const [id, entry] of Object.entries(this.ledger.entries)) {
      if (entry.status === 'pending' || entry.status === 'held') continue;
      const age = now - entry.recordedAt;
      let drop: boolean;
      if (entry.ticketId === null) drop = age > RETENTION_MS;
      else if (present.has(entry.ticketId)) {
        // A CS tag is announced once per ticket for as long as the ticket is around; an SLA target long past
        // its breach can never warn again.
        drop = entry.kind !== 'cs_tagged' && entry.relevantUntil !== null && now - entry.relevantUntil > RETENTION_MS;
      } else drop = zendeskFresh && age > GONE_TICKET_RETENTION_MS;
      if (!drop) continue;
      delete this.ledger.entries[id];
      this.dirty = true;
    }
    const ids = Object.keys(this.ledger.entries);
    if (ids.length > MAX_LEDGER_ENTRIES) {
      ids.sort((a, b) => (this.ledger.entries[a]?.recordedAt ?? 0) - (this.ledger.entries[b]?.recordedAt ?? 0));
      for (const id of ids.slice(0, ids.length - MAX_LEDGER_ENTRIES)) delete this.ledger.entries[id];
      this.dirty = true;
    }
  }

  private isPaused(now: number): boolean {
    return this.ledger.pausedUntil !== null && now < this.ledger.pausedUntil;
  }

  private isQuiet(settings: Settings, now: number): boolean {
    return settings.notifications.quietOutsideWorkingHours && !inWorkingHours(settings, now, this.opts.timeZone());
  }

  /** Writes the ledger when it changed: the store rewrites the whole value, so idle polls write nothing. */
  private save(): void {
    if (!this.dirty) return;
    this.opts.store.set(LEDGER_KEY, this.ledger);
    this.dirty = false;
  }
}
