/**
 * The one allow-list for links: which URLs may reach a face (snapshot, CLI output, notifications, tray, window)
 * and which main may open. Pure, so the core decides it once when the snapshot is built and the Electron opener
 * checks the same thing again before the browser gets a URL.
 */
import { isZendeskSubdomain } from './zendesk-subdomain';

/** What the allow-list depends on: the Zendesk account the user configured (`null` or '' for none). */
export interface LinkPolicy {
  zendeskSubdomain: string | null;
  /** The Slack workspace the token acts in (`auth.test`'s `url`); its host's permalinks pass. Absent = none. */
  slackWorkspaceUrl?: string | null;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const POSTHOG_HOSTS = new Set(['posthog.com', 'www.posthog.com']);
/** PagerDuty ids (schedules, users): upper-case letters and digits. */
const PAGERDUTY_ID = /^[A-Z0-9]{1,32}$/;

function isPlainLabel(label: string): boolean {
  // Punycode labels are refused outright: a look-alike of "posthog" in another script would arrive as xn--.
  return LABEL.test(label) && !label.startsWith('xn--');
}

/** PagerDuty's web app: pagerduty.com, {account}.pagerduty.com (US) and {account}.eu.pagerduty.com (EU). */
function isPagerDutyHost(host: string): boolean {
  const labels = host.split('.');
  if (!labels.every(isPlainLabel)) return false;
  if (host === 'pagerduty.com') return true;
  if (labels.length === 3 && host.endsWith('.pagerduty.com')) return true;
  return labels.length === 4 && host.endsWith('.eu.pagerduty.com');
}

function isAllowedHost(host: string, policy: LinkPolicy): boolean {
  const labels = host.split('.');
  if (!labels.every(isPlainLabel)) return false;
  if (POSTHOG_HOSTS.has(host) || isPagerDutyHost(host)) return true;
  if (isSlackWorkspaceHost(host, policy.slackWorkspaceUrl ?? null)) return true;
  const subdomain = (policy.zendeskSubdomain ?? '').toLowerCase();
  return isZendeskSubdomain(subdomain) && host === `${subdomain}.zendesk.com`;
}

/** The https URL as parsed, when it is plain enough to judge: a bare ASCII host, no credentials or port. */
function plainHttpsUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  // Printable ASCII only: whitespace, control, bidi, zero-width characters and lone surrogates are normalised
  // away or re-encoded by URL parsers in surprising ways; every link we build is ASCII already.
  if (!/^[\x21-\x7e]+$/.test(url) || url.includes('\\')) return null;
  const authority = /^https:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined || authority === '') return null;
  // The raw authority must be a bare host: no user:pass@, no :port, no %-escapes.
  if (/[@:%[\]]/.test(authority)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') {
    return null;
  }
  return parsed.hostname === authority.toLowerCase() ? parsed : null;
}

/** Exactly the workspace's host, and only a Slack one (`x.slack.com`, `x.enterprise.slack.com`). */
function isSlackWorkspaceHost(host: string, workspaceUrl: string | null): boolean {
  if (workspaceUrl === null) return false;
  const workspace = plainHttpsUrl(workspaceUrl);
  if (workspace === null || workspace.hostname !== host) return false;
  const labels = host.split('.');
  return labels.length >= 3 && labels.every(isPlainLabel) && host.endsWith('.slack.com');
}

/**
 * Whether a Slack permalink may reach a face: https on exactly the workspace's host (the one `auth.test` named,
 * which must be a slack.com host), no credentials, port or odd characters.
 */
export function isSlackWorkspaceLink(url: unknown, workspaceUrl: string | null): boolean {
  const parsed = plainHttpsUrl(url);
  return parsed !== null && isSlackWorkspaceHost(parsed.hostname, workspaceUrl);
}

/**
 * The URL canonicalised (what a face shows or the OS receives is exactly what was checked), or `null`: https only,
 * on the configured Zendesk subdomain, PagerDuty (US or EU) or posthog.com. Credentials, ports, percent-encoded,
 * punycode or IP hosts, and any non-ASCII, whitespace or control character are refused.
 */
export function allowedLink(url: unknown, policy: LinkPolicy): string | null {
  const parsed = plainHttpsUrl(url);
  return parsed !== null && isAllowedHost(parsed.hostname, policy) ? parsed.href : null;
}

/**
 * A PagerDuty schedule's web page, built from its id on the account host the data named: `https://{host}/schedules/
 * {id}`. `null` when the host is not PagerDuty's (`evil.example`, `acme.pagerduty.com.evil.example`, punycode) or
 * the id is not a PagerDuty id; whatever path or query the data carried is dropped.
 */
export function scheduleLink(url: unknown, scheduleId: unknown): string | null {
  const parsed = plainHttpsUrl(url);
  if (parsed === null || !isPagerDutyHost(parsed.hostname)) return null;
  if (typeof scheduleId !== 'string' || !PAGERDUTY_ID.test(scheduleId)) return null;
  return `https://${parsed.hostname}/schedules/${scheduleId}`;
}
