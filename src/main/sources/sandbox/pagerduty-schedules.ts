/** Schedule detail in both APIs: v2 (`/schedules/{id}`, rendered layers) and flexible v3 (`/v3/schedules/{id}`). */
import { json, pagerDutyTime, queryList, type Reply, type RouteContext } from './http-util';
import { type Range, readRange, shiftBounds, timeZoneOf } from './pagerduty-paging';
import {
  escalationPolicyReference,
  policiesUsing,
  renderSchedule,
  scheduleReference,
  uniqueUsers,
  userReference,
} from './pagerduty-shapes';
import type { ScenarioSchedule, ScenarioShift } from './scenario';

const DEFAULT_SCHEDULE_RANGE_MS = 14 * 86_400_000;

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

/** A v2 schedule with one layer, the final schedule and an empty overrides layer, rendered over the range. */
export function scheduleDetail(context: RouteContext, schedule: ScenarioSchedule): Reply {
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

/** A flexible (v3) schedule; its computed shift assignments only with `include=final_schedule`. */
export function v3ScheduleDetail(context: RouteContext, schedule: ScenarioSchedule): Reply {
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
