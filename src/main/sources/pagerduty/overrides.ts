/**
 * PagerDuty schedule overrides: the writes behind "swap a turn" (the handbook: swap with overrides, never by
 * changing the rotation's order). Create, list mine, remove one, on v2 schedules and on shift-based v3 ones.
 *
 * The shared transport's `requestJson` drops every non-2xx body (the status is all a poll needs) and refuses an
 * empty 204; a write must show PagerDuty's own 400 messages and treats 204 as success. So this module sends through
 * a small sibling with the same rules (timeout plus caller signal, no redirects, a byte cap, secrets redacted,
 * Retry-After read by the shared `parseServerWait`) that keeps the status and body of every answer.
 */
import type { IsoInstant } from '../../../shared/domain';
import { parseInstant } from '../../../shared/format';
import { PAGERDUTY_ID } from '../../../shared/pagerduty-ids';
import { plainText } from '../../core/text';
import { DEFAULT_RETRY_AFTER_MS, errorCode, parseServerWait, ResponseTooLarge, readCappedText } from '../http';
import { type PagerDutyClientConfig, pagerDutyBaseUrl } from './client';

/** `v2` = classic layered schedule; `v3` = shift-based (flexible) schedule with its own override routes. */
export type ScheduleKind = 'v2' | 'v3';

/** One override as the app shows it, whichever API version it came from. */
export interface ScheduleOverride {
  id: string;
  start: IsoInstant;
  end: IsoInstant;
  /** Who covers (v2 `user`, v3 `overriding_member`). */
  userId: string;
  userName: string | null;
  /** Who is replaced (v3 `overridden_member`); `null` on v2, which does not say. */
  replacedUserId: string | null;
}

/** An override PagerDuty refused inside a 201 (a partial failure), with its messages. */
export interface RejectedOverride {
  start: IsoInstant;
  end: IsoInstant;
  userId: string;
  messages: string[];
}

/** What to create: instants in ms; `timeZone` only labels the offsets sent (PagerDuty stores UTC). */
export interface OverrideInput {
  startMs: number;
  endMs: number;
  /** The teammate who covers. */
  userId: string;
  /** Who is replaced: required by v3 (`overridden_member`), unused by v2. */
  replacedUserId: string;
  timeZone: string;
}

export interface CreateOverridesResult {
  kind: ScheduleKind;
  created: ScheduleOverride[];
  rejected: RejectedOverride[];
  /**
   * Asked for, inside a 2xx, but the answer for it could not be read (missing or unparseable): it may have been
   * made, so re-read before asking again.
   */
  unconfirmed: RejectedOverride[];
  /**
   * Made (a 2xx echoed it with an id) but not as asked: it exists, so it is the caller's to remember and report,
   * never a refusal.
   */
  madeDifferently: ScheduleOverride[];
}

export type RemoveOverrideResult = 'deleted' | 'truncated';

/** Why an override call failed; `message` is safe to show (PagerDuty's messages are cleaned and capped). */
export type OverrideErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'bad_response'
  | 'offline'
  | 'timeout';

export class OverrideError extends Error {
  constructor(
    readonly kind: OverrideErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** PagerDuty's error code (2001, 2010, 2020, ...), when it sent one. */
      code?: number;
      /** PagerDuty's own messages, cleaned. */
      messages?: string[];
      /** For `rate_limited`: the server's wait, clamped to the shared maximum. */
      retryAfterMs?: number;
      /**
       * A write whose request may have reached PagerDuty (timeout, connection dropped): re-read the overrides
       * before retrying, or the swap may be applied twice.
       */
      outcomeUnknown?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'OverrideError';
  }
}

