/** `support-hero status` for people: the turn line, then the queue by tier with the reason and links per ticket. */
import {
  type Alert,
  CONTENT_WARNING_SUBJECT,
  type QueueEntry,
  type SlackRequestEntry,
  type Snapshot,
  type SourceHealthView,
} from '../../shared/domain';
import { formatClock, formatMrr, parseInstant } from '../../shared/format';
import { truncatedNote } from '../core/failures';
import { plainText } from '../core/text';

const SUBJECT_WIDTH = 70;

/** Untrusted text (subjects, names, links) is made single-line and free of terminal control characters. */
function safe(value: unknown, max = 200): string {
  return plainText(value, max);
}

/** "On call now until Mon 09:00 (2d left) (Product Analytics)": the snapshot's turn line, at terminal length. */
export function turnLine(snapshot: Snapshot): string {
  return safe(snapshot.turn.long, 300);
}

function ticketLines(entry: QueueEntry, idWidth: number): string[] {
  const { ticket } = entry;
  const id = `#${ticket.id}`.padEnd(idWidth);
  const status = ticket.status.padEnd(7);
  const priority = ticket.priority.padEnd(7);
  // Like the window, the tray and notifications: a content-warning ticket's subject and organization are not shown
  // unasked (a terminal can be a shared screen); `--json` still carries them for scripts.
  const hidden = entry.flags.includes('content_warning');
  const subject = hidden ? CONTENT_WARNING_SUBJECT : safe(ticket.subject, SUBJECT_WIDTH) || '(no subject)';
  const indent = ' '.repeat(idWidth + 4);
  const lines = [`  ${id}  ${status} ${priority} ${subject}`, `${indent}${safe(entry.reason, 160)}`];
  const notes: string[] = [];
  const org = ticket.organization;
  const organization = org && !hidden ? safe(org.name, 60) : '';
  if (organization) {
    // As the window's row: the plan, then the MRR, both only where known.
    const details = [org?.plan ? safe(org.plan, 30) : '', org?.mrr != null ? formatMrr(org.mrr) : ''].filter(Boolean);
    notes.push(details.length > 0 ? `${organization} (${details.join(', ')})` : organization);
  }
  if (entry.flags.includes('content_warning')) notes.push('content warning');
  if (entry.flags.includes('needs_org')) {
    const suggested = safe(ticket.orgAssignment?.suggestedOrg ?? '', 80);
    const organizationId = safe(ticket.orgAssignment?.organizationId ?? '', 40);
    const id = organizationId ? `, PostHog org ID ${organizationId}` : '';
    notes.push(suggested ? `assign to org: ${suggested} (from the Admin line)${id}` : 'needs an organization');
  }
  if (notes.length > 0) lines.push(`${indent}${notes.join(' · ')}`);
  lines.push(`${indent}${safe(ticket.url, 300)}`);
  if (entry.open.target === 'moderation' && entry.open.url)
    lines.push(`${indent}answer at ${safe(entry.open.url, 300)}`);
  return lines;
}

/** A Slack request: who asked and where, the preview, and the thread's link. */
function requestLines(entry: SlackRequestEntry, idWidth: number): string[] {
  const { request } = entry;
  const indent = ' '.repeat(idWidth + 4);
  const where = request.channelName ? ` in #${safe(request.channelName, 80)}` : '';
  const lines = [`  ${'Slack'.padEnd(idWidth)}  ${safe(request.author.name, 60)}${where}`];
  lines.push(`${indent}${safe(request.preview, 160)}`);
  if (request.permalink) lines.push(`${indent}${safe(request.permalink, 300)}`);
  return lines;
}

function healthLine(health: SourceHealthView): string {
  return health.state === 'fresh' ? '' : safe(health.line, 200);
}

/** The default Slack tier while Slack is not set up: nothing can reach it, so it is not listed. */
function isSlackOnlyTier(tierId: string, snapshot: Snapshot): boolean {
  const slack = snapshot.sources.slack;
  return tierId === 'slack_customer_success' && (!slack || slack.failure?.kind === 'not_configured');
}

