/**
 * Bug report or feature request (handbook: "How do I handle a bug report or feature request?"): GitHub's issue
 * form for PostHog/posthog, prefilled with what the ticket knows and "From: <the Zendesk ticket URL>" under
 * `## Additional context` (the forms have no separate "additional info" field), then the follow-up steps.
 *
 * Form ids come from PostHog/posthog `.github/ISSUE_TEMPLATE/bug_report.yml` (`bug-description`) and
 * `feature_request.yml` (`feature_request`); the headings mirror their default text, since whether a prefill
 * replaces a field's default is unverified (so the whole text is sent). Ticket text is hostile: control and bidi
 * characters are stripped, it is capped, and a `content_warning` ticket's subject and text are never copied.
 */
import { plainText } from '../text';

export type IssueFormKind = 'bug' | 'feature';

/** What the form is filled from (the ticket as the app holds it). */
export interface IssueFormTicket {
  id: number;
  subject: string;
  description: string;
  tags: readonly string[];
}

export interface IssueFormOptions {
  /** Zendesk subdomain for the "From:" link; default `posthoghelp`. */
  zendeskSubdomain?: string;
  /** A link to the insight (or other page) showing the bug; the handbook wants it below the repro steps. */
  evidenceUrl?: string | null;
  /** URL length cap (GitHub answers 414 past an undocumented limit); default GITHUB_URL_MAX. */
  maxUrlLength?: number;
}

export const POSTHOG_NEW_ISSUE_URL = 'https://github.com/PostHog/posthog/issues/new';
/** Kept under ~8 KB: the limit is undocumented (unverified), a 414 loses the whole prefill. */
export const GITHUB_URL_MAX = 8000;
const TITLE_MAX = 200;
const CONTENT_WARNING_TAG = 'content_warning';
const CUT_MARK = '\n\n[…cut to fit the link: see the Zendesk ticket]';

const FORMS = {
  bug: { template: 'bug_report.yml', labels: 'bug', field: 'bug-description', titlePrefix: 'Bug' },
  feature: {
    template: 'feature_request.yml',
    labels: 'enhancement, feature',
    field: 'feature_request',
    titlePrefix: 'Feature request',
  },
} as const;

/** The Zendesk agent link for a ticket: `https://posthoghelp.zendesk.com/agent/tickets/<id>`. */
export function zendeskTicketUrl(ticketId: number, subdomain = 'posthoghelp'): string {
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) throw new Error('A Zendesk ticket id is a positive integer');
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(subdomain)) throw new Error('Not a Zendesk subdomain');
  return `https://${subdomain.toLowerCase()}.zendesk.com/agent/tickets/${ticketId}`;
}

/**
 * The prefilled new-issue URL. Order of parameters: template, labels, title, the form's field. When the URL would
 * pass the cap, the ticket's text is cut (with a note), never the headings or the "From:" line.
 */
export function issueFormUrl(kind: IssueFormKind, ticket: IssueFormTicket, options: IssueFormOptions = {}): string {
  const form = FORMS[kind];
  const from = `From: ${zendeskTicketUrl(ticket.id, options.zendeskSubdomain)}`;
  const warned = ticket.tags.some((tag) => tag.toLowerCase() === CONTENT_WARNING_TAG);
  const subject = warned ? '' : plainText(ticket.subject, TITLE_MAX);
  const title = subject || `${form.titlePrefix} from Zendesk ticket #${ticket.id}`;
  const text = warned
    ? '*The ticket is tagged content_warning: its text is not copied here. Describe the problem in your own words.*'
    : multilineText(ticket.description);
  const evidence = safeHttpsUrl(options.evidenceUrl);
  const build = (description: string) => {
    const body = kind === 'bug' ? bugBody(description, evidence, from) : featureBody(description, from);
    const params = new URLSearchParams();
    params.set('template', form.template);
    params.set('labels', form.labels);
    params.set('title', title);
    params.set(form.field, body);
    return `${POSTHOG_NEW_ISSUE_URL}?${params.toString()}`;
  };
  const max = options.maxUrlLength ?? GITHUB_URL_MAX;
  const full = build(text);
  if (full.length <= max) return full;
  // Form encoding is per character, so the room left beside the fixed parts is exact.
  const cut = cutToEncodedLength(text, max - build(CUT_MARK).length);
  return build(cut === '' ? CUT_MARK.trimStart() : `${cut}${CUT_MARK}`);
}

