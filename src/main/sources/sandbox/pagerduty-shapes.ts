/** Users, schedules and escalation policies rendered in PagerDuty's shapes, full and as references. */
import type { RouteContext } from './http-util';
import type { ScenarioEscalationPolicy, ScenarioPagerDutyUser, ScenarioSchedule } from './scenario';

function apiUrl(context: RouteContext, path: string): string {
  return `${context.origin}/pagerduty${path}`;
}

function webUrl(context: RouteContext, path: string): string {
  return `https://${context.scenario.pagerduty.subdomain}.pagerduty.com${path}`;
}

/** PagerDuty's reference shape (`id`, `type`, `summary`, `self`, `html_url`); `apiPath` also names the web page. */
function reference(
  context: RouteContext,
  type: string,
  id: string,
  summary: string,
  apiPath: string,
  webPath = apiPath,
) {
  return { id, type, summary, self: apiUrl(context, apiPath), html_url: webUrl(context, webPath) };
}

/** A `user_reference`. */
export function userReference(context: RouteContext, user: ScenarioPagerDutyUser) {
  return reference(context, 'user_reference', user.id, user.name, `/users/${user.id}`);
}

/** A full PagerDuty user object. */
export function renderUser(context: RouteContext, user: ScenarioPagerDutyUser): Record<string, unknown> {
  return {
    ...reference(context, 'user', user.id, user.name, `/users/${user.id}`),
    name: user.name,
    email: user.email,
    time_zone: user.timeZone,
    color: 'purple',
    role: user.role,
    avatar_url: 'https://secure.gravatar.com/avatar/00000000000000000000000000000000.png?d=mm&r=PG',
    description: null,
    invitation_sent: false,
    job_title: user.jobTitle ?? 'Software Engineer',
    teams: context.scenario.pagerduty.teams
      .slice(0, 1)
      .map((team) => reference(context, 'team_reference', team.id, team.name, `/teams/${team.id}`)),
    contact_methods: [
      {
        id: `${user.id}CM`,
        type: 'email_contact_method_reference',
        summary: 'Default',
        self: apiUrl(context, `/users/${user.id}/contact_methods/${user.id}CM`),
        html_url: null,
      },
    ],
    notification_rules: [
      {
        id: `${user.id}NR`,
        type: 'assignment_notification_rule_reference',
        summary: `0 minutes: channel ${user.id}CM`,
        self: apiUrl(context, `/users/${user.id}/notification_rules/${user.id}NR`),
        html_url: null,
      },
    ],
  };
}

/** A `schedule_reference`, or a `schedule_v3_reference` (API under `/v3`, same web page) for a flexible schedule. */
export function scheduleReference(context: RouteContext, schedule: ScenarioSchedule) {
  const v3 = schedule.kind === 'schedule_v3';
  const type = v3 ? 'schedule_v3_reference' : 'schedule_reference';
  const webPath = `/schedules/${schedule.id}`;
  return reference(context, type, schedule.id, schedule.name, `${v3 ? '/v3' : ''}${webPath}`, webPath);
}

/** A v2 schedule object (a v3 schedule only ever appears as its reference here). */
export function renderSchedule(context: RouteContext, schedule: ScenarioSchedule): Record<string, unknown> {
  if (schedule.kind === 'schedule_v3') return scheduleReference(context, schedule);
  return {
    ...reference(context, 'schedule', schedule.id, schedule.name, `/schedules/${schedule.id}`),
    name: schedule.name,
    time_zone: schedule.timeZone,
    description: schedule.description ?? '',
    escalation_policies: policiesUsing(context, schedule).map((policy) => escalationPolicyReference(context, policy)),
    users: uniqueUsers(context, schedule).map((user) => userReference(context, user)),
    teams: [],
  };
}

/** An `escalation_policy_reference`. */
export function escalationPolicyReference(context: RouteContext, policy: ScenarioEscalationPolicy) {
  return reference(context, 'escalation_policy_reference', policy.id, policy.name, `/escalation_policies/${policy.id}`);
}

/** A full escalation policy, its rules targeting the schedules they name. */
export function renderEscalationPolicy(
  context: RouteContext,
  policy: ScenarioEscalationPolicy,
): Record<string, unknown> {
  const schedules = context.scenario.pagerduty.schedules;
  return {
    ...escalationPolicyReference(context, policy),
    type: 'escalation_policy',
    name: policy.name,
    description: '',
    num_loops: 0,
    on_call_handoff_notifications: 'if_has_services',
    escalation_rules: policy.rules.map((rule) => ({
      id: `${policy.id}R${rule.level}`,
      escalation_delay_in_minutes: 30,
      targets: rule.scheduleIds
        .map((id) => schedules.find((schedule) => schedule.id === id))
        .filter((schedule): schedule is ScenarioSchedule => schedule !== undefined)
        .map((schedule) => scheduleReference(context, schedule)),
    })),
    services: [],
    teams: [],
  };
}

/** The known users with a shift on the schedule, each once, in first-shift order. */
export function uniqueUsers(context: RouteContext, schedule: ScenarioSchedule): ScenarioPagerDutyUser[] {
  const ids = [...new Set(schedule.shifts.map((shift) => shift.userId))];
  return ids
    .map((id) => context.scenario.pagerduty.users.find((user) => user.id === id))
    .filter((user): user is ScenarioPagerDutyUser => user !== undefined);
}

/** The escalation policies with a rule that targets the schedule. */
export function policiesUsing(context: RouteContext, schedule: ScenarioSchedule): ScenarioEscalationPolicy[] {
  return context.scenario.pagerduty.escalationPolicies.filter((policy) =>
    policy.rules.some((rule) => rule.scheduleIds.includes(schedule.id)),
  );
}
