import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/main/core/settings';
import { allowedExternalUrl } from '../../../src/main/electron/links';
import type { Settings } from '../../../src/shared/settings';
import { isZendeskSubdomain } from '../../../src/shared/zendesk-subdomain';

function withSubdomain(subdomain: string): Settings {
  const settings = structuredClone(DEFAULT_SETTINGS);
  settings.zendesk.subdomain = subdomain;
  return settings;
}

describe('one Zendesk subdomain rule for the settings and the link allow-list', () => {
  it.each([
    ['acme', true],
    ['a', true],
    ['posthoghelp', true],
    ['a--b', true],
    ['acme-support', true],
    ['a'.repeat(63), true],
    ['acme-', false],
    ['-acme', false],
    ['ACME', false],
    ['Acme', false],
    ['a'.repeat(64), false],
    ['', false],
    ['acme.eu', false],
    ['xn--acme', false],
  ])('%j is a subdomain: %s', (subdomain, expected) => {
    expect(isZendeskSubdomain(subdomain)).toBe(expected);
  });

  it.each(['acme', 'a--b', 'a'.repeat(63), 'acme-', '-acme', 'ACME', 'a'.repeat(64), 'xn--acme'])(
    'settings accept %j exactly when its ticket links are allowed',
    (subdomain) => {
      const accepted = validateSettings(withSubdomain(subdomain)).ok;
      const link = `https://${subdomain.toLowerCase()}.zendesk.com/agent/tickets/1`;
      const allowed = allowedExternalUrl(link, withSubdomain(subdomain)) !== null;
      expect(accepted).toBe(isZendeskSubdomain(subdomain));
      // Settings never keep a subdomain whose links would then be refused.
      if (accepted) expect(allowed).toBe(true);
    },
  );

  it('a trailing hyphen is refused with the subdomain message', () => {
    const result = validateSettings(withSubdomain('acme-'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { path: 'zendesk.subdomain', message: expect.stringContaining('Use the part before .zendesk.com') },
      ]);
    }
  });

  it('a 64-character subdomain gets the length message only', () => {
    const result = validateSettings(withSubdomain('a'.repeat(64)));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([{ path: 'zendesk.subdomain', message: 'A subdomain is at most 63 characters' }]);
    }
  });
});