/** True only for a new-issue form URL of github.com/PostHog/posthog as built here (the link allow-list's rule). */
export function isPostHogIssueFormUrl(value: string): boolean {
  if (typeof value !== 'string' || value.length > GITHUB_URL_MAX) return false;
  // The literal prefix rules out look-alike hosts, other repositories, http, userinfo, ports and other paths
  // before the parser can normalise any of them into something that looks right.
  if (!value.startsWith(`${POSTHOG_NEW_ISSUE_URL}?`)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.hostname !== 'github.com' || url.port !== '' || url.username || url.password) {
    return false;
  }
  if (url.pathname !== '/PostHog/posthog/issues/new' || url.hash !== '') return false;
  const form = Object.values(FORMS).find((candidate) => candidate.template === url.searchParams.get('template'));
  if (!form) return false;
  const allowed = new Set(['template', 'labels', 'title', form.field]);
  const keys = [...url.searchParams.keys()];
  return keys.every((key) => allowed.has(key)) && new Set(keys).size === keys.length;
}

/** One follow-up after the issue is filed, as data for the window, the tray and the CLI. */
export type FollowUpStep =
  | { id: 'reply'; label: string }
  | { id: 'set_pending'; label: string; status: 'pending' }
  | { id: 'team_message'; label: string; text: string | null }
  | { id: 'customer_success'; label: string };

/**
 * The handbook's steps after filing: reply with the link, set the ticket to Pending with that reply, and (bugs)
 * alert the team channel. The team message is only filled once a valid issue URL is given.
 */
export function followUpSteps(kind: IssueFormKind, issueUrl: string | null = null): FollowUpStep[] {
  const message = issueUrl === null ? null : teamChannelMessage(issueUrl);
  const steps: FollowUpStep[] = [
    {
      id: 'reply',
      label:
        kind === 'bug'
          ? 'Reply to thank them for the report, link the issue and say they can follow it on GitHub'
          : 'Reply with the link to the feature request so they can follow it',
    },
    { id: 'set_pending', label: 'Set the ticket to Pending when you send the reply', status: 'pending' },
  ];
  if (kind === 'bug') {
    steps.push({
      id: 'team_message',
      label: "Post in the owning team's Slack channel",
      text: message?.ok ? message.text : null,
    });
  } else {
    steps.push({ id: 'customer_success', label: 'Let the Customer Success team know (they track feature requests)' });
  }
  return steps;
}

/**
 * "New bug report from a high priority customer: <issue URL>", only for a github.com/PostHog/posthog issue link
 * (a pasted URL is untrusted: anything else is refused with a reason).
 */
export function teamChannelMessage(
  issueUrl: string,
): { ok: true; text: string; url: string } | { ok: false; reason: string } {
  const match = /^https:\/\/github\.com\/PostHog\/posthog\/issues\/([1-9]\d{0,8})\/?$/.exec(
    typeof issueUrl === 'string' ? issueUrl.trim() : '',
  );
  if (!match) {
    return { ok: false, reason: 'Paste the link of the issue on github.com/PostHog/posthog (…/issues/<number>)' };
  }
  const url = `https://github.com/PostHog/posthog/issues/${match[1]}`;
  return { ok: true, url, text: `New bug report from a high priority customer: ${url}` };
}

function bugBody(description: string, evidence: string | null, from: string): string {
  const context = evidence ? `${evidence}\n${from}` : from;
  return `${description}\n\n## How to reproduce\n\n1. \n2.\n3. \n\n## Additional context\n\n${context}\n`;
}

function featureBody(description: string, from: string): string {
  return `## Is your feature request related to a problem?\n\n${description}\n\n## Describe the solution you'd like\n\n\n## Describe alternatives you've considered\n\n\n## Additional context\n\n${from}\n`;
}

// Controls (newline is kept by the replacer), every format character (bidi overrides and isolates, zero-width), lone surrogates
// and line/paragraph separators: ticket text must not disguise what the issue says.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** Ticket text kept as paragraphs: CRLF normalised, tabs as spaces, unsafe characters removed, blank runs collapsed. */
export function multilineText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(UNSAFE, (char) => (char === '\n' ? char : ''))
    .replace(/[ \u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Text as it goes on the clipboard: the same unseen characters removed as from issue text (format characters,
 * lone surrogates, line/paragraph separators, controls), keeping line breaks and tabs, so a pasted email or
 * handover holds nothing the user did not see.
 */
export function clipboardText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(UNSAFE, (char) => (char === '\n' || char === '\t' ? char : ''));
}

/** The longest prefix of `text` (whole code points) whose form encoding fits in `room` characters. */
function cutToEncodedLength(text: string, room: number): string {
  let used = 0;
  let out = '';
  // Every character costs at least one: nothing past `room` characters can fit, however long the ticket.
  for (const char of Array.from(text.slice(0, Math.max(0, room) + 1))) {
    const cost = new URLSearchParams({ x: char }).toString().length - 2;
    if (used + cost > room) break;
    used += cost;
    out += char;
  }
  return out.trimEnd();
}

/** An https URL without credentials, as text, or `null`: only such a link goes into the issue. */
function safeHttpsUrl(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' || url.username || url.password) return null;
    return url.href.length <= 500 ? url.href : null;
  } catch {
    return null;
  }
}
