import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/main/cli/format-text';
import { toCliJson } from '../../../src/main/cli/json';
import { explanationLine } from '../../../src/main/core/rule-sentences';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { emptyHealth } from '../../../src/main/core/snapshot';
import { formatMrr } from '../../../src/shared/format';
import { makeTicket } from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

const ORG_ID = '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d';

const freeEmailOrg = {
  id: 9,
  name: 'Gmail user - please assign to correct org',
  plan: 'free',
  mrr: null,
  contentWarning: null,
  isFreeEmailTemp: true,
};

describe('CLI output: free-email temporary orgs (handbook: assign the org found on the Admin line)', () => {
  const snapshot = makeSnapshot({
    tickets: [
      makeTicket({
        id: 41,
        organization: freeEmailOrg,
        orgAssignment: { needed: true, suggestedOrg: 'Northwind Robotics', organizationId: null },
      }),
      makeTicket({
        id: 42,
        organization: freeEmailOrg,
        orgAssignment: { needed: true, suggestedOrg: null, organizationId: null },
      }),
      makeTicket({ id: 43 }),
      makeTicket({
        id: 44,
        organization: freeEmailOrg,
        orgAssignment: { needed: true, suggestedOrg: 'Hedgehogs Ltd', organizationId: ORG_ID },
      }),
    ],
  });

  it('the text names the org to assign', () => {
    const text = formatStatus(snapshot);
    expect(text).toContain('assign to org: Northwind Robotics (from the Admin line)');
    expect(text).toContain('needs an organization');
    expect(text).toContain(`assign to org: Hedgehogs Ltd (from the Admin line), PostHog org ID ${ORG_ID}`);
  });

  it('the JSON carries the org to assign', () => {
    const tickets = toCliJson(snapshot).queue.flatMap((entry) => (entry.kind === 'zendesk_ticket' ? [entry] : []));
    const byId = new Map(tickets.map((entry) => [entry.id, entry.assignOrganization]));
    expect(byId.get(41)).toEqual({ suggested: 'Northwind Robotics', organizationId: null });
    expect(byId.get(42)).toEqual({ suggested: null, organizationId: null });
    expect(byId.get(43)).toBeNull();
    expect(byId.get(44)).toEqual({ suggested: 'Hedgehogs Ltd', organizationId: ORG_ID });
  });
});

describe('CLI text when Zendesk never answered', () => {
  it('says the queue is unknown instead of printing empty tiers and "0 need you"', () => {
    const snapshot = makeSnapshot({
      tickets: null,
      health: {
        zendesk: {
          ...emptyHealth('zendesk'),
          state: 'failing',
          failure: { kind: 'auth_rejected', status: 401, detail: '401' },
          message: 'Zendesk refused the credentials (401): check them in the settings',
        },
      },
    });
    const text = formatStatus(snapshot);
    expect(text).toContain('Queue unknown: Zendesk refused the credentials (401): check them in the settings');
    expect(text).not.toContain('0 need you');
    expect(text).not.toMatch(/^1\. /m);
  });
});

// Hiding is our choice, not the handbook's: it tags these tickets so nobody impersonating the customer sees
// offensive content unawares; a terminal can be a shared screen.
describe('CLI text and content warnings: subject and organization are not shown unasked', () => {
  it('hides the subject and organization of a content-warning ticket; the JSON keeps them for scripts', () => {
    const org = {
      id: 5,
      name: 'Flagged Org',
      plan: 'scale',
      mrr: 900,
      contentWarning: 'adult',
      isFreeEmailTemp: false,
    };
    const snapshot = makeSnapshot({
      tickets: [makeTicket({ id: 51, subject: 'Explicit subject', organization: org, contentWarning: true })],
    });
    const text = formatStatus(snapshot);
    expect(text).toContain('#51');
    expect(text).toContain('Subject hidden: content warning');
    expect(text).not.toContain('Explicit subject');
    expect(text).not.toContain('Flagged Org');
    expect(toCliJson(snapshot).queue[0]).toMatchObject({ subject: 'Explicit subject', flags: ['content_warning'] });
  });
});

