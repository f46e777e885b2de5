/** A scenario ticket rendered as Zendesk's full ticket object, with the `slas` side-load when asked. */
import { type RouteContext, zendeskTime } from './http-util';
import { atOffset, type ScenarioTicket } from './scenario';

const CUSTOM_STATUS_IDS: Record<ScenarioTicket['status'], number> = {
  new: 36_001,
  open: 36_002,
  pending: 36_003,
  hold: 36_004,
  solved: 36_005,
  closed: 36_006,
};

/** A full Zendesk ticket object; `slas` only when side-loaded. */
export function renderTicket(
  context: RouteContext,
  ticket: ScenarioTicket,
  withSlas: boolean,
): Record<string, unknown> {
  const createdMs = atOffset(context.anchorMs, -ticket.createdMinutesAgo);
  const updatedMs = atOffset(context.anchorMs, -ticket.updatedMinutesAgo);
  const customFields = ticket.custom_fields ?? [];
  const rendered: Record<string, unknown> = {
    url: `${context.origin}/api/v2/tickets/${ticket.id}.json`,
    id: ticket.id,
    external_id: null,
    via: { channel: ticket.via.channel, source: ticket.via.source ?? { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(createdMs),
    updated_at: zendeskTime(updatedMs),
    generated_timestamp: Math.floor(updatedMs / 1000),
    type: ticket.type,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    recipient: null,
    requester_id: ticket.requester_id,
    submitter_id: ticket.requester_id,
    assignee_id: ticket.assignee_id,
    organization_id: ticket.organization_id,
    group_id: ticket.group_id,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: [...ticket.tags],
    custom_fields: customFields,
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    custom_status_id: CUSTOM_STATUS_IDS[ticket.status],
    fields: customFields,
    followup_ids: [],
    ticket_form_id: 360_000_000_001,
    brand_id: 360_000_000_002,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
  if (withSlas) {
    rendered.slas = {
      policy_metrics: ticket.sla.map((seed) => {
        const breachMs = atOffset(context.anchorMs, seed.breachInMinutes);
        return {
          breach_at: zendeskTime(breachMs),
          stage: seed.stage,
          metric: seed.metric,
          ...remaining(breachMs, context.nowMs),
        };
      }),
    };
  }
  return rendered;
}

/** Zendesk states the time to breach in the largest whole unit (`minutes`, `hours` or `days`). */
function remaining(breachMs: number, nowMs: number): Record<string, number> {
  const minutes = Math.round((breachMs - nowMs) / 60_000);
  if (Math.abs(minutes) >= 1440) return { days: Math.trunc(minutes / 1440) };
  if (Math.abs(minutes) >= 60) return { hours: Math.trunc(minutes / 60) };
  return { minutes };
}
