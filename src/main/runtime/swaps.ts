/**
 * Swapping a turn (issue 13, workflow 6) for every face: the window's turn header and the CLI's `act swap` /
 * `act overrides`. The handbook's rule holds throughout: swaps are PagerDuty overrides, never a change to the
 * rotation's order. Main builds every request; faces name a teammate, a day or a local range, or an override id.
 *
 * Safe against itself: concurrent asks for the same swap (a double click, or the same change spelled another
 * way: no schedule vs its id, a day vs its range) share one create, matched on the planned swap. Before a create
 * is sent its intent is written to the store, and only a known outcome clears it (a 2xx whose answer cannot be
 * read is not one), so a retry after a timeout, an unreadable answer or a crash re-reads the schedule's overrides first and reports the one already made instead of creating a second.
 * Recorded: every swap and removal goes into the action log (schedule, override ids, result; no token).
 * Plain Node: no `electron` here.
 */
import type { Snapshot } from '../../shared/domain';
import { formatWhen } from '../../shared/format';
import type { SwapOptionsView, SwapTurnView } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { ActionLog, ActionResultKind, TurnActionName } from '../core/actions/log';
import {
  localRangeSpan,
  localTime,
  overrideCoverage,
  pickerStartMs,
  planSwap,
  removalSentence,
  type SwapSpan,
  type SwapTurn,
  sameOverride,
  swapKey,
  swapTurnOf,
  type Teammate,
  turnDays,
} from '../core/actions/swap';
import type { Clock, KeyValueStore } from '../core/ports';
import { plainText } from '../core/text';
import {
  createOverridesClient,
  OverrideError,
  type OverridesClient,
  type ScheduleOverride,
} from '../sources/pagerduty/overrides';

/** One request as the dry run shows it: method, absolute URL, JSON body (`null` for reads). */
export interface SwapRequestSummary {
  method: string;
  url: string;
  body: unknown;
}

/** How a swap or removal ended; `permission` names what a 403 lacked. */
export interface SwapRunResult {
  result: ActionResultKind;
  message: string;
  permission: string | null;
  requests: number;
}

/** A day or range of the turn: a `local` range is wall-clock times in the user's zone (`2026-12-01T09:00`). */
export type SwapInputSpan = SwapSpan | { kind: 'local'; from: string; to: string };

export interface SwapInput {
  teammateId: string;
  span: SwapInputSpan;
  /** One of the turn's schedules; default its first. */
  scheduleId?: string | null;
}

export type SwapPreview =
  | { kind: 'confirm'; confirmation: string; requests: SwapRequestSummary[]; note: string | null }
  | { kind: 'refused'; message: string; teammates: Teammate[] };

/** One schedule of the turn a swap may change, with what the picker offers: the window's view, as main builds it. */
export type SwapTurnOption = SwapTurnView;

export type SwapOptions = SwapOptionsView;

/** One of my overrides as faces list it. */
export interface ListedOverride extends ScheduleOverride {
  scheduleId: string;
  /** What removing it does, in words ("Remove the override: …"), for the confirmation. */
  sentence: string;
  /** Who covers the schedule when, in words ("Robin Rotation covers Product Analytics from Thu 09:00 to …"). */
  coverage: string;
  /** Who covers, by name. */
  who: string;
  inProgress: boolean;
  /** Made here, or handing the user's own shift to someone: the overrides the user may remove. */
  removable: boolean;
}

export type OverridesListing =
  | { scheduleId: string; scheduleName: string; overrides: ListedOverride[] }
  | { error: string };

export interface SwapServiceOptions {
  /** Effective settings (in demo mode, pointed at the sandbox). */
  settings: () => Settings;
  pagerdutyToken: () => string | null;
  snapshot: () => Snapshot | null;
  /** Polls now, so the window shows what the server holds after a write. */
  repoll: () => Promise<unknown>;
  log: ActionLog;
  clock: Clock;
  timeZone: () => string;
  /** Keeps the ids of overrides made here and the creates not yet known to be done, across runs. */
  store?: KeyValueStore;
}

