/**
 * The shape of every renderer request, checked before a handler runs. The renderer is treated as untrusted:
 * whatever it sends is parsed here, and anything unexpected is refused with a message naming the field.
 */
import { z } from 'zod';
import type { ClipboardRequest, InvokeChannel, InvokeRequest } from '../../shared/ipc';
import { PAGERDUTY_ID as PAGERDUTY_ID_PATTERN } from '../../shared/pagerduty-ids';
import { PLAYBOOK_IDS } from '../../shared/playbooks';
import { LOCAL_TIME as LOCAL_TIME_PATTERN } from '../core/actions/swap';

const nothing = z.undefined().or(z.null().transform(() => undefined));
const token = z.string().max(2000, 'must be at most 2000 characters');
// Settings contents are checked by the core's validateSettings, which answers with FieldErrors for the form.
const settings = z.record(z.string(), z.unknown());
const pickerRequest = z.strictObject({ settings, token: token.optional() });
/** `${channelId}/${ts}`: a Slack channel id and a message timestamp. */
const SLACK_REQUEST_ID = z.string().regex(/^[CG][A-Z0-9]{2,30}\/\d{1,12}\.\d{1,8}$/, 'must be a Slack request id');

const ticketAction = z.strictObject({
  ticketId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  action: z.enum([
    'status',
    'replied_on_website',
    'assign_org',
    'assign_to_me',
    'bug_report',
    'feature_request',
    'playbook',
  ]),
  params: z.strictObject({
    status: z.enum(['pending', 'hold', 'solved']).optional(),
    // The catalog refuses notes past 10,000 characters with a sentence; this only bounds the message size.
    note: z.string().max(20_000, 'must be at most 20,000 characters').optional(),
    questionUrl: z.string().max(2048, 'must be at most 2048 characters').optional(),
    organizationId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    playbook: z.enum(PLAYBOOK_IDS).optional(),
  }),
});

/** A playbook has a handful of templates; an index past this is not one of them. */
const TEMPLATE_INDEX_MAX = 20;
/** PagerDuty ids (schedules, users, overrides): what the overrides client accepts in a path. */
const PAGERDUTY_ID = z.string().regex(PAGERDUTY_ID_PATTERN, 'must be a PagerDuty id');
/** A `datetime-local` value: a wall-clock time in the app's zone, converted and checked by main. */
const LOCAL_TIME = z.string().regex(LOCAL_TIME_PATTERN, 'must be a local time (YYYY-MM-DDTHH:MM)');
const swapRequest = z.strictObject({
  scheduleId: PAGERDUTY_ID,
  teammateId: PAGERDUTY_ID,
  span: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('day'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date') }),
    z.strictObject({ kind: z.literal('range'), from: LOCAL_TIME, to: LOCAL_TIME }),
  ]),
});

/** Per channel: the schema its request must satisfy. */
export const REQUEST_SCHEMAS = {
  'snapshot:get': nothing,
  'snapshot:refresh': nothing,
  'ticket:open': z.strictObject({
    ticketId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    target: z.enum(['ticket', 'moderation']),
  }),
  'schedule:open': z.strictObject({ scheduleId: z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be a PagerDuty id') }),
  'slack:open': z.strictObject({ requestId: SLACK_REQUEST_ID }),
  'slack:dismiss': z.strictObject({ requestId: SLACK_REQUEST_ID }),
  'handover:markdown': nothing,
  'notifications:pause': z.strictObject({ for: z.enum(['hour', 'tomorrow', 'resume']) }),
  'settings:get': nothing,
  'settings:save': z.strictObject({
    settings,
    secrets: z
      .strictObject({ zendeskToken: token.optional(), pagerdutyToken: token.optional(), slackToken: token.optional() })
      .optional(),
    allowPlainTextSecrets: z.boolean().optional(),
  }),
  'settings:test': z.strictObject({
    service: z.enum(['zendesk', 'pagerduty', 'slack']),
    settings,
    token: token.optional(),
  }),
  'zendesk:views': pickerRequest,
  'zendesk:orgFields': pickerRequest,
  'pagerduty:schedules': pickerRequest,
  'window:hide': nothing,
  'notices:get': nothing,
  'notice:dismiss': z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a notice id') }),
  'action:plan': ticketAction,
  'action:run': ticketAction,
  'actions:log': nothing,
  'slack:channels': pickerRequest,
  'slack:usergroups': pickerRequest,
  'action:offers': z.strictObject({ ticketId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  'clipboard:write': z
    .strictObject({
      template: z
        .strictObject({
          ticketId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
          playbook: z.enum(PLAYBOOK_IDS),
          index: z.number().int().min(0).max(TEMPLATE_INDEX_MAX),
        })
        .optional(),
      teamMessage: z.strictObject({ issueUrl: z.string().max(500, 'must be at most 500 characters') }).optional(),
      handover: z.literal(true).optional(),
    })
    .refine(
      (request) =>
        [request.template, request.teamMessage, request.handover].filter((part) => part !== undefined).length === 1,
      { error: 'must name one of a template, a team message or the handover' },
    )
    .transform((request): ClipboardRequest => {
      if (request.template !== undefined) return { template: request.template };
      if (request.teamMessage !== undefined) return { teamMessage: request.teamMessage };
      return { handover: true };
    }),
  'swap:options': nothing,
  'swap:plan': swapRequest,
  'swap:run': swapRequest,
  'overrides:list': z.strictObject({ scheduleId: PAGERDUTY_ID }),
  'override:remove': z.strictObject({ scheduleId: PAGERDUTY_ID, overrideId: PAGERDUTY_ID }),
} satisfies Record<InvokeChannel, z.ZodType>;

export type ParsedRequest<C extends InvokeChannel> = z.output<(typeof REQUEST_SCHEMAS)[C]>;

/** Parses a request for `channel`; throws an Error for people ("Support Hero refused ...") when it is bad. */
export function parseRequest<C extends InvokeChannel>(channel: C, payload: unknown): InvokeRequest<C> {
  const schema: z.ZodType = REQUEST_SCHEMAS[channel];
  const result = schema.safeParse(payload);
  if (result.success) return result.data as InvokeRequest<C>;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')} ` : '';
  // Only the path and zod's message: never the received value, which may be a token.
  throw new Error(`Support Hero refused ${channel}: ${where}${issue?.message ?? 'invalid request'}`);
}
