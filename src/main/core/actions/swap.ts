/**
 * Planning a swap (the handbook: swap in advance with PagerDuty overrides, never change the rotation's order).
 * Pure: from the user's turn, a teammate on the schedule and a day or range INSIDE the turn, it builds the override
 * to create, the sentence the confirmation shows, and the exact requests `--dry-run` prints. Nothing is sent here.
 */
import type { Turn } from '../../../shared/domain';
import { formatWhen, parseInstant, zonedParts, zonedTimeToMs } from '../../../shared/format';
import {
  type OverrideInput,
  type PlannedRequest,
  plannedCreateRequest,
  plannedDetectionRequest,
  type ScheduleKind,
  type ScheduleOverride,
} from '../../sources/pagerduty/overrides';
import { plainText } from '../text';

/** One schedule's part of the user's turn, in ms. */
export interface SwapTurn {
  scheduleId: string;
  scheduleName: string;
  startMs: number;
  endMs: number;
}

export interface Teammate {
  id: string;
  name: string;
}

/** A day of the turn (by its local date, `YYYY-MM-DD`) or an explicit range. */
export type SwapSpan = { kind: 'day'; date: string } | { kind: 'range'; startMs: number; endMs: number };

/** One day of a turn: from the turn's handover time on that date to the same wall-clock time the next day. */
export interface TurnDay {
  date: string;
  startMs: number;
  endMs: number;
  /** "Tue 09:00 to Wed 09:00". */
  label: string;
}

export interface SwapRequest {
  turn: SwapTurn;
  me: Teammate;
  /** The schedule's users (`GET /schedules/{id}/users` over the turn): the only people who may be picked. */
  teammates: Teammate[];
  teammateId: string;
  span: SwapSpan;
  /** The user's zone: days, the sentence and the offsets sent are in it. */
  timeZone: string;
  nowMs: number;
  /** The PagerDuty API base, for the dry-run's URLs. */
  baseUrl: string;
  /** When already known; otherwise the plan includes the v3 detection request. */
  scheduleKind?: ScheduleKind;
}

export type SwapPlan =
  | { ok: false; reason: string }
  | {
      ok: true;
      override: OverrideInput;
      teammate: Teammate;
      /** "Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00; the rotation's order does not change". */
      sentence: string;
      /** What would be sent, in order (the key redacted), for `--dry-run`. */
      requests: PlannedRequest[];
      /** How to read `requests` when the schedule's version is not known yet. */
      requestNote: string | null;
    };

/** The longest turn offered day by day; a longer one is swapped by range. */
const MAX_TURN_DAYS = 62;
const MINUTE = 60_000;

/** The schedule part of a Turn, or `null` for a turn without a known start or end (nothing bounded to swap). */
export function swapTurnOf(turn: Turn, scheduleIndex = 0): SwapTurn | null {
  const startMs = parseInstant(turn.start);
  const endMs = parseInstant(turn.end);
  const scheduleId = turn.scheduleIds[scheduleIndex];
  if (startMs === null || endMs === null || endMs <= startMs || !scheduleId) return null;
  return {
    scheduleId,
    scheduleName: turn.scheduleNames[scheduleIndex] ?? scheduleId,
    startMs,
    endMs,
  };
}

/**
 * The turn's days in the zone, each from the turn's handover time to the same time the next day (23 or 25 hours
 * across a DST change), the first and last clipped to the turn.
 */
export function turnDays(turn: SwapTurn, timeZone: string): TurnDay[] {
  const start = zonedParts(turn.startMs, timeZone);
  // The handover's seconds (zoned parts stop at the minute): without them a turn starting at 09:00:32 would end
  // on a 32-second "day".
  const seconds = turn.startMs - zonedTimeToMs(start.year, start.month, start.day, start.minuteOfDay, timeZone);
  const handover = (dayIndex: number) =>
    zonedTimeToMs(start.year, start.month, start.day + dayIndex, start.minuteOfDay, timeZone) + seconds;
  const days: TurnDay[] = [];
  for (let index = 0; index < MAX_TURN_DAYS; index++) {
    const dayStart = Math.max(turn.startMs, handover(index));
    if (dayStart >= turn.endMs) break;
    const nextStart = handover(index + 1);
    const dayEnd = Math.min(turn.endMs, nextStart);
    if (dayEnd <= dayStart) continue;
    days.push({
      date: localDate(dayStart, timeZone),
      startMs: dayStart,
      endMs: dayEnd,
      label: `${formatWhen(dayStart, dayStart, timeZone)} to ${formatWhen(dayEnd, dayStart, timeZone)}`,
    });
  }
  return days;
}