/** The whole status report as text lines (no trailing newline). */
export function formatStatus(snapshot: Snapshot): string {
  const out: string[] = [];
  if (snapshot.demo) out.push('Demo data (no account configured): this is not your real queue.');
  out.push(turnLine(snapshot));
  const others = snapshot.turn.onCallNow.filter((entry) => !entry.isMe);
  if (others.length > 0) {
    const names = others.map((entry) => `${safe(entry.userName, 60)} (${safe(entry.scheduleName, 60)})`);
    out.push(`On call now: ${names.join(', ')}`);
  }
  const zendesk = snapshot.sources.zendesk;
  if (zendesk.state === 'failing' || zendesk.state === 'idle') {
    // No queue was ever read: empty tiers and "0 need you" would read as inbox zero.
    out.push(`Queue unknown: ${safe(zendesk.line)}`);
    const pagerduty = healthLine(snapshot.sources.pagerduty);
    if (pagerduty && !out.some((line) => line.includes(pagerduty))) out.push('', pagerduty);
    return out.join('\n');
  }
  const requests = snapshot.requests ?? [];
  const slackCount = requests.length > 0 ? ` · ${requests.length} from Slack` : '';
  out.push(`${snapshot.tray.badge} need you · ${snapshot.queue.length} in the queue${slackCount}`);

  const idWidth = Math.max(2, ...snapshot.queue.map((entry) => `#${entry.ticket.id}`.length));
  const byTier = new Map<string, QueueEntry[]>();
  for (const entry of snapshot.queue) byTier.set(entry.tier, [...(byTier.get(entry.tier) ?? []), entry]);
  const tiers = [...snapshot.tiers].sort((a, b) => a.rank - b.rank);
  for (const tier of tiers) {
    const entries = byTier.get(tier.id) ?? [];
    const asked = requests.filter((entry) => entry.tier === tier.id);
    // A tier only Slack requests reach is shown only when Slack is set up, so a Zendesk-only user sees no change.
    if (entries.length === 0 && asked.length === 0 && isSlackOnlyTier(tier.id, snapshot)) continue;
    out.push('');
    const count = entries.length + asked.length;
    out.push(`${tier.rank}. ${safe(tier.label, 80)} (${count})${tier.handover ? '' : ' · not in the handover'}`);
    for (const entry of asked) out.push(...requestLines(entry, idWidth));
    for (const entry of entries) out.push(...ticketLines(entry, idWidth));
  }
  const slack = snapshot.sources.slack;
  const slackLine = slack && slack.failure?.kind !== 'not_configured' ? healthLine(slack) : '';
  const problems = [healthLine(snapshot.sources.zendesk), healthLine(snapshot.sources.pagerduty), slackLine].filter(
    Boolean,
  );
  for (const health of [snapshot.sources.zendesk, snapshot.sources.pagerduty]) {
    // Also while stale: the data shown is still the list that was cut.
    if (health.truncated) problems.push(`${health.label}: ${truncatedNote(health.source)}`);
  }
  if (snapshot.problems.length > 0) {
    problems.push(`${snapshot.problems.length} record(s) had data problems (see --json "problems")`);
  }
  if (problems.length > 0) {
    out.push('');
    out.push(...problems);
  }
  // What the order above assumed (the window's "How this queue is sorted"), so a user can check it.
  out.push('', safe(snapshot.assumptions.summary, 1_000));
  return out.join('\n');
}

/** One alert as a line for `watch` (without --json): "[10:02] SLA: #123 breaches in 2h · link". */
export function formatAlert(alert: Alert, timeZone: string): string {
  const due = parseInstant(alert.dueAt);
  const stamp = due === null ? '' : `[${formatClock(due, timeZone)}] `;
  const link = alert.url ? ` · ${safe(alert.url, 300)}` : '';
  const urgent = alert.urgent ? '(urgent) ' : '';
  return `${stamp}${urgent}${safe(alert.title, 120)}: ${safe(alert.body, 240)}${link}`;
}