/** One request as it would go on the wire, for `--dry-run` (the key is never shown). */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface OverridesClient {
  /** Which API the schedule uses; one `GET /v3/schedules/{id}` the first time, cached after. */
  scheduleKind(scheduleId: string): Promise<ScheduleKind>;
  /** The schedule's users on call in the window (the teammate picker). v2 route; v3 schedules answer it too. */
  scheduleUsers(scheduleId: string, sinceMs: number, untilMs: number): Promise<{ id: string; name: string }[]>;
  /** Creates the overrides; a refusal inside PagerDuty's 201 comes back in `rejected`, not as an exception. */
  createOverrides(scheduleId: string, items: OverrideInput[], kind?: ScheduleKind): Promise<CreateOverridesResult>;
  /**
   * The overrides in the window that are mine: made here (`madeHere` ids) or naming `myUserId` as the one covering
   * or (v3) the one replaced.
   */
  listMyOverrides(
    scheduleId: string,
    window: { sinceMs: number; untilMs: number },
    mine: { myUserId: string; madeHere?: ReadonlySet<string> },
    kind?: ScheduleKind,
  ): Promise<ScheduleOverride[]>;
  /** Removes one: `deleted` (204), or `truncated` (200: it was in progress and now ends now). */
  removeOverride(scheduleId: string, overrideId: string, kind?: ScheduleKind): Promise<RemoveOverrideResult>;
  /** The schedule's version if this client already found it (no request); `null` otherwise. */
  knownKind(scheduleId: string): ScheduleKind | null;
  /** Requests sent so far by this client (the benchmarks' count). */
  requests(): number;
}

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** Overrides answers are small; anything near this is not PagerDuty. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_MESSAGES = 5;
const MAX_MESSAGE_CHARS = 200;
/** PagerDuty ids are short upper-case alphanumerics (v3 ids are longer): anything else is refused before sending. */
const MAY_HAVE_BEEN_MADE = '; the change may have been made: re-read before retrying';

/** The path of a schedule's overrides (or one override) in each API version. */
export function overridesPath(kind: ScheduleKind, scheduleId: string, overrideId?: string): string {
  const base = `${kind === 'v3' ? '/v3' : ''}/schedules/${encodeURIComponent(scheduleId)}/overrides`;
  return overrideId === undefined ? base : `${base}/${encodeURIComponent(overrideId)}`;
}

/** The JSON body of a create call, exactly as sent. v3 needs the rotation whose shift is overridden. */
export function createOverridesBody(kind: ScheduleKind, items: OverrideInput[], rotationId?: string | null): unknown {
  if (kind === 'v2') {
    return {
      overrides: items.map((item) => ({
        start: isoWithOffset(item.startMs, item.timeZone),
        end: isoWithOffset(item.endMs, item.timeZone),
        user: { id: item.userId, type: 'user_reference' },
        time_zone: item.timeZone,
      })),
    };
  }
  return {
    overrides: items.map((item) => ({
      type: 'override_shift',
      ...(rotationId ? { rotation_id: rotationId } : {}),
      start_time: new Date(item.startMs).toISOString().replace(/\.000Z$/, 'Z'),
      end_time: new Date(item.endMs).toISOString().replace(/\.000Z$/, 'Z'),
      overridden_member: { type: 'user_member', user_id: item.replacedUserId },
      overriding_member: { type: 'user_member', user_id: item.userId },
    })),
  };
}

/** The create request as it would be sent, for `--dry-run`; the key shows as `[redacted]`. */
export function plannedCreateRequest(
  baseUrl: string,
  scheduleId: string,
  kind: ScheduleKind,
  items: OverrideInput[],
  rotationId?: string | null,
): PlannedRequest {
  return {
    method: 'POST',
    url: `${baseUrl}${overridesPath(kind, scheduleId)}`,
    headers: { Accept: ACCEPT, 'Content-Type': 'application/json', Authorization: 'Token token=[redacted]' },
    body: createOverridesBody(kind, items, rotationId),
  };
}

/** The v3 detection request (400 = a v2 schedule), for `--dry-run`. */
export function plannedDetectionRequest(baseUrl: string, scheduleId: string, window: WindowMs): PlannedRequest {
  const url = new URL(`${baseUrl}/v3/schedules/${encodeURIComponent(scheduleId)}`);
  for (const [key, value] of detectionQuery(window)) url.searchParams.append(key, value);
  return {
    method: 'GET',
    url: url.href,
    headers: { Accept: ACCEPT, Authorization: 'Token token=[redacted]' },
    body: null,
  };
}

