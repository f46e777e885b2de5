/**
 * The settings form's field table and the rules for what people type, shared by the renderer (which checks as
 * the user types) and the core's schema (which takes its bounds and messages from here), so the two cannot
 * drift. Pure: no I/O, no schema library beyond zod's email pattern, which the core's own email check uses.
 */
import { regexes } from 'zod/v4/core';
import type { FieldError } from './ipc';
import { PLAYBOOK_IDS } from './playbooks';
import type { PlaybookKey } from './settings';
import { isZendeskSubdomain } from './zendesk-subdomain';

/** How a field is edited and checked. */
export type FieldKind =
  | 'subdomain'
  | 'email'
  | 'secret'
  | 'picker'
  | 'tags'
  | 'choice'
  | 'minutes'
  | 'days'
  | 'time'
  | 'seconds';

/** One row of the field table: where errors land, what the form calls it, how it is edited, its bounds. */
export interface FieldSpec {
  /** The dotted path main's FieldErrors use. */
  path: string;
  label: string;
  kind: FieldKind;
  min?: number;
  max?: number;
  maxItems?: number;
  maxLength?: number;
  /** What people are told when a value breaks a bound; the core's schema uses the same sentences. */
  messages?: Record<string, string>;
}

/** A whole number with bounds, e.g. a polling interval. */
export interface WholeNumberRule {
  min: number;
  max: number;
  messages: { whole: string; tooSmall: string; tooLarge: string };
}

/** A list of whole minutes typed as text ("1440, 15"). */
export interface MinutesListRule extends WholeNumberRule {
  maxItems: number;
  messages: WholeNumberRule['messages'] & { format: string; tooMany: string; repeated: string };
}

export interface TagListRule {
  maxItems: number;
  maxLength: number;
  messages: { empty: string; tooLong: string; tooMany: string };
}

const TAGS: TagListRule = {
  maxItems: 20,
  maxLength: 80,
  messages: { empty: 'A tag cannot be empty', tooLong: 'A tag is at most 80 characters', tooMany: 'At most 20 tags' },
};

const WEEK_MINUTES = 10_080;

function minutesList(maxItems: number, format: string, tooMany: string): MinutesListRule {
  return {
    min: 1,
    max: WEEK_MINUTES,
    maxItems,
    messages: {
      whole: 'Use whole minutes',
      tooSmall: 'Use at least 1 minute',
      tooLarge: 'Use at most a week',
      format,
      tooMany,
      repeated: 'Each value may appear only once',
    },
  };
}

/** `HH:MM` on a 24-hour clock. */
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Zod's own email pattern, so the form and the core's schema accept exactly the same addresses. */
export const EMAIL_PATTERN: RegExp = regexes.email;

/** Whether `value` is an email address by the one rule both sides use. */
export function isEmailAddress(value: string): boolean {
  return EMAIL_PATTERN.test(value);
}

