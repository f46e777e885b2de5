/**
 * Links leaving the app: only main opens them, and only after the one allow-list (src/shared/link-policy.ts) passes.
 */
import { allowedLink } from '../../shared/link-policy';
import type { Settings } from '../../shared/settings';
import { isPostHogIssueFormUrl } from '../core/actions/github-forms';
import type { LinkOpener } from '../core/ports';

/**
 * The URL main may open in the browser, canonicalised (what the OS receives is exactly what was checked), or
 * `null`. The decision is the shared one (`allowedLink` in src/shared/link-policy.ts) the core applies to every
 * URL in a snapshot, so a face never shows a link main would refuse to open.
 */
export function allowedExternalUrl(url: unknown, settings: Settings): string | null {
  const allowed = allowedLink(url, {
    zendeskSubdomain: settings.zendesk.subdomain,
    slackWorkspaceUrl: settings.slack?.workspaceUrl ?? null,
  });
  if (allowed !== null) return allowed;
  // GitHub only for PostHog/posthog's new-issue forms as main builds them (issue 13's bug/feature actions).
  return typeof url === 'string' && isPostHogIssueFormUrl(url) ? url : null;
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
