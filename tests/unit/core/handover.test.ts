import { describe, expect, it } from 'vitest';
import { handoverMarkdown } from '../../../src/main/core/handover';
import { makeEntry, makeTicket, slaIn } from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

describe('handover (handbook: items in 1-4 are resolved or passed to the next Support Hero)', () => {
  it('lists tiers 1-4 grouped by tier, with links, leaving tier 5 and Other out', () => {
    const snapshot = makeSnapshot({
      myEntries: [makeEntry(-60, 60)],
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
        '3 open tickets need a new owner.',
        '',
        '## 1. Tagged by Customer Success (1)',
        '',
        '- [#2 Billing \\[urgent\\]](https://posthoghelp.zendesk.com/agent/tickets/2): Tagged by Customer Success \\(cs\\_tagged\\)',
        '',
        '## 2. Escalated, High priority (1)',
        '',
        '- [#3 Funnels broken](https://posthoghelp.zendesk.com/agent/tickets/3): Escalated, High priority, open; breaches in 42m',
        '',
        '## 4. Nearing or past SLA breach (1)',
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

  it('never links to anything but http(s)', () => {
    const snapshot = makeSnapshot({
      tickets: [makeTicket({ id: 8, tags: ['cs_tagged'], url: 'javascript:alert(1)' })],
    });
    expect(handoverMarkdown(snapshot)).toContain('- #8 Ticket 8: ');
    expect(handoverMarkdown(snapshot)).not.toContain('javascript:');
  });
});
