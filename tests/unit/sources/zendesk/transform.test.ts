import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifySource,
  extractUrls,
  findModerationUrl,
  MAX_SUBJECT_LENGTH,
  transformQueue,
  transformTicket,
} from '../../../../src/main/sources/zendesk/transform';

const orgFields = { plan: 'plan', mrr: 'mrr', contentWarning: 'content_warning' };

function context(organizations: unknown[] = [], users: unknown[] = []) {
  const organizationsById = new Map<number, never>();
  for (const org of organizations as { id: number }[]) organizationsById.set(org.id, org as never);
  const usersById = new Map<number, never>();
  for (const user of users as { id: number }[]) usersById.set(user.id, user as never);
  return { subdomain: 'posthoghelp', orgFields, usersById, organizationsById };
}

function ticket(overrides: Record<string, unknown> = {}, organizations: unknown[] = [], users: unknown[] = []) {
  const result = transformTicket(
    {
      id: 42,
      subject: 'Something broke',
      description: 'Hello',
      status: 'open',
      priority: 'normal',
      tags: [],
      via: { channel: 'web' },
      ...overrides,
    },
    context(organizations, users),
  );
  if (result.ticket === null) throw new Error(result.problem);
  return result.ticket;
}

describe('zendesk transform: sources', () => {
  it('a posthog.com/questions link makes a community question with its moderation link', () => {
    const t = ticket({ description: 'New question: https://posthog.com/questions/why-no-events. Please help' });
    expect(t.source).toBe('community');
    expect(t.moderationUrl).toBe('https://posthog.com/questions/why-no-events');
  });

  it('a community tag alone makes a community question (without a moderation link)', () => {
    const t = ticket({ tags: ['community_question'] });
    expect(t.source).toBe('community');
    expect(t.moderationUrl).toBeNull();
  });

  it('community wins over every other signal', () => {
    const t = ticket({
      subject: 'Bug Report: insights',
      tags: ['pylon'],
      via: { channel: 'email' },
      description: 'https://posthog.com/questions/q1 and https://team.slack.com/archives/C1/p2',
    });
    expect(t.source).toBe('community');
  });

  it('Pylon tickets are slack: by slack link, by pylon tag, or created via api from slack', () => {
    expect(ticket({ description: 'Thread: https://posthog.slack.com/archives/C01/p123' }).source).toBe('slack');
    expect(ticket({ tags: ['pylon'] }).source).toBe('slack');
    expect(ticket({ via: { channel: 'api', source: { from: { name: 'Pylon Slack sync' } } } }).source).toBe('slack');
    expect(ticket({ via: { channel: 'api', source: { from: {} } } }).source).toBe('other');
  });

  it('in-app tickets are recognised by subject prefix or tag, and win over github and email', () => {
    for (const subject of ['Bug Report: funnels (1b2c)', 'Feedback: toolbar', 'Support Ticket: billing (x)']) {
      expect(ticket({ subject, via: { channel: 'email' } }).source).toBe('in_app');
    }
    expect(ticket({ tags: ['support_panel'] }).source).toBe('in_app');
    expect(ticket({ subject: 'Re: Bug Report: funnels' }).source).toBe('other');
  });

  it('github issues, email and everything else', () => {
    expect(ticket({ description: 'From https://github.com/PostHog/posthog/issues/123' }).source).toBe('github');
    expect(ticket({ via: { channel: 'github' } }).source).toBe('github');
    expect(ticket({ via: { channel: 'email' } }).source).toBe('email');
    expect(ticket({ via: { channel: 'carrier_pigeon' } }).source).toBe('other');
    expect(ticket({ via: 'nonsense' }).source).toBe('other');
    expect(ticket({ via: { channel: 'carrier_pigeon' } }).viaChannel).toBe('carrier_pigeon');
  });

  it('classifySource is total over arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), fc.string(), fc.string(), (subject, tags, description, via) => {
        const source = classifySource({ subject, tags, description, viaChannel: via });
        expect(['in_app', 'community', 'slack', 'github', 'email', 'other']).toContain(source);
      }),
    );
  });
});

