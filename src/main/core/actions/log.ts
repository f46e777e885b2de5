/**
 * The local action log: what was done, on which ticket, when, and how it ended. Kept in the KeyValueStore,
 * bounded to the most recent entries, and validated on every read (the store is a boundary: it may hold
 * anything). It holds no token and no customer text: only action names, ids, fixed-vocabulary summaries and
 * outcome kinds, so it is safe to show and to keep.
 */
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

/** Summaries come from the catalog's fixed sentences; this bound keeps a corrupted store from growing the log. */
const MAX_SUMMARY_LENGTH = 200;

export interface ActionLog {
  /** Appends one entry (dropping the oldest past the bound) and writes the log through. */
  record(entry: ActionLogEntry): void;
  /** The valid entries, oldest first. */
  entries(): ActionLogEntry[];
}

/** A log over a KeyValueStore; entries that fail validation are dropped on read. */
export function createActionLog(store: KeyValueStore, options: { limit?: number; key?: string } = {}): ActionLog {
  const key = options.key ?? ACTION_LOG_KEY;
  const limit = Math.max(1, Math.floor(options.limit ?? MAX_ACTION_LOG_ENTRIES));
  return {
    record(entry) {
      const valid = validEntry(entry);
      if (!valid) throw new Error('An action log entry must name a known action, a ticket and a result');
      const next = [...readEntries(store, key), valid];
      store.set(key, { version: 1, entries: next.slice(-limit) });
    },
    entries: () => readEntries(store, key).slice(-limit),
  };
}

function readEntries(store: KeyValueStore, key: string): ActionLogEntry[] {
  let raw: unknown;
  try {
    raw = store.get(key);
  } catch {
    return [];
  }
  if (typeof raw !== 'object' || raw === null) return [];
  const data = raw as { version?: unknown; entries?: unknown };
  if (data.version !== 1 || !Array.isArray(data.entries)) return [];
  return data.entries.map(validEntry).filter((entry): entry is ActionLogEntry => entry !== null);
}

/** A clean copy of an entry, or `null` when any field is not what the log keeps. */
function validEntry(value: unknown): ActionLogEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Record<string, unknown>;
  const { at, action, ticketId, result, summary, requests } = entry;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return null;
  if (typeof action !== 'string' || !(ACTION_NAMES as readonly string[]).includes(action)) return null;
  if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId <= 0) return null;
  if (typeof result !== 'string' || !(ACTION_RESULT_KINDS as readonly string[]).includes(result)) return null;
  if (typeof summary !== 'string' || summary.length > MAX_SUMMARY_LENGTH) return null;
  if (typeof requests !== 'number' || !Number.isSafeInteger(requests) || requests < 0) return null;
  return { at, action: action as ActionName, ticketId, result: result as ActionResultKind, summary, requests };
}
