/**
 * The one allow-list for links leaving the app. Only main opens links, and only after this check passes.
 */
import type { Settings } from '../../shared/settings';
import { isZendeskSubdomain } from '../../shared/zendesk-subdomain';
import type { LinkOpener } from '../core/ports';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const POSTHOG_HOSTS = new Set(['posthog.com', 'www.posthog.com']);

function isPlainLabel(label: string): boolean {
  // Punycode labels are refused outright: a look-alike of "posthog" in another script would arrive as xn--.
  return LABEL.test(label) && !label.startsWith('xn--');
}

function isAllowedHost(host: string, zendeskSubdomains: string[]): boolean {
  const labels = host.split('.');
  if (!labels.every(isPlainLabel)) return false;
  if (POSTHOG_HOSTS.has(host)) return true;
  // PagerDuty's web app: pagerduty.com, {account}.pagerduty.com (US) and {account}.eu.pagerduty.com (EU).
  if (host === 'pagerduty.com') return true;
  if (labels.length === 3 && host.endsWith('.pagerduty.com')) return true;
  if (labels.length === 4 && host.endsWith('.eu.pagerduty.com')) return true;
  return zendeskSubdomains.some((subdomain) => isZendeskSubdomain(subdomain) && host === `${subdomain}.zendesk.com`);
}

/**
 * The URL main may open in the browser, canonicalised (what the OS receives is exactly what was checked), or
 * `null`: https only, on the configured Zendesk subdomain, PagerDuty (US or EU) or posthog.com. Credentials,
 * ports, percent-encoded, punycode or IP hosts, and any non-ASCII, whitespace or control character are refused.
 */
export function allowedExternalUrl(url: unknown, settings: Settings): string | null {
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
  if (parsed.hostname !== authority.toLowerCase()) return null;
  return isAllowedHost(parsed.hostname, [settings.zendesk.subdomain.toLowerCase()]) ? parsed.href : null;
}

/** Whether main may open `url` in the browser (see allowedExternalUrl). */
export function isAllowedExternalUrl(url: unknown, settings: Settings): boolean {
  return allowedExternalUrl(url, settings) !== null;
}

/** Whether `url` points into the demo sandbox's made-up Zendesk account. */
function isDemoZendeskLink(url: string, demoSubdomain: string): boolean {
  try {
    return new URL(url).hostname === `${demoSubdomain.toLowerCase()}.zendesk.com`;
  } catch {
    return false;
  }
}

/**
 * A LinkOpener that opens only allow-listed URLs; refused ones are reported, never opened.
 * The demo's tickets live in no real Zendesk: `{demo}.zendesk.com` is a name anyone can register (and dress up as a
 * Zendesk sign-in page), so in demo mode a ticket link is never opened; `onDemoLink` tells the user instead.
 */
export function createLinkOpener(
  openExternal: (url: string) => Promise<void>,
  currentSettings: () => Settings,
  demoSubdomain: () => string | null,
  log: (message: string) => void = () => {},
  onDemoLink: () => void = () => {},
): LinkOpener {
  return {
    async open(url: string) {
      const demo = demoSubdomain();
      if (demo && typeof url === 'string' && isDemoZendeskLink(url, demo)) {
        log('A demo ticket has no Zendesk page; not opening it');
        onDemoLink();
        return;
      }
      const allowed = allowedExternalUrl(url, currentSettings());
      if (allowed === null) {
        // Only the scheme is logged: a refused URL may carry something private in its path or query.
        log(`Refused to open a link outside the allow-list (${String(url).split(':')[0]?.slice(0, 16)}:...)`);
        return;
      }
      await openExternal(allowed);
    },
  };
}