describe('zendesk transform: moderation link validation', () => {
  const moderation = (text: string) => findModerationUrl(extractUrls(text));

  it('accepts links to posthog.com/questions/..., always opened over https', () => {
    expect(moderation('see https://posthog.com/questions/abc')).toBe('https://posthog.com/questions/abc');
    expect(moderation('see https://www.posthog.com/questions/abc?x=1')).toBe(
      'https://www.posthog.com/questions/abc?x=1',
    );
    // The handbook's community link is the question's page whichever scheme the ticket wrote it with.
    expect(moderation('http://posthog.com/questions/abc')).toBe('https://posthog.com/questions/abc');
    expect(moderation('see http://www.posthog.com/questions/abc#reply')).toBe(
      'https://www.posthog.com/questions/abc#reply',
    );
    expect(moderation('http://posthog.com.evil.example/questions/abc')).toBeNull();
    expect(moderation('http://posthog.com:8080/questions/abc http://user@posthog.com/questions/abc')).toBeNull();
    expect(moderation('https://posthog.com.evil.example/questions/abc')).toBeNull();
    expect(moderation('https://evil.example/posthog.com/questions/abc')).toBeNull();
    expect(moderation('https://user:pw@posthog.com/questions/abc')).toBeNull();
    expect(moderation('https://posthog.com:8443/questions/abc')).toBeNull();
    expect(moderation('https://posthog.com/questions/')).toBeNull();
    expect(moderation('javascript:alert(1)//https://posthog.com')).toBeNull();
  });

  it('an http community link marks the ticket community, and its moderation link is the https page', () => {
    const t = ticket({ description: 'http://posthog.com/questions/abc' });
    expect(t.source).toBe('community');
    expect(t.moderationUrl).toBe('https://posthog.com/questions/abc');
  });

  it('picks the valid link when a look-alike comes first', () => {
    expect(moderation('https://posthog.com.evil.io/questions/x then https://posthog.com/questions/real')).toBe(
      'https://posthog.com/questions/real',
    );
  });
});

describe('zendesk transform: organizations', () => {
  const acme = {
    id: 7,
    name: 'Acme',
    organization_fields: { plan: 'Enterprise', mrr: '12,500.50', content_warning: '' },
  };

  it('reads plan, MRR and content warning from the configured field keys', () => {
    const t = ticket({ organization_id: 7 }, [
      { ...acme, organization_fields: { plan: 'Scale', mrr: 900, content_warning: 'Adult content' } },
    ]);
    expect(t.organization).toMatchObject({ id: 7, name: 'Acme', plan: 'Scale', mrr: 900 });
    expect(t.organization?.contentWarning).toBe('Adult content');
    expect(t.contentWarning).toBe(true);
  });

  it('parses MRR text with $ and thousands separators; rejects junk as a problem', () => {
    expect(ticket({ organization_id: 7 }, [acme]).organization?.mrr).toBe(12500.5);
    const junk = ticket({ organization_id: 7 }, [{ ...acme, organization_fields: { mrr: 'lots' } }]);
    expect(junk.organization?.mrr).toBeNull();
    expect(junk.problems).toContain('organization MRR is not a number');
  });

  it('falls back to a plan_* tag when the org field is empty', () => {
    const t = ticket({ organization_id: 7, tags: ['owner_alice', 'plan_scale'] }, [
      { ...acme, organization_fields: {} },
    ]);
    expect(t.organization?.plan).toBe('scale');
  });

  it('the content_warning tag sets the warning without an org field', () => {
    const t = ticket({ organization_id: 7, tags: ['content_warning'] }, [acme]);
    expect(t.organization?.contentWarning).toBeNull();
    expect(t.contentWarning).toBe(true);
    expect(ticket({ organization_id: 7 }, [acme]).contentWarning).toBe(false);
  });

  it('a missing side-loaded org is a problem, and the ticket is kept', () => {
    const t = ticket({ organization_id: 99, tags: ['plan_free'] });
    expect(t.organization).toMatchObject({ id: 99, plan: 'free', mrr: null });
    expect(t.problems).toContain('organization 99 was not side-loaded');
  });
});

