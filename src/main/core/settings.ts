/**
 * Settings: the handbook's defaults, the schema that validates them, and migration of older stored shapes.
 * Pure: no electron, no file access. The Electron face and the CLI persist what `migrateSettings` returns.
 */
import { z } from 'zod';
import { checkApiBase } from '../../shared/api-base';
import type { FieldError } from '../../shared/ipc';
import { PLAYBOOK_IDS, type PlaybookId } from '../../shared/playbooks';
import type { Settings, TierRule } from '../../shared/settings';
import {
  SETTINGS_FIELDS as FIELDS,
  isEmailAddress,
  type MinutesListRule,
  TIME_PATTERN,
  type WholeNumberRule,
} from '../../shared/settings-rules';
import { SLACK_CHANNEL_ID, SLACK_TEAM_ID, SLACK_USERGROUP_ID } from '../../shared/slack-ids';
import { isZendeskSubdomain } from '../../shared/zendesk-subdomain';

/** The settings schema version this build writes. */
export const CURRENT_SETTINGS_VERSION = 1;

/** The handbook's five prioritization tiers, in order. Tiers 1 to 4 must be handed over at the end of a turn. */
export const DEFAULT_TIER_RULES: TierRule[] = [
  {
    id: 'slack_customer_success',
    label: 'Slack request from Customer Success',
    // The handbook's real tier 1: Customer Success tagging you in the dedicated channel.
    when: { kinds: ['slack_request'] },
    handover: true,
  },
  {
    id: 'customer_success',
    label: 'Tagged by Customer Success',
    when: { customerSuccess: true, statuses: ['new', 'open', 'pending', 'hold'] },
    handover: true,
  },
  {
    id: 'escalated_high',
    label: 'Escalated, High priority',
    // Zendesk's `urgent` sits above `high`; the handbook has no tier for it, so it ranks with High.
    when: { statuses: ['open'], escalated: true, priorities: ['urgent', 'high'] },
    handover: true,
  },
  {
    id: 'escalated_normal',
    label: 'Escalated, Normal priority',
    when: { statuses: ['open'], escalated: true, priorities: ['normal'] },
    handover: true,
  },
  {
    id: 'nearing_breach',
    label: 'Nearing or past SLA breach',
    when: { statuses: ['new', 'open'], escalated: false, nearingBreach: true },
    handover: true,
  },
  {
    id: 'low',
    label: 'Low priority',
    when: { statuses: ['open'], priorities: ['low'] },
    handover: false,
  },
];

/** The handbook's defaults. Empty account fields mean "not configured yet" (the app then runs the demo). */
export const DEFAULT_SETTINGS: Settings = {
  version: CURRENT_SETTINGS_VERSION,
  zendesk: {
    subdomain: '',
    email: '',
    viewIds: [],
    escalationTags: ['escalated'],
    // How Zendesk marks "tagged by Customer Success" at PostHog is not public, so these tags are a guess:
    // configurable, and shown to the user as an assumption in every snapshot.
    customerSuccessTags: ['customer_success', 'cs_tagged'],
    orgFields: { plan: 'plan', mrr: 'mrr', contentWarning: 'content_warning' },
    baseUrl: null,
  },
  pagerduty: {
    region: 'us',
    scheduleIds: [],
    userEmail: null,
    horizonDays: 30,
    baseUrl: null,
  },
  slack: {
    channelIds: [],
    csUserGroupId: null,
    myGroupId: null,
    includeBroadcasts: false,
    doneEmoji: 'white_check_mark',
    lookBackDays: 7,
    rateTier: 'internal',
    apiUrl: null,
    teamId: null,
    workspaceUrl: null,
  },
  priority: {
    nearingBreachMinutes: 180,
    rules: null,
  },
  notifications: {
    turnLeadMinutes: [1440, 15],
    turnEndingLeadMinutes: 60,
    slaWarningMinutes: [180, 120, 60],
    quietOutsideWorkingHours: true,
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    sound: true,
  },
  polling: {
    zendeskSeconds: 60,
    pagerdutySeconds: 300,
    timeoutSeconds: 15,
  },
  app: {
    timeZone: null,
    startAtLogin: false,
    shortcut: null,
  },
  actions: {
    assignToMe: false,
    playbookRules: null,
  },
};

