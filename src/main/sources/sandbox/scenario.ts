/**
 * What the sandbox serves: plain data, with every time given in minutes relative to the scenario's anchor.
 *
 * The anchor is the clock reading when the scenario was installed (startSandbox or setScenario) unless the
 * scenario carries `anchorMs`. Times are resolved against it at each request, so advancing a fake clock moves
 * the world towards its breaches and turns, exactly as real time would.
 */

import type { SlackWorld } from './slack';

/** Zendesk ticket statuses (categories). */
export type ScenarioTicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type ScenarioTicketPriority = 'urgent' | 'high' | 'normal' | 'low' | null;

/** One SLA policy metric as Zendesk would report it, relative to the anchor. */
export interface SlaSeed {
  metric: string;
  stage: 'active' | 'paused' | 'achieved' | 'breached';
  /** Minutes from the anchor to `breach_at`; negative = already past. */
  breachInMinutes: number;
}

/** A ticket with Zendesk's own field names; times are offsets from the anchor. */
export interface ScenarioTicket {
  id: number;
  subject: string;
  description: string;
  status: ScenarioTicketStatus;
  priority: ScenarioTicketPriority;
  type: 'question' | 'incident' | 'problem' | 'task' | null;
  tags: string[];
  group_id: number | null;
  assignee_id: number | null;
  requester_id: number;
  organization_id: number | null;
  via: { channel: string; source?: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null } };
  custom_fields?: { id: number; value: unknown }[];
  createdMinutesAgo: number;
  updatedMinutesAgo: number;
  sla: SlaSeed[];
}

export interface ScenarioUser {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent' | 'admin';
  organization_id: number | null;
  time_zone?: string;
}

export interface ScenarioOrganization {
  id: number;
  name: string;
  domain_names: string[];
  tags: string[];
  /** Keyed by organization field key (`plan`, `mrr`, `content_warning`, ...). */
  organization_fields: Record<string, string | number | boolean | null>;
  notes?: string;
}

export interface ScenarioOrganizationField {
  id: number;
  key: string;
  title: string;
  type: 'text' | 'textarea' | 'decimal' | 'integer' | 'dropdown' | 'checkbox' | 'date' | 'regexp';
}

/**
 * A Zendesk view, defined by conditions that are all required (empty or absent = no constraint).
 * Tickets are listed by ascending id.
 */
export interface ScenarioView {
  id: number;
  title: string;
  active: boolean;
  conditions: {
    statuses?: ScenarioTicketStatus[];
    groupIds?: number[];
    tagsAll?: string[];
    tagsAny?: string[];
  };
}

export interface ScenarioZendesk {
  subdomain: string;
  /** API tokens that authenticate (`{email}/token:{token}`); the email picks `/users/me`. */
  apiTokens: { email: string; token: string }[];
  views: ScenarioView[];
  tickets: ScenarioTicket[];
  users: ScenarioUser[];
  organizations: ScenarioOrganization[];
  organizationFields: ScenarioOrganizationField[];
  groups: { id: number; name: string }[];
}

/** One stretch of on-call time on a schedule. `null` start and end together = permanent. */
export interface ScenarioShift {
  userId: string;
  startInMinutes: number | null;
  endInMinutes: number | null;
}

export interface ScenarioSchedule {
  id: string;
  name: string;
  description?: string;
  timeZone: string;
  /** `schedule_v3` (flexible) schedules are absent from `/schedules` and referenced as `schedule_v3_reference`. */
  kind: 'schedule' | 'schedule_v3';
  shifts: ScenarioShift[];
}

export interface ScenarioEscalationPolicy {
  id: string;
  name: string;
  /** Each level targets schedules; their shifts become on-call entries at that level. */
  rules: { level: number; scheduleIds: string[] }[];
}

export interface ScenarioPagerDutyUser {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  role: 'admin' | 'limited_user' | 'observer' | 'owner' | 'read_only_user' | 'user';
  jobTitle?: string;
}

export interface ScenarioPagerDuty {
  /** `{subdomain}.pagerduty.com` for web links. */
  subdomain: string;
  /** Keys that authenticate; `user` keys act as `userId` (for `/users/me`), `account` keys have no user. */
  apiKeys: ({ token: string; kind: 'user'; userId: string } | { token: string; kind: 'account' })[];
  users: ScenarioPagerDutyUser[];
  schedules: ScenarioSchedule[];
  escalationPolicies: ScenarioEscalationPolicy[];
  teams: { id: string; name: string }[];
}

export interface Scenario {
  name: string;
  /** Milliseconds the offsets are relative to; filled in when the scenario is installed. */
  anchorMs?: number;
  zendesk: ScenarioZendesk;
  pagerduty: ScenarioPagerDuty;
  /** The Slack workspace, on the same timeline (its anchor follows the scenario's); absent = the default demo one. */
  slack?: SlackWorld;
}

/** Converts an offset in minutes from the anchor to epoch milliseconds. */
export function atOffset(anchorMs: number, minutes: number): number {
  return anchorMs + minutes * 60_000;
}
