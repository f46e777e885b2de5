/**
 * The sandbox's PagerDuty override writes (swap a turn), kept apart from the read-only routes so it can be
 * registered without touching them. Created overrides are written into the world's shifts, so later `/oncalls`
 * and `/schedules/{id}` reads see who really is on call; removing one restores what the rotation said.
 *
 * Routes (under `prefix`, default `/pagerduty`):
 * - `GET /schedules/{id}/users?since=&until=`: the schedule's users on call in the window (the teammate picker).
 * - `GET|POST /schedules/{id}/overrides`, `DELETE /schedules/{id}/overrides/{override_id}` (v2 shapes: a 201 with
 *   an array of per-item statuses; 204 on delete, 200 when an in-progress override was truncated to now).
 * - `GET|POST /v3/schedules/{id}/overrides`, `DELETE /v3/schedules/{id}/overrides/{override_id}` (shift-based).
 * - `GET /v3/schedules/{id}` for a v2 schedule: 400, as PagerDuty answers (v3 ids fall through to the read routes).
 *
 * Registration (what `server.ts` must do; this file does not touch it):
 * 1. Create one handler per sandbox: `createOverridesHandler({ scenario: () => state.scenario, now: state.clock })`.
 *    `scenario` must return the LIVE installed scenario (not a copy): overrides are written into its shifts. A
 *    `setScenario` installs a new object and so starts with no overrides.
 * 2. In `handleRequest`, after the request is recorded, a fault is taken and the rate limit passed, and BEFORE
 *    `routeRequest` (which refuses every non-GET with 405), call
 *    `if (overrides.handle(request, response, (status, bytes) => { record.status = status; record.bytes = bytes; }))
 *    return;`. The handler answers asynchronously (it reads the body) and writes the response itself.
 * 3. Faults come from the server, per request: `sandbox.inject({ kind: 'drop_after_applying' })` reaches the
 *    handler as `handle(..., { dropAfterApplying: true })`; a 429 is the server's, before the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseInstant } from '../../../shared/format';
import { json, type Reply } from './http-util';
import { authenticatePagerDuty, PAGERDUTY_UNAUTHORIZED, pagerDutyError } from './pagerduty';
import { send } from './respond';
import type { Scenario, ScenarioSchedule, ScenarioShift } from './scenario';
import type { WriteFaults } from './zendesk-writes';

/** What the handler reads and changes: the live scenario the read routes serve, and the sandbox clock. */
export interface OverridesWorld {
  scenario(): Scenario;
  now(): number;
}

export interface OverridesHandlerOptions {
  /** Where PagerDuty routes live on the sandbox; default `/pagerduty`. */
  prefix?: string;
  /** Keys that may read but not write (403 on writes). The scenario's account keys always are. */
  readOnlyTokens?: string[];
}

export interface OverridesHandler {
  /** Takes the request when it is one of these routes (and answers it, asynchronously); `false` = not ours. */
  handle(
    request: IncomingMessage,
    response: ServerResponse,
    onSent?: (status: number, bytes: number) => void,
    faults?: WriteFaults,
  ): boolean;
  /** The overrides currently stored, per schedule id (for tests). */
  overrides(): Record<string, StoredOverride[]>;
}

export interface StoredOverride {
  id: string;
  kind: 'v2' | 'v3';
  startMs: number;
  endMs: number;
  userId: string;
  /** v3 only: the member replaced (only their shifts are covered). */
  replacedUserId: string | null;
}