type WindowMs = { sinceMs: number; untilMs: number };

function detectionQuery(window: WindowMs): [string, string][] {
  return [
    ['include[]', 'final_schedule'],
    ['since', new Date(window.sinceMs).toISOString()],
    ['until', new Date(window.untilMs).toISOString()],
  ];
}

/** `2026-05-10T09:00:00-07:00`: the instant in the zone's wall-clock time with its offset (UTC gives `Z`). */
export function isoWithOffset(ms: number, timeZone: string): string {
  const whole = Math.floor(ms / 1000) * 1000;
  let offsetMinutes = 0;
  try {
    const name =
      new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
        .formatToParts(whole)
        .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (match) offsetMinutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  } catch {
    // An unknown zone is sent as UTC: the instant is what matters, the offset only labels it.
  }
  if (offsetMinutes === 0) return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const local = new Date(whole + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const absolute = Math.abs(offsetMinutes);
  const hh = String(Math.floor(absolute / 60)).padStart(2, '0');
  const mm = String(absolute % 60).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Creates an overrides client; nothing is sent until a method is called. */
export function createOverridesClient(
  config: Pick<PagerDutyClientConfig, 'token' | 'region' | 'baseUrl' | 'timeoutMs' | 'now'> & {
    signal?: AbortSignal;
  },
): OverridesClient & { readonly baseUrl: string } {
  const baseUrl = pagerDutyBaseUrl(config);
  const now = config.now ?? Date.now;
  const kinds = new Map<string, { kind: ScheduleKind; rotations: Map<string, string> }>();
  let sent = 0;

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: [string, string][] = [],
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of query) url.searchParams.append(key, value);
    const headers: Record<string, string> = { Accept: ACCEPT, Authorization: `Token token=${config.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const signal = config.signal ? AbortSignal.any([config.signal, timeout]) : timeout;
    const where = `${method} ${path}`;
    const isWrite = method !== 'GET';
    sent++;
    let response: Response;
    let text: string | null;
    try {
      response = await fetch(url.href, {
        method,
        headers,
        signal,
        redirect: 'manual',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      text = await readCapped(response);
    } catch (error) {
      const timedOut = timeout.aborted || config.signal?.aborted === true;
      const code = errorCode(error);
      throw new OverrideError(
        timedOut ? 'timeout' : 'offline',
        timedOut
          ? `PagerDuty did not answer in time (${where})${isWrite ? MAY_HAVE_BEEN_MADE : ''}`
          : `PagerDuty is unreachable${code ? ` (${code})` : ''} (${where})${isWrite ? MAY_HAVE_BEEN_MADE : ''}`,
        { outcomeUnknown: isWrite },
      );
    }
    let parsed: unknown = null;
    if (text !== null && text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (response.status >= 200 && response.status < 300) {
      if (text === null || parsed === undefined) {
        // A 2xx to a write means it went through; an answer we cannot read says nothing about what it made.
        const what = text === null ? 'a response too large' : 'a body that is not JSON';
        throw new OverrideError(
          'bad_response',
          `PagerDuty sent ${what} (${where})${isWrite ? MAY_HAVE_BEEN_MADE : ''}`,
          isWrite ? { status: response.status, outcomeUnknown: true } : { status: response.status },
        );
      }
      return { status: response.status, body: parsed };
    }
    // A refusal's status is what counts: a body too large to read only loses PagerDuty's messages.
    throw statusError(response.status, response.headers, parsed, where, now());
  }

  async function detect(scheduleId: string, window?: WindowMs) {
    const cached = kinds.get(scheduleId);
    // The rotation of a v3 turn is only known from a detection over that turn's window.
    if (cached && (cached.kind === 'v2' || !window)) return cached;
    const span = window ?? { sinceMs: now(), untilMs: now() + 86_400_000 };
    let entry: { kind: ScheduleKind; rotations: Map<string, string> };
    try {
      const { body } = await call('GET', `/v3/schedules/${encodeURIComponent(scheduleId)}`, detectionQuery(span));
      entry = { kind: 'v3', rotations: rotationsByUser(body) };
    } catch (error) {
      // 400 is PagerDuty's answer for a v2 id; a 404 here may also be a v2 schedule: its own route decides.
      if (error instanceof OverrideError && (error.kind === 'invalid' || error.kind === 'not_found')) {
        entry = { kind: 'v2', rotations: new Map() };
      } else {
        throw error;
      }
    }
    kinds.set(scheduleId, entry);
    return entry;
  }

  return {
    baseUrl,
    requests: () => sent,
    knownKind: (scheduleId) => kinds.get(scheduleId)?.kind ?? null,
    async scheduleKind(scheduleId) {
      checkId(scheduleId, 'schedule');
      return (await detect(scheduleId)).kind;
    },
    async scheduleUsers(scheduleId, sinceMs, untilMs) {
      checkId(scheduleId, 'schedule');
      const { body } = await call('GET', `/schedules/${encodeURIComponent(scheduleId)}/users`, [
        ['since', new Date(sinceMs).toISOString()],
        ['until', new Date(untilMs).toISOString()],
      ]);
      const users = isRecord(body) && Array.isArray(body.users) ? body.users : null;
      if (!users) throw new OverrideError('bad_response', 'PagerDuty sent a schedule user list without users');
      return users.flatMap((user) =>
        isRecord(user) && typeof user.id === 'string' && PAGERDUTY_ID.test(user.id)
          ? [{ id: user.id, name: plainText(user.name ?? user.summary, 80) || user.id }]
          : [],
      );
    },
    async createOverrides(scheduleId, items, knownKind) {
      checkId(scheduleId, 'schedule');
      if (items.length === 0)
        return { kind: knownKind ?? 'v2', created: [], rejected: [], unconfirmed: [], madeDifferently: [] };
      for (const item of items) checkId(item.userId, 'user');
      let kind = knownKind;
      let rotationId: string | null = null;
      if (kind !== 'v2') {
        const window = {
          sinceMs: Math.min(...items.map((item) => item.startMs)),
          untilMs: Math.max(...items.map((item) => item.endMs)),
        };
        const detected = await detect(scheduleId, window);
        kind = detected.kind;
        if (kind === 'v3') {
          checkId(items[0]!.replacedUserId, 'user');
          rotationId = detected.rotations.get(items[0]!.replacedUserId) ?? null;
          if (!rotationId) {
            throw new OverrideError(
              'invalid',
              'PagerDuty shows no rotation shift of the person being replaced in that window: nothing to override',
            );
          }
        }
      }
      const resolvedKind: ScheduleKind = kind ?? 'v2';
      const { body } = await call(
        'POST',
        overridesPath(resolvedKind, scheduleId),
        [],
        createOverridesBody(resolvedKind, items, rotationId),
      );
      return { kind: resolvedKind, ...readCreateAnswer(resolvedKind, body, items) };
    },
    async listMyOverrides(scheduleId, window, mine, knownKind) {
      checkId(scheduleId, 'schedule');
      const kind = knownKind ?? (await detect(scheduleId)).kind;
      const { body } = await call('GET', overridesPath(kind, scheduleId), [
        ['since', new Date(window.sinceMs).toISOString()],
        ['until', new Date(window.untilMs).toISOString()],
      ]);
      const list = isRecord(body) && Array.isArray(body.overrides) ? body.overrides : null;
      if (!list) throw new OverrideError('bad_response', 'PagerDuty sent an override list without overrides');
      return list
        .map((item) => readOverride(kind, item))
        .filter((item): item is ScheduleOverride => item !== null)
        .filter(
          (item) =>
            mine.madeHere?.has(item.id) === true ||
            item.userId === mine.myUserId ||
            item.replacedUserId === mine.myUserId,
        )
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    },
    async removeOverride(scheduleId, overrideId, knownKind) {
      checkId(scheduleId, 'schedule');
      checkId(overrideId, 'override');
      const kind = knownKind ?? (await detect(scheduleId)).kind;
      const { status } = await call('DELETE', overridesPath(kind, scheduleId, overrideId));
      return status === 200 ? 'truncated' : 'deleted';
    },
  };
}

/** Maps a refused call to a typed error carrying PagerDuty's own (cleaned) messages. */
function statusError(status: number, headers: Headers, body: unknown, where: string, nowMs: number): OverrideError {
  const { code, messages } = readErrorBody(body);
  const said = messages.length > 0 ? `: ${messages.join('; ')}` : '';
  const details = { status, messages, ...(code === undefined ? {} : { code }) };
  switch (status) {
    case 400:
      return new OverrideError('invalid', `PagerDuty refused the request${said} (400, ${where})`, details);
    case 401:
      return new OverrideError('unauthorized', `PagerDuty refused the key (401, ${where})`, details);
    case 402:
      return new OverrideError(
        'payment_required',
        `The PagerDuty account's plan does not allow this (402, ${where})`,
        details,
      );
    case 403:
      return new OverrideError(
        'forbidden',
        `PagerDuty refused: this key cannot change schedules (a read-only key, or no rights on this schedule; 403, ${where})`,
        details,
      );
    case 404:
      return new OverrideError('not_found', `PagerDuty has no such schedule or override (404, ${where})`, details);
    case 429: {
      const retryAfterMs = parseServerWait(headers, nowMs) ?? DEFAULT_RETRY_AFTER_MS;
      return new OverrideError('rate_limited', `PagerDuty is rate limiting us (429, ${where})`, {
        ...details,
        retryAfterMs,
      });
    }
    default:
      return status >= 500
        ? new OverrideError('server_error', `PagerDuty failed (${status}, ${where})`, details)
        : new OverrideError('bad_response', `PagerDuty answered ${status} (${where})`, details);
  }
}