export interface SwapService {
  /** The turn's schedules with their teammates and days (one request per schedule). */
  options(): Promise<SwapOptions>;
  /** The sentence and the exact requests of a swap; nothing is sent beyond the teammate lookup. */
  plan(input: SwapInput): Promise<SwapPreview>;
  /** Creates the override the user confirmed, once. */
  run(input: SwapInput): Promise<SwapRunResult & { overrideIds: string[] }>;
  /** My upcoming overrides on the turn's schedule (or the one named). */
  list(scheduleId?: string | null): Promise<OverridesListing>;
  /** Removes one of my listed overrides (an override under way is ended now). */
  remove(overrideId: string, scheduleId?: string | null): Promise<SwapRunResult>;
}

const MADE_HERE_KEY = 'overridesMadeHere';
const MAX_MADE_HERE = 200;
const INTENTS_KEY = 'swapIntents';
const MAX_INTENTS = 20;
/** An intent older than this is of a swap nobody is retrying any more. */
const INTENT_TTL_MS = 7 * 86_400_000;
/** Around the turn, not just inside it: during your own turn the schedule has only you on call. */
const TEAMMATE_WINDOW_MS = 28 * 86_400_000;
/** How far ahead "upcoming" overrides are listed when the turn ends sooner. */
const LIST_AHEAD_MS = 30 * 86_400_000;
const FORBIDDEN_PERMISSION = 'a PagerDuty user token with rights to edit this schedule';

type SwapOutcome = SwapRunResult & { overrideIds: string[] };

/** A create sent but not known to be done: what a retry re-reads for. */
interface SwapIntent {
  key: string;
  scheduleId: string;
  userId: string;
  startMs: number;
  endMs: number;
  at: number;
}

