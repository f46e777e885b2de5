/**
 * The PagerDuty source: who the user is, and every on-call entry on the selected schedules from now to the horizon,
 * read with one `/oncalls` request per page.
 */
import type { DataProblem, OnCallEntry, PagerDutySchedule, PagerDutyUser } from '../../../shared/domain';
import type { PagerDutyRegion } from '../../../shared/settings';
import type { RateLimitInfo } from '../http';
import { type PagerDutySource, type PagerDutyTurnsResult, SourceError } from '../source';
import { createPagerDutyClient, type PagerDutySession, type QueryParameters } from './client';
import { coversInstant, dedupeEntries, transformOnCall, transformSchedule, transformUser } from './transform';

export { createPagerDutyClient, pagerDutyBaseUrl } from './client';
export { transformOnCall, transformUser } from './transform';

export interface PagerDutySourceConfig {
  token: string;
  region: PagerDutyRegion;
  scheduleIds: string[];
  /** Needed with account-level keys, where `/users/me` is refused. */
  userEmail: string | null;
  horizonDays: number;
  baseUrl?: string | null;
  timeoutMs: number;
  now?: () => number;
  /** Cap on one response's bytes after decompression (the transport's default, 32 MiB, when absent). */
  maxResponseBytes?: number;
  /** Pages of `/oncalls` read per poll before the rest is cut (MAX_ONCALL_PAGES by default). */
  maxOnCallPages?: number;
}

