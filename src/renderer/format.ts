/**
 * Presentation only: durations and clock times in the snapshot's time zone. What a time means (breach,
 * warning, tier) is decided in main and arrives in the snapshot.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${timeZone}|${key}`;
  let cached = formatters.get(cacheKey);
  if (!cached) {
    try {
      cached = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      // An unknown zone in a snapshot must not blank the window.
      cached = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    formatters.set(cacheKey, cached);
  }
  return cached;
}

function parts(ms: number, timeZone: string, key: string, options: Intl.DateTimeFormatOptions) {
  const list = formatter(timeZone, key, options).formatToParts(ms);
  return (type: string) => list.find((part) => part.type === type)?.value ?? '';
}

/** "42m", "3h 5m", "3d 4h": coarse, magnitude only. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)}m`;
  if (abs < DAY) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
  }
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  return hours === 0 ? `${days}d` : `${days}d ${hours}h`;
}

/** "in 13 days" for far-off instants, "in 3h 5m" for near ones. */
export function formatIn(ms: number): string {
  if (ms >= 2 * DAY) return `in ${Math.floor(ms / DAY)} days`;
  return `in ${formatDuration(ms)}`;
}

/** "14:02". */
export function formatClock(ms: number, timeZone: string): string {
  const get = parts(ms, timeZone, 'clock', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${get('hour')}:${get('minute')}`;
}

/** "Mon 09:00" within the coming week, "Mon 14 Dec 09:00" further out. */
export function formatWhen(ms: number, nowMs: number, timeZone: string): string {
  const get = parts(ms, timeZone, 'when', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const time = `${get('hour')}:${get('minute')}`;
  if (ms - nowMs < 6 * DAY && ms >= nowMs - DAY) return `${get('weekday')} ${time}`;
  return `${get('weekday')} ${get('day')} ${get('month')} ${time}`;
}

/** Parses an ISO instant; `null` for anything unreadable. */
export function instant(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** "$12,500/mo". */
export function formatMrr(mrr: number): string {
  return `$${Math.round(mrr).toLocaleString('en-US')}/mo`;
}