/** Creates the swap service; nothing is sent until a face asks. */
export function createSwapService(options: SwapServiceOptions): SwapService {
  let cached: { key: string; client: OverridesClient & { readonly baseUrl: string } } | null = null;
  const madeHere = new Set<string>(readIds(options.store, MADE_HERE_KEY));
  let intents: SwapIntent[] = readIntents(options.store);
  /** Identical asks under way (a double click): shared before anything is sent. */
  const askedSwaps = new Map<string, Promise<SwapOutcome>>();
  /** Creates under way by planned swap key: the same change spelled differently (no schedule vs its id, a day vs
   * that day's range) is still sent once. */
  const runningSwaps = new Map<string, { startMs: number; outcome: Promise<SwapOutcome> }>();
  /** Creates that ended while other asks were still planning: those asks overlapped it, so they share its end. */
  const endedSwaps = new Map<string, { startMs: number; outcome: SwapOutcome; asksBefore: number }>();
  let asks = 0;
  let asksUnderWay = 0;
  const runningRemovals = new Map<string, Promise<SwapRunResult>>();
  /** The last listing per schedule: a removal confirms what the user saw without listing again. */
  const listed = new Map<string, Map<string, ListedOverride>>();

  const save = (key: string, value: unknown) => {
    try {
      options.store?.set(key, value);
    } catch {
      // Memory still holds it for this run; only a crash in the same breath would lose it.
    }
  };
  const rememberMade = (id: string) => {
    madeHere.add(id);
    save(MADE_HERE_KEY, [...madeHere].slice(-MAX_MADE_HERE));
  };
  const setIntents = (next: SwapIntent[]) => {
    intents = next.slice(-MAX_INTENTS);
    save(INTENTS_KEY, intents);
  };

  /** One client per account, so the schedule version found once is not looked up again. */
  function client() {
    const token = options.pagerdutyToken();
    if (!token) return null;
    const settings = options.settings();
    const key = [token, settings.pagerduty.region, settings.pagerduty.baseUrl, settings.polling.timeoutSeconds].join(
      '\n',
    );
    if (cached?.key !== key) {
      cached = {
        key,
        client: createOverridesClient({
          token,
          region: settings.pagerduty.region,
          baseUrl: settings.pagerduty.baseUrl,
          timeoutMs: settings.polling.timeoutSeconds * 1000,
          now: () => options.clock.now(),
        }),
      };
    }
    return cached.client;
  }

  function sourceTurn() {
    const turn = options.snapshot()?.turn;
    return turn?.current ?? turn?.next ?? null;
  }

  function turnOf(scheduleId?: string | null): SwapTurn | null {
    const source = sourceTurn();
    if (!source) return null;
    const index = scheduleId ? source.scheduleIds.indexOf(scheduleId) : 0;
    return index < 0 ? null : swapTurnOf(source, index);
  }

  function record(
    action: TurnActionName,
    turn: SwapTurn,
    overrideIds: string[],
    result: ActionResultKind,
    summary: string,
    requests: number,
  ) {
    try {
      options.log.record({
        at: options.clock.now(),
        action,
        ticketId: null,
        scheduleId: turn.scheduleId,
        scheduleName: plainText(turn.scheduleName, 80),
        overrideIds,
        result,
        summary,
        requests,
      });
    } catch {
      // The log is a record, not a gate: a full disk must not turn a done change into a reported failure.
    }
  }

  /** "Robin Rotation covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00": absolute, for the log. */
  function logSummary(who: string, turn: SwapTurn, startMs: number, endMs: number): string {
    const zone = options.timeZone();
    const at = (ms: number) => localTime(ms, zone).replace('T', ' ');
    return `${plainText(who, 60) || 'someone'} covers ${plainText(turn.scheduleName, 60) || turn.scheduleId} ${at(startMs)} to ${at(endMs)}`;
  }

  async function teammatesOf(overrides: OverridesClient, turn: SwapTurn): Promise<Teammate[]> {
    return overrides.scheduleUsers(turn.scheduleId, turn.startMs - TEAMMATE_WINDOW_MS, turn.endMs + TEAMMATE_WINDOW_MS);
  }

  async function planned(input: SwapInput) {
    const overrides = client();
    const me = options.snapshot()?.me;
    if (!overrides || !me) return { ok: false as const, reason: 'PagerDuty is not connected.', teammates: [] };
    const turn = turnOf(input.scheduleId);
    if (!turn) {
      const reason = input.scheduleId
        ? `Your current or next turn is not on schedule ${input.scheduleId}.`
        : 'You have no current or upcoming turn to swap.';
      return { ok: false as const, reason, teammates: [] };
    }
    const timeZone = options.timeZone();
    let span: SwapSpan;
    if (input.span.kind === 'local') {
      const converted = localRangeSpan(input.span.from, input.span.to, timeZone);
      if (!converted) {
        return {
          ok: false as const,
          reason: `Those are not times on your clock (${timeZone}): pick a start and an end inside your turn.`,
          teammates: [],
          turn,
        };
      }
      span = converted;
    } else {
      span = input.span;
    }
    const before = overrides.requests();
    let teammates: Teammate[];
    try {
      teammates = await teammatesOf(overrides, turn);
    } catch (error) {
      // A lookup refused or rate limited says so, like a write would.
      const failure = overrideFailure(error);
      return {
        ok: false as const,
        reason: failure.message,
        result: failure.result,
        permission: failure.permission,
        teammates: [],
        turn,
        requests: overrides.requests() - before,
      };
    }
    const plan = planSwap({
      turn,
      me: { id: me.id, name: me.name },
      teammates,
      teammateId: input.teammateId,
      span,
      timeZone,
      nowMs: options.clock.now(),
      baseUrl: overrides.baseUrl,
      ...knownKind(overrides, turn.scheduleId),
    });
    const lookups = overrides.requests() - before;
    return plan.ok
      ? { ok: true as const, plan, overrides, turn, teammates, lookups }
      : { ok: false as const, reason: plan.reason, teammates, turn, requests: lookups };
  }

  /**
   * Plans the ask (`ask` = its place in order), then joins a create of the same swap under way or just ended. The
   * key leaves the start out (a day already begun starts now, later for each ask), so only a create starting at
   * or before this one covers it; one starting later is waited for, then this ask is planned and created anew.
   */
  async function runOnce(input: SwapInput, ask: number): Promise<SwapOutcome> {
    const ready = await planned(input);
    if (!ready.ok) {
      const requests = 'requests' in ready ? (ready.requests ?? 0) : 0;
      const result = ('result' in ready ? ready.result : undefined) ?? 'refused';
      const permission = ('permission' in ready ? ready.permission : undefined) ?? null;
      if ('turn' in ready && ready.turn) record('swap', ready.turn, [], result, 'swap not sent', requests);
      return { result, message: ready.reason, permission, requests, overrideIds: [] };
    }
    const key = swapKey(ready.turn.scheduleId, ready.plan.override);
    const startMs = ready.plan.override.startMs;
    const running = runningSwaps.get(key);
    if (running) {
      if (running.startMs <= startMs) return running.outcome;
      await running.outcome.catch(() => undefined);
      return runOnce(input, ask);
    }
    const ended = endedSwaps.get(key);
    if (ended && ask < ended.asksBefore && ended.startMs <= startMs) return ended.outcome;
    const outcome = createOnce(ready, key);
    runningSwaps.set(key, { startMs, outcome });
    try {
      const result = await outcome;
      endedSwaps.set(key, { startMs, outcome: result, asksBefore: asks });
      return result;
    } finally {
      runningSwaps.delete(key);
    }
  }

  async function createOnce(
    ready: Extract<Awaited<ReturnType<typeof planned>>, { ok: true }>,
    key: string,
  ): Promise<SwapOutcome> {
    const { plan, overrides, turn } = ready;
    const before = overrides.requests() - ready.lookups;
    const sent = () => overrides.requests() - before;
    const summary = logSummary(plan.teammate.name, turn, plan.override.startMs, plan.override.endMs);
    const nowMs = options.clock.now();
    const pending = intents.find((intent) => intent.key === key && nowMs - intent.at < INTENT_TTL_MS);
    try {
      if (pending) {
        // An earlier create's outcome is unknown: look before sending it again.
        const found = await overrides.listMyOverrides(
          turn.scheduleId,
          { sinceMs: pending.startMs, untilMs: pending.endMs },
          { myUserId: pending.userId },
        );
        const made = found.find((item) => sameOverride(item, pending) && pending.startMs <= plan.override.startMs);
        if (made) {
          rememberMade(made.id);
          setIntents(intents.filter((intent) => intent.key !== key));
          record('swap', turn, [made.id], 'already_applied', summary, sent());
          await options.repoll().catch(() => undefined);
          return {
            result: 'already_applied',
            message: `Already done (an earlier try went through): ${plan.sentence}`,
            permission: null,
            requests: sent(),
            overrideIds: [made.id],
          };
        }
      }
      setIntents([
        ...intents.filter((intent) => intent.key !== key),
        { key, scheduleId: turn.scheduleId, userId: plan.override.userId, ...span(plan.override), at: nowMs },
      ]);
      const created = await overrides.createOverrides(turn.scheduleId, [plan.override]);
      // One made differently from the ask still exists: remembered like any other, so it can be removed here.
      const made = [...created.created, ...created.madeDifferently];
      for (const override of made) rememberMade(override.id);
      const ids = made.map((override) => override.id);
      await options.repoll().catch(() => undefined);
      if (created.unconfirmed.length > 0) {
        // PagerDuty said yes but its answer could not be read: keep the intent, so a retry looks first.
        record('swap', turn, ids, 'unknown', summary, sent());
        return {
          result: 'unknown',
          message:
            'PagerDuty accepted the request but its answer could not be read, so whether the override was made is unknown. Trying again is safe: the app looks for the override first.',
          permission: null,
          requests: sent(),
          overrideIds: ids,
        };
      }
      setIntents(intents.filter((intent) => intent.key !== key));
      const different = created.madeDifferently[0];
      if (different) {
        const who = ready.teammates.find((person) => person.id === different.userId)?.name ?? different.userId;
        const zone = options.timeZone();
        const coverage = overrideCoverage(different, turn.scheduleName, ready.teammates, zone, options.clock.now());
        record(
          'swap',
          turn,
          ids,
          'applied',
          logSummary(who, turn, Date.parse(different.start), Date.parse(different.end)),
          sent(),
        );
        return {
          result: 'applied',
          message: `PagerDuty made it as: ${coverage}; that is not what was asked, so check it (you can remove it from your overrides).`,
          permission: null,
          requests: sent(),
          overrideIds: ids,
        };
      }
      if (created.rejected.length > 0 || ids.length === 0) {
        const reasons = created.rejected.flatMap((item) => item.messages).join('; ');
        record('swap', turn, ids, 'invalid', summary, sent());
        return {
          result: 'invalid',
          message: `PagerDuty refused the override: ${reasons || 'no reason given'}.`,
          permission: null,
          requests: sent(),
          overrideIds: [],
        };
      }
      record('swap', turn, ids, 'applied', summary, sent());
      return {
        result: 'applied',
        message: `Done: ${plan.sentence}`,
        permission: null,
        requests: sent(),
        overrideIds: ids,
      };
    } catch (error) {
      const failure = overrideFailure(error);
      // Only an answer clears the intent: without one, the next try must look first.
      if (failure.result !== 'unknown') setIntents(intents.filter((intent) => intent.key !== key));
      record('swap', turn, [], failure.result, summary, sent());
      return { ...failure, requests: sent(), overrideIds: [] };
    }
  }

  async function list(scheduleId?: string | null): Promise<OverridesListing & { requests?: number }> {
    const overrides = client();
    const me = options.snapshot()?.me;
    if (!overrides || !me) return { error: 'PagerDuty is not connected.' };
    const turn = turnOf(scheduleId);
    if (!turn) return { error: 'You have no current or upcoming turn on that schedule.' };
    const nowMs = options.clock.now();
    try {
      const found = await overrides.listMyOverrides(
        turn.scheduleId,
        { sinceMs: nowMs, untilMs: Math.max(turn.endMs, nowMs + LIST_AHEAD_MS) },
        { myUserId: me.id, madeHere },
      );
      const teammates = await teammatesOf(overrides, turn).catch(() => [] as Teammate[]);
      const zone = options.timeZone();
      const upcoming = found
        .filter((override) => (Date.parse(override.end) || 0) > nowMs)
        .map((override): ListedOverride => {
          const who =
            teammates.find((person) => person.id === override.userId)?.name ?? override.userName ?? override.userId;
          return {
            ...override,
            scheduleId: turn.scheduleId,
            sentence: removalSentence(override, turn.scheduleName, teammates, zone, nowMs),
            coverage: overrideCoverage(override, turn.scheduleName, teammates, zone, nowMs),
            who: plainText(who, 80) || override.userId,
            inProgress: (Date.parse(override.start) || 0) < nowMs,
            removable: madeHere.has(override.id) || override.replacedUserId === me.id,
          };
        });
      listed.set(turn.scheduleId, new Map(upcoming.map((override) => [override.id, override])));
      return { scheduleId: turn.scheduleId, scheduleName: turn.scheduleName, overrides: upcoming };
    } catch (error) {
      return { error: errorText(error) };
    }
  }

  async function removeOnce(overrideId: string, scheduleId?: string | null): Promise<SwapRunResult> {
    const overrides = client();
    const turn = turnOf(scheduleId);
    if (!overrides || !turn) {
      return {
        result: 'refused',
        message: 'PagerDuty is not connected, or you have no turn.',
        permission: null,
        requests: 0,
      };
    }
    const before = overrides.requests();
    const sent = () => overrides.requests() - before;
    // Only an override the user was shown as theirs may go: main never deletes an id it did not list.
    let override = listed.get(turn.scheduleId)?.get(overrideId);
    if (!override) {
      const listing = await list(turn.scheduleId);
      if ('error' in listing) return { result: 'failed', message: listing.error, permission: null, requests: sent() };
      override = listing.overrides.find((item) => item.id === overrideId);
    }
    if (!override) {
      record('remove_override', turn, [], 'refused', 'remove override not sent', sent());
      return {
        result: 'refused',
        message: `Override ${plainText(overrideId, 64)} is not one of your upcoming overrides on ${turn.scheduleName}.`,
        permission: null,
        requests: sent(),
      };
    }
    const summary = `remove: ${logSummary(override.who, turn, Date.parse(override.start), Date.parse(override.end))}`;
    if (!override.removable) {
      record('remove_override', turn, [override.id], 'refused', summary, sent());
      return {
        result: 'refused',
        message: 'That override was not made here and does not hand over your own shift: remove it in PagerDuty.',
        permission: null,
        requests: sent(),
      };
    }
    try {
      const removed = await overrides.removeOverride(turn.scheduleId, override.id);
      listed.get(turn.scheduleId)?.delete(override.id);
      record('remove_override', turn, [override.id], 'applied', summary, sent());
      await options.repoll().catch(() => undefined);
      return {
        result: 'applied',
        message:
          removed === 'truncated'
            ? `The override was under way: it now ends now (${override.who}).`
            : `Removed: ${override.who} no longer covers ${turn.scheduleName} then; the rotation covers that time again.`,
        permission: null,
        requests: sent(),
      };
    } catch (error) {
      if (error instanceof OverrideError && error.kind === 'not_found') {
        // Listed a moment ago and gone now: an earlier try (or someone in PagerDuty) removed it.
        listed.get(turn.scheduleId)?.delete(override.id);
        record('remove_override', turn, [override.id], 'already_applied', summary, sent());
        await options.repoll().catch(() => undefined);
        return {
          result: 'already_applied',
          message: 'That override is already gone: nothing to remove.',
          permission: null,
          requests: sent(),
        };
      }
      const failure = overrideFailure(error);
      record('remove_override', turn, [override.id], failure.result, summary, sent());
      return { ...failure, requests: sent() };
    }
  }

  return {
    async options() {
      const overrides = client();
      const me = options.snapshot()?.me;
      if (!overrides || !me) return { ok: false, message: 'PagerDuty is not connected.' };
      const source = sourceTurn();
      const turns = (source?.scheduleIds ?? [])
        .map((_id, index) => (source ? swapTurnOf(source, index) : null))
        .filter((turn): turn is SwapTurn => turn !== null);
      if (turns.length === 0) return { ok: false, message: 'You have no current or upcoming turn to swap.' };
      const zone = options.timeZone();
      const nowMs = options.clock.now();
      const result: SwapTurnOption[] = [];
      for (const turn of turns) {
        let teammates: Teammate[];
        try {
          teammates = await teammatesOf(overrides, turn);
        } catch (error) {
          return { ok: false, message: errorText(error) };
        }
        const days = turnDays(turn, zone).filter((day) => day.endMs > nowMs);
        result.push({
          scheduleId: turn.scheduleId,
          scheduleName: turn.scheduleName,
          startMs: turn.startMs,
          endMs: turn.endMs,
          from: localTime(pickerStartMs(turn, nowMs), zone),
          to: localTime(turn.endMs, zone),
          label: `${formatWhen(turn.startMs, nowMs, zone)} to ${formatWhen(turn.endMs, nowMs, zone)}`,
          days: days.map((day) => ({ date: day.date, label: day.label })),
          teammates: teammates.filter((person) => person.id !== me.id),
        });
      }
      return { ok: true, timeZone: zone, turns: result };
    },

    async plan(input) {
      const ready = await planned(input);
      if (!ready.ok) return { kind: 'refused', message: ready.reason, teammates: ready.teammates };
      return {
        kind: 'confirm',
        confirmation: ready.plan.sentence,
        requests: ready.plan.requests.map((request) => ({
          method: request.method,
          url: request.url,
          body: request.body,
        })),
        note: ready.plan.requestNote,
      };
    },

    run(input) {
      const asked = JSON.stringify([input.scheduleId ?? null, input.teammateId, input.span]);
      const same = askedSwaps.get(asked);
      if (same) return same;
      asksUnderWay++;
      const outcome = runOnce(input, asks++).finally(() => {
        askedSwaps.delete(asked);
        // No ask is left that overlapped an ended create: a later ask is a new swap (its intent guards a retry).
        if (--asksUnderWay === 0) endedSwaps.clear();
      });
      askedSwaps.set(asked, outcome);
      return outcome;
    },

    async list(scheduleId) {
      return list(scheduleId);
    },

    remove(overrideId, scheduleId) {
      const key = `${scheduleId ?? ''}/${overrideId}`;
      const running = runningRemovals.get(key);
      if (running) return running;
      const outcome = removeOnce(overrideId, scheduleId).finally(() => runningRemovals.delete(key));
      runningRemovals.set(key, outcome);
      return outcome;
    },
  };
}