/** The rule table in force: the user's own, or the handbook's five tiers. */
export function effectiveRules(settings: Settings): TierRule[] {
  return settings.priority.rules ?? DEFAULT_TIER_RULES;
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const playbookWords = z
  .array(z.string().trim().min(1, 'Remove the empty entry').max(60, 'Use at most 60 characters per entry'))
  .max(30, 'At most 30 entries');
/** Tags or words that offer a playbook on a ticket. */
const playbookRule = z.object({ tags: playbookWords.optional(), keywords: playbookWords.optional() });

const SCHEDULE_ID = /^[A-Z0-9]+$/i;

const statusSchema = z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed', 'unknown']);
const prioritySchema = z.enum(['urgent', 'high', 'normal', 'low', 'none', 'unknown']);
const sourceSchema = z.enum(['in_app', 'community', 'slack', 'github', 'email', 'other']);

// Bounds and messages of what the form edits come from the shared field table, which the form checks with too.
const TAGS = FIELDS.escalationTags;
const tagSchema = z.string().trim().min(1, TAGS.messages.empty).max(TAGS.maxLength, TAGS.messages.tooLong);
const tagList = z.array(tagSchema).max(TAGS.maxItems, TAGS.messages.tooMany);
const wholeNumber = (rule: WholeNumberRule) =>
  z.int(rule.messages.whole).min(rule.min, rule.messages.tooSmall).max(rule.max, rule.messages.tooLarge);
const minutesList = (rule: MinutesListRule) =>
  z
    .array(wholeNumber(rule))
    .max(rule.maxItems, rule.messages.tooMany)
    .refine((list) => new Set(list).size === list.length, { error: rule.messages.repeated });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The same rule as the CLI's: https, or plain http only to this machine (a local proxy or the sandbox), since
// http would send the token in clear text.
const baseUrlSchema = z
  .string()
  .superRefine((value, context) => {
    const refused = checkApiBase(value);
    if (refused) context.addIssue({ code: 'custom', message: refused });
  })
  .nullable();

const tierRuleSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9_-]+$/, 'Use lowercase letters, digits, - and _')
    .refine((id) => id !== 'other', { error: '"other" is reserved for tickets no rule takes' }),
  label: z.string().trim().min(1, 'Give the tier a name').max(80),
  when: z.object({
    statuses: z.array(statusSchema).optional(),
    priorities: z.array(prioritySchema).optional(),
    customerSuccess: z.boolean().optional(),
    escalated: z.boolean().optional(),
    tagsAny: z.array(tagSchema).optional(),
    nearingBreach: z.boolean().optional(),
    sources: z.array(sourceSchema).optional(),
    kinds: z.array(z.enum(['zendesk_ticket', 'slack_request'])).optional(),
  }),
  handover: z.boolean(),
});

const workingHoursSchema = z
  .object({
    days: z
      .array(z.int().min(0, FIELDS.days.messages.outOfRange).max(6, FIELDS.days.messages.outOfRange))
      .refine((days) => new Set(days).size === days.length, { error: FIELDS.days.messages.repeated }),
    start: z.string().regex(TIME_PATTERN, FIELDS.start.messages.invalid),
    end: z.string().regex(TIME_PATTERN, FIELDS.end.messages.invalid),
  })
  .refine((hours) => hours.start < hours.end, { error: FIELDS.end.messages.beforeStart, path: ['end'] });

