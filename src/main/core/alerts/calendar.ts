/** Calendar math for alerts: working hours, quiet hours, the next working day and when reminders are due. */
import { parseHhMm, zonedParts, zonedTimeToMs } from '../../../shared/format';
import type { Settings } from '../../../shared/settings';

const DAY = 24 * 60 * 60_000;

/** True when `nowMs` falls inside the working hours in `timeZone`. */
export function inWorkingHours(settings: Settings, nowMs: number, timeZone: string): boolean {
  const hours = settings.notifications.workingHours;
  const start = parseHhMm(hours.start);
  const end = parseHhMm(hours.end);
  if (start === null || end === null) return true;
  const local = zonedParts(nowMs, timeZone);
  return hours.days.includes(local.weekday) && local.minuteOfDay >= start && local.minuteOfDay < end;
}

/** True when quiet hours hold non-urgent alerts at `nowMs`: they are on, and it is outside working hours. */
export function isQuietHours(settings: Settings, nowMs: number, timeZone: string): boolean {
  return settings.notifications.quietOutsideWorkingHours && !inWorkingHours(settings, nowMs, timeZone);
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