/** Every field of the settings form, in form order, with its bounds and messages where people type a value. */
export const SETTINGS_FIELDS = {
  subdomain: {
    path: 'zendesk.subdomain',
    label: 'Subdomain',
    kind: 'subdomain',
    maxLength: 63,
    messages: {
      invalid: 'Use the part before .zendesk.com: lowercase letters, digits and - (not at either end)',
      tooLong: 'A subdomain is at most 63 characters',
    },
  },
  email: {
    path: 'zendesk.email',
    label: 'Email',
    kind: 'email',
    messages: { invalid: 'Use the email address you sign in to Zendesk with' },
  },
  zendeskToken: { path: 'secrets.zendeskToken', label: 'Zendesk API token', kind: 'secret' },
  viewIds: {
    path: 'zendesk.viewIds',
    label: 'Team views',
    kind: 'picker',
    maxItems: 20,
    messages: { invalid: 'A view id is a positive number', tooMany: 'At most 20 views' },
  },
  escalationTags: { path: 'zendesk.escalationTags', label: 'Escalation tags', kind: 'tags', ...TAGS },
  customerSuccessTags: {
    path: 'zendesk.customerSuccessTags',
    label: 'Customer Success tags',
    kind: 'tags',
    ...TAGS,
  },
  planField: { path: 'zendesk.orgFields.plan', label: 'Plan field', kind: 'choice' },
  mrrField: { path: 'zendesk.orgFields.mrr', label: 'MRR field', kind: 'choice' },
  contentWarningField: { path: 'zendesk.orgFields.contentWarning', label: 'Content-warning field', kind: 'choice' },
  pagerdutyToken: { path: 'secrets.pagerdutyToken', label: 'PagerDuty API token', kind: 'secret' },
  slackToken: { path: 'secrets.slackToken', label: 'Slack token', kind: 'secret' },
  slackChannelIds: { path: 'slack.channelIds', label: 'Dedicated channel ids', kind: 'tags', maxItems: 20 },
  slackCsUserGroupId: { path: 'slack.csUserGroupId', label: 'Customer Success user group id', kind: 'choice' },
  slackMyGroupId: { path: 'slack.myGroupId', label: 'Your team user group id', kind: 'choice' },
  slackRateTier: { path: 'slack.rateTier', label: 'Slack app type', kind: 'choice' },
  region: { path: 'pagerduty.region', label: 'Region', kind: 'choice' },
  scheduleIds: {
    path: 'pagerduty.scheduleIds',
    label: 'Schedules',
    kind: 'picker',
    maxItems: 20,
    messages: { invalid: 'A schedule id looks like PXUZ9XL', tooMany: 'At most 20 schedules' },
  },
  userEmail: {
    path: 'pagerduty.userEmail',
    label: 'Your PagerDuty email',
    kind: 'email',
    messages: { invalid: 'Use an email address' },
  },
  turnLeadMinutes: {
    path: 'notifications.turnLeadMinutes',
    label: 'Turn heads-ups (minutes before)',
    kind: 'minutes',
    ...minutesList(5, 'Use whole minutes separated by commas, e.g. 1440, 15', 'At most 5 heads-ups'),
  },
  slaWarningMinutes: {
    path: 'notifications.slaWarningMinutes',
    label: 'SLA warnings (minutes before breach)',
    kind: 'minutes',
    // The handbook sends at most 3 SLA warnings per ticket.
    ...minutesList(3, 'Use whole minutes separated by commas, e.g. 180, 120, 60', 'At most 3 SLA warnings per ticket'),
  },
  days: {
    path: 'notifications.workingHours.days',
    label: 'Working days',
    kind: 'days',
    messages: { outOfRange: 'Days run 0 (Sunday) to 6', repeated: 'Each day may appear only once' },
  },
  start: {
    path: 'notifications.workingHours.start',
    label: 'Work starts',
    kind: 'time',
    messages: { invalid: 'Use HH:MM, e.g. 09:00' },
  },
  end: {
    path: 'notifications.workingHours.end',
    label: 'Work ends',
    kind: 'time',
    messages: { invalid: 'Use HH:MM, e.g. 18:00', beforeStart: 'Working hours must end after they start' },
  },
  zendeskSeconds: {
    path: 'polling.zendeskSeconds',
    label: 'Zendesk every (s)',
    kind: 'seconds',
    min: 15,
    max: 3600,
    messages: {
      whole: 'Use whole seconds',
      tooSmall: 'Poll Zendesk at most every 15 seconds',
      tooLarge: 'Poll Zendesk at least once an hour',
    },
  },
  pagerdutySeconds: {
    path: 'polling.pagerdutySeconds',
    label: 'PagerDuty every (s)',
    kind: 'seconds',
    min: 60,
    max: 86_400,
    messages: {
      whole: 'Use whole seconds',
      tooSmall: 'Poll PagerDuty at most every 60 seconds',
      tooLarge: 'Poll PagerDuty at least once a day',
    },
  },
} as const satisfies Record<string, FieldSpec>;

export type FieldKey = keyof typeof SETTINGS_FIELDS;
export type FieldPath = (typeof SETTINGS_FIELDS)[FieldKey]['path'];

/** The playbooks whose suggestion rules the Actions section edits, in form order. */
export const PLAYBOOK_KEYS: readonly PlaybookKey[] = PLAYBOOK_IDS;

/** Where one playbook's tags or words are edited; main's errors for the list or one of its entries land there. */
export function playbookRulePath(key: PlaybookKey, list: 'tags' | 'keywords'): string {
  return `actions.playbookRules.${key}.${list}`;
}

/**
 * The form's fields' paths, in form order: where a FieldError can be shown next to its input. The playbook lists
 * are free text checked by main only, so they are not in the table, but they are fields all the same.
 */