function span(override: { startMs: number; endMs: number }) {
  return { startMs: override.startMs, endMs: override.endMs };
}

/** The schedule's version when the client already found it, so the dry run lists only what will be sent. */
function knownKind(overrides: OverridesClient, scheduleId: string) {
  const kind = overrides.knownKind(scheduleId);
  return kind ? { scheduleKind: kind } : {};
}

function readIds(store: KeyValueStore | undefined, key: string): string[] {
  try {
    const raw = store?.get(key);
    return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string' && id.length <= 64) : [];
  } catch {
    return [];
  }
}

/** The stored intents that are well formed (the store is a boundary). */
function readIntents(store: KeyValueStore | undefined): SwapIntent[] {
  let raw: unknown;
  try {
    raw = store?.get(INTENTS_KEY);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (item): item is SwapIntent =>
        typeof item === 'object' &&
        item !== null &&
        typeof item.key === 'string' &&
        typeof item.scheduleId === 'string' &&
        typeof item.userId === 'string' &&
        Number.isFinite(item.startMs) &&
        Number.isFinite(item.endMs) &&
        Number.isFinite(item.at),
    )
    .map(({ key, scheduleId, userId, startMs, endMs, at }) => ({ key, scheduleId, userId, startMs, endMs, at }))
    .slice(-MAX_INTENTS);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A PagerDuty override error as a run result; a 403 names the permission (a write-capable user token). */
export function overrideFailure(error: unknown): Omit<SwapRunResult, 'requests'> {
  if (error instanceof OverrideError) {
    if (error.kind === 'forbidden') {
      return {
        result: 'forbidden',
        message: `PagerDuty refused: this needs ${FORBIDDEN_PERMISSION} (403).`,
        permission: FORBIDDEN_PERMISSION,
      };
    }
    if (error.kind === 'rate_limited') {
      const seconds = Math.ceil((error.details.retryAfterMs ?? 0) / 1000);
      return {
        result: 'rate_limited',
        message: `${error.message}; try again in ${seconds} s.`,
        permission: null,
      };
    }
    if (error.kind === 'invalid' || error.kind === 'not_found') {
      return { result: 'invalid', message: error.message, permission: null };
    }
    if (error.details?.outcomeUnknown || error.kind === 'server_error') {
      return {
        result: 'unknown',
        message: `${error.message}. Trying again is safe: the app looks for the override first.`,
        permission: null,
      };
    }
  }
  return { result: 'failed', message: errorText(error), permission: null };
}
