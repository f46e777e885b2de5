import { describe, expect, it } from 'vitest';
import {
  followUpSteps,
  GITHUB_URL_MAX,
  isPostHogIssueFormUrl,
  issueFormUrl,
  teamChannelMessage,
} from '../../../../src/main/core/actions/github-forms';

const ticket = {
  id: 123456,
  subject: 'Funnel shows 0% conversion',
  description: 'Our funnel\r\nbreaks since Monday.',
  tags: ['escalated'],
};
const FROM = 'From: https://posthoghelp.zendesk.com/agent/tickets/123456';

function params(url: string): [string, string][] {
  return [...new URL(url).searchParams.entries()];
}

describe('issueFormUrl', () => {
  it('builds the bug form with exactly the template, labels, title and bug-description', () => {
    const url = issueFormUrl('bug', ticket, { evidenceUrl: 'https://us.posthog.com/project/1/insights/abc' });
    expect(
      url.startsWith('https://github.com/PostHog/posthog/issues/new?template=bug_report.yml&labels=bug&title='),
    ).toBe(true);
    expect(params(url)).toEqual([
      ['template', 'bug_report.yml'],
      ['labels', 'bug'],
      ['title', 'Funnel shows 0% conversion'],
      [
        'bug-description',
        'Our funnel\nbreaks since Monday.\n\n## How to reproduce\n\n1. \n2.\n3. \n\n## Additional context\n\nhttps://us.posthog.com/project/1/insights/abc\n' +
          `${FROM}\n`,
      ],
    ]);
    expect(isPostHogIssueFormUrl(url)).toBe(true);
  });

  it('builds the feature form with labels "enhancement, feature" and From under Additional context', () => {
    const url = issueFormUrl('feature', ticket);
    expect(url).toContain('template=feature_request.yml&labels=enhancement%2C+feature&title=');
    const [template, labels, title, field] = params(url);
    expect([template, labels, title]).toEqual([
      ['template', 'feature_request.yml'],
      ['labels', 'enhancement, feature'],
      ['title', 'Funnel shows 0% conversion'],
    ]);
    expect(field?.[0]).toBe('feature_request');
    expect(field?.[1]).toMatch(
      /^## Is your feature request related to a problem\?\n\nOur funnel\nbreaks since Monday\./,
    );
    expect(field?.[1].endsWith(`## Additional context\n\n${FROM}\n`)).toBe(true);
    expect(isPostHogIssueFormUrl(url)).toBe(true);
  });

  it('keeps the URL under the cap by cutting the ticket text, never the From line', () => {
    const long = { ...ticket, description: `${'é lorem ipsum 🙂 '.repeat(2000)}THE END` };
    for (const kind of ['bug', 'feature'] as const) {
      const url = issueFormUrl(kind, long);
      expect(url.length).toBeLessThanOrEqual(GITHUB_URL_MAX);
      expect(url.length).toBeGreaterThan(GITHUB_URL_MAX - 40);
      const body = params(url)[3]![1];
      expect(body).toContain(FROM);
      expect(body).toContain('## Additional context');
      expect(body).toContain('cut to fit the link');
      expect(body).not.toContain('THE END');
      expect(body).not.toContain('\ufffd');
      expect(isPostHogIssueFormUrl(url)).toBe(true);
    }
    const tiny = issueFormUrl('bug', long, { maxUrlLength: 600 });
    expect(tiny.length).toBeLessThanOrEqual(600);
    expect(params(tiny)[3]![1]).toContain(FROM);
  });

  it('never copies a content_warning ticket subject or text', () => {
    const warned = { ...ticket, subject: 'Explicit subject', description: 'explicit body', tags: ['CONTENT_WARNING'] };
    const url = issueFormUrl('bug', warned);
    expect(url).not.toMatch(/explicit/i);
    expect(params(url)[2]).toEqual(['title', 'Bug from Zendesk ticket #123456']);
    expect(params(url)[3]![1]).toContain(FROM);
  });

  it('strips control and bidi characters from hostile text', () => {
    const hostile = {
      ...ticket,
      subject: 'Fix\u202e gnp.exe\u0000\u200b now',
      description: 'line\u2028one\u0007\u2066two\u2069\n\n\n\n\nthree\ttab',
    };
    const [, , title, field] = params(issueFormUrl('bug', hostile));
    expect(title?.[1]).toBe('Fix gnp.exe now');
    expect(field?.[1].startsWith('lineonetwo\n\nthree  tab\n\n## How to reproduce')).toBe(true);
    const unsafe = [...(field?.[1] ?? '')].filter((char) => char !== '\n' && /[\p{Cc}\p{Cf}\p{Zl}]/u.test(char));
    expect(unsafe).toEqual([]);
  });

  it('refuses a bad ticket id or subdomain instead of building a wrong From line', () => {
    expect(() => issueFormUrl('bug', { ...ticket, id: -1 })).toThrow();
    expect(() => issueFormUrl('bug', ticket, { zendeskSubdomain: 'evil.com/x' })).toThrow();
    expect(params(issueFormUrl('bug', ticket, { evidenceUrl: 'javascript:alert(1)' }))[3]![1]).not.toContain(
      'javascript',
    );
  });
});