export interface PagerDutySourceExtras {
  /** Schedules the key can see, for the settings picker (v3 schedules are not listed by the API). */
  listSchedules(signal?: AbortSignal): Promise<{ id: string; name: string; url: string | null }[]>;
  /** The user the turns are for (cached after the first success). */
  whoAmI(signal?: AbortSignal): Promise<PagerDutyUser>;
  rateLimit(): RateLimitInfo | null;
  /** The API base in use (regional default or the override). */
  readonly baseUrl: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** PagerDuty refuses `/oncalls` windows longer than 90 days. */
const MAX_HORIZON_DAYS = 90;
/**
 * PagerDuty clips an on-call's start to `since`. Asking from "now" made a running turn's start move with every
 * poll, so each poll announced a new "turn started". Asking from a little earlier keeps the true start of a turn
 * that began recently (the only one worth announcing); an older start, clipped, is reported as unknown (null).
 */
const LOOKBACK_MS = 2 * 60 * 60 * 1000;
const PAGE_LIMIT = 100;
/** Offset paging stops at offset + limit = 10,000. */
const MAX_OFFSET_END = 10_000;
/**
 * A month of on-call entries for a handful of schedules is a few hundred (each shift once per escalation policy
 * pointing at it); 20 pages of 100 leaves wide room and stops a server that says `more: true` forever.
 */
export const MAX_ONCALL_PAGES = 20;
/** Schedules listed for the settings picker: 2,000 is past any account we know of. */
const MAX_SCHEDULE_PAGES = 20;

/** Creates the PagerDuty source. Every call rejects only with SourceError. */
export function createPagerDutySource(config: PagerDutySourceConfig): PagerDutySource & PagerDutySourceExtras {
  const client = createPagerDutyClient(config);
  const scheduleIds = [...new Set(config.scheduleIds)];
  const horizonDays = Math.min(MAX_HORIZON_DAYS, Math.max(1, config.horizonDays));
  const maxOnCallPages = Math.max(1, Math.floor(config.maxOnCallPages ?? MAX_ONCALL_PAGES));
  let me: PagerDutyUser | null = null;
  // Schedules with no on-call entry are looked up once per app session: names change rarely.
  const scheduleLookups = new Map<string, { schedule: PagerDutySchedule; problem: string | null }>();

  async function resolveMe(session: PagerDutySession): Promise<PagerDutyUser> {
    if (me) return me;
    if (!config.token) throw new SourceError({ kind: 'not_configured', detail: 'PagerDuty needs an API key' });
    try {
      const body = await session.get('users/me');
      const user = transformUser(body.user);
      if (!user) throw new SourceError({ kind: 'bad_response', detail: 'PagerDuty sent users/me without a user id' });
      me = user;
      return user;
    } catch (error) {
      if (!(error instanceof SourceError) || !refusedForAccountKey(error)) throw error;
    }
    if (!config.userEmail) {
      throw new SourceError({
        kind: 'not_configured',
        detail: 'This PagerDuty key does not belong to a user: set your PagerDuty email in the settings',
      });
    }
    me = await findUserByEmail(session, config.userEmail);
    return me;
  }

  async function fetchTurns(nowMs: number, signal?: AbortSignal): Promise<PagerDutyTurnsResult> {
    const session = client.session(signal);
    const user = await resolveMe(session);
    const problems: DataProblem[] = [];
    const sinceMs = nowMs - LOOKBACK_MS;
    const base: QueryParameters = {
      since: new Date(sinceMs).toISOString(),
      // PagerDuty refuses ranges longer than 90 days.
      until: new Date(Math.min(nowMs + horizonDays * DAY_MS, sinceMs + MAX_HORIZON_DAYS * DAY_MS)).toISOString(),
      'include[]': ['users'],
      limit: PAGE_LIMIT,
    };
    if (scheduleIds.length > 0) base['schedule_ids[]'] = scheduleIds;
    else base['user_ids[]'] = [user.id];

    const entries: OnCallEntry[] = [];
    let offset = 0;
    let truncated = false;
    for (let pages = 1; ; pages++) {
      const body = await session.get('oncalls', { ...base, offset });
      if (!Array.isArray(body.oncalls)) {
        throw new SourceError({ kind: 'bad_response', detail: 'PagerDuty sent oncalls without an "oncalls" list' });
      }
      for (const raw of body.oncalls) {
        const result = transformOnCall(raw);
        if (result.entry) entries.push(unclipped(result.entry, sinceMs));
        else problems.push({ source: 'pagerduty', record: null, message: result.problem });
      }
      if (body.more !== true || body.oncalls.length === 0) break;
      offset += body.oncalls.length;
      // Keep what was read and say the list is cut: a partial rota beats none, and silence would read as complete.
      if (pages >= maxOnCallPages || offset + PAGE_LIMIT > MAX_OFFSET_END) {
        truncated = true;
        problems.push({
          source: 'pagerduty',
          record: null,
          message: `the on-call list was cut short after ${pages} pages (${offset} entries); the rest was not read`,
        });
        break;
      }
    }

    const unique = dedupeEntries(entries).sort(byStart);
    const schedules = await describeSchedules(session, unique, user, problems);
    return {
      me: user,
      myEntries: unique.filter((entry) => entry.userId === user.id),
      onCallNow: unique.filter((entry) => coversInstant(entry, nowMs)),
      upcomingOthers: unique.filter((entry) => entry.userId !== user.id && startsAfter(entry, nowMs)),
      schedules,
      problems,
      requests: session.requests(),
      truncated,
    };
  }

  /** Names and links of the selected schedules (or, with none selected, of the user's own). */
  async function describeSchedules(
    session: PagerDutySession,
    entries: OnCallEntry[],
    user: PagerDutyUser,
    problems: DataProblem[],
  ): Promise<PagerDutySchedule[]> {
    const fromEntries = new Map<string, PagerDutySchedule>();
    for (const entry of entries) {
      if (entry.scheduleId && !fromEntries.has(entry.scheduleId)) {
        fromEntries.set(entry.scheduleId, {
          id: entry.scheduleId,
          name: entry.scheduleName,
          url: entry.scheduleUrl,
          timeZone: null,
        });
      }
    }
    if (scheduleIds.length === 0) {
      const mine = new Set(entries.filter((entry) => entry.userId === user.id).map((entry) => entry.scheduleId));
      return [...fromEntries.values()].filter((schedule) => mine.has(schedule.id));
    }
    const schedules: PagerDutySchedule[] = [];
    for (const id of scheduleIds) {
      const known = fromEntries.get(id);
      if (known) {
        schedules.push(known);
        continue;
      }
      let lookup = scheduleLookups.get(id);
      if (!lookup) {
        lookup = await lookUpSchedule(session, id);
        scheduleLookups.set(id, lookup);
      }
      schedules.push(lookup.schedule);
      if (lookup.problem) problems.push({ source: 'pagerduty', record: `schedule ${id}`, message: lookup.problem });
    }
    return schedules;
  }

  async function lookUpSchedule(session: PagerDutySession, id: string) {
    try {
      const body = await session.get(`schedules/${encodeURIComponent(id)}`);
      return { schedule: transformSchedule(body.schedule, id), problem: null };
    } catch (error) {
      // A v3 schedule or a deleted one: the header still shows its id, and the failure is reported, not fatal.
      if (error instanceof SourceError && ['not_configured', 'bad_response'].includes(error.failure.kind)) {
        return { schedule: transformSchedule(null, id), problem: `schedule not readable: ${error.failure.detail}` };
      }
      throw error;
    }
  }

  return {
    fetchTurns,
    baseUrl: client.baseUrl,
    async whoAmI(signal) {
      return resolveMe(client.session(signal));
    },
    async listSchedules(signal) {
      const session = client.session(signal);
      const schedules: { id: string; name: string; url: string | null }[] = [];
      for (let offset = 0, pages = 0; offset + PAGE_LIMIT <= MAX_OFFSET_END && pages < MAX_SCHEDULE_PAGES; pages++) {
        const body = await session.get('schedules', { limit: PAGE_LIMIT, offset });
        if (!Array.isArray(body.schedules)) {
          throw new SourceError({ kind: 'bad_response', detail: 'PagerDuty sent schedules without a list' });
        }
        for (const raw of body.schedules) {
          const schedule = transformSchedule(raw, '');
          if (schedule.id) schedules.push({ id: schedule.id, name: schedule.name, url: schedule.url });
        }
        if (body.more !== true || body.schedules.length === 0) break;
        offset += body.schedules.length;
      }
      return schedules;
    },
    rateLimit: () => client.rateLimit(),
  };
}

/** `/users/me` answers account-level keys with a 400/403/404 rather than a user. A 401 is a bad key, not this. */
function refusedForAccountKey(error: SourceError): boolean {
  const { failure } = error;
  if (failure.kind === 'auth_rejected') return failure.status === 403;
  return failure.kind === 'bad_response' || failure.kind === 'not_configured';
}

async function findUserByEmail(session: PagerDutySession, email: string): Promise<PagerDutyUser> {
  const body = await session.get('users', { query: email, limit: PAGE_LIMIT });
  const users = Array.isArray(body.users) ? body.users : [];
  const wanted = email.trim().toLowerCase();
  for (const raw of users) {
    const user = transformUser(raw);
    if (user?.email && user.email.toLowerCase() === wanted) return user;
  }
  throw new SourceError({
    kind: 'not_configured',
    detail: 'No PagerDuty user has the configured email: check the PagerDuty email in the settings',
  });
}

function byStart(a: OnCallEntry, b: OnCallEntry): number {
  const start = (entry: OnCallEntry) => (entry.start === null ? Number.NEGATIVE_INFINITY : Date.parse(entry.start));
  const [left, right] = [start(a), start(b)];
  return left === right ? 0 : left < right ? -1 : 1;
}

function startsAfter(entry: OnCallEntry, nowMs: number): boolean {
  return entry.start !== null && Date.parse(entry.start) > nowMs;
}

/** An entry whose start PagerDuty clipped to our `since` started at an unknown earlier time: say so (null). */
function unclipped(entry: OnCallEntry, sinceMs: number): OnCallEntry {
  if (entry.start === null) return entry;
  const startMs = Date.parse(entry.start);
  return Number.isFinite(startMs) && startMs <= sinceMs ? { ...entry, start: null } : entry;
}
