/**
 * Raw PagerDuty REST v2 payloads. Loosely typed on purpose: the transform checks every field, so a missing or
 * renamed one becomes a reported problem instead of a crash.
 */

/** A `*_reference` (or, with `include[]`, the full object): users, schedules, escalation policies. */
export interface RawReference {
  id?: unknown;
  type?: unknown;
  summary?: unknown;
  name?: unknown;
  email?: unknown;
  html_url?: unknown;
  time_zone?: unknown;
}

/** One `GET /oncalls` entry. `schedule` may be a `schedule_v3_reference` or null. */
export interface RawOnCall {
  user?: RawReference | null;
  schedule?: RawReference | null;
  escalation_policy?: RawReference | null;
  escalation_level?: unknown;
  start?: unknown;
  end?: unknown;
}

/** Offset-paged listing (`/oncalls`, `/users`). */
export interface RawOffsetPage {
  limit?: unknown;
  offset?: unknown;
  more?: unknown;
  total?: unknown;
  [key: string]: unknown;
}
