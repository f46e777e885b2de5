/** Human times and durations for tooltips, reasons and notifications, in the user's IANA time zone. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${timeZone}|${key}`;
  let cached = formatterCache.get(cacheKey);
  if (!cached) {
    try {
      cached = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      // An unknown zone falls back to UTC rather than failing a whole snapshot.
      cached = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    formatterCache.set(cacheKey, cached);
  }
  return cached;
}

/** A duration, coarse and short: "45s" is never shown; "42m", "3h 5m", "3d 4h". Negative values use the magnitude. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(0, Math.floor(abs / MINUTE))}m`;
  if (abs < DAY) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
  }
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  return hours === 0 ? `${days}d` : `${days}d ${hours}h`;
}

/** Monthly recurring revenue as every face shows it: "$12,500/mo" (whole dollars, US digit grouping). */
export function formatMrr(mrr: number): string {
  if (!Number.isFinite(mrr)) return '?';
  return `$${Math.round(mrr).toLocaleString('en-US')}/mo`;
}

/** "14:02" in the zone. */
export function formatClock(ms: number, timeZone: string): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'clock').format(ms);
}

/** "Mon 09:00" in the zone: for times within the coming week. */
export function formatWeekdayTime(ms: number, timeZone: string): string {
  const parts = formatter(
    timeZone,
    { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    'weekday',
  ).formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

/** "Mon 14 Dec 09:00" in the zone. */
export function formatDateTime(ms: number, timeZone: string): string {
  const parts = formatter(
    timeZone,
    { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    'datetime',
  ).formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}

/** Within the next 6 days: "Mon 09:00"; further out: "Mon 14 Dec 09:00". */
export function formatWhen(ms: number, nowMs: number, timeZone: string): string {
  return ms - nowMs < 6 * DAY && ms >= nowMs - DAY ? formatWeekdayTime(ms, timeZone) : formatDateTime(ms, timeZone);
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The local calendar date, weekday and time of an instant in the zone. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts = formatter(
    timeZone,
    {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    },
    'parts',
  ).formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
    minuteOfDay: (Number(get('hour')) % 24) * 60 + Number(get('minute')),
  };
}

/**
 * The instant of a local wall-clock time in the zone. Around DST gaps it lands on the nearest valid instant;
 * two passes correct the offset guess, which is enough for every real zone.
 */
export function zonedTimeToMs(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const wallAsUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  let guess = wallAsUtc;
  for (let pass = 0; pass < 2; pass++) {
    const parts = zonedParts(guess, timeZone);
    const seenAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, 0, parts.minuteOfDay);
    guess += wallAsUtc - seenAsUtc;
  }
  return guess;
}

/** Parses "HH:MM" to minutes since midnight; `null` when malformed. */
export function parseHhMm(value: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** Parses an ISO instant; `null` for missing or unparseable values (never NaN). */
export function parseInstant(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