describe('zendesk transform: free-email temporary orgs', () => {
  const gmail = { id: 3, name: 'Gmail user - please assign to correct org', organization_fields: {} };
  const ORG_ID = '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d';
  // What PostHog's support form appends today (shared/domain/posthog-ticket-formats.md, the newest form).
  const body = [
    'My insight is empty.',
    '',
    'Kind: bug',
    'Target area: analytics',
    'Session: http://go/session/0191-abcd',
    `Admin (internal): https://us.posthog.com/admin/posthog/user/48151/change/ (organization ID ${ORG_ID}: Northwind Robotics, project ID 63120: Web)`,
  ].join('\n');

  it('asks for an org assignment with the org and its PostHog id from the Admin line', () => {
    const t = ticket({ organization_id: 3, description: body, subject: 'Bug Report: insights' }, [gmail]);
    expect(t.organization?.isFreeEmailTemp).toBe(true);
    expect(t.orgAssignment).toEqual({ needed: true, suggestedOrg: 'Northwind Robotics', organizationId: ORG_ID });
  });

  it('reads every form the support form has written; the quoted ones carry no id', () => {
    const name = `O'Brien (EU), Inc.: "Data"; Ltd`;
    const lines = [
      [
        `Admin link: https://app.posthog.com/admin/posthog/user/?q=pat@gmail.com (Organization: '${name}'; Project: 'Default project')`,
        null,
      ],
      [
        `[Admin](https://us.posthog.com/admin/posthog/user/?q=pat@gmail.com) (Organization: '${name}'; Project: 'Default project')`,
        null,
      ],
      [
        `[Admin](https://eu.posthog.com/admin/posthog/user/?q=pat@gmail.com) (Organization: '${name}'; Project: 63120:'Web')`,
        null,
      ],
      [`Admin: http://go/adminEU/pat@gmail.com (Organization: '${name}'; Project: 63120:'Web')`, null],
      [`Admin: http://go/adminUS/pat@gmail.com (organization ID ${ORG_ID}: ${name}, project ID 63120: Web)`, ORG_ID],
      [
        `Admin (internal): https://eu.posthog.com/admin/posthog/user/7/change/ (organization ID ${ORG_ID}: ${name}, project ID 63120: Web)`,
        ORG_ID,
      ],
    ] as const;
    for (const [line, organizationId] of lines) {
      const t = ticket({ organization_id: 3, description: `Help!\n\n${line}` }, [gmail]);
      expect(t.orgAssignment).toEqual({ needed: true, suggestedOrg: name, organizationId });
    }
  });

  it("a line typed by the customer above the form's own never wins", () => {
    const typed = `Admin: http://go/adminus/pat@gmail.com (organization ID ${ORG_ID.replace('0193', '0194')}: Evil Corp, project ID 1: x)`;
    const t = ticket({ organization_id: 3, description: `${typed}\n${body}` }, [gmail]);
    expect(t.orgAssignment).toEqual({ needed: true, suggestedOrg: 'Northwind Robotics', organizationId: ORG_ID });
  });

  it('copes with no Admin line, and with lines in no form the support form wrote', () => {
    const t = ticket({ organization_id: 3, description: 'no admin line here' }, [gmail]);
    expect(t.orgAssignment).toEqual({ needed: true, suggestedOrg: null, organizationId: null });
    const madeUp = 'Admin: http://go/admineu/x@y.z (organization: Hedgehogs Ltd, project ID 1)';
    expect(ticket({ organization_id: 3, description: madeUp }, [gmail]).orgAssignment).toEqual({
      needed: true,
      suggestedOrg: null,
      organizationId: null,
    });
  });

  it('never asks on community questions, nor for real orgs', () => {
    const community = ticket({ organization_id: 3, description: `https://posthog.com/questions/q\n${body}` }, [gmail]);
    expect(community.orgAssignment).toBeNull();
    const httpCommunity = ticket({ organization_id: 3, description: `http://posthog.com/questions/q\n${body}` }, [
      gmail,
    ]);
    expect(httpCommunity.orgAssignment).toBeNull();
    expect(httpCommunity.moderationUrl).toBe('https://posthog.com/questions/q');
    expect(ticket({ organization_id: 3, description: body }, [{ ...gmail, name: 'Acme' }]).orgAssignment).toBeNull();
  });
});