/** Checks the choice against the turn and the schedule and builds the override, its sentence and its requests. */
export function planSwap(request: SwapRequest): SwapPlan {
  const { turn, timeZone, nowMs } = request;
  const turnLabel = `${when(turn.startMs, request)} to ${when(turn.endMs, request)}`;
  if (turn.endMs <= nowMs) return { ok: false, reason: 'That turn is already over: there is nothing to swap' };
  if (request.teammateId === request.me.id) return { ok: false, reason: 'Pick a teammate other than you' };
  const teammate = request.teammates.find((candidate) => candidate.id === request.teammateId);
  if (!teammate) return { ok: false, reason: `That person is not on ${name(turn.scheduleName)}: pick someone on it` };

  let startMs: number;
  let endMs: number;
  if (request.span.kind === 'day') {
    const date = request.span.date;
    const day = turnDays(turn, timeZone).find((candidate) => candidate.date === date);
    if (!day) return { ok: false, reason: `That day is not in your turn (${turnLabel}); pick a day inside it` };
    startMs = day.startMs;
    endMs = day.endMs;
  } else {
    ({ startMs, endMs } = request.span);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) {
      return { ok: false, reason: 'The range must end after it starts' };
    }
    if (startMs < turn.startMs || endMs > turn.endMs) {
      return { ok: false, reason: `That range is outside your turn (${turnLabel}); pick one inside it` };
    }
  }
  if (endMs <= nowMs) return { ok: false, reason: 'That part of your turn is already over' };
  // The past cannot be handed over: an override starting earlier would rewrite who was on call.
  if (startMs < nowMs) startMs = Math.ceil(nowMs / MINUTE) * MINUTE;
  if (endMs <= startMs) return { ok: false, reason: 'That part of your turn is already over' };

  const override: OverrideInput = { startMs, endMs, userId: teammate.id, replacedUserId: request.me.id, timeZone };
  const sentence = `${name(teammate.name)} covers ${name(turn.scheduleName)} from ${when(startMs, request)} to ${when(endMs, request)}; the rotation's order does not change`;
  const window = { sinceMs: startMs, untilMs: endMs };
  let requests: PlannedRequest[];
  let requestNote: string | null = null;
  if (request.scheduleKind === 'v2') {
    requests = [plannedCreateRequest(request.baseUrl, turn.scheduleId, 'v2', [override])];
  } else if (request.scheduleKind === 'v3') {
    requests = [
      plannedDetectionRequest(request.baseUrl, turn.scheduleId, window),
      plannedCreateRequest(request.baseUrl, turn.scheduleId, 'v3', [override], '<rotation from the first answer>'),
    ];
  } else {
    requests = [
      plannedDetectionRequest(request.baseUrl, turn.scheduleId, window),
      plannedCreateRequest(request.baseUrl, turn.scheduleId, 'v2', [override]),
    ];
    requestNote =
      'The first request finds the schedule version: a 400 means a v2 schedule and the second request is sent as shown; a v3 schedule gets the same override on /v3/schedules with its rotation.';
  }
  return { ok: true, override, teammate, sentence, requests, requestNote };
}

/** Who an override puts on the schedule, and when, in words. */
function overrideParts(override: ScheduleOverride, teammates: Teammate[], timeZone: string, nowMs: number) {
  const startMs = parseInstant(override.start) ?? nowMs;
  const endMs = parseInstant(override.end) ?? nowMs;
  const who = name(
    teammates.find((candidate) => candidate.id === override.userId)?.name ?? override.userName ?? override.userId,
  );
  const span = `from ${formatWhen(startMs, nowMs, timeZone)} to ${formatWhen(endMs, nowMs, timeZone)}`;
  return { startMs, endMs, who, span };
}