describe('isPostHogIssueFormUrl', () => {
  const good = issueFormUrl('bug', ticket);
  it.each([
    ['look-alike host', good.replace('github.com/PostHog/posthog/', 'github.com.evil.io/PostHog/posthog/')],
    ['look-alike repo suffix', good.replace('/PostHog/posthog/', '/PostHog/posthog.evil/')],
    ['another repo', good.replace('/PostHog/posthog/', '/PostHog/posthog-js/')],
    ['another owner', good.replace('/PostHog/posthog/', '/P0stHog/posthog/')],
    ['http', good.replace('https://', 'http://')],
    ['userinfo', good.replace('https://github.com', 'https://github.com@evil.io')],
    ['port', good.replace('github.com/', 'github.com:444/')],
    ['issue page', 'https://github.com/PostHog/posthog/issues/1'],
    ['chooser', 'https://github.com/PostHog/posthog/issues/new/choose'],
    ['no query', 'https://github.com/PostHog/posthog/issues/new'],
    ['dot segments', good.replace('/issues/new?', '/issues/new/../new?')],
    ['other template', good.replace('template=bug_report.yml', 'template=other.yml')],
    ['extra parameter', `${good}&assignees=someone`],
    ['duplicate field', `${good}&title=again`],
    ['fragment', `${good}#x`],
    ['other github page', 'https://github.com/settings/tokens'],
    ['too long', `${good}${'a'.repeat(GITHUB_URL_MAX)}`],
  ])('refuses %s', (_name, url) => {
    expect(isPostHogIssueFormUrl(url)).toBe(false);
  });

  it('accepts both forms as built', () => {
    expect(isPostHogIssueFormUrl(good)).toBe(true);
    expect(isPostHogIssueFormUrl(issueFormUrl('feature', ticket))).toBe(true);
  });
});

describe('follow-up steps', () => {
  it('validates the pasted issue URL for the team message', () => {
    expect(teamChannelMessage(' https://github.com/PostHog/posthog/issues/98765 ')).toEqual({
      ok: true,
      url: 'https://github.com/PostHog/posthog/issues/98765',
      text: 'New bug report from a high priority customer: https://github.com/PostHog/posthog/issues/98765',
    });
    for (const bad of [
      'https://github.com/PostHog/posthog-js/issues/1',
      'https://github.com/PostHog/posthog.evil/issues/1',
      'http://github.com/PostHog/posthog/issues/1',
      'https://github.com/PostHog/posthog/pull/1',
      'https://github.com/PostHog/posthog/issues/1\nhttps://evil',
      'https://github.com/PostHog/posthog/issues/0',
    ]) {
      expect(teamChannelMessage(bad).ok).toBe(false);
    }
  });

  it('lists reply, Pending and the team message (filled only with a valid link)', () => {
    const steps = followUpSteps('bug', 'https://github.com/PostHog/posthog/issues/5');
    expect(steps.map((step) => step.id)).toEqual(['reply', 'set_pending', 'team_message']);
    expect(steps[1]).toMatchObject({ status: 'pending' });
    expect(steps[2]).toMatchObject({
      text: 'New bug report from a high priority customer: https://github.com/PostHog/posthog/issues/5',
    });
    expect(followUpSteps('bug', 'https://evil.io/x')[2]).toMatchObject({ text: null });
    expect(followUpSteps('feature').map((step) => step.id)).toEqual(['reply', 'set_pending', 'customer_success']);
  });
});
