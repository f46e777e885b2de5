/** The user's on-call turns, from PagerDuty entries: merged into contiguous blocks across schedules. */
import type { OnCallEntry, OnCallNow, Turn, TurnView } from '../../shared/domain';
import { parseInstant } from '../../shared/format';

interface Span {
  startMs: number;
  endMs: number;
  entry: OnCallEntry;
}

/** Reads an entry's bounds; `null` when a bound is present but unreadable (such an entry is ignored). */
function spanOf(entry: OnCallEntry): Span | null {
  if (!entry || typeof entry !== 'object') return null;
  const startMs = entry.start === null ? Number.NEGATIVE_INFINITY : parseInstant(entry.start);
  const endMs = entry.end === null ? Number.POSITIVE_INFINITY : parseInstant(entry.end);
  if (startMs === null || endMs === null || endMs <= startMs) return null;
  return { startMs, endMs, entry };
}

function toIso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function pushUnique(list: string[], value: string | null): void {
  if (value !== null && value !== '' && !list.includes(value)) list.push(value);
}

/**
 * Merges the user's entries into turns: entries that overlap or meet end-to-start (a week then its override,
 * or two schedules back to back) form one turn. Ordered by start.
 */
export function mergeTurns(entries: OnCallEntry[]): Turn[] {
  const spans = (Array.isArray(entries) ? entries : [])
    .map(spanOf)
    .filter((span): span is Span => span !== null)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const turns: { startMs: number; endMs: number; turn: Turn }[] = [];
  for (const span of spans) {
    const last = turns[turns.length - 1];
    if (last && span.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, span.endMs);
      pushUnique(last.turn.scheduleIds, span.entry.scheduleId);
      pushUnique(last.turn.scheduleNames, span.entry.scheduleName);
      last.turn.scheduleUrl ??= span.entry.scheduleUrl ?? null;
      continue;
    }
    const turn: Turn = {
      start: null,
      end: null,
      scheduleIds: [],
      scheduleNames: [],
      scheduleUrl: span.entry.scheduleUrl ?? null,
    };
    pushUnique(turn.scheduleIds, span.entry.scheduleId);
    pushUnique(turn.scheduleNames, span.entry.scheduleName);
    turns.push({ startMs: span.startMs, endMs: span.endMs, turn });
  }
  return turns.map(({ startMs, endMs, turn }) => ({ ...turn, start: toIso(startMs), end: toIso(endMs) }));
}

/**
 * The user's turn view at `nowMs`: the turn containing now (start inclusive, end exclusive), the first turn
 * starting after it, and who is on call now on each schedule (lowest escalation level first).
 */
export function computeTurns(
  myEntries: OnCallEntry[],
  onCallNow: OnCallEntry[],
  nowMs: number,
  meId: string | null,
): TurnView {
  const turns = mergeTurns(myEntries);
  const startOf = (turn: Turn) => (turn.start === null ? Number.NEGATIVE_INFINITY : Date.parse(turn.start));
  const endOf = (turn: Turn) => (turn.end === null ? Number.POSITIVE_INFINITY : Date.parse(turn.end));
  const current = turns.find((turn) => startOf(turn) <= nowMs && nowMs < endOf(turn)) ?? null;
  const next = turns.find((turn) => startOf(turn) > nowMs) ?? null;

  const seen = new Set<string>();
  const now: (OnCallNow & { level: number })[] = [];
  for (const entry of Array.isArray(onCallNow) ? onCallNow : []) {
    const span = spanOf(entry);
    if (!span || span.startMs > nowMs || span.endMs <= nowMs) continue;
    const key = `${entry.scheduleId ?? entry.scheduleName}|${entry.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    now.push({
      scheduleId: entry.scheduleId,
      scheduleName: entry.scheduleName,
      userName: entry.userName,
      isMe: meId !== null && entry.userId === meId,
      until: entry.end,
      level: Number.isFinite(entry.escalationLevel) ? entry.escalationLevel : Number.MAX_SAFE_INTEGER,
    });
  }
  now.sort(
    (a, b) => a.level - b.level || a.scheduleName.localeCompare(b.scheduleName) || a.userName.localeCompare(b.userName),
  );
  return { onCall: current !== null, current, next, onCallNow: now.map(({ level: _level, ...rest }) => rest) };
}
