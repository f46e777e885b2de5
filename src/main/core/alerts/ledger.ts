/**
 * The alert ledger: every alert decision, kept in a durable KeyValueStore so a new AlertCenter over the same store
 * continues where the last one stopped. Read and validated once from the store (the store is a boundary: it may
 * hold anything), written back only when it changed, and pruned so it stays bounded.
 */
import type { Alert, AlertKind, Snapshot } from '../../../shared/domain';
import type { KeyValueStore } from '../ports';
import type { SlaEpisode } from './episodes';

/** Key of the ledger in the KeyValueStore. */
export const LEDGER_KEY = 'alertLedger';

const DAY = 24 * 60 * 60_000;
const RETENTION_MS = 14 * DAY;
const GONE_TICKET_RETENTION_MS = 2 * DAY;
const MAX_LEDGER_ENTRIES = 20_000;
/** Episodes are one per ticket with a running SLA target; a queue far larger than this is not one person's. */
const MAX_EPISODES = 5_000;
/** An episode holds the targets running at once: a ticket has a handful of SLA metrics, never hundreds. */
const MAX_EPISODE_TARGETS = 50;

export type LedgerStatus = 'pending' | 'delivered' | 'held' | 'skipped' | 'summarized';

/** One recorded alert decision. */
export interface LedgerEntry {
  status: LedgerStatus;
  kind: AlertKind;
  ticketId: number | null;
  /** `ticketId:metric:breachAt` for SLA warnings: the target the warning is about. */
  target: string | null;
  recordedAt: number;
  /** After this instant the alert is no longer worth showing (recover and summaries drop it). */
  relevantUntil: number | null;
  /** Kept while the alert may still be shown (`pending`, `held`). */
  alert: Alert | null;
}

/** What the ledger says about an event before it is recorded: everything but its status and time. */
export type LedgerRecord = Omit<LedgerEntry, 'status' | 'recordedAt'>;

interface LedgerData {
  version: 1;
  pausedUntil: number | null;
  entries: Record<string, LedgerEntry>;
  /** Each ticket's current SLA warning episode, by ticket id (absent in ledgers written before episodes). */
  episodes: Record<string, SlaEpisode>;
}

const STATUSES = new Set<LedgerStatus>(['pending', 'delivered', 'held', 'skipped', 'summarized']);

/** The ledger from whatever the store held: malformed entries are dropped, never thrown. */
function readLedger(raw: unknown): LedgerData {
  const empty: LedgerData = { version: 1, pausedUntil: null, entries: {}, episodes: {} };
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
  return { version: 1, pausedUntil, entries, episodes: readEpisodes(data.episodes) };
}

/** Valid episodes only; a ledger without any (written before episodes) gets them from its entries as it goes. */
function readEpisodes(raw: unknown): Record<string, SlaEpisode> {
  const episodes: Record<string, SlaEpisode> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return episodes;
  for (const [ticketId, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^\d{1,20}$/.test(ticketId) || !value || typeof value !== 'object') continue;
    const episode = value as Partial<SlaEpisode>;
    const valid =
      typeof episode.id === 'string' &&
      Array.isArray(episode.targets) &&
      episode.targets.length > 0 &&
      episode.targets.length <= MAX_EPISODE_TARGETS &&
      episode.targets.every((target) => typeof target === 'string') &&
      Number.isSafeInteger(episode.warned) &&
      (episode.warned as number) >= 0 &&
      typeof episode.updatedAt === 'number' &&
      Number.isFinite(episode.updatedAt);
    if (valid) episodes[ticketId] = episode as SlaEpisode;
  }
  return episodes;
}

/** SLA warnings shown, held or pending per target (skipped ones are not warnings). */
export function countByTarget(entries: Readonly<Record<string, LedgerEntry>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of Object.values(entries)) {
    if (entry.target !== null && entry.status !== 'skipped')
      counts.set(entry.target, (counts.get(entry.target) ?? 0) + 1);
  }
  return counts;
}

/** The durable record of alert decisions and of the notification pause. */
export class AlertLedger {
  private data: LedgerData;
  private dirty = false;

  constructor(private readonly store: KeyValueStore) {
    let raw: unknown;
    try {
      raw = store.get(LEDGER_KEY);
    } catch {
      raw = undefined;
    }
    this.data = readLedger(raw);
  }

  /** The entries as they stand (read-only: change them through the methods below). */
  get entries(): Readonly<Record<string, Readonly<LedgerEntry>>> {
    return this.data.entries;
  }

  /** Each ticket's SLA warning episode, by ticket id (read-only: change them through `updateEpisodes`). */
  get episodes(): Readonly<Record<string, Readonly<SlaEpisode>>> {
    return this.data.episodes;
  }

  /** Records how tickets' episodes moved on: a new or changed episode, or `null` when it ended. */
  updateEpisodes(changes: Readonly<Record<string, SlaEpisode | null>>): void {
    for (const [ticketId, episode] of Object.entries(changes)) {
      if (episode) this.data.episodes[ticketId] = episode;
      else delete this.data.episodes[ticketId];
      this.dirty = true;
    }
  }

  get pausedUntil(): number | null {
    return this.data.pausedUntil;
  }

  set pausedUntil(value: number | null) {
    this.data.pausedUntil = value;
    this.dirty = true;
  }