/** Validates a whole Settings value. Kept in lock-step with the `Settings` type (see the check below). */
export const settingsSchema = z.object({
  version: z.int().min(0),
  zendesk: z.object({
    subdomain: z
      .string()
      .max(FIELDS.subdomain.maxLength, FIELDS.subdomain.messages.tooLong)
      .refine((value) => value === '' || value.length > FIELDS.subdomain.maxLength || isZendeskSubdomain(value), {
        error: FIELDS.subdomain.messages.invalid,
      }),
    email: z
      .string()
      .refine((value) => value === '' || isEmailAddress(value), { error: FIELDS.email.messages.invalid }),
    viewIds: z
      .array(z.int().positive(FIELDS.viewIds.messages.invalid))
      .max(FIELDS.viewIds.maxItems, FIELDS.viewIds.messages.tooMany),
    escalationTags: tagList,
    customerSuccessTags: tagList,
    orgFields: z.object({
      plan: z.string().max(80),
      mrr: z.string().max(80),
      contentWarning: z.string().max(80),
    }),
    baseUrl: baseUrlSchema,
  }),
  pagerduty: z.object({
    region: z.enum(['us', 'eu']),
    scheduleIds: z
      .array(z.string().regex(SCHEDULE_ID, FIELDS.scheduleIds.messages.invalid))
      .max(FIELDS.scheduleIds.maxItems, FIELDS.scheduleIds.messages.tooMany),
    userEmail: z.string().refine(isEmailAddress, { error: FIELDS.userEmail.messages.invalid }).nullable(),
    horizonDays: z
      .int('Use whole days')
      .min(1, 'Look at least 1 day ahead')
      .max(90, 'PagerDuty allows 90 days at most'),
    baseUrl: baseUrlSchema,
  }),
  slack: z.object({
    channelIds: z.array(z.string().regex(SLACK_CHANNEL_ID, 'A channel id looks like C0123ABCD')).max(20),
    csUserGroupId: z.string().regex(SLACK_USERGROUP_ID, 'A user group id looks like S0123ABCD').nullable(),
    myGroupId: z.string().regex(SLACK_USERGROUP_ID, 'A user group id looks like S0123ABCD').nullable(),
    includeBroadcasts: z.boolean(),
    doneEmoji: z.string().regex(/^:?[a-z0-9_+'-]{1,80}:?$/, 'Use an emoji name such as white_check_mark'),
    lookBackDays: z.int('Use whole days').min(1, 'Look back at least 1 day').max(30, 'Look back at most 30 days'),
    rateTier: z.enum(['internal', 'limited']),
    apiUrl: baseUrlSchema,
    teamId: z.string().regex(SLACK_TEAM_ID).nullable(),
    workspaceUrl: baseUrlSchema,
  }),
  priority: z.object({
    nearingBreachMinutes: z.int('Use whole minutes').min(1, 'Use at least 1 minute').max(10_080),
    rules: z
      .array(tierRuleSchema)
      .min(1, 'Keep at least one tier')
      .max(20)
      .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, {
        error: 'Each tier needs its own id',
      })
      .nullable(),
  }),
  notifications: z.object({
    turnLeadMinutes: minutesList(FIELDS.turnLeadMinutes),
    turnEndingLeadMinutes: z.int('Use whole minutes').min(1, 'Use at least 1 minute').max(1440),
    slaWarningMinutes: minutesList(FIELDS.slaWarningMinutes),
    quietOutsideWorkingHours: z.boolean(),
    workingHours: workingHoursSchema,
    sound: z.boolean(),
  }),
  polling: z.object({
    zendeskSeconds: wholeNumber(FIELDS.zendeskSeconds),
    pagerdutySeconds: wholeNumber(FIELDS.pagerdutySeconds),
    timeoutSeconds: z.int('Use whole seconds').min(1, 'Use at least 1 second').max(120, 'Use at most 120 seconds'),
  }),
  app: z.object({
    timeZone: z.string().refine(isTimeZone, { error: 'Use a time zone name such as Europe/London' }).nullable(),
    startAtLogin: z.boolean(),
    shortcut: z.string().min(1).max(60).nullable(),
  }),
  actions: z.object({
    assignToMe: z.boolean(),
    playbookRules: z
      .object(
        Object.fromEntries(PLAYBOOK_IDS.map((id) => [id, playbookRule.optional()])) as Record<
          PlaybookId,
          z.ZodOptional<typeof playbookRule>
        >,
      )
      .nullable(),
  }),
}) satisfies z.ZodType<Settings>;

// Compile-time: the schema's output is exactly Settings, so neither can change without the other.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesSettings: Equals<z.infer<typeof settingsSchema>, Settings> = true;
void schemaMatchesSettings;

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; errors: FieldError[] };

/** Checks a value against the schema; errors carry dotted paths and sentences for people. Never throws. */
export function validateSettings(value: unknown): SettingsValidation {
  const parsed = settingsSchema.safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'invalid_type' ? humanTypeMessage(issue.expected) : issue.message,
  }));
  return { ok: false, errors };
}

