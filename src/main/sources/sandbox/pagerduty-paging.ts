/** PagerDuty's offset paging, the `since`/`until`/`time_zone` a request asks for, and where a shift falls in time. */
import { isKnownTimeZone, json, parseQueryInstant, queryInt, type Reply, type RouteContext } from './http-util';
import { pagerDutyError } from './pagerduty-errors';
import type { ScenarioShift } from './scenario';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const MAX_OFFSET_PLUS_LIMIT = 10_000;

/** Classic offset paging: `limit` (default 25, capped at 100), `offset`, `more`, `total` only when asked. */
export function paginate<T>(
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

/** A requested time range, remembering which ends the caller gave (only those clip entries). */
export type Range = { since: number; until: number; sinceGiven: boolean; untilGiven: boolean };

/** `since`/`until` from the query (defaults: now, and `defaultSpanMs` after `since`), or PagerDuty's refusal. */
export function readRange(context: RouteContext, defaultSpanMs: number): Range | Reply {
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

/** The `time_zone` the request asks times in, when it is a known zone; otherwise `fallback`. */
export function timeZoneOf(context: RouteContext, fallback = 'UTC'): string {
  const requested = context.query.get('time_zone');
  return requested && isKnownTimeZone(requested) ? requested : fallback;
}

/** A shift's start and end as instants; `null` for an open end. */
export function shiftBounds(context: RouteContext, shift: ScenarioShift): { start: number | null; end: number | null } {
  return {
    start: shift.startInMinutes === null ? null : context.anchorMs + shift.startInMinutes * 60_000,
    end: shift.endInMinutes === null ? null : context.anchorMs + shift.endInMinutes * 60_000,
  };
}
