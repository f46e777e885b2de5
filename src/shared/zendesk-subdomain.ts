/**
 * The one rule for a Zendesk subdomain (`acme` in `acme.zendesk.com`), shared by the settings validation and the
 * link allow-list so the settings never accept a subdomain whose ticket links would then be refused.
 */

/** A DNS label: 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `value` is a Zendesk subdomain: a lowercase DNS label (at most 63 characters, no hyphen at either end),
 * and not punycode (`xn--`), which could be a look-alike of another name.
 */
export function isZendeskSubdomain(value: string): boolean {
  return LABEL.test(value) && !value.startsWith('xn--');
}
