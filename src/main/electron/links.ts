/**
 * The one allow-list for links leaving the app. Only main opens links, and only after this check passes.
 */
import type { Settings } from '../../shared/settings';
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
  if (host.endsWith('.pagerduty.com') || host === 'pagerduty.com') return true;
  return zendeskSubdomains.some((subdomain) => isPlainLabel(subdomain) && host === `${subdomain}.zendesk.com`);
}

/**
 * Whether main may open `url` in the browser: https only, on the configured Zendesk subdomain, PagerDuty
 * (any account, US or EU) or posthog.com. Credentials, ports, percent-encoded or punycode hosts are refused.
 * `demoSubdomain` is the demo sandbox's Zendesk subdomain, allowed while the app runs the demo.
 */
export function isAllowedExternalUrl(url: unknown, settings: Settings, demoSubdomain: string | null = null): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  // Whitespace, control characters and backslashes are normalised away by URL parsers in surprising ways.
  if (/[\s\\]/.test(url) || [...url].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return false;
  }
  const authority = /^https:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined || authority === '') return false;
  // The raw authority must be a bare host: no user:pass@, no :port, no %-escapes.
  if (/[@:%[\]]/.test(authority)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') {
    return false;
  }
  if (parsed.hostname !== authority.toLowerCase()) return false;
  const subdomains = [settings.zendesk.subdomain.toLowerCase()];
  if (demoSubdomain) subdomains.push(demoSubdomain.toLowerCase());
  return isAllowedHost(parsed.hostname, subdomains);
}

/** A LinkOpener that opens only allow-listed URLs; refused ones are reported, never opened. */
export function createLinkOpener(
  openExternal: (url: string) => Promise<void>,
  currentSettings: () => Settings,
  demoSubdomain: () => string | null,
  log: (message: string) => void = () => {},
): LinkOpener {
  return {
    async open(url: string) {
      if (!isAllowedExternalUrl(url, currentSettings(), demoSubdomain())) {
        // Only the scheme is logged: a refused URL may carry something private in its path or query.
        log(`Refused to open a link outside the allow-list (${String(url).split(':')[0]?.slice(0, 16)}:...)`);
        return;
      }
      await openExternal(url);
    },
  };
}
