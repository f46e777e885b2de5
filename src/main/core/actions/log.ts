/**
 * The local action log: what was done, on which ticket (or, for a turn swap, which schedule and override), when,
 * and how it ended. Kept in the KeyValueStore, bounded to the most recent entries, and validated on every read
 * (the store is a boundary: it may hold anything). It holds no token and no customer text: only action names,
 * ids, fixed-vocabulary summaries (a swap's names the schedule and teammate the window already shows) and
 * outcome kinds, so it is safe to show and to keep.
 */
import { PAGERDUTY_ID } from '../../../shared/pagerduty-ids';
import type { KeyValueStore } from '../ports';
import { ACTION_NAMES, type ActionName } from './catalog';

/** Key of the log in the KeyValueStore. */
export const ACTION_LOG_KEY = 'actionLog';

/** Entries kept; older ones are dropped first. */
export const MAX_ACTION_LOG_ENTRIES = 500;

/** How an action ended, as the write client reports it. */
export type ActionResultKind =
  | 'applied'
  | 'already_applied'
  | 'conflict'
  | 'forbidden'
  | 'rate_limited'
  | 'invalid'
  | 'not_verified'
  | 'unknown'
  | 'failed'
  | 'refused'
  | 'busy';

export const ACTION_RESULT_KINDS: readonly ActionResultKind[] = [
  'applied',
  'already_applied',
  'conflict',
  'forbidden',
  'rate_limited',
  'invalid',
  'not_verified',
  'unknown',
  'failed',
  'refused',
  'busy',
];

/** One recorded action. */
export interface ActionLogEntry {
  /** Epoch milliseconds. */
  at: number;
  action: ActionName;
  ticketId: number;
  result: ActionResultKind;
  /** The plan's fixed-vocabulary summary (`status pending with internal note`), never the note itself. */
  summary: string;
  /** Requests sent for this action (lookups, writes, re-reads). */
  requests: number;
}

/** The turn actions (PagerDuty overrides), logged beside the ticket ones. */
export type TurnActionName = 'swap' | 'remove_override';

export const TURN_ACTION_NAMES: readonly TurnActionName[] = ['swap', 'remove_override'];

/** One recorded swap or override removal: the schedule and override ids instead of a ticket. */
export interface TurnActionLogEntry {
  /** Epoch milliseconds. */
  at: number;
  action: TurnActionName;
  /** Turn actions are about no ticket. */
  ticketId: null;
  scheduleId: string;
  /** The schedule's name as the turn header shows it. */
  scheduleName: string;
  /** The overrides created (swap) or removed; empty when none was. */
  overrideIds: string[];
  result: ActionResultKind;
  /** "Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00": names the window already shows. */
  summary: string;
  requests: number;
}

/** Any entry of the log. */
export type ActionLogRecord = ActionLogEntry | TurnActionLogEntry;

/** Summaries come from the catalog's fixed sentences; this bound keeps a corrupted store from growing the log. */
const MAX_SUMMARY_LENGTH = 200;

export interface ActionLog {
  /** Appends one entry (dropping the oldest past the bound) and writes the log through. */
  record(entry: ActionLogRecord): void;
  /** The valid entries, oldest first. */
  entries(): ActionLogRecord[];
}

/** A log over a KeyValueStore; entries that fail validation are dropped on read. */
export function createActionLog(store: KeyValueStore, options: { limit?: number; key?: string } = {}): ActionLog {
  const key = options.key ?? ACTION_LOG_KEY;
  const limit = Math.max(1, Math.floor(options.limit ?? MAX_ACTION_LOG_ENTRIES));
  return {
    record(entry) {
      const valid = validEntry(entry);
      if (!valid) throw new Error('An action log entry must name a known action, a ticket or schedule and a result');
      const next = [...readEntries(store, key), valid];
      store.set(key, { version: 1, entries: next.slice(-limit) });
    },
    entries: () => readEntries(store, key).slice(-limit),
  };
}

function readEntries(store: KeyValueStore, key: string): ActionLogRecord[] {
  let raw: unknown;
  try {
    raw = store.get(key);
  } catch {
    return [];
  }
  if (typeof raw !== 'object' || raw === null) return [];
  const data = raw as { version?: unknown; entries?: unknown };
  if (data.version !== 1 || !Array.isArray(data.entries)) return [];
  return data.entries.map(validEntry).filter((entry): entry is ActionLogRecord => entry !== null);
}

/** PagerDuty ids (schedules, overrides): what the overrides client accepts in a path. */
const MAX_SCHEDULE_NAME_LENGTH = 80;
/** A swap creates one override; a few more leave room without letting a corrupted store grow an entry. */
const MAX_OVERRIDE_IDS = 10;

/** A clean copy of an entry, or `null` when any field is not what the log keeps. */
function validEntry(value: unknown): ActionLogRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Record<string, unknown>;
  const { at, action, ticketId, result, summary, requests } = entry;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return null;
  if (typeof result !== 'string' || !(ACTION_RESULT_KINDS as readonly string[]).includes(result)) return null;
  if (typeof summary !== 'string' || summary.length > MAX_SUMMARY_LENGTH) return null;
  if (typeof requests !== 'number' || !Number.isSafeInteger(requests) || requests < 0) return null;
  const common = { at, result: result as ActionResultKind, summary, requests };
  if (typeof action === 'string' && (TURN_ACTION_NAMES as readonly string[]).includes(action)) {
    const { scheduleId, scheduleName, overrideIds } = entry;
    if (ticketId !== null && ticketId !== undefined) return null;
    if (typeof scheduleId !== 'string' || !PAGERDUTY_ID.test(scheduleId)) return null;
    if (typeof scheduleName !== 'string' || scheduleName.length > MAX_SCHEDULE_NAME_LENGTH) return null;
    if (!Array.isArray(overrideIds) || overrideIds.length > MAX_OVERRIDE_IDS) return null;
    if (!overrideIds.every((id): id is string => typeof id === 'string' && PAGERDUTY_ID.test(id))) return null;
    return {
      ...common,
      action: action as TurnActionName,
      ticketId: null,
      scheduleId,
      scheduleName,
      overrideIds: [...overrideIds],
    };
  }
  if (typeof action !== 'string' || !(ACTION_NAMES as readonly string[]).includes(action)) return null;
  if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId <= 0) return null;
  return { ...common, action: action as ActionName, ticketId };
}
