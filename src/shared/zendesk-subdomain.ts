/**
 * The one rule for a Zendesk subdomain (the `{name}` of `{name}.zendesk.com`), shared by the settings check and
 * the link allow-list, so settings never accept a name whose ticket links would then be refused.
 */

/** A single DNS label: lowercase letters, digits and inner hyphens, 1 to 63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `s` is a Zendesk subdomain as typed: case-sensitive, so `PostHog` is refused rather than folded. */
export function isZendeskSubdomain(s: string): boolean {
  return LABEL.test(s);
}
