/** The user's on-call turns, from PagerDuty entries: merged into contiguous blocks across schedules. */
import type { NextHero, OnCallEntry, OnCallNow, Turn, TurnView } from '../../shared/domain';
import { parseInstant } from '../../shared/format';

interface Span {
  startMs: number;
  endMs: number;
  entry: OnCallEntry;
}

/** Reads an entry's bounds; `null` when a bound is present but unreadable (such an entry is ignored). */
function spanOf(entry: OnCallEntry): Span | null {
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
  const spans = entries
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
 * Who takes over when `turn` ends: among the user's entries that end with the turn, their schedules; on those,
 * someone else's entry that covers the turn's last instant handed on (lowest escalation level first, then the one
 * starting closest to the handover, then by name, so the answer does not depend on the order PagerDuty listed).
 */
export function nextHeroAfter(
  turn: Turn | null,
  myEntries: OnCallEntry[],
  upcomingOthers: OnCallEntry[],
  meId: string | null,
): NextHero | null {
  if (turn === null || turn.end === null) return null;
  const endMs = Date.parse(turn.end);
  if (!Number.isFinite(endMs)) return null;
  const schedules = new Set<string | null>();
  for (const entry of myEntries) {
    const span = spanOf(entry);
    if (span && span.endMs === endMs) schedules.add(entry.scheduleId);
  }
  let best: { span: Span; distance: number } | null = null;
  for (const entry of upcomingOthers) {
    const span = spanOf(entry);
    if (!span || (meId !== null && entry.userId === meId) || !schedules.has(entry.scheduleId)) continue;
    if (span.startMs > endMs || span.endMs <= endMs) continue;
    const distance = endMs - span.startMs;
    if (best === null || rankBefore(span, distance, best.span, best.distance)) best = { span, distance };
  }
  if (best === null) return null;
  const { entry } = best.span;
  return { userName: entry.userName, scheduleId: entry.scheduleId, scheduleName: entry.scheduleName, start: turn.end };
}

function rankBefore(a: Span, aDistance: number, b: Span, bDistance: number): boolean {
  const levelOf = (span: Span) => span.entry.escalationLevel;
  return (
    (levelOf(a) - levelOf(b) ||
      aDistance - bDistance ||
      a.entry.userName.localeCompare(b.entry.userName) ||
      String(a.entry.scheduleName).localeCompare(String(b.entry.scheduleName))) < 0
  );
}

/**
 * The user's turn view at `nowMs`: the turn containing now (start inclusive, end exclusive), the first turn
 * starting after it, who is on call now on each schedule (lowest escalation level first), and who takes over when
 * the current turn ends (from `upcomingOthers`, other people's entries starting after now).
 */
export function computeTurns(
  myEntries: OnCallEntry[],
  onCallNow: OnCallEntry[],
  nowMs: number,
  meId: string | null,
  upcomingOthers: OnCallEntry[] = [],
): TurnView {
  const turns = mergeTurns(myEntries);
  const startOf = (turn: Turn) => (turn.start === null ? Number.NEGATIVE_INFINITY : Date.parse(turn.start));
  const endOf = (turn: Turn) => (turn.end === null ? Number.POSITIVE_INFINITY : Date.parse(turn.end));
  const current = turns.find((turn) => startOf(turn) <= nowMs && nowMs < endOf(turn)) ?? null;
  const next = turns.find((turn) => startOf(turn) > nowMs) ?? null;

  const seen = new Set<string>();
  const now: (OnCallNow & { level: number })[] = [];
  for (const entry of onCallNow) {
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
      level: entry.escalationLevel,
    });
  }
  now.sort(
    (a, b) => a.level - b.level || a.scheduleName.localeCompare(b.scheduleName) || a.userName.localeCompare(b.userName),
  );
  return {
    onCall: current !== null,
    current,
    next,
    onCallNow: now.map(({ level: _level, ...rest }) => rest),
    nextHero: nextHeroAfter(current, myEntries, upcomingOthers, meId),
  };
}