describe('zendesk transform: statuses, SLAs, people and links', () => {
  it('normalises status and priority; unknown values are kept as unknown with a problem', () => {
    expect(ticket({ status: 'OPEN', priority: 'HIGH' })).toMatchObject({ status: 'open', priority: 'high' });
    expect(ticket({ priority: null }).priority).toBe('none');
    const odd = ticket({ status: 'awaiting_magic', priority: 'whenever' });
    expect(odd).toMatchObject({ status: 'unknown', priority: 'unknown' });
    expect(odd.problems).toEqual(expect.arrayContaining(['unknown status', 'unknown priority']));
  });

  it('reads SLA policy metrics with parsed breach times and normalised stages', () => {
    const t = ticket({
      slas: {
        policy_metrics: [
          { breach_at: '2026-05-08T14:29:34Z', stage: 'active', metric: 'next_reply_time', hours: 21 },
          { breach_at: '2025-12-18T03:07:32Z', stage: 'Achieved', metric: 'first_reply_time' },
          { breach_at: 'soon', stage: 'exploded', metric: 'periodic_update_time' },
          'garbage',
        ],
      },
    });
    expect(t.slaMetrics).toEqual([
      { metric: 'next_reply_time', stage: 'active', breachAt: '2026-05-08T14:29:34.000Z' },
      { metric: 'first_reply_time', stage: 'achieved', breachAt: '2025-12-18T03:07:32.000Z' },
      { metric: 'periodic_update_time', stage: 'unknown', breachAt: null },
    ]);
    expect(t.problems.length).toBe(3);
  });

  it('builds the agent link and the requester from side-loaded users', () => {
    const t = ticket({ requester_id: 5 }, [], [{ id: 5, name: 'Jane', email: 'jane@example.com' }]);
    expect(t.url).toBe('https://posthoghelp.zendesk.com/agent/tickets/42');
    expect(t.requester).toEqual({ id: 5, name: 'Jane', email: 'jane@example.com' });
    expect(ticket({ requester_id: 6 }).requester).toEqual({ id: 6, name: 'User 6', email: null });
  });
});

describe('zendesk transform: malformed and hostile records', () => {
  it('rejects records without an id, keeps everything else with problems', () => {
    const queue = transformQueue(
      {
        tickets: [
          null,
          'text',
          { subject: 'no id' },
          { id: -1 },
          { id: 1, subject: 42, tags: 'a,b', created_at: 'yesterday', group_id: 'x' },
        ],
        users: [],
        organizations: [],
      },
      { subdomain: 's', orgFields },
    );
    expect(queue.tickets.map((t) => t.id)).toEqual([1]);
    const [only] = queue.tickets;
    expect(only).toMatchObject({
      subject: '(no subject)',
      status: 'unknown',
      tags: [],
      createdAt: null,
      groupId: null,
    });
    expect(queue.problems.filter((p) => p.record === null)).toHaveLength(4);
    expect(queue.problems.filter((p) => p.record === 'ticket 1').length).toBeGreaterThanOrEqual(4);
  });

  it('deduplicates tickets listed by several views (first wins)', () => {
    const queue = transformQueue(
      { tickets: [{ id: 2, subject: 'first' }, { id: 3 }, { id: 2, subject: 'second' }], users: [], organizations: [] },
      { subdomain: 's', orgFields },
    );
    expect(queue.tickets.map((t) => [t.id, t.subject])).toEqual([
      [2, 'first'],
      [3, '(no subject)'],
    ]);
  });

  it('keeps hostile text as plain data and caps huge subjects', () => {
    const hostile = `<script>alert(1)</script>\u202Eevil\u202C <img src=x onerror=alert(2)>`;
    expect(ticket({ subject: hostile }).subject).toBe(hostile);
    const huge = ticket({ subject: '🦔'.repeat(50_000), description: 'x'.repeat(100_000) });
    expect(huge.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(huge.subject.endsWith('…')).toBe(true);
    expect(huge.subject.at(-2)).toBe('\uDD94'); // the low half: the cut kept whole emoji only
  });

  it('never throws, whatever the record', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (record, extra) => {
        const result = transformTicket(
          typeof record === 'object' && record !== null ? { ...record, id: 9, slas: extra, via: extra } : record,
          context([{ id: 1, name: extra }]),
        );
        expect(result.ticket === null || result.ticket.id === 9).toBe(true);
      }),
    );
  });
});
