import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAYBOOK_RULES,
  fillPlaybook,
  matchPlaybooks,
  normalizePlaybookRules,
  type PlaybookTicket,
  playbookMenu,
  playbookText,
} from '../../../../src/main/core/actions/playbooks';

function ticket(overrides: Partial<PlaybookTicket> = {}): PlaybookTicket {
  return { id: 4321, subject: 'Help', description: '', tags: [], requesterName: 'Jane Doe', ...overrides };
}

describe('matching', () => {
  it('offers a playbook by tag or by a whole-word mention, with the reason', () => {
    expect(matchPlaybooks(ticket({ tags: ['2FA'] }))).toEqual([
      { id: 'two_factor_removal', title: '2FA removal', reason: 'tag 2fa' },
    ]);
    expect(matchPlaybooks(ticket({ description: 'I lost my phone with the TOTP codes' }))).toEqual([
      { id: 'two_factor_removal', title: '2FA removal', reason: 'mentions “totp”' },
    ]);
    expect(matchPlaybooks(ticket({ subject: 'Our admin left, please transfer ownership' })).map((m) => m.id)).toEqual([
      'ownership_transfer',
    ]);
    expect(matchPlaybooks(ticket({ description: 'How do I delete groups?' })).map((m) => m.id)).toEqual([
      'delete_groups',
    ]);
    expect(matchPlaybooks(ticket({ description: 'Our self-hosted\ninstance is down' })).map((m) => m.id)).toEqual([
      'self_hosted',
    ]);
  });

  it('does not match inside other words, and matches nothing on an unrelated ticket', () => {
    expect(matchPlaybooks(ticket({ description: 'the 2fab widget; mfault' }))).toEqual([]);
    expect(matchPlaybooks(ticket({ subject: 'Funnel is broken' }))).toEqual([]);
  });

  it('follows configured rules, keeping defaults for playbooks left out', () => {
    const rules = normalizePlaybookRules({
      self_hosted: { tags: [' On-Prem ', 42, 'on-prem'], keywords: ['our own servers'] },
      nonsense: { tags: ['x'] },
    });
    expect(rules.self_hosted).toEqual({ tags: ['on-prem'], keywords: ['our own servers'] });
    expect(rules.two_factor_removal).toEqual(DEFAULT_PLAYBOOK_RULES.two_factor_removal);
    expect(matchPlaybooks(ticket({ tags: ['on-prem'] }), rules).map((m) => m.id)).toEqual(['self_hosted']);
    expect(matchPlaybooks(ticket({ description: 'self-hosted' }), rules)).toEqual([]);
    expect(normalizePlaybookRules('garbage')).toEqual(DEFAULT_PLAYBOOK_RULES);
  });

  it('lists every playbook for the menu', () => {
    expect(playbookMenu().map((item) => item.id)).toEqual([
      'two_factor_removal',
      'ownership_transfer',
      'delete_groups',
      'self_hosted',
    ]);
  });
});

describe('filled templates', () => {
  it('fills the 2FA confirmation email exactly as the handbook words it', () => {
    const filled = fillPlaybook('two_factor_removal', ticket(), 'Sam Support');
    expect(filled.templates).toEqual([
      {
        label: 'Confirmation email',
        text: `Subject: Confirmation Required: Removal of 2FA on your PostHog Account

Hi Jane Doe,

According to ticket #4321, you mentioned wanting to remove the current 2FA method. Could you please confirm this by replying to this email?

If you haven't requested this change, please let me know immediately.

Best,
Sam Support`,
      },
    ]);
    expect(filled.steps.map((step) => step.link?.url)).toContain('https://us.posthog.com/admin/otp_totp/totpdevice/');
  });

  it('treats the requester name as hostile plain text, capped', () => {
    const filled = fillPlaybook(
      'two_factor_removal',
      ticket({ requesterName: `Eve\u202e\n\nSubject: Evil\u0000${'x'.repeat(500)}` }),
      '',
    );
    const text = filled.templates[0]!.text;
    const hiLine = text.split('\n')[2]!;
    expect(hiLine.startsWith('Hi Eve Subject: Evil')).toBe(true);
    expect(hiLine.length).toBeLessThanOrEqual('Hi ,'.length + 60);
    expect(text.includes('\u202e') || text.includes('\u0000')).toBe(false);
    expect(text.split('\n').filter((line) => line.startsWith('Subject:'))).toHaveLength(1);
    expect(text.endsWith('Best,\n[your name]')).toBe(true);
    expect(fillPlaybook('two_factor_removal', ticket({ requesterName: null }), 'Sam').templates[0]?.text).toContain(
      'Hi there,',
    );
  });

  it('gives the ownership transfer its four steps', () => {
    const filled = fillPlaybook('ownership_transfer', ticket(), 'Sam');
    expect(filled.steps).toHaveLength(4);
    expect(filled.steps[0]?.text).toBe('Ask them to get the current owner to log in and transfer the ownership.');
    expect(filled.steps[3]?.text).toMatch(/Stripe/);
  });

  it('puts the delete-groups warning in bold and links the project found in a PostHog link only', () => {
    const filled = fillPlaybook(
      'delete_groups',
      ticket({ description: 'see https://eu.posthog.com/project/98765/groups/0 please' }),
      'Sam',
    );
    expect(filled.warning).toBe('Do NOT click the DELETE button! That will delete the entire project!');
    expect(filled.steps[0]?.link?.url).toBe('https://eu.posthog.com/admin/posthog/team/98765/change/');
    expect(filled.steps.find((step) => step.bold)?.text).toBe('Click the SAVE button. (Do NOT use the DELETE button!)');
    expect(playbookText(filled)).toContain(
      '**WARNING: Do NOT click the DELETE button! That will delete the entire project!**',
    );
    const hostile = fillPlaybook(
      'delete_groups',
      ticket({ description: 'https://evil.com/project/1 and https://us.posthog.com/project/12abc' }),
      'Sam',
    );
    expect(hostile.steps[0]?.link).toBeUndefined();
    expect(hostile.steps[0]?.text).toContain(':project_id');
  });

  it('answers self-hosted questions with the docs link and a GitHub issue', () => {
    const filled = fillPlaybook('self_hosted', ticket(), 'Sam');
    const reply = filled.templates[0]!.text;
    expect(reply.startsWith('Hey Jane Doe,')).toBe(true);
    expect(reply).toContain(
      'https://posthog.com/docs/self-host/open-source/support#support-for-open-source-deployments-of-posthog',
    );
    expect(reply).toContain('please file a GitHub issue: https://github.com/PostHog/posthog/issues/new/choose');
    expect(playbookText(filled)).toMatch(/^Self-hosted question\n\n1\. \[ \] /);
  });
});
