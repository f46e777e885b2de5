/**
 * The PagerDuty REST API v2 routes the app uses (served under `/pagerduty`), in the shapes of
 * specs/pagerduty/pagerduty-rest-openapiv3.json: users, schedules (v2 and flexible v3), escalation policies and
 * on-calls computed from the scenario's shifts.
 */
import {
  isKnownTimeZone,
  json,
  pagerDutyTime,
  parseQueryInstant,
  queryInt,
  queryList,
  type Reply,
  type RouteContext,
} from './http-util';
import type {
  ScenarioEscalationPolicy,
  ScenarioPagerDuty,
  ScenarioPagerDutyUser,
  ScenarioSchedule,
  ScenarioShift,
} from './scenario';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const MAX_OFFSET_PLUS_LIMIT = 10_000;
const MAX_ONCALL_RANGE_MS = 90 * 86_400_000;
const DEFAULT_SCHEDULE_RANGE_MS = 14 * 86_400_000;

/** Who a request acts as: a user key (with its user) or an account key. */
export type PagerDutyIdentity = { kind: 'user'; userId: string } | { kind: 'account' };

/** Reads `Token token=KEY` or `Bearer TOKEN`; `null` when the key is unknown or the header malformed. */
export function authenticatePagerDuty(
  pagerduty: ScenarioPagerDuty,
  authorization: string | undefined,
): PagerDutyIdentity | null {
  const header = authorization ?? '';
  const token = /^Token\s+token=(\S+)\s*$/i.exec(header)?.[1] ?? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) return null;
  const key = pagerduty.apiKeys.find((candidate) => candidate.token === token);
  if (!key) return null;
  return key.kind === 'user' ? { kind: 'user', userId: key.userId } : { kind: 'account' };
}

/** PagerDuty's error envelope (docs/14-Errors.md). */
export function pagerDutyError(status: number, code: number, message: string, errors?: string[]): Reply {
  return json(status, { error: errors ? { message, code, errors } : { message, code } });
}

export const PAGERDUTY_UNAUTHORIZED: Reply = pagerDutyError(401, 2006, 'Authentication failed');

