/** The end-of-rotation handover: the handbook's tiers 1 to 4 still open, as Markdown for the next Support Hero. */
import { CONTENT_WARNING_SUBJECT, type QueueEntry, type Snapshot } from '../../shared/domain';
import { formatDateTime } from '../../shared/format';
import { plainText } from './text';

/** Escapes characters that would turn ticket text into Markdown structure or links. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()<>#|!~]/g, (char) => `\\${char}`);
}

function safeUrl(url: string | null): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function line(entry: QueueEntry): string {
  const ticket = entry.ticket;
  // The handover is pasted into Slack: a content-warning subject would reach people who did not choose to see it
  // (the handbook's reason for the warning). The link still leads there.
  const subject = entry.flags.includes('content_warning')
    ? CONTENT_WARNING_SUBJECT
    : escapeMarkdown(plainText(ticket.subject, 120) || '(no subject)');
  const url = safeUrl(ticket.url);
  const title = url ? `[#${ticket.id} ${subject}](${url})` : `#${ticket.id} ${subject}`;
  const notes = [escapeMarkdown(plainText(entry.reason, 160))];
  const moderation = safeUrl(ticket.moderationUrl);
  if (moderation) notes.push(`answer on [the community page](${moderation})`);
  return `- ${title}: ${notes.join('; ')}`;
}

/** Tickets in the handover tiers, grouped by tier in queue order, as a Markdown list with links. */
export function handoverMarkdown(snapshot: Snapshot): string {
  const open = snapshot.queue.filter((entry) => entry.handover);
  const when = formatDateTime(Date.parse(snapshot.generatedAt), snapshot.timeZone);
  const lines = [`# Support Hero handover (${when})`, ''];
  if (open.length === 0) {
    lines.push('Nothing to hand over: no open tickets in the handbook tiers 1 to 4.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${open.length} open ${open.length === 1 ? 'ticket needs' : 'tickets need'} a new owner.`);
  const byTier = new Map<string, QueueEntry[]>();
  for (const entry of open) {
    const list = byTier.get(entry.tier) ?? [];
    list.push(entry);
    byTier.set(entry.tier, list);
  }
  for (const entries of byTier.values()) {
    const first = entries[0]!;
    lines.push('', `## ${first.tierRank}. ${escapeMarkdown(first.tierLabel)} (${entries.length})`, '');
    for (const entry of entries) lines.push(line(entry));
  }
  return `${lines.join('\n')}\n`;
}
