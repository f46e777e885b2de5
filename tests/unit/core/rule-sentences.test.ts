import { describe, expect, it } from 'vitest';
import { describeRule, explainQueue, explanationLine } from '../../../src/main/core/rule-sentences';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { Settings } from '../../../src/shared/settings';

describe('the rule table in sentences', () => {
  it("says the Slack tier, then the handbook's five Zendesk tiers in order, with the tags and window assumed", () => {
    const explained = explainQueue(DEFAULT_SETTINGS);
    expect(explained.custom).toBe(false);
    expect(explained.rules.map((r) => [r.rank, r.label, r.sentence])).toEqual([
      [
        1,
        'Slack request from Customer Success',
        'Slack messages in the dedicated channels where Customer Success tagged you or your team, not yet answered.',
      ],
      [
        2,
        'Tagged by Customer Success',
        'New, Open, Pending or On-hold tickets tagged by Customer Success (tag `customer_success` or `cs_tagged`).',
      ],
      [3, 'Escalated, High priority', 'Open tickets escalated (tag `escalated`), with Urgent or High priority.'],
      [4, 'Escalated, Normal priority', 'Open tickets escalated (tag `escalated`), with Normal priority.'],
      [5, 'Nearing or past SLA breach', 'New or Open tickets not escalated, breaching within 3h or already breached.'],
      [6, 'Low priority', 'Open tickets with Low priority.'],
    ]);
    expect(explained.rules.map((r) => r.handover)).toEqual([true, true, true, true, true, false]);
    expect(explained.other).toContain('"Other"');
  });

  it('follows the settings: other tags and another nearing-breach window', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      zendesk: { ...DEFAULT_SETTINGS.zendesk, escalationTags: ['esc', 'l2'], customerSuccessTags: ['cs'] },
      priority: { ...DEFAULT_SETTINGS.priority, nearingBreachMinutes: 90 },
    };
    const line = explanationLine(settings);
    expect(line).toContain("the handbook's tiers");
    expect(line).toContain('escalated = tag esc or l2');
    expect(line).toContain('Customer Success = tag cs');
    expect(line).toContain('nearing breach = within 1h 30m');
  });

  it("says a replaced table is the user's own, condition by condition", () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      priority: {
        nearingBreachMinutes: 180,
        rules: [
          { id: 'top', label: 'Top 20', handover: true, when: { tagsAny: ['top_20', 'churn_risk'] } },
          { id: 'gh', label: 'From GitHub', handover: false, when: { sources: ['github', 'community'] } },
          { id: 'rest', label: 'Everything else', handover: false, when: {} },
        ],
      },
    };
    const explained = explainQueue(settings);
    expect(explained.custom).toBe(true);
    expect(explained.rules.map((r) => r.sentence)).toEqual([
      'Tickets tagged `top_20` or `churn_risk`.',
      'Tickets from GitHub or a community question.',
      'Every ticket not taken by a tier above.',
    ]);
    expect(explanationLine(settings)).toContain('your rule table (1. Top 20; 2. From GitHub; 3. Everything else)');
    expect(
      describeRule(
        { id: 'x', label: 'x', handover: false, when: { customerSuccess: false, nearingBreach: false } },
        settings,
      ),
    ).toBe('Tickets not tagged by Customer Success, not breaching within 3h.');
  });
});
