/**
 * Presentation only: durations and clock times in the snapshot's time zone, the same formatting main uses for
 * tooltips and notifications (src/shared/format.ts). What a time means (breach, warning, tier) is decided in
 * main and arrives in the snapshot.
 */
import { formatDuration } from '../shared/format';

export { formatClock, formatDuration, formatWhen, parseInstant as instant } from '../shared/format';

const DAY = 24 * 60 * 60_000;

/** "in 13 days" for far-off instants, "in 3h 5m" for near ones. */
export function formatIn(ms: number): string {
  if (ms >= 2 * DAY) return `in ${Math.floor(ms / DAY)} days`;
  return `in ${formatDuration(ms)}`;
}

/** "$12,500/mo". */
export function formatMrr(mrr: number): string {
  return `$${Math.round(mrr).toLocaleString('en-US')}/mo`;
}