/** `{"error":{"message","code","errors":[…]}}`, v3's `errors` object of arrays, or nothing usable. */
function readErrorBody(body: unknown): { code?: number; messages: string[] } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!error) return { messages: [] };
  const raw: unknown[] = [error.message];
  if (Array.isArray(error.errors)) raw.push(...error.errors);
  else if (isRecord(error.errors)) {
    for (const [field, list] of Object.entries(error.errors)) {
      for (const item of Array.isArray(list) ? list : [list]) raw.push(`${field}: ${String(item)}`);
    }
  }
  const messages = raw
    .map((item) => plainText(item, MAX_MESSAGE_CHARS))
    .filter((item) => item !== '')
    .slice(0, MAX_MESSAGES);
  const code = typeof error.code === 'number' && Number.isInteger(error.code) ? error.code : undefined;
  return code === undefined ? { messages } : { code, messages };
}

/**
 * Reads a create answer: v2's array of per-item statuses (or the abridged `{"overrides":[…]}`), v3's
 * `{"overrides":[…]}`. Each created override is checked against what was asked; one that differs was still made, so
 * it is reported apart (`madeDifferently`) rather than trusted as asked or mistaken for a refusal. The answer came with a 2xx, so what cannot be read may have been made: an
 * unreadable list throws with the outcome unknown, an unreadable or missing item is `unconfirmed`.
 */