interface Book {
  /** Each schedule's shifts as the rotation made them, captured before its first override. */
  base: Map<string, ScenarioShift[]>;
  overrides: Map<string, StoredOverride[]>;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_ITEMS = 100;

/** Creates the handler over `world`; see the file comment for how the sandbox registers it. */
export function createOverridesHandler(world: OverridesWorld, options: OverridesHandlerOptions = {}): OverridesHandler {
  const prefix = (options.prefix ?? '/pagerduty').replace(/\/+$/, '');
  const readOnly = new Set(options.readOnlyTokens ?? []);
  const books = new WeakMap<Scenario, Book>();
  let nextId = 1;

  function book(): Book {
    const scenario = world.scenario();
    let found = books.get(scenario);
    if (!found) {
      found = { base: new Map(), overrides: new Map() };
      books.set(scenario, found);
    }
    return found;
  }

  function route(method: string, path: string): ((body: unknown, context: Context) => Reply) | null {
    const v3Detail = /^\/v3\/schedules\/([A-Za-z0-9]+)$/.exec(path);
    if (v3Detail && method === 'GET') {
      const schedule = findSchedule(v3Detail[1]!);
      // Only v2 ids are ours: PagerDuty's 400 tells the client to use the v2 routes.
      if (schedule?.kind !== 'schedule') return null;
      return () =>
        pagerDutyError(400, 2001, 'Invalid Input Provided', ['This schedule is not a v3 schedule; use /schedules']);
    }
    const users = /^\/schedules\/([A-Za-z0-9]+)\/users$/.exec(path);
    if (users && method === 'GET') return (_body, context) => listUsers(users[1]!, context);
    const list = /^(\/v3)?\/schedules\/([A-Za-z0-9]+)\/overrides$/.exec(path);
    if (list) {
      const kind = list[1] ? 'v3' : 'v2';
      if (method === 'GET') return (_body, context) => listOverrides(kind, list[2]!, context);
      if (method === 'POST') return (body, context) => createOverrides(kind, list[2]!, body, context);
      return null;
    }
    const one = /^(\/v3)?\/schedules\/([A-Za-z0-9]+)\/overrides\/([A-Za-z0-9]+)$/.exec(path);
    if (one && method === 'DELETE') {
      return (_body, context) => deleteOverride(one[1] ? 'v3' : 'v2', one[2]!, one[3]!, context);
    }
    return null;
  }

  function findSchedule(id: string): ScenarioSchedule | undefined {
    return world.scenario().pagerduty.schedules.find((schedule) => schedule.id === id);
  }

  /** The schedule of the route's kind, or the 404 PagerDuty sends. */
  function scheduleOf(kind: 'v2' | 'v3', id: string): ScenarioSchedule | Reply {
    const schedule = findSchedule(id);
    const expected = kind === 'v3' ? 'schedule_v3' : 'schedule';
    return schedule && schedule.kind === expected ? schedule : pagerDutyError(404, 2100, 'Not Found');
  }

  function anchor(): number {
    return world.scenario().anchorMs ?? world.now();
  }

  function listUsers(id: string, context: Context): Reply {
    const schedule = findSchedule(id);
    if (!schedule) return pagerDutyError(404, 2100, 'Not Found');
    const since = context.query.has('since') ? parseInstant(context.query.get('since')) : Number.NEGATIVE_INFINITY;
    const until = context.query.has('until') ? parseInstant(context.query.get('until')) : Number.POSITIVE_INFINITY;
    if (since === null || until === null) {
      return pagerDutyError(400, 2004, "Invalid time values in 'since' and/or 'until' parameters");
    }
    const base = anchor();
    const ids = new Set<string>();
    // The rotation's members, not who overrides currently cover: an override must not hide a teammate.
    for (const shift of book().base.get(id) ?? schedule.shifts) {
      const start = shift.startInMinutes === null ? Number.NEGATIVE_INFINITY : base + shift.startInMinutes * 60_000;
      const end = shift.endInMinutes === null ? Number.POSITIVE_INFINITY : base + shift.endInMinutes * 60_000;
      if (start < until && end > since) ids.add(shift.userId);
    }
    const users = world
      .scenario()
      .pagerduty.users.filter((user) => ids.has(user.id))
      .map((user) => ({
        id: user.id,
        type: 'user',
        summary: user.name,
        name: user.name,
        email: user.email,
        time_zone: user.timeZone,
        role: user.role,
      }));
    return json(200, { users });
  }

  function listOverrides(kind: 'v2' | 'v3', id: string, context: Context): Reply {
    const schedule = scheduleOf(kind, id);
    if ('status' in schedule) return schedule;
    const since = parseInstant(context.query.get('since'));
    const until = parseInstant(context.query.get('until'));
    if (since === null || until === null) {
      return pagerDutyError(400, 2003, 'Missing Arguments', ['since and until are required']);
    }
    const items = (book().overrides.get(id) ?? []).filter((item) => item.startMs < until && item.endMs > since);
    return kind === 'v2'
      ? json(200, { overrides: items.map((item) => renderV2(item)) })
      : json(200, { overrides: items.map((item) => renderV3(item, id)), limit: 25, offset: 0, more: false });
  }

  function createOverrides(kind: 'v2' | 'v3', id: string, body: unknown, context: Context): Reply {
    if (context.readOnly) return readOnlyRefusal();
    const schedule = scheduleOf(kind, id);
    if ('status' in schedule) return schedule;
    const items = isRecord(body) && Array.isArray(body.overrides) ? body.overrides : null;
    if (!items || items.length === 0 || items.length > MAX_ITEMS) {
      return pagerDutyError(400, 2001, 'Invalid Input Provided', ['overrides must be a list of 1 to 100 overrides']);
    }
    const results = items.map((item) => createOne(kind, schedule, item));
    if (kind === 'v3') {
      // Shift-based schedules answer all or nothing with `{"overrides":[…]}`.
      const refused = results.find((result) => result.status !== 201);
      if (refused) return pagerDutyError(400, 2001, 'Invalid Request', refused.errors ?? []);
      return json(201, { overrides: results.map((result) => result.rendered) });
    }
    return json(
      201,
      results.map((result) =>
        result.status === 201
          ? { status: 201, override: result.rendered }
          : { status: result.status, errors: result.errors, override: result.rendered },
      ),
    );
  }

  function createOne(
    kind: 'v2' | 'v3',
    schedule: ScenarioSchedule,
    item: unknown,
  ): { status: number; errors?: string[]; rendered: unknown } {
    const record = isRecord(item) ? item : {};
    const startText = kind === 'v3' ? record.start_time : record.start;
    const endText = kind === 'v3' ? record.end_time : record.end;
    const startMs = typeof startText === 'string' ? parseInstant(startText) : null;
    const endMs = typeof endText === 'string' ? parseInstant(endText) : null;
    const userId =
      kind === 'v3'
        ? isRecord(record.overriding_member)
          ? record.overriding_member.user_id
          : null
        : isRecord(record.user)
          ? record.user.id
          : null;
    const replaced = kind === 'v3' && isRecord(record.overridden_member) ? record.overridden_member.user_id : null;
    const echo = {
      start: startText ?? null,
      end: endText ?? null,
      user: { id: userId ?? null, type: 'user_reference' },
    };
    const errors: string[] = [];
    if (startMs === null || endMs === null) errors.push('Override start and end must be ISO 8601 times');
    else if (endMs <= startMs) errors.push('Override must end after its start');
    const users = world.scenario().pagerduty.users;
    if (typeof userId !== 'string' || !users.some((user) => user.id === userId)) errors.push('User not found');
    if (kind === 'v3') {
      if (typeof replaced !== 'string' || !users.some((user) => user.id === replaced)) {
        errors.push('overridden_member: user not found');
      }
      if (typeof record.rotation_id !== 'string' && typeof record.custom_shift_id !== 'string') {
        errors.push('rotation_id or custom_shift_id is required');
      }
    }
    if (errors.length > 0 || startMs === null || endMs === null || typeof userId !== 'string') {
      return { status: 400, errors, rendered: echo };
    }
    const stored: StoredOverride = {
      id: `${kind === 'v3' ? 'QV3' : 'Q'}${String(nextId++).padStart(6, '0')}`,
      kind,
      startMs: Math.floor(startMs / 1000) * 1000,
      endMs: Math.floor(endMs / 1000) * 1000,
      userId,
      replacedUserId: typeof replaced === 'string' ? replaced : null,
    };
    const current = book();
    if (!current.base.has(schedule.id)) current.base.set(schedule.id, structuredClone(schedule.shifts));
    current.overrides.set(schedule.id, [...(current.overrides.get(schedule.id) ?? []), stored]);
    applyOverrides(schedule);
    return { status: 201, rendered: kind === 'v3' ? renderV3(stored, schedule.id) : renderV2(stored) };
  }

  function deleteOverride(kind: 'v2' | 'v3', id: string, overrideId: string, context: Context): Reply {
    if (context.readOnly) return readOnlyRefusal();
    const schedule = scheduleOf(kind, id);
    if ('status' in schedule) return schedule;
    const current = book();
    const list = current.overrides.get(id) ?? [];
    const found = list.find((item) => item.id === overrideId && item.kind === kind);
    if (!found) return pagerDutyError(404, 2100, 'Not Found', ['Override not found']);
    const nowMs = world.now();
    if (found.endMs <= nowMs) {
      return pagerDutyError(400, 2001, 'Invalid Input Provided', ['Past overrides cannot be removed']);
    }
    if (found.startMs < nowMs) {
      // In progress: PagerDuty keeps the past part and ends it now (200), rather than rewriting history.
      found.endMs = nowMs;
      applyOverrides(schedule);
      return kind === 'v3' ? { status: 204, body: null } : json(200, { override: renderV2(found) });
    }
    current.overrides.set(
      id,
      list.filter((item) => item !== found),
    );
    applyOverrides(schedule);
    return { status: 204, body: null };
  }

  /** Rewrites the schedule's shifts: the rotation's, with each override (in creation order) laid on top. */
  function applyOverrides(schedule: ScenarioSchedule): void {
    const current = book();
    const base = anchor();
    const toMs = (minutes: number | null, open: number) => (minutes === null ? open : base + minutes * 60_000);
    let pieces = (current.base.get(schedule.id) ?? schedule.shifts).map((shift) => ({
      userId: shift.userId,
      start: toMs(shift.startInMinutes, Number.NEGATIVE_INFINITY),
      end: toMs(shift.endInMinutes, Number.POSITIVE_INFINITY),
    }));
    for (const override of current.overrides.get(schedule.id) ?? []) {
      const next: typeof pieces = [];
      for (const piece of pieces) {
        const covered =
          piece.start < override.endMs &&
          piece.end > override.startMs &&
          (override.replacedUserId === null || piece.userId === override.replacedUserId);
        if (!covered) {
          next.push(piece);
          continue;
        }
        if (piece.start < override.startMs) next.push({ ...piece, end: override.startMs });
        if (piece.end > override.endMs) next.push({ ...piece, start: override.endMs });
      }
      next.push({ userId: override.userId, start: override.startMs, end: override.endMs });
      pieces = next;
    }
    const toMinutes = (ms: number) => (Number.isFinite(ms) ? (ms - base) / 60_000 : null);
    schedule.shifts = pieces
      .sort((a, b) => a.start - b.start)
      .map((piece) => ({
        userId: piece.userId,
        startInMinutes: toMinutes(piece.start),
        endInMinutes: toMinutes(piece.end),
      }));
  }

  function renderV2(item: StoredOverride) {
    const user = world.scenario().pagerduty.users.find((candidate) => candidate.id === item.userId);
    return {
      id: item.id,
      start: new Date(item.startMs).toISOString().replace(/\.000Z$/, 'Z'),
      end: new Date(item.endMs).toISOString().replace(/\.000Z$/, 'Z'),
      user: { id: item.userId, type: 'user_reference', summary: user?.name ?? 'Deleted user' },
    };
  }

  function renderV3(item: StoredOverride, scheduleId: string) {
    return {
      id: item.id,
      type: 'override_shift',
      rotation_id: `${scheduleId}ROTATION1`,
      start_time: new Date(item.startMs).toISOString().replace(/\.000Z$/, 'Z'),
      end_time: new Date(item.endMs).toISOString().replace(/\.000Z$/, 'Z'),
      overridden_member: { type: 'user_member', user_id: item.replacedUserId },
      overriding_member: { type: 'user_member', user_id: item.userId },
    };
  }

  return {
    handle(request, response, onSent, faults = {}) {
      const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
      const path = url.pathname.slice(prefix.length).replace(/\/+$/, '');
      const method = (request.method ?? 'GET').toUpperCase();
      const handler = route(method, path);
      if (!handler) return false;
      const finish = (reply: Reply) => {
        if (response.headersSent) return;
        let bytes = 0;
        if (reply.status === 204) {
          response.writeHead(204, reply.headers ?? {});
          response.end();
        } else {
          bytes = send(response, reply);
        }
        onSent?.(reply.status, bytes);
      };
      readBody(request)
        .then((text) => {
          const scenario = world.scenario();
          const header = request.headers.authorization;
          const identity = authenticatePagerDuty(scenario.pagerduty, header);
          if (!identity) {
            finish(PAGERDUTY_UNAUTHORIZED);
            return;
          }
          const token =
            /^Token\s+token=(\S+)\s*$/i.exec(header ?? '')?.[1] ?? /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
          if (text === null) {
            finish(pagerDutyError(413, 2001, 'Request Entity Too Large'));
            return;
          }
          let body: unknown = null;
          if (text.trim() !== '') {
            try {
              body = JSON.parse(text);
            } catch {
              finish(pagerDutyError(400, 2001, 'Invalid Input Provided', ['The body is not valid JSON']));
              return;
            }
          }
          const reply = handler(body, {
            query: url.searchParams,
            readOnly: identity.kind === 'account' || (token !== undefined && readOnly.has(token)),
          });
          if (faults.dropAfterApplying && method !== 'GET' && reply.status >= 200 && reply.status < 300) {
            // Applied, but the answer never arrives (a 403 or 400 applied nothing: it is answered as usual).
            request.socket.destroy();
            onSent?.(0, 0);
            return;
          }
          finish(reply);
        })
        .catch((error: unknown) => {
          finish(json(500, { error: { message: 'SandboxBug', code: 0, errors: [String(error)] } }));
        });
      return true;
    },
    overrides() {
      return Object.fromEntries([...book().overrides].map(([id, list]) => [id, list.map((item) => ({ ...item }))]));
    },
  };
}

interface Context {
  query: URLSearchParams;
  /** The key may read but not change schedules. */
  readOnly: boolean;
}

function readOnlyRefusal(): Reply {
  return pagerDutyError(403, 2010, 'Access Denied', ['The API key is read-only: it cannot change schedules']);
}

/** The request body as text; `null` when it is larger than any override request. */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