  /** Whether notifications are paused at `nowMs`. */
  isPaused(nowMs: number): boolean {
    return this.data.pausedUntil !== null && nowMs < this.data.pausedUntil;
  }

  /** How many alerts wait for the summary. */
  heldCount(): number {
    let held = 0;
    for (const entry of Object.values(this.data.entries)) if (entry.status === 'held') held++;
    return held;
  }

  /** Records a new decision; `false` when the event was decided before (same id, same event). */
  record(id: string, record: LedgerRecord, status: LedgerStatus, nowMs: number): boolean {
    if (this.data.entries[id]) return false;
    this.dirty = true;
    this.data.entries[id] = {
      status,
      kind: record.kind,
      ticketId: record.ticketId,
      target: record.target,
      recordedAt: nowMs,
      relevantUntil: record.relevantUntil,
      alert: status === 'pending' || status === 'held' ? record.alert : null,
    };
    if (record.kind === 'sla_warning' && status !== 'skipped') this.countWarning(record);
    return true;
  }

  /**
   * An SLA warning counts towards its ticket's episode when it is recorded, in the same change as its entry, so
   * the two reach the disk together: a crash after a warning was decided but before it was recorded must not use
   * up the cap (counted at decision time, repeated crashes once ate a ticket's last warning).
   */
  private countWarning(record: LedgerRecord): void {
    if (record.ticketId === null || record.target === null) return;
    const episode = this.data.episodes[String(record.ticketId)];
    if (!episode?.targets.includes(record.target)) return;
    this.data.episodes[String(record.ticketId)] = { ...episode, warned: episode.warned + 1 };
  }

  /** Moves a recorded decision on (`delivered`, `held`, `skipped`, `summarized`); only `held` keeps the alert. */
  mark(id: string, status: Exclude<LedgerStatus, 'pending'>): void {
    const entry = this.data.entries[id];
    if (!entry) return;
    this.data.entries[id] = { ...entry, status, alert: status === 'held' ? entry.alert : null };
    this.dirty = true;
  }

  /** Keeps the ledger bounded: old decisions, and those about tickets that left the queue, are forgotten. */
  prune(snapshot: Snapshot, nowMs: number): void {
    const entries = this.data.entries;
    const present = new Set(snapshot.queue.map((entry) => entry.ticket.id));
    // An open Slack request is announced once for as long as it stays open, like a CS tag on a ticket: a
    // request open past the retention (or re-read from a longer look-back) must not be announced again.
    const openRequests = new Set((snapshot.requests ?? []).map((entry) => `slack:${entry.request.id}`));
    const zendeskFresh = snapshot.sources.zendesk.state === 'fresh';
    for (const [id, entry] of Object.entries(entries)) {
      if (entry.status === 'pending' || entry.status === 'held') continue;
      const age = nowMs - entry.recordedAt;
      let drop: boolean;
      if (entry.ticketId === null) drop = !openRequests.has(id) && age > RETENTION_MS;
      else if (present.has(entry.ticketId)) {
        // A CS tag is announced once per ticket for as long as the ticket is around; an SLA target long past
        // its breach can never warn again.
        drop = entry.kind !== 'cs_tagged' && entry.relevantUntil !== null && nowMs - entry.relevantUntil > RETENTION_MS;
      } else drop = zendeskFresh && age > GONE_TICKET_RETENTION_MS;
      if (!drop) continue;
      delete entries[id];
      this.dirty = true;
    }
    this.pruneEpisodes(present, zendeskFresh, nowMs);
    const ids = Object.keys(entries);
    if (ids.length > MAX_LEDGER_ENTRIES) {
      ids.sort((a, b) => (entries[a]?.recordedAt ?? 0) - (entries[b]?.recordedAt ?? 0));
      for (const id of ids.slice(0, ids.length - MAX_LEDGER_ENTRIES)) delete entries[id];
      this.dirty = true;
    }
  }

  /**
   * Episodes of tickets in the queue stay (they end when no target runs); those of tickets that left it go like
   * their entries. Whatever is dropped is rebuilt from the entries if the ticket comes back.
   */
  private pruneEpisodes(present: ReadonlySet<number>, zendeskFresh: boolean, nowMs: number): void {
    const episodes = this.data.episodes;
    for (const [ticketId, episode] of Object.entries(episodes)) {
      if (present.has(Number(ticketId))) continue;
      const age = nowMs - episode.updatedAt;
      if (age <= RETENTION_MS && !(zendeskFresh && age > GONE_TICKET_RETENTION_MS)) continue;
      delete episodes[ticketId];
      this.dirty = true;
    }
    const ids = Object.keys(episodes);
    if (ids.length > MAX_EPISODES) {
      ids.sort((a, b) => (episodes[a]?.updatedAt ?? 0) - (episodes[b]?.updatedAt ?? 0));
      for (const id of ids.slice(0, ids.length - MAX_EPISODES)) delete episodes[id];
      this.dirty = true;
    }
  }

  /** Writes the ledger when it changed: the store rewrites the whole value, so idle polls write nothing. */
  save(): void {
    if (!this.dirty) return;
    this.store.set(LEDGER_KEY, this.data);
    this.dirty = false;
  }
}