function readCreateAnswer(
  kind: ScheduleKind,
  body: unknown,
  asked: OverrideInput[],
): Omit<CreateOverridesResult, 'kind'> {
  const items = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body.overrides) ? body.overrides : null;
  if (!items) {
    throw new OverrideError(
      'bad_response',
      `PagerDuty answered the create call without overrides${MAY_HAVE_BEEN_MADE}`,
      {
        outcomeUnknown: true,
      },
    );
  }
  const created: ScheduleOverride[] = [];
  const rejected: RejectedOverride[] = [];
  const unconfirmed: RejectedOverride[] = [];
  const madeDifferently: ScheduleOverride[] = [];
  asked.forEach((input, index) => {
    const item: unknown = items[index];
    const askedShape = {
      start: new Date(input.startMs).toISOString(),
      end: new Date(input.endMs).toISOString(),
      userId: input.userId,
    };
    if (item === undefined) {
      unconfirmed.push({ ...askedShape, messages: ['PagerDuty did not answer for this override'] });
      return;
    }
    // A per-item status only exists in v2's array form; the abridged forms carry the override itself.
    const wrapped = isRecord(item) && ('status' in item || 'errors' in item) && isRecord(item.override);
    // Any numeric status is the item's verdict, with or without an override beside it: a 400 is never a 201.
    const status = isRecord(item) && typeof item.status === 'number' ? item.status : wrapped ? 0 : 201;
    const override = readOverride(kind, wrapped ? item.override : item);
    if (status >= 200 && status < 300 && !override) {
      unconfirmed.push({ ...askedShape, messages: ['PagerDuty answered for this override in a form not understood'] });
      return;
    }
    if (status < 200 || status >= 300 || !override) {
      const { messages } = readErrorBody({ error: { errors: isRecord(item) ? item.errors : undefined } });
      rejected.push({ ...askedShape, messages: messages.length > 0 ? messages : ['PagerDuty refused this override'] });
      return;
    }
    const matches =
      override.userId === input.userId &&
      parseInstant(override.start) === Math.floor(input.startMs / 1000) * 1000 &&
      parseInstant(override.end) === Math.floor(input.endMs / 1000) * 1000;
    if (!matches) {
      madeDifferently.push(override);
      return;
    }
    created.push(override);
  });
  return { created, rejected, unconfirmed, madeDifferently };
}

