/** What alerts say: titles, bodies and links, in words fit for a notification that pops up unasked. */
import { type Alert, CONTENT_WARNING_SUBJECT, type QueueEntry, type Turn } from '../../../shared/domain';
import { plainText } from '../text';

/** What a click on a ticket's alert opens: a community question's page (never answered from Zendesk), else the ticket. */
export function alertTicketUrl(entry: QueueEntry): string | null {
  return entry.ticket.moderationUrl || entry.ticket.url || null;
}

/** How an alert names a ticket. */
export function ticketLabel(entry: QueueEntry): string {
  return `#${entry.ticket.id}`;
}

/** Notifications pop up unasked (maybe mid screen-share): a content-warning ticket's subject stays hidden. */
export function ticketBody(entry: QueueEntry): string {
  if (entry.flags.includes('content_warning')) return CONTENT_WARNING_SUBJECT;
  return plainText(entry.ticket.subject, 120) || '(no subject)';
}

/** The schedules of a turn, for its alerts. */
export function scheduleNames(turn: Turn): string {
  return plainText(turn.scheduleNames.join(', '), 80) || 'PagerDuty';
}

/**
 * One summary of `held` alerts (id and alert), urgent and earliest first. `burst`: they arrived at once just now
 * ("4 new alerts"); otherwise they waited out a pause or quiet hours ("While you were away: ...").
 */
export function summaryAlert(held: readonly [string, Alert][], burst: boolean, nowMs: number): Alert {
  const sorted = [...held].sort(
    (a, b) => Number(b[1].urgent) - Number(a[1].urgent) || a[1].dueAt.localeCompare(b[1].dueAt),
  );
  const titles = sorted.map(([, alert]) => alert.title);
  const shown = titles.slice(0, 3).join(' · ');
  const more = titles.length > 3 ? ` · +${titles.length - 3} more` : '';
  const summaryId = `summary:${shortHash(
    sorted
      .map(([id]) => id)
      .sort()
      .join('|'),
  )}`;
  const single = sorted.length === 1 ? sorted[0]![1] : null;
  return {
    id: summaryId,
    kind: 'summary',
    ticketId: single?.ticketId ?? null,
    title: burst
      ? `${sorted.length} new alerts`
      : `While you were away: ${sorted.length === 1 ? '1 alert' : `${sorted.length} alerts`}`,
    body: plainText(`${shown}${more}`, 240),
    url: single?.url ?? null,
    urgent: sorted.some(([, alert]) => alert.urgent),
    dueAt: new Date(nowMs).toISOString(),
  };
}

/** FNV-1a, for short stable ids of summaries (which stand for a set of alerts). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
