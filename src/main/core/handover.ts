/**
 * The end-of-rotation handover. The handbook: "At the end of your rotation you need to ensure that any items in 1-4
 * are resolved or passed to the next Support Hero". So it names the next Support Hero (from PagerDuty) and lists
 * the tickets still open in the tiers the active rule table hands over, as Markdown pasted into Slack.
 */
import {
  CONTENT_WARNING_SUBJECT,
  type NextHero,
  type QueueEntry,
  type SlackRequestEntry,
  type Snapshot,
  type TierSummary,
} from '../../shared/domain';
import { formatDateTime } from '../../shared/format';
import { plainText } from './text';

/** What the handover says, before it is written as Markdown (the window) or JSON (the CLI). */
export interface Handover {
  /** Who takes over when the current turn ends; `null` when PagerDuty does not say. */
  nextHero: NextHero | null;
  /** "Hand over to Lena Latency (from Mon 7 Dec 10:20)." or why the next Support Hero is unknown. */
  nextHeroLine: string;
  /** The tiers the active rule table hands over, in rank order. */
  tiers: TierSummary[];
  /** "Tiers 1 to 4: Tagged by Customer Success; Escalated, High priority; ...". */
  tiersLine: string;
  /** The tickets still open in those tiers, in queue order. */
  entries: QueueEntry[];
  /** The Slack requests still open in those tiers, in order. */
  requests: SlackRequestEntry[];
}

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

/** "Tier 3", "Tiers 1 and 2", "Tiers 1 to 4", "Tiers 1, 3 and 5". */
function rankWords(ranks: number[]): string {
  if (ranks.length === 1) return `Tier ${ranks[0]}`;
  const first = ranks[0]!;
  const last = ranks[ranks.length - 1]!;
  if (ranks.length > 2 && last - first === ranks.length - 1) return `Tiers ${first} to ${last}`;
  return `Tiers ${ranks.slice(0, -1).join(', ')} and ${last}`;
}

/** Untrusted words (names from PagerDuty, labels from settings) pass through `words` before they join a line. */
type Words = (text: string) => string;
const asIs: Words = (text) => text;

function tiersLine(tiers: TierSummary[], words: Words): string {
  if (tiers.length === 0) return 'No tier of the rule table is handed over.';
  const labels = tiers.map((tier) => words(plainText(tier.label, 80))).join('; ');
  return `${rankWords(tiers.map((tier) => tier.rank))}: ${labels}.`;
}

function nextHeroLine(snapshot: Snapshot, words: Words): string {
  const { turn, timeZone } = snapshot;
  const when = (iso: string) => formatDateTime(Date.parse(iso), timeZone);
  if (turn.nextHero) {
    return `Hand over to ${words(plainText(turn.nextHero.userName, 120))} (from ${when(turn.nextHero.start)}).`;
  }
  const unknown = 'The next Support Hero is unknown';
  if (!turn.known) return `${unknown}: PagerDuty has not answered.`;
  if (!turn.onCall || turn.current === null) return `${unknown}: you are not on call now.`;
  if (turn.current.end === null) return `${unknown}: your turn has no end in PagerDuty.`;
  const names = turn.current.scheduleNames.map((name) => words(plainText(name, 80)));
  const schedules = names.join(', ') || 'your schedule';
  return `${unknown}: PagerDuty lists nobody on ${schedules} after your turn ends (${when(turn.current.end)}).`;
}

/** The handover of `snapshot`: the next Support Hero and the tickets in the tiers the rule table hands over. */
export function buildHandover(snapshot: Snapshot): Handover {
  const tiers = snapshot.tiers.filter((tier) => tier.handover).sort((a, b) => a.rank - b.rank);
  return {
    nextHero: snapshot.turn.nextHero ?? null,
    nextHeroLine: nextHeroLine(snapshot, asIs),
    tiers,
    tiersLine: tiersLine(tiers, asIs),
    entries: snapshot.queue.filter((entry) => entry.handover),
    requests: (snapshot.requests ?? []).filter((entry) => entry.handover),
  };
}

/**
 * The subject as the handover shows it. The handover is pasted where others read it: the subject of a
 * content-warning ticket would reach people who did not choose to see it (hiding it is our choice; the link still
 * leads there).
 */
export function handoverSubject(entry: QueueEntry): string {
  return entry.flags.includes('content_warning')
    ? CONTENT_WARNING_SUBJECT
    : plainText(entry.ticket.subject, 120) || '(no subject)';
}

function line(entry: QueueEntry): string {
  const ticket = entry.ticket;
  const subject = escapeMarkdown(handoverSubject(entry));
  const url = safeUrl(ticket.url);
  const title = url ? `[#${ticket.id} ${subject}](${url})` : `#${ticket.id} ${subject}`;
  const notes = [escapeMarkdown(plainText(entry.reason, 160))];
  const moderation = safeUrl(ticket.moderationUrl);
  if (moderation) notes.push(`answer on [the community page](${moderation})`);
  return `- ${title}: ${notes.join('; ')}`;
}

/** "- [Alice in #cs-requests](permalink): the preview" (the preview is plain text already; escaped for Markdown). */
function requestLine(entry: SlackRequestEntry): string {
  const { request } = entry;
  const where = request.channelName ? ` in #${plainText(request.channelName, 80)}` : '';
  const who = escapeMarkdown(`${plainText(request.author.name, 80)}${where}`);
  const url = safeUrl(request.permalink);
  const title = url ? `[${who}](${url})` : who;
  return `- ${title}: ${escapeMarkdown(plainText(request.preview, 160))}`;
}

/** The handover as Markdown: the next Support Hero, the tiers handed over, then their open tickets with links. */
export function handoverMarkdown(snapshot: Snapshot): string {
  const handover = buildHandover(snapshot);
  const when = formatDateTime(Date.parse(snapshot.generatedAt), snapshot.timeZone);
  const lines = [
    `# Support Hero handover (${when})`,
    '',
    nextHeroLine(snapshot, escapeMarkdown),
    tiersLine(handover.tiers, escapeMarkdown),
    '',
  ];
  const open = handover.entries;
  const requests = handover.requests;
  if (open.length === 0 && requests.length === 0) {
    lines.push('Nothing to hand over: no open tickets in these tiers.');
    return `${lines.join('\n')}\n`;
  }
  if (requests.length > 0) {
    lines.push(`${requests.length} open Slack ${requests.length === 1 ? 'request needs' : 'requests need'} an answer.`);
  }
  if (open.length > 0) {
    lines.push(`${open.length} open ${open.length === 1 ? 'ticket needs' : 'tickets need'} a new owner.`);
  }
  const byTier = new Map<string, { rank: number; label: string; lines: string[] }>();
  const add = (entry: { tier: string; tierRank: number; tierLabel: string }, text: string) => {
    const group = byTier.get(entry.tier) ?? { rank: entry.tierRank, label: entry.tierLabel, lines: [] };
    group.lines.push(text);
    byTier.set(entry.tier, group);
  };
  for (const entry of requests) add(entry, requestLine(entry));
  for (const entry of open) add(entry, line(entry));
  for (const group of [...byTier.values()].sort((a, b) => a.rank - b.rank)) {
    lines.push('', `## ${group.rank}. ${escapeMarkdown(group.label)} (${group.lines.length})`, '');
    lines.push(...group.lines);
  }
  return `${lines.join('\n')}\n`;
}