function humanTypeMessage(expected: string): string {
  switch (expected) {
    case 'number':
    case 'int':
      return 'Enter a number';
    case 'string':
      return 'Enter some text';
    case 'boolean':
      return 'Choose yes or no';
    case 'array':
      return 'Enter a list';
    case 'object':
      return 'This section is missing';
    default:
      return `Expected ${expected}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Migration
// ---------------------------------------------------------------------------------------------

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * v0 was a flat shape (the prototype's `config.json`): one view, one schedule, one poll interval.
 * Only the fields it had are carried over; everything else comes from the defaults.
 */
function migrateV0(raw: PlainObject): PlainObject {
  const asString = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const asNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const viewId = asNumber(raw.zendeskViewId);
  const scheduleId = asString(raw.pagerdutyScheduleId);
  const escalationTag = asString(raw.escalationTag);
  return {
    version: 1,
    zendesk: {
      subdomain: asString(raw.zendeskSubdomain),
      email: asString(raw.zendeskEmail),
      viewIds: viewId === undefined ? undefined : [viewId],
      escalationTags: escalationTag === undefined ? undefined : [escalationTag],
    },
    pagerduty: { scheduleIds: scheduleId === undefined ? undefined : [scheduleId] },
    polling: { zendeskSeconds: asNumber(raw.pollSeconds) },
  };
}

/** Fills what `value` lacks from `defaults`; arrays and leaves are taken whole from `value` when present. */
function fillFromDefaults(defaults: unknown, value: unknown): unknown {
  if (value === undefined) return defaults;
  if (isPlainObject(defaults) && isPlainObject(value)) {
    const out: PlainObject = {};
    for (const key of Object.keys(defaults)) out[key] = fillFromDefaults(defaults[key], value[key]);
    return out;
  }
  return value;
}

/** Replaces the value at `path` with the default's, walking only as deep as the defaults go. */
function resetPath(target: PlainObject, defaults: PlainObject, path: string[]): void {
  let node: PlainObject = target;
  let def: PlainObject = defaults;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const defChild = def[key];
    const last = i === path.length - 1 || !isPlainObject(defChild) || !isPlainObject(node[key]);
    if (last) {
      node[key] = structuredClone(defChild);
      return;
    }
    node = node[key] as PlainObject;
    def = defChild as PlainObject;
  }
}

/**
 * Upgrades stored settings of any older version to the current one and fills missing fields from defaults.
 * Fields that are still invalid are reset to their defaults (the notice names them); a value that cannot be
 * read at all yields the defaults. Never throws.
 */
export function migrateSettings(raw: unknown): { settings: Settings; notice: string | null } {
  try {
    if (raw === undefined || raw === null) return { settings: structuredClone(DEFAULT_SETTINGS), notice: null };
    if (!isPlainObject(raw)) {
      return {
        settings: structuredClone(DEFAULT_SETTINGS),
        notice: 'Your settings could not be read; defaults are in use.',
      };
    }
    const version = typeof raw.version === 'number' ? raw.version : 0;
    const upgraded = version < 1 ? migrateV0(raw) : raw;
    const filled = fillFromDefaults(DEFAULT_SETTINGS, upgraded) as PlainObject;
    filled.version = CURRENT_SETTINGS_VERSION;

    const first = validateSettings(filled);
    if (first.ok) {
      const notice = version < CURRENT_SETTINGS_VERSION ? 'Your settings were upgraded to this version.' : null;
      return { settings: first.settings, notice };
    }
    const resetPaths = new Set<string>();
    for (const error of first.errors) {
      resetPath(filled, DEFAULT_SETTINGS as unknown as PlainObject, error.path.split('.'));
      resetPaths.add(error.path);
    }
    const second = validateSettings(filled);
    if (second.ok) {
      return {
        settings: second.settings,
        notice: `Some settings were invalid and were reset to defaults: ${[...resetPaths].join(', ')}.`,
      };
    }
    return { settings: structuredClone(DEFAULT_SETTINGS), notice: 'Your settings were invalid; defaults are in use.' };
  } catch {
    return {
      settings: structuredClone(DEFAULT_SETTINGS),
      notice: 'Your settings could not be read; defaults are in use.',
    };
  }
}
