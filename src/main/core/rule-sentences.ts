/**
 * The rule table in force, said in sentences: what the window's "How this queue is sorted" view and the CLI's
 * closing line show, so a user can check what the app assumed (which tags mean escalated and Customer Success,
 * how near a breach counts as nearing) against how their team works.
 */
import type { QueueExplanation, RuleSentence } from '../../shared/domain';
import { formatDuration } from '../../shared/format';
import type { Settings, TierCondition, TierRule } from '../../shared/settings';
import { OTHER_TIER_LABEL } from './priority';
import { effectiveRules } from './settings';

export type { QueueExplanation, RuleSentence };

const STATUS_WORD: Record<string, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  hold: 'On-hold',
  solved: 'Solved',
  closed: 'Closed',
  unknown: 'of unknown status',
};
const PRIORITY_WORD: Record<string, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
  none: 'no',
  unknown: 'unknown',
};
const SOURCE_WORD: Record<string, string> = {
  in_app: 'the in-app Support panel',
  community: 'a community question',
  slack: 'Slack (via Pylon)',
  github: 'GitHub',
  email: 'email',
  other: 'another channel',
};

/** "a", "a or b", "a, b or c". */
function either(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function tags(list: readonly string[]): string {
  return either(list.map((tag) => `\`${tag}\``));
}

/** The conditions of one rule, each as a phrase, in a fixed order that reads naturally. */
function phrases(when: TierCondition, settings: Settings): string[] {
  const out: string[] = [];
  const nearing = formatDuration(settings.priority.nearingBreachMinutes * 60_000);
  if (when.customerSuccess === true)
    out.push(`tagged by Customer Success (tag ${tags(settings.zendesk.customerSuccessTags)})`);
  if (when.customerSuccess === false) out.push('not tagged by Customer Success');
  if (when.escalated === true) out.push(`escalated (tag ${tags(settings.zendesk.escalationTags)})`);
  if (when.escalated === false) out.push('not escalated');
  if (when.priorities) out.push(`with ${either(when.priorities.map((p) => PRIORITY_WORD[p] ?? p))} priority`);
  if (when.nearingBreach === true) out.push(`breaching within ${nearing} or already breached`);
  if (when.nearingBreach === false) out.push(`not breaching within ${nearing}`);
  if (when.tagsAny) out.push(`tagged ${tags(when.tagsAny)}`);
  if (when.sources) out.push(`from ${either(when.sources.map((s) => SOURCE_WORD[s] ?? s))}`);
  return out;
}

/** One rule as a sentence: "Open tickets escalated (tag `escalated`), with Urgent or High priority." */
export function describeRule(rule: TierRule, settings: Settings): string {
  const { statuses, kinds } = rule.when;
  if (kinds && !kinds.includes('zendesk_ticket')) {
    return kinds.includes('slack_request')
      ? 'Slack messages in the dedicated channels where Customer Success tagged you or your team, not yet answered.'
      : 'Nothing.';
  }
  const parts = phrases(rule.when, settings);
  if (!statuses && parts.length === 0) return 'Every ticket not taken by a tier above.';
  const subject = statuses ? `${either(statuses.map((s) => STATUS_WORD[s] ?? s))} tickets` : 'Tickets';
  return parts.length === 0 ? `${subject}.` : `${subject} ${parts.join(', ')}.`;
}

/** The rule table in force, explained. */
export function explainQueue(settings: Settings): QueueExplanation {
  const rules = effectiveRules(settings);
  return {
    rules: rules.map((rule, index) => ({
      id: rule.id,
      rank: index + 1,
      label: rule.label,
      sentence: describeRule(rule, settings),
      handover: rule.handover,
    })),
    custom: settings.priority.rules !== null,
    other: `Tickets no tier takes are kept under "${OTHER_TIER_LABEL}", never dropped.`,
    withinTier:
      'Within a tier, the ticket closest to breach comes first (breached ones first), then tickets without a running SLA, oldest first.',
  };
}

/** The explanation in one line, for the end of the CLI's text output. */
export function explanationLine(settings: Settings): string {
  const rules = effectiveRules(settings);
  const nearing = formatDuration(settings.priority.nearingBreachMinutes * 60_000);
  const order = rules.map((rule, index) => `${index + 1}. ${rule.label}`).join('; ');
  return (
    `Sorted by ${settings.priority.rules === null ? "the handbook's tiers" : 'your rule table'} (${order}), ` +
    `then closest to breach; escalated = tag ${either(settings.zendesk.escalationTags)}, ` +
    `Customer Success = tag ${either(settings.zendesk.customerSuccessTags)}, nearing breach = within ${nearing}.`
  );
}
