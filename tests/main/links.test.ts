import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { allowedExternalUrl, createLinkOpener, isAllowedExternalUrl } from '../../src/main/electron/links';
import type { Settings } from '../../src/shared/settings';

const settings: Settings = { ...DEFAULT_SETTINGS, zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp' } };

const allowed = [
  'https://posthoghelp.zendesk.com/agent/tickets/123',
  'https://POSTHOGHELP.zendesk.com/agent/tickets/1',
  'https://posthog.pagerduty.com/schedules/PXUZ9XL',
  'https://posthog.pagerduty.com/schedules#PXUZ9XL',
  'https://posthog.eu.pagerduty.com/schedules/P1',
  'https://app.eu.pagerduty.com/schedules/P1',
  'https://posthog.com/questions/how-do-i?x=1',
  'https://www.posthog.com/questions/q',
];

const refused: [string, unknown][] = [
  ['javascript scheme', 'javascript:alert(1)'],
  ['javascript with https text', 'javascript://posthog.com/%0aalert(1)'],
  ['file scheme', 'file:///etc/passwd'],
  ['data scheme', 'data:text/html,<script>alert(1)</script>'],
  ['plain http', 'http://posthog.com/questions/q'],
  ['look-alike suffix', 'https://posthog.com.evil.io/'],
  ['look-alike prefix', 'https://evilposthog.com/'],
  ['zendesk look-alike', 'https://posthoghelp.zendesk.com.attacker/'],
  ['other zendesk subdomain', 'https://attacker.zendesk.com/agent/tickets/1'],
  ['pagerduty look-alike', 'https://pagerduty.com.evil.io/'],
  ['pagerduty suffix look-alike', 'https://evilpagerduty.com/'],
  ['credentials', 'https://user:pass@posthog.com/'],
  ['credentials before allowed host', 'https://posthog.com@evil.io/'],
  ['explicit port', 'https://posthog.com:8443/'],
  ['explicit default port', 'https://posthog.com:443/'],
  ['percent-encoded host', 'https://posthog%2Ecom/'],
  ['percent-encoded dot to evil', 'https://evil.io%2F.posthog.com/'],
  ['punycode look-alike', 'https://xn--pothog-5ve.com/'],
  ['IDN look-alike (cyrillic o)', 'https://p\u043esthog.com/'],
  ['backslash trick', 'https://evil.io\\@posthog.com/'],
  ['leading whitespace', ' https://posthog.com/'],
  ['embedded newline', 'https://posthog.com/\n'],
  ['trailing dot host', 'https://posthog.com./'],
  ['ip address', 'https://127.0.0.1/'],
  ['ipv6', 'https://[::1]/'],
  ['empty host', 'https:///posthog.com'],
  ['scheme-relative', '//posthog.com/'],
  ['not a string', 42],
  ['empty', ''],
  ['uppercase scheme smuggling', 'HTTPS://evil.io/'],
  ['scheme without slashes', 'https:posthog.com/'],
  ['tab in host', 'https://post\thog.com/'],
  ['fullwidth letter normalised by IDNA', 'https://\uff50osthog.com/'],
  ['ideographic full stop', 'https://posthog\u3002com/'],
  ['other posthog subdomain', 'https://x.posthog.com/'],
  ['zero-width space', 'https://posthog.com\u200b/'],
  ['soft hyphen in host', 'https://post\u00adhog.com/'],
  ['bidi override in path', 'https://posthog.com/questions/\u202eq'],
  ['lone surrogate in path', 'https://posthog.com/questions/\ud800'],
  ['line separator', 'https://posthog.com/\u2028'],
  ['deep pagerduty subdomain', 'https://a.b.c.pagerduty.com/'],
  ['pagerduty non-EU region-looking label', 'https://posthog.xx.pagerduty.com/'],
  ['demo zendesk subdomain', 'https://posthoghelp-demo.zendesk.com/agent/tickets/1'],
];

describe('isAllowedExternalUrl', () => {
  it.each(allowed)('accepts %s', (url) => {
    expect(isAllowedExternalUrl(url, settings)).toBe(true);
  });

  it.each(refused)('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url, settings)).toBe(false);
  });

  it('refuses every Zendesk host when no subdomain is configured', () => {
    expect(isAllowedExternalUrl('https://.zendesk.com/', DEFAULT_SETTINGS)).toBe(false);
    expect(isAllowedExternalUrl('https://zendesk.com/', DEFAULT_SETTINGS)).toBe(false);
  });

  it('hands back the canonical form that was checked', () => {
    expect(allowedExternalUrl('https://POSTHOG.com/questions/q', settings)).toBe('https://posthog.com/questions/q');
    expect(allowedExternalUrl('https://posthog.com', settings)).toBe('https://posthog.com/');
  });
});

describe('createLinkOpener', () => {
  it('opens allowed links and never opens refused ones', async () => {
    const openExternal = vi.fn(async (_url: string) => {});
    const log = vi.fn();
    const opener = createLinkOpener(
      openExternal,
      () => settings,
      () => null,
      log,
    );
    await opener.open('https://posthog.com/questions/q');
    await opener.open('https://user:secret@posthog.com/');
    expect(openExternal.mock.calls).toEqual([['https://posthog.com/questions/q']]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret');
  });
});

describe('createLinkOpener in demo mode', () => {
  it('never opens the demo Zendesk host (anyone can register it) and says why instead', async () => {
    const openExternal = vi.fn(async (_url: string) => {});
    const onDemoLink = vi.fn();
    const opener = createLinkOpener(
      openExternal,
      () => DEFAULT_SETTINGS,
      () => 'posthoghelp-demo',
      () => {},
      onDemoLink,
    );
    await opener.open('https://posthoghelp-demo.zendesk.com/agent/tickets/7');
    await opener.open('https://POSTHOGHELP-DEMO.zendesk.com/agent/tickets/7');
    expect(onDemoLink).toHaveBeenCalledTimes(2);
    await opener.open('https://posthog.com/questions/q');
    expect(openExternal.mock.calls).toEqual([['https://posthog.com/questions/q']]);
  });
});