export const FIELD_PATHS: readonly string[] = [
  ...Object.values(SETTINGS_FIELDS).map((field): string => field.path),
  ...PLAYBOOK_KEYS.flatMap((key) => [playbookRulePath(key, 'tags'), playbookRulePath(key, 'keywords')]),
];

/** Keys of the fields people type as text; the form keeps these as strings until it saves. */
export type TextFieldKey =
  | 'subdomain'
  | 'email'
  | 'userEmail'
  | 'escalationTags'
  | 'customerSuccessTags'
  | 'turnLeadMinutes'
  | 'slaWarningMinutes'
  | 'start'
  | 'end'
  | 'zendeskSeconds'
  | 'pagerdutySeconds';

export type FieldTexts = Record<TextFieldKey, string>;

/** "a, b ,c" -> ['a', 'b', 'c'] (empty entries dropped). */
export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** "1440, 15" -> [1440, 15]; `null` when an entry is not a whole number. */
export function parseMinutes(text: string): number[] | null {
  const numbers = splitList(text).map((part) => Number(part));
  return numbers.every((n) => Number.isInteger(n)) ? numbers : null;
}

/** The message for a whole number outside its rule, or `null` when it fits. */
export function wholeNumberError(value: number, rule: WholeNumberRule): string | null {
  if (!Number.isInteger(value)) return rule.messages.whole;
  if (value < rule.min) return rule.messages.tooSmall;
  if (value > rule.max) return rule.messages.tooLarge;
  return null;
}

function minutesError(text: string, rule: MinutesListRule): string | null {
  const list = parseMinutes(text);
  if (list === null) return rule.messages.format;
  for (const value of list) {
    const error = wholeNumberError(value, rule);
    if (error) return error;
  }
  if (list.length > rule.maxItems) return rule.messages.tooMany;
  if (new Set(list).size !== list.length) return rule.messages.repeated;
  return null;
}

function tagsError(text: string, rule: TagListRule): string | null {
  const tags = splitList(text);
  if (tags.some((tag) => tag.length > rule.maxLength)) return rule.messages.tooLong;
  if (tags.length > rule.maxItems) return rule.messages.tooMany;
  return null;
}

function secondsError(text: string, rule: WholeNumberRule): string | null {
  return text.trim() ? wholeNumberError(Number(text), rule) : rule.messages.whole;
}

/**
 * Field errors in what the user typed, with the dotted paths main uses. The core's schema applies the same
 * table to the parsed Settings on save and has the last word (time zones, tier rules, ids from the pickers).
 */
export function validateFieldTexts(text: FieldTexts): FieldError[] {
  const F = SETTINGS_FIELDS;
  const checks: [FieldPath, string | null][] = [
    [
      F.subdomain.path,
      text.subdomain.length > F.subdomain.maxLength
        ? F.subdomain.messages.tooLong
        : text.subdomain && !isZendeskSubdomain(text.subdomain)
          ? F.subdomain.messages.invalid
          : null,
    ],
    [F.email.path, text.email && !isEmailAddress(text.email) ? F.email.messages.invalid : null],
    [F.escalationTags.path, tagsError(text.escalationTags, F.escalationTags)],
    [F.customerSuccessTags.path, tagsError(text.customerSuccessTags, F.customerSuccessTags)],
    [F.userEmail.path, text.userEmail && !isEmailAddress(text.userEmail) ? F.userEmail.messages.invalid : null],
    [F.turnLeadMinutes.path, minutesError(text.turnLeadMinutes, F.turnLeadMinutes)],
    [F.slaWarningMinutes.path, minutesError(text.slaWarningMinutes, F.slaWarningMinutes)],
    [F.start.path, TIME_PATTERN.test(text.start) ? null : F.start.messages.invalid],
    [
      F.end.path,
      !TIME_PATTERN.test(text.end)
        ? F.end.messages.invalid
        : TIME_PATTERN.test(text.start) && text.start >= text.end
          ? F.end.messages.beforeStart
          : null,
    ],
    [F.zendeskSeconds.path, secondsError(text.zendeskSeconds, F.zendeskSeconds)],
    [F.pagerdutySeconds.path, secondsError(text.pagerdutySeconds, F.pagerdutySeconds)],
  ];
  return checks.flatMap(([path, message]) => (message ? [{ path, message }] : []));
}
