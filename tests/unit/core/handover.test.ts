import { describe, expect, it } from 'vitest';
import { buildHandover, handoverMarkdown } from '../../../src/main/core/handover';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { makeEntry, makeTicket, slaIn } from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

describe('handover (handbook: items in 1-4 are resolved or passed to the next Support Hero)', () => {
  it('lists tiers 1-4 grouped by tier, with links, leaving tier 5 and Other out', () => {
    const snapshot = makeSnapshot({
      myEntries: [makeEntry(-60, 60)],
      upcomingOthers: [makeEntry(60, 24 * 60, { userId: 'PLENA', userName: 'Lena Latency' })],
      tickets: [
        makeTicket({ id: 1, subject: 'Low one', priority: 'low' }),
        makeTicket({ id: 2, subject: 'Billing [urgent]', tags: ['cs_tagged'] }),
        makeTicket({
          id: 3,
          subject: 'Funnels broken',
          tags: ['escalated'],
          priority: 'high',
          slaMetrics: [slaIn(42)],
        }),
        makeTicket({ id: 4, subject: 'Solved', status: 'solved' }),
        makeTicket({
          id: 5,
          subject: 'How do I *filter*?',
          source: 'community',
          moderationUrl: 'https://posthog.com/questions/filter',
          slaMetrics: [slaIn(-10)],
        }),
      ],
    });
    expect(handoverMarkdown(snapshot)).toBe(
      [
        '# Support Hero handover (Mon 30 Nov 10:00)',
        '',
        'Hand over to Lena Latency (from Mon 30 Nov 11:00).',
        'Tiers 1 to 5: Slack request from Customer Success; Tagged by Customer Success; Escalated, High priority; Escalated, Normal priority; Nearing or past SLA breach.',
        '',
        '3 open tickets need a new owner.',
        '',
        '## 2. Tagged by Customer Success (1)',
        '',
        '- [#2 Billing \\[urgent\\]](https://posthoghelp.zendesk.com/agent/tickets/2): Tagged by Customer Success \\(cs\\_tagged\\)',
        '',
        '## 3. Escalated, High priority (1)',
        '',
        '- [#3 Funnels broken](https://posthoghelp.zendesk.com/agent/tickets/3): Escalated, High priority, open; breaches in 42m',
        '',
        '## 5. Nearing or past SLA breach (1)',
        '',
        '- [#5 How do I \\*filter\\*?](https://posthoghelp.zendesk.com/agent/tickets/5): Nearing or past SLA breach, open; breached 10m ago; answer on [the community page](https://posthog.com/questions/filter)',
        '',
      ].join('\n'),
    );
  });

  it('keeps the subject of a content-warning ticket out of the handover, which is pasted where others read it', () => {
    const snapshot = makeSnapshot({
      myEntries: [makeEntry(-60, 60)],
      tickets: [
        makeTicket({
          id: 7,
          subject: 'Explicit thing',
          tags: ['escalated', 'content_warning'],
          contentWarning: true,
          priority: 'high',
        }),
      ],
    });
    const markdown = handoverMarkdown(snapshot);
    expect(markdown).toContain('#7 Subject hidden: content warning');
    expect(markdown).not.toContain('Explicit');
  });

  it('says so when there is nothing to hand over', () => {
    expect(handoverMarkdown(makeSnapshot({ tickets: [makeTicket({ priority: 'low' })] }))).toContain(
      'Nothing to hand over',
    );
  });

  it('says why the next Support Hero is unknown', () => {
    const lineOf = (options: Parameters<typeof makeSnapshot>[0]) => buildHandover(makeSnapshot(options)).nextHeroLine;
    expect(lineOf({ myEntries: null })).toBe('The next Support Hero is unknown: PagerDuty has not answered.');
    expect(lineOf({ myEntries: [makeEntry(20, 60)] })).toBe(
      'The next Support Hero is unknown: you are not on call now.',
    );
    expect(lineOf({ myEntries: [makeEntry(-60, null)] })).toBe(
      'The next Support Hero is unknown: your turn has no end in PagerDuty.',
    );
    expect(
      lineOf({
        myEntries: [makeEntry(-60, 60)],
        // Someone on another schedule, and someone after a gap, are not who takes over.
        upcomingOthers: [
          makeEntry(60, 120, { userId: 'PX', userName: 'Other team', scheduleId: 'PLGXQIF', scheduleName: 'Replay' }),
          makeEntry(90, 120, { userId: 'PY', userName: 'Later' }),
        ],
      }),
    ).toBe(
      'The next Support Hero is unknown: PagerDuty lists nobody on Product Analytics after your turn ends (Mon 30 Nov 11:00).',
    );
  });

  it('escapes a next Support Hero whose PagerDuty name looks like Markdown', () => {
    const markdown = handoverMarkdown(
      makeSnapshot({
        myEntries: [makeEntry(-60, 60)],
        upcomingOthers: [makeEntry(60, 120, { userId: 'PZ', userName: '[Click](https://evil.example)' })],
      }),
    );
    expect(markdown).toContain('Hand over to \\[Click\\]\\(https://evil.example\\) (from Mon 30 Nov 11:00).');
    expect(buildHandover(makeSnapshot({ myEntries: [makeEntry(-60, 60)] })).nextHero).toBeNull();
  });

  it('names the tiers of the active rule table, not the handbook tiers, when the table was replaced', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.priority.rules = [
      { id: 'vip', label: 'VIP customers', when: { tagsAny: ['vip'] }, handover: true },
      { id: 'low', label: 'Low priority', when: { priorities: ['low'] }, handover: false },
      { id: 'breach', label: 'About to breach', when: { nearingBreach: true }, handover: true },
    ];
    const snapshot = makeSnapshot({
      settings,
      tickets: [makeTicket({ id: 1, tags: ['vip'] }), makeTicket({ id: 2, priority: 'low' })],
    });
    const markdown = handoverMarkdown(snapshot);
    expect(markdown).toContain('\nTiers 1 and 3: VIP customers; About to breach.\n');
    expect(markdown).not.toContain('Tagged by Customer Success');
    expect(markdown).toContain('## 1. VIP customers (1)');
    expect(markdown).not.toContain('#2 ');
    const none = structuredClone(DEFAULT_SETTINGS);
    none.priority.rules = [{ id: 'all', label: 'Everything', when: {}, handover: false }];
    expect(buildHandover(makeSnapshot({ settings: none })).tiersLine).toBe('No tier of the rule table is handed over.');
    const one = structuredClone(DEFAULT_SETTINGS);
    one.priority.rules = [{ id: 'all', label: 'Everything', when: {}, handover: true }];
    expect(buildHandover(makeSnapshot({ settings: one })).tiersLine).toBe('Tier 1: Everything.');
  });

  it('never links to anything but http(s)', () => {
    const snapshot = makeSnapshot({
      tickets: [makeTicket({ id: 8, tags: ['cs_tagged'], url: 'javascript:alert(1)' })],
    });
    expect(handoverMarkdown(snapshot)).toContain('- #8 Ticket 8: ');
    expect(handoverMarkdown(snapshot)).not.toContain('javascript:');
  });
});
