/** Small pieces both emulated services share: replies, query access and time rendering. */
import { parseInstant } from '../../../shared/format';
import type { Scenario } from './scenario';

/** What a route answers; the server serialises `body` as JSON. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Everything a route needs to answer one request. */
export interface RouteContext {
  scenario: Scenario;
  anchorMs: number;
  nowMs: number;
  /** `http://host:port`, for `url`, `self` and next-page links that must point back at the sandbox. */
  origin: string;
  /** The path inside the service: `/api/v2/views` for Zendesk, `/oncalls` for PagerDuty. */
  path: string;
  query: URLSearchParams;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** All values of a query parameter, accepting both `name[]` and `name` and comma lists. */
export function queryList(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(`${name}[]`), ...query.getAll(name)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** A non-negative integer query parameter; `undefined` when absent, `null` when present but invalid. */
export function queryInt(query: URLSearchParams, name: string): number | null | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** Zendesk's instant format: UTC, whole seconds, `Z`. */
export function zendeskTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * PagerDuty renders instants in the requested time zone with its offset (`2015-03-06T15:28:51-05:00`), and in
 * UTC as `...Z`. An unknown zone falls back to UTC rather than failing the request.
 */
export function pagerDutyTime(ms: number, timeZone: string): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const offsetMinutes = zoneOffsetMinutes(whole, timeZone);
  if (offsetMinutes === 0) return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const local = new Date(whole + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

/** True when Intl knows the IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function zoneOffsetMinutes(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || !isKnownTimeZone(timeZone)) return 0;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(ms);
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const magnitude = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Parses a query's `since`/`until` as PagerDuty accepts it (an ISO 8601 date first); `null` when unreadable. */
export function parseQueryInstant(value: string): number | null {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? parseInstant(value) : null;
}