/** One override in either version's shape; `null` when a needed field is missing or unreadable. */
function readOverride(kind: ScheduleKind, item: unknown): ScheduleOverride | null {
  if (!isRecord(item)) return null;
  const id = typeof item.id === 'string' && PAGERDUTY_ID.test(item.id) ? item.id : null;
  const startMs = parseInstant(typeof item.start_time === 'string' ? item.start_time : (item.start as string));
  const endMs = parseInstant(typeof item.end_time === 'string' ? item.end_time : (item.end as string));
  if (!id || startMs === null || endMs === null) return null;
  if (kind === 'v3' || 'overriding_member' in item) {
    const covering = isRecord(item.overriding_member) ? item.overriding_member.user_id : null;
    const replaced = isRecord(item.overridden_member) ? item.overridden_member.user_id : null;
    if (typeof covering !== 'string') return null;
    return {
      id,
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      userId: covering,
      userName: null,
      replacedUserId: typeof replaced === 'string' ? replaced : null,
    };
  }
  const user = isRecord(item.user) ? item.user : null;
  if (!user || typeof user.id !== 'string') return null;
  const name = plainText(user.summary ?? user.name, 80);
  return {
    id,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    userId: user.id,
    userName: name === '' ? null : name,
    replacedUserId: null,
  };
}

/** Maps each member to their rotation, from a v3 schedule's `final_schedule.computed_shift_assignments`. */
function rotationsByUser(body: unknown): Map<string, string> {
  const rotations = new Map<string, string>();
  const schedule = isRecord(body) && isRecord(body.schedule) ? body.schedule : null;
  const final = schedule && isRecord(schedule.final_schedule) ? schedule.final_schedule : null;
  const assignments = final && Array.isArray(final.computed_shift_assignments) ? final.computed_shift_assignments : [];
  for (const assignment of assignments) {
    if (!isRecord(assignment) || !isRecord(assignment.member) || !isRecord(assignment.source)) continue;
    const userId = assignment.member.user_id;
    const rotationId = assignment.source.rotation_id;
    if (typeof userId === 'string' && typeof rotationId === 'string' && !rotations.has(userId)) {
      rotations.set(userId, rotationId);
    }
  }
  return rotations;
}

/** Reads the body as text under MAX_BODY_BYTES (counted after decompression); `null` when larger (not PagerDuty's). */
async function readCapped(response: Response): Promise<string | null> {
  try {
    return await readCappedText(response, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ResponseTooLarge) return null;
    throw error;
  }
}

function checkId(id: string, what: string): void {
  // Ids go into paths: a slash or dot segment from a hostile caller must not reach another route.
  if (!PAGERDUTY_ID.test(id)) throw new OverrideError('invalid', `That is not a PagerDuty ${what} id`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
