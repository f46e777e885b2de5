/**
 * Presentation only: durations and clock times in the snapshot's time zone, the same formatting main uses for
 * tooltips and notifications (src/shared/format.ts). What a time means (breach, warning, tier) is decided in
 * main and arrives in the snapshot.
 */
export { formatClock, formatDuration, formatMrr, formatWhen, parseInstant as instant } from '../shared/format';