/** Who covers which schedule when ("Robin Rotation covers Product Analytics from Thu 09:00 to Fri 09:00"). */
export function overrideCoverage(
  override: ScheduleOverride,
  scheduleName: string,
  teammates: Teammate[],
  timeZone: string,
  nowMs: number,
): string {
  const { who, span } = overrideParts(override, teammates, timeZone, nowMs);
  return `${who} covers ${name(scheduleName)} ${span}`;
}

/** The sentence confirming a removal; an override in progress is cut to now, not undone. */
export function removalSentence(
  override: ScheduleOverride,
  scheduleName: string,
  teammates: Teammate[],
  timeZone: string,
  nowMs: number,
): string {
  const { startMs, endMs, who, span } = overrideParts(override, teammates, timeZone, nowMs);
  if (endMs <= nowMs) return `That override is over and cannot be removed (${who}, ${span})`;
  const coverage = overrideCoverage(override, scheduleName, teammates, timeZone, nowMs);
  return startMs < nowMs
    ? `End now the override in progress: ${coverage}; the rotation's order does not change`
    : `Remove the override: ${coverage}; the rotation's order does not change`;
}

function when(ms: number, request: Pick<SwapRequest, 'nowMs' | 'timeZone'>): string {
  return formatWhen(ms, request.nowMs, request.timeZone);
}

function name(value: string): string {
  return plainText(value, 80) || 'someone';
}

function localDate(ms: number, timeZone: string): string {
  const parts = zonedParts(ms, timeZone);
  return `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/** A local wall-clock time as a `datetime-local` input gives it: `2026-12-01T09:00`. */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A range typed as local wall-clock times in the user's zone (what the window's inputs give), as instants.
 * `null` when either is not a real local time: a date that does not exist, or a time skipped by a DST change
 * (the zone never shows it, so the user cannot have meant it).
 */
export function localRangeSpan(from: string, to: string, timeZone: string): SwapSpan | null {
  const startMs = localTimeToMs(from, timeZone);
  const endMs = localTimeToMs(to, timeZone);
  return startMs === null || endMs === null ? null : { kind: 'range', startMs, endMs };
}

/** The instant of a `YYYY-MM-DDTHH:MM` wall-clock time in the zone, or `null` when the zone never shows it. */
export function localTimeToMs(value: string, timeZone: string): number | null {
  const match = LOCAL_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const ms = zonedTimeToMs(year, month, day, hour * 60 + minute, timeZone);
  return localTime(ms, timeZone) === value ? ms : null;
}

/** An instant as the zone's `YYYY-MM-DDTHH:MM` (the `datetime-local` bounds of a turn). */
export function localTime(ms: number, timeZone: string): string {
  const parts = zonedParts(ms, timeZone);
  const hh = String(Math.floor(parts.minuteOfDay / 60)).padStart(2, '0');
  const mm = String(parts.minuteOfDay % 60).padStart(2, '0');
  return `${localDate(ms, timeZone)}T${hh}:${mm}`;
}

/**
 * Where the range picker starts by default: the turn's start, or now once it is under way, rounded UP to the
 * minute. The picker shows minutes; rounding down would put a turn starting at 09:00:32 at 09:00, outside it.
 */
export function pickerStartMs(turn: Pick<SwapTurn, 'startMs' | 'endMs'>, nowMs: number): number {
  return Math.min(Math.ceil(Math.max(turn.startMs, nowMs) / MINUTE) * MINUTE, turn.endMs);
}

/**
 * What makes two swaps the same change, to apply a double click or a retry once: the schedule, who covers and
 * when it ends (to the second, as PagerDuty stores it). Not the start: a swap of the part of a day under way
 * starts "now", which moves between a first try and its retry.
 */
export function swapKey(scheduleId: string, override: Pick<OverrideInput, 'userId' | 'endMs'>): string {
  return [scheduleId, override.userId, Math.floor(override.endMs / 1000)].join(':');
}

/** Whether a listed override is exactly the planned one (what a re-read after an unknown outcome looks for). */
export function sameOverride(listed: ScheduleOverride, override: Pick<OverrideInput, 'userId' | 'startMs' | 'endMs'>) {
  const second = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
  return (
    listed.userId === override.userId &&
    second(parseInstant(listed.start)) === second(override.startMs) &&
    second(parseInstant(listed.end)) === second(override.endMs)
  );
}