/** Answers one authenticated PagerDuty request (path without the `/pagerduty` prefix). */
export function routePagerDuty(context: RouteContext, identity: PagerDutyIdentity): Reply {
  const path = context.path.replace(/\/+$/, '');
  const pagerduty = context.scenario.pagerduty;
  if (path === '/users/me') {
    if (identity.kind !== 'user') {
      return pagerDutyError(400, 2001, 'Invalid Input Provided', [
        'This endpoint requires a user-level API token; account keys have no current user.',
      ]);
    }
    const me = pagerduty.users.find((user) => user.id === identity.userId);
    return me ? json(200, { user: renderUser(context, me) }) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/users') {
    const query = (context.query.get('query') ?? '').toLowerCase();
    const users = pagerduty.users.filter(
      (user) => user.name.toLowerCase().includes(query) || user.email.toLowerCase().includes(query),
    );
    return paginate(context, 'users', users, (user) => renderUser(context, user));
  }
  const user = /^\/users\/([A-Z0-9]+)$/.exec(path);
  if (user) {
    const found = pagerduty.users.find((candidate) => candidate.id === user[1]);
    return found ? json(200, { user: renderUser(context, found) }) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/schedules') {
    const query = (context.query.get('query') ?? '').toLowerCase();
    const schedules = pagerduty.schedules.filter(
      (schedule) => schedule.kind === 'schedule' && schedule.name.toLowerCase().includes(query),
    );
    return paginate(context, 'schedules', schedules, (schedule) => renderSchedule(context, schedule));
  }
  const schedule = /^\/schedules\/([A-Z0-9]+)$/.exec(path);
  if (schedule) {
    const found = pagerduty.schedules.find(
      (candidate) => candidate.id === schedule[1] && candidate.kind === 'schedule',
    );
    return found ? scheduleDetail(context, found) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/v3/schedules') {
    const schedules = pagerduty.schedules.filter((candidate) => candidate.kind === 'schedule_v3');
    return paginate(context, 'schedules', schedules, (candidate) => scheduleReference(context, candidate), 100, 1000);
  }
  const v3Schedule = /^\/v3\/schedules\/([A-Z0-9]+)$/.exec(path);
  if (v3Schedule) {
    const found = pagerduty.schedules.find(
      (candidate) => candidate.id === v3Schedule[1] && candidate.kind === 'schedule_v3',
    );
    return found ? v3ScheduleDetail(context, found) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/escalation_policies') {
    return paginate(context, 'escalation_policies', pagerduty.escalationPolicies, (policy) =>
      renderEscalationPolicy(context, policy),
    );
  }
  const policy = /^\/escalation_policies\/([A-Z0-9]+)$/.exec(path);
  if (policy) {
    const found = pagerduty.escalationPolicies.find((candidate) => candidate.id === policy[1]);
    return found
      ? json(200, { escalation_policy: renderEscalationPolicy(context, found) })
      : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/oncalls') return listOnCalls(context);
  return pagerDutyError(404, 2100, 'Not Found');
}

// ------------------------------------------------------------------------------------------------
// Paging and time ranges
// ------------------------------------------------------------------------------------------------

/** Classic offset paging: `limit` (default 25, capped at 100), `offset`, `more`, `total` only when asked. */
function paginate<T>(
  context: RouteContext,
  key: string,
  items: T[],
  render: (item: T) => unknown,
  defaultLimit = DEFAULT_LIMIT,
  maxLimit = MAX_LIMIT,
): Reply {
  const limitRaw = queryInt(context.query, 'limit');
  const offsetRaw = queryInt(context.query, 'offset');
  if (limitRaw === null || offsetRaw === null) {
    return pagerDutyError(400, 2001, 'Invalid Input Provided', ['limit and offset must be non-negative integers']);
  }
  const limit = Math.min(Math.max(limitRaw ?? defaultLimit, 1), maxLimit);
  const offset = offsetRaw ?? 0;
  if (offset + limit > MAX_OFFSET_PLUS_LIMIT) {
    return pagerDutyError(400, 2001, 'Invalid Input Provided', ['offset + limit must not exceed 10000']);
  }
  const page = items.slice(offset, offset + limit);
  const wantsTotal = context.query.get('total') === 'true';
  return json(200, {
    [key]: page.map(render),
    limit,
    offset,
    more: offset + limit < items.length,
    total: wantsTotal ? items.length : null,
  });
}

type Range = { since: number; until: number; sinceGiven: boolean; untilGiven: boolean };

function readRange(context: RouteContext, defaultSpanMs: number): Range | Reply {
  const sinceText = context.query.get('since');
  const untilText = context.query.get('until');
  const since = sinceText ? parseQueryInstant(sinceText) : context.nowMs;
  const until = untilText ? parseQueryInstant(untilText) : (since ?? context.nowMs) + defaultSpanMs;
  if (since === null || until === null) {
    return pagerDutyError(400, 2004, "Invalid time values in 'since' and/or 'until' parameters");
  }
  if (until < since) return pagerDutyError(400, 2005, 'Invalid Query Date Range', ['until must not be before since']);
  return { since, until, sinceGiven: Boolean(sinceText), untilGiven: Boolean(untilText) };
}

function timeZoneOf(context: RouteContext, fallback = 'UTC'): string {
  const requested = context.query.get('time_zone');
  return requested && isKnownTimeZone(requested) ? requested : fallback;
}

function shiftBounds(context: RouteContext, shift: ScenarioShift): { start: number | null; end: number | null } {
  return {
    start: shift.startInMinutes === null ? null : context.anchorMs + shift.startInMinutes * 60_000,
    end: shift.endInMinutes === null ? null : context.anchorMs + shift.endInMinutes * 60_000,
  };
}

// ------------------------------------------------------------------------------------------------
// On-calls
// ------------------------------------------------------------------------------------------------

interface OnCallRow {
  policy: ScenarioEscalationPolicy;
  level: number;
  schedule: ScenarioSchedule;
  userId: string;
  start: number | null;
  end: number | null;
}

function listOnCalls(context: RouteContext): Reply {
  const range = readRange(context, 0);
  if ('status' in range) return range;
  if (range.until - range.since > MAX_ONCALL_RANGE_MS) {
    return pagerDutyError(400, 2005, 'Invalid Query Date Range', ['The range must not be longer than 90 days']);
  }
  const pagerduty = context.scenario.pagerduty;
  const userIds = new Set(queryList(context.query, 'user_ids'));
  const scheduleIds = new Set(queryList(context.query, 'schedule_ids'));
  const policyIds = new Set(queryList(context.query, 'escalation_policy_ids'));
  const rows: OnCallRow[] = [];
  for (const policy of pagerduty.escalationPolicies) {
    if (policyIds.size > 0 && !policyIds.has(policy.id)) continue;
    for (const rule of policy.rules) {
      for (const scheduleId of rule.scheduleIds) {
        if (scheduleIds.size > 0 && !scheduleIds.has(scheduleId)) continue;
        const schedule = pagerduty.schedules.find((candidate) => candidate.id === scheduleId);
        if (!schedule) continue;
        for (const shift of schedule.shifts) {
          if (userIds.size > 0 && !userIds.has(shift.userId)) continue;
          const { start, end } = shiftBounds(context, shift);
          // Overlap with [since, until]; a zero-width range (the default "now") asks who is on call at that instant.
          const startsInTime = start === null || start <= range.until;
          const endsAfter = end === null || end > range.since;
          if (!startsInTime || !endsAfter) continue;
          rows.push({ policy, level: rule.level, schedule, userId: shift.userId, start, end });
        }
      }
    }
  }
  rows.sort(
    (a, b) =>
      (a.start ?? Number.NEGATIVE_INFINITY) - (b.start ?? Number.NEGATIVE_INFINITY) ||
      a.level - b.level ||
      a.policy.id.localeCompare(b.policy.id) ||
      a.userId.localeCompare(b.userId),
  );
  let selected = rows;
  if (context.query.get('earliest') === 'true') {
    const seen = new Set<string>();
    selected = rows.filter((row) => {
      const key = `${row.policy.id}|${row.level}|${row.userId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const timeZone = timeZoneOf(context);
  const include = new Set(queryList(context.query, 'include'));
  return paginate(context, 'oncalls', selected, (row) => {
    const user = pagerduty.users.find((candidate) => candidate.id === row.userId);
    // Entries are clipped to an explicitly requested range, as PagerDuty does; permanent ones stay null.
    const start = row.start === null ? null : range.sinceGiven ? Math.max(row.start, range.since) : row.start;
    const end = row.end === null ? null : range.untilGiven ? Math.min(row.end, range.until) : row.end;
    return {
      escalation_policy: include.has('escalation_policies')
        ? renderEscalationPolicy(context, row.policy)
        : escalationPolicyReference(context, row.policy),
      escalation_level: row.level,
      schedule: include.has('schedules')
        ? renderSchedule(context, row.schedule)
        : scheduleReference(context, row.schedule),
      user: user
        ? include.has('users')
          ? renderUser(context, user)
          : userReference(context, user)
        : { id: row.userId, type: 'user_reference', summary: 'Deleted user', self: null, html_url: null },
      start: start === null ? null : pagerDutyTime(start, timeZone),
      end: end === null ? null : pagerDutyTime(end, timeZone),
    };
  });
}

// ------------------------------------------------------------------------------------------------
// Schedules
// ------------------------------------------------------------------------------------------------

/** The schedule's shifts clipped to the range (empty pieces dropped), in time order, with the share covered. */
function clippedShifts(context: RouteContext, schedule: ScenarioSchedule, range: Range) {
  const pieces: { shift: ScenarioShift; start: number; end: number }[] = [];
  let covered = 0;
  for (const shift of schedule.shifts) {
    const bounds = shiftBounds(context, shift);
    const start = Math.max(bounds.start ?? range.since, range.since);
    const end = Math.min(bounds.end ?? range.until, range.until);
    if (end <= start) continue;
    pieces.push({ shift, start, end });
    covered += end - start;
  }
  pieces.sort((a, b) => a.start - b.start);
  const span = range.until - range.since;
  const coverage = span > 0 ? Math.round((Math.min(covered, span) / span) * 10_000) / 100 : 0;
  return { pieces, coverage };
}

function renderedEntries(context: RouteContext, schedule: ScenarioSchedule, range: Range, timeZone: string) {
  const { pieces, coverage } = clippedShifts(context, schedule, range);
  const entries = pieces.map(({ shift, start, end }) => {
    const user = context.scenario.pagerduty.users.find((candidate) => candidate.id === shift.userId);
    return {
      start: pagerDutyTime(start, timeZone),
      end: pagerDutyTime(end, timeZone),
      user: user ? userReference(context, user) : { id: shift.userId, type: 'user_reference', summary: 'Deleted user' },
    };
  });
  return { entries, coverage };
}

function scheduleDetail(context: RouteContext, schedule: ScenarioSchedule): Reply {
  const range = readRange(context, DEFAULT_SCHEDULE_RANGE_MS);
  if ('status' in range) return range;
  const timeZone = timeZoneOf(context, schedule.timeZone);
  const { entries, coverage } = renderedEntries(context, schedule, range, timeZone);
  const starts = schedule.shifts.map((shift) => shiftBounds(context, shift).start ?? context.anchorMs);
  const layerStart = pagerDutyTime(Math.min(context.anchorMs, ...starts), timeZone);
  const layerUsers = uniqueUsers(context, schedule).map((user) => ({ user: userReference(context, user) }));
  return json(200, {
    schedule: {
      ...renderSchedule(context, schedule),
      time_zone: timeZone,
      schedule_layers: [
        {
          id: `${schedule.id}L1`,
          name: 'Layer 1',
          // An open-ended layer has no `end`: the schema types it as a string, so `null` would not conform.
          start: layerStart,
          rotation_virtual_start: layerStart,
          rotation_turn_length_seconds: 604_800,
          users: layerUsers,
          restrictions: [],
          rendered_schedule_entries: entries,
          rendered_coverage_percentage: coverage,
        },
      ],
      final_schedule: {
        name: 'Final Schedule',
        rendered_schedule_entries: entries,
        rendered_coverage_percentage: coverage,
      },
      overrides_subschedule: { name: 'Overrides', rendered_schedule_entries: [], rendered_coverage_percentage: 0 },
    },
  });
}

function v3ScheduleDetail(context: RouteContext, schedule: ScenarioSchedule): Reply {
  const range = readRange(context, DEFAULT_SCHEDULE_RANGE_MS);
  if ('status' in range) return range;
  const timeZone = timeZoneOf(context, schedule.timeZone);
  const base = scheduleReference(context, schedule);
  const body: Record<string, unknown> = {
    id: schedule.id,
    type: 'schedule_v3',
    name: schedule.name,
    description: schedule.description ?? '',
    time_zone: schedule.timeZone,
    self: base.self,
    html_url: base.html_url,
    escalation_policies: policiesUsing(context, schedule).map((policy) => escalationPolicyReference(context, policy)),
    teams: [],
  };
  if (queryList(context.query, 'include').includes('final_schedule')) {
    const { pieces, coverage } = clippedShifts(context, schedule, range);
    body.final_schedule = {
      type: 'final_schedule',
      rendered_coverage_percentage: coverage,
      computed_shift_assignments: pieces.map(({ shift, start, end }) => ({
        type: 'computed_shift_assignment',
        start_time: pagerDutyTime(start, timeZone),
        end_time: pagerDutyTime(end, timeZone),
        member: { type: 'user_member', user_id: shift.userId },
        source: { type: 'schedule_rotation', rotation_id: `${schedule.id}ROTATION1` },
      })),
    };
  }
  return json(200, { schedule: body });
}

function uniqueUsers(context: RouteContext, schedule: ScenarioSchedule): ScenarioPagerDutyUser[] {
  const ids = [...new Set(schedule.shifts.map((shift) => shift.userId))];
  return ids
    .map((id) => context.scenario.pagerduty.users.find((user) => user.id === id))
    .filter((user): user is ScenarioPagerDutyUser => user !== undefined);
}

function policiesUsing(context: RouteContext, schedule: ScenarioSchedule): ScenarioEscalationPolicy[] {
  return context.scenario.pagerduty.escalationPolicies.filter((policy) =>
    policy.rules.some((rule) => rule.scheduleIds.includes(schedule.id)),
  );
}

// ------------------------------------------------------------------------------------------------
// Rendering in PagerDuty's shapes
// ------------------------------------------------------------------------------------------------

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

function userReference(context: RouteContext, user: ScenarioPagerDutyUser) {
  return reference(context, 'user_reference', user.id, user.name, `/users/${user.id}`);
}

function renderUser(context: RouteContext, user: ScenarioPagerDutyUser): Record<string, unknown> {
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

function scheduleReference(context: RouteContext, schedule: ScenarioSchedule) {
  const v3 = schedule.kind === 'schedule_v3';
  const type = v3 ? 'schedule_v3_reference' : 'schedule_reference';
  const webPath = `/schedules/${schedule.id}`;
  return reference(context, type, schedule.id, schedule.name, `${v3 ? '/v3' : ''}${webPath}`, webPath);
}

function renderSchedule(context: RouteContext, schedule: ScenarioSchedule): Record<string, unknown> {
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

function escalationPolicyReference(context: RouteContext, policy: ScenarioEscalationPolicy) {
  return reference(context, 'escalation_policy_reference', policy.id, policy.name, `/escalation_policies/${policy.id}`);
}

function renderEscalationPolicy(context: RouteContext, policy: ScenarioEscalationPolicy): Record<string, unknown> {
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
