/** PagerDuty's `/oncalls`: who is on call for which policy level, computed from the scenario's shifts. */
import { pagerDutyTime, queryList, type Reply, type RouteContext } from './http-util';
import { pagerDutyError } from './pagerduty-errors';
import { paginate, readRange, shiftBounds, timeZoneOf } from './pagerduty-paging';
import {
  escalationPolicyReference,
  renderEscalationPolicy,
  renderSchedule,
  renderUser,
  scheduleReference,
  userReference,
} from './pagerduty-shapes';
import type { ScenarioEscalationPolicy, ScenarioSchedule } from './scenario';

const MAX_ONCALL_RANGE_MS = 90 * 86_400_000;

interface OnCallRow {
  policy: ScenarioEscalationPolicy;
  level: number;
  schedule: ScenarioSchedule;
  userId: string;
  start: number | null;
  end: number | null;
}

/** The on-call entries overlapping the requested range, filtered, ordered and paged as PagerDuty does. */
export function listOnCalls(context: RouteContext): Reply {
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