describe('CLI text ends with what the order assumed', () => {
  it('the last line is the rule table in one line, with the tags and the nearing-breach window', () => {
    const text = formatStatus(makeSnapshot({ tickets: [makeTicket({ id: 71 })] }));
    const last = text.split('\n').at(-1);
    expect(last).toBe(explanationLine(DEFAULT_SETTINGS));
    expect(last).toContain(
      "Sorted by the handbook's tiers (1. Slack request from Customer Success; 2. Tagged by Customer Success; 3. Escalated, High priority;",
    );
    expect(last).toContain('escalated = tag escalated, Customer Success = tag customer_success or cs_tagged');
    expect(last).toContain('nearing breach = within 3h');
  });
});

describe('CLI text: plan and MRR as the window shows them', () => {
  it('prints the MRR in the same words as the window row ($12,500/mo), after the plan', () => {
    const org = { id: 6, name: 'Acme', plan: 'scale', mrr: 12_500.4, contentWarning: null, isFreeEmailTemp: false };
    const snapshot = makeSnapshot({
      tickets: [
        makeTicket({ id: 61, organization: org }),
        makeTicket({ id: 62, organization: { ...org, name: 'No Plan Co', plan: null, mrr: 900 } }),
        makeTicket({ id: 63, organization: { ...org, name: 'Unknown MRR Co', mrr: null } }),
      ],
    });
    const text = formatStatus(snapshot);
    expect(text).toContain(`Acme (scale, ${formatMrr(12_500.4)})`);
    expect(formatMrr(12_500.4)).toBe('$12,500/mo');
    expect(text).toContain('No Plan Co ($900/mo)');
    expect(text).toMatch(/Unknown MRR Co \(scale\)$/m);
  });
});

describe('CLI output renders what the core decided', () => {
  it("prints the snapshot's turn line and names a troubled source once", () => {
    const base = makeSnapshot({
      tickets: [],
      health: {
        pagerduty: {
          ...emptyHealth('pagerduty'),
          state: 'stale',
          lastSuccessAt: '2026-11-30T09:00:00.000Z',
          failure: { kind: 'offline', detail: 'ECONNREFUSED' },
          message: 'PagerDuty: unreachable (offline?)',
        },
      },
    });
    const text = formatStatus({ ...base, turn: { ...base.turn, long: 'Your turn starts in 20m' } });
    expect(text.split('\n')[0]).toBe('Your turn starts in 20m');
    expect(text).toContain('PagerDuty: unreachable (offline?)');
    expect(text).not.toContain('PagerDuty: PagerDuty');
  });

  it('prints the question page only for rows that open one', () => {
    const base = makeSnapshot({
      tickets: [makeTicket({ id: 7, source: 'community', moderationUrl: 'https://posthog.com/questions/q7' })],
    });
    expect(formatStatus(base)).toContain('answer at https://posthog.com/questions/q7');
    const entry = base.queue[0]!;
    const asTicket = { ...base, queue: [{ ...entry, open: { target: 'ticket' as const, url: entry.ticket.url } }] };
    expect(formatStatus(asTicket)).not.toContain('answer at');
  });

  it('the JSON adds the turn line, open targets, urgency and health labels, keeping every older field', () => {
    const snapshot = makeSnapshot({
      tickets: [makeTicket({ id: 7, source: 'community', moderationUrl: 'https://posthog.com/questions/q7' })],
    });
    const json = toCliJson(snapshot);
    expect(json.schema).toBe('support-hero.status/1');
    expect(json.turn).toMatchObject({
      onCall: false,
      known: true,
      status: 'none',
      line: 'Not on any selected schedule',
    });
    expect(json.queue[0]).toMatchObject({
      id: 7,
      moderationUrl: 'https://posthog.com/questions/q7',
      open: { target: 'moderation', url: 'https://posthog.com/questions/q7' },
      imminent: false,
    });
    expect(json.sources.zendesk).toMatchObject({
      label: 'Zendesk',
      message: 'Up to date',
      line: 'Zendesk: Up to date',
    });
  });
});
