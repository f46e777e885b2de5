/**
 * Raw PagerDuty records -> the app's types. Pure and total: bad records become problems, never exceptions.
 */
import type { IsoInstant, OnCallEntry, PagerDutySchedule, PagerDutyUser } from '../../../shared/domain';
import { scheduleLink } from '../../../shared/link-policy';
import type { RawOnCall, RawReference } from './types';

/** A user from `/users/me`, `/users` or an on-call entry's user, or `null` without an id. */
export function transformUser(raw: unknown): PagerDutyUser | null {
  if (!isRecord(raw)) return null;
  const user = raw as RawReference;
  const id = text(user.id);
  if (id === null) return null;
  return { id, name: text(user.name) ?? text(user.summary) ?? id, email: text(user.email) };
}

/** One on-call entry, or the reason it was unusable. Permanent entries keep `null` start/end. */
export function transformOnCall(
  raw: unknown,
): { entry: OnCallEntry; problem: null } | { entry: null; problem: string } {
  if (!isRecord(raw)) return { entry: null, problem: 'an on-call entry is not an object' };
  const record = raw as RawOnCall;
  const user = transformUser(record.user);
  if (user === null) return { entry: null, problem: 'an on-call entry has no user id' };
  const start = instant(record.start);
  const end = instant(record.end);
  // `undefined` marks a value present but unreadable: the entry's time is unknown, so it cannot be placed.
  if (start === undefined || end === undefined) {
    return { entry: null, problem: `an on-call entry of ${user.id} has an unreadable start or end` };
  }
  if (start && end && Date.parse(end) < Date.parse(start)) {
    return { entry: null, problem: `an on-call entry of ${user.id} ends (${end}) before it starts (${start})` };
  }
  const schedule = isRecord(record.schedule) ? (record.schedule as RawReference) : null;
  const scheduleId = schedule ? text(schedule.id) : null;
  const level = record.escalation_level;
  return {
    entry: {
      userId: user.id,
      userName: user.name,
      scheduleId,
      scheduleName: (schedule && (text(schedule.summary) ?? text(schedule.name))) ?? scheduleId ?? 'No schedule',
      scheduleUrl: schedule ? scheduleLink(schedule.html_url, scheduleId) : null,
      escalationLevel: typeof level === 'number' && Number.isInteger(level) && level > 0 ? level : 1,
      start: start ?? null,
      end: end ?? null,
    },
    problem: null,
  };
}

/** A schedule from `/schedules/{id}`, or a placeholder named by its id. */
export function transformSchedule(raw: unknown, fallbackId: string): PagerDutySchedule {
  const schedule = isRecord(raw) ? (raw as RawReference) : {};
  const id = text(schedule.id) ?? fallbackId;
  return {
    id,
    name: text(schedule.name) ?? text(schedule.summary) ?? id,
    url: scheduleLink(schedule.html_url, id),
    timeZone: text(schedule.time_zone),
  };
}

/** Whether an entry covers the instant (null bounds are open). */
export function coversInstant(entry: OnCallEntry, nowMs: number): boolean {
  const startsBefore = entry.start === null || Date.parse(entry.start) <= nowMs;
  const endsAfter = entry.end === null || Date.parse(entry.end) > nowMs;
  return startsBefore && endsAfter;
}

/**
 * The same shift is listed once per escalation policy that points at the schedule: keep one per user, schedule
 * and time span, at its highest (lowest-numbered) escalation level.
 */
export function dedupeEntries(entries: OnCallEntry[]): OnCallEntry[] {
  const byKey = new Map<string, OnCallEntry>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.userId, entry.scheduleId, entry.start, entry.end]);
    const known = byKey.get(key);
    if (!known || entry.escalationLevel < known.escalationLevel) byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** `null` for absent, `undefined` for present but unreadable, else canonical UTC. */
function instant(value: unknown): IsoInstant | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, 300) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
