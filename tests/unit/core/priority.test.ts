import { describe, expect, it } from 'vitest';
import { prioritize } from '../../../src/main/core/priority';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { Ticket } from '../../../src/shared/domain';
import type { Settings } from '../../../src/shared/settings';
import { at, makeTicket, slaIn, T0 } from '../../support/factories';

function tierOf(ticket: Ticket, settings: Settings = DEFAULT_SETTINGS): string {
  return prioritize([ticket], settings, T0).queue[0]!.tier;
}

describe('handbook prioritization', () => {
  it.each<[string, Partial<Ticket>, string]>([
    ['1: tagged by Customer Success', { tags: ['cs_tagged'], priority: 'low' }, 'customer_success'],
    ['1: CS tag on a pending ticket', { tags: ['customer_success'], status: 'pending' }, 'customer_success'],
    ['2: open, escalated, High', { tags: ['escalated'], priority: 'high' }, 'escalated_high'],
    ['2: urgent ranks with High', { tags: ['escalated'], priority: 'urgent' }, 'escalated_high'],
    ['3: open, escalated, Normal', { tags: ['escalated'], priority: 'normal' }, 'escalated_normal'],
    ['4: new, not escalated, nearing breach', { status: 'new', slaMetrics: [slaIn(170)] }, 'nearing_breach'],
    ['4: open, not escalated, breached', { slaMetrics: [slaIn(-5)] }, 'nearing_breach'],
    ['5: open, low priority', { priority: 'low' }, 'low'],
    ['other: open, normal, far from breach', { slaMetrics: [slaIn(600)] }, 'other'],
    ['other: escalated but pending', { tags: ['escalated'], priority: 'high', status: 'pending' }, 'other'],
    ['other: solved', { status: 'solved', tags: ['escalated'], priority: 'high' }, 'other'],
    [
      'other: escalated low priority is not tier 4 even when breached',
      { tags: ['escalated'], priority: 'low', status: 'new', slaMetrics: [slaIn(-5)] },
      'other',
    ],
  ])('%s', (_name, overrides, tier) => {
    expect(tierOf(makeTicket(overrides))).toBe(tier);
  });

  it('a ticket matching two tiers takes the first (CS tag beats escalated High)', () => {
    const entry = prioritize([makeTicket({ tags: ['escalated', 'cs_tagged'], priority: 'high' })], DEFAULT_SETTINGS, T0)
      .queue[0]!;
    expect(entry.tier).toBe('customer_success');
    expect(entry.flags).toEqual(expect.arrayContaining(['cs_tagged', 'escalated']));
    expect(entry.reason).toBe('Tagged by Customer Success (cs_tagged)');
  });

  it('a low-priority ticket nearing breach is tier 4 before tier 5', () => {
    expect(tierOf(makeTicket({ priority: 'low', slaMetrics: [slaIn(30)] }))).toBe('nearing_breach');
  });

  it('the nearing-breach window follows the setting', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.priority.nearingBreachMinutes = 60;
    expect(tierOf(makeTicket({ slaMetrics: [slaIn(90)] }), settings)).toBe('other');
    expect(tierOf(makeTicket({ slaMetrics: [slaIn(60)] }), settings)).toBe('nearing_breach');
  });

  it('escalation and CS tags come from settings, case-insensitively', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.zendesk.escalationTags = ['eng_escalation'];
    expect(tierOf(makeTicket({ tags: ['ENG_ESCALATION'], priority: 'high' }), settings)).toBe('escalated_high');
    expect(tierOf(makeTicket({ tags: ['escalated'], priority: 'high' }), settings)).toBe('other');
  });

  it('within a tier: most overdue first, then closest to breach, then no-SLA oldest first, then id', () => {
    const base = { tags: ['escalated'], priority: 'high' as const };
    const tickets = [
      makeTicket({ ...base, id: 6, createdAt: at(-100) }),
      makeTicket({ ...base, id: 5, createdAt: at(-100) }),
      makeTicket({ ...base, id: 4, createdAt: at(-500) }),
      makeTicket({ ...base, id: 3, slaMetrics: [slaIn(120)] }),
      makeTicket({ ...base, id: 2, slaMetrics: [slaIn(-10)] }),
      makeTicket({ ...base, id: 1, slaMetrics: [slaIn(-60)] }),
    ];
    expect(prioritize(tickets, DEFAULT_SETTINGS, T0).queue.map((e) => e.ticket.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reasons say the tier, the status and the SLA in one line', () => {
    const { queue } = prioritize(
      [
        makeTicket({ id: 1, tags: ['escalated'], priority: 'high', slaMetrics: [slaIn(42)] }),
        makeTicket({ id: 2, slaMetrics: [slaIn(-20)] }),
      ],
      DEFAULT_SETTINGS,
      T0,
    );
    expect(queue.map((e) => e.reason)).toEqual([
      'Escalated, High priority, open; breaches in 42m',
      'Nearing or past SLA breach, open; breached 20m ago',
    ]);
  });

  it('an Urgent ticket in the "Escalated, High priority" tier says Urgent in its reason, under the same tier', () => {
    const { queue } = prioritize(
      [makeTicket({ id: 1, tags: ['escalated'], priority: 'urgent', slaMetrics: [slaIn(42)] })],
      DEFAULT_SETTINGS,
      T0,
    );
    expect(queue.map((e) => [e.tierLabel, e.reason])).toEqual([
      ['Escalated, High priority', 'Escalated, Urgent priority, open; breaches in 42m'],
    ]);
  });

  it("a rule's own label stays the reason when it names no other priority of the rule", () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      priority: {
        ...DEFAULT_SETTINGS.priority,
        rules: [
          {
            id: 'hot',
            label: 'Hot tickets',
            handover: true,
            when: { priorities: ['urgent' as const, 'high' as const] },
          },
        ],
      },
    };
    const { queue } = prioritize([makeTicket({ id: 1, priority: 'urgent' })], settings, T0);
    expect(queue.map((e) => e.reason)).toEqual(['Hot tickets, open']);
  });

  it('the reason of an Other ticket without a priority reads "no priority"', () => {
    const { queue } = prioritize([makeTicket({ id: 1, status: 'new', priority: 'none' })], DEFAULT_SETTINGS, T0);
    expect(queue.map((e) => e.reason)).toEqual(['Other: new, no priority']);
  });

  it('tier summaries count every tier, with Other last; handover only for tiers 1-4', () => {
    const { tiers, queue } = prioritize(
      [makeTicket({ priority: 'low' }), makeTicket({ status: 'solved' }), makeTicket({ tags: ['cs_tagged'] })],
      DEFAULT_SETTINGS,
      T0,
    );
    expect(tiers.map((t) => [t.id, t.rank, t.count, t.handover])).toEqual([
      ['slack_customer_success', 1, 0, true],
      ['customer_success', 2, 1, true],
      ['escalated_high', 3, 0, true],
      ['escalated_normal', 4, 0, true],
      ['nearing_breach', 5, 0, true],
      ['low', 6, 1, false],
      ['other', 7, 1, false],
    ]);
    expect(queue.map((e) => e.handover)).toEqual([true, false, false]);
  });

  it('flags content warnings, orgs to assign, community questions and data problems', () => {
    const entry = prioritize(
      [
        makeTicket({
          contentWarning: true,
          orgAssignment: { needed: true, suggestedOrg: 'Acme', organizationId: null },
          source: 'community',
          problems: ['bad date'],
        }),
      ],
      DEFAULT_SETTINGS,
      T0,
    ).queue[0]!;
    expect(entry.flags).toEqual(['content_warning', 'needs_org', 'community', 'data_problem']);
  });

  // Garbage is parsed at the boundary (the Zendesk transform); what reaches the core is typed, maybe unknown.
  it('tickets with unknown status and no creation date are kept and placed by what is known', () => {
    const broken = makeTicket({
      id: 9,
      priority: 'high',
      tags: [],
      slaMetrics: [],
      createdAt: null,
      status: 'unknown',
    });
    const { queue } = prioritize([broken, makeTicket({ id: 10, status: 'unknown' })], DEFAULT_SETTINGS, T0);
    // An unreadable creation date sorts after every known one.
    expect(queue.map((e) => [e.ticket.id, e.tier])).toEqual([
      [10, 'other'],
      [9, 'other'],
    ]);
  });

  it('user rules replace the handbook tiers', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.priority.rules = [
      { id: 'top_20', label: 'Sales/CS Top 20', when: { tagsAny: ['top_20'] }, handover: true },
    ];
    const { queue, tiers } = prioritize([makeTicket({ id: 1 }), makeTicket({ id: 2, tags: ['top_20'] })], settings, T0);
    expect(queue.map((e) => [e.ticket.id, e.tier])).toEqual([
      [2, 'top_20'],
      [1, 'other'],
    ]);
    expect(tiers.map((t) => t.id)).toEqual(['top_20', 'other']);
  });
});
