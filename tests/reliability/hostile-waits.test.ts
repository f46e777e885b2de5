/**
 * Waits the server asks for, at the engine (issue 10, class 1). `watch` runs in-process (runCli) against a hostile
 * server over real HTTP, on a fake clock and scheduler, for simulated half hours; and a fast-check property drives
 * the engine through random server answers (statuses, Retry-After and rate-limit headers, parsed by the real
 * transport functions) for simulated hours. Whatever the server says, a source is polled no more often than its
 * schedule allows (the budget in docs/RELIABILITY.md §8), except when the user asks for a refresh; no poll comes
 * before the time the server asked for (capped at an hour); and no loop ever stops.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main';
import { Engine, MAX_BACKOFF_MS, SETUP_RETRY_MS } from '../../src/main/core/engine';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { MAX_SERVER_WAIT_MS, type RateLimitInfo, readRateLimit, statusFailure } from '../../src/main/sources/http';
import { mulberry32 } from '../../src/main/sources/sandbox';
import { type PagerDutyTurnsResult, SourceError, type ZendeskQueueResult } from '../../src/main/sources/source';
import type { ServiceName, SourceFailure } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';
import { fakeTime } from '../support/fake-time';
import { untilQuiet } from '../support/quiet-io';
import { fakeScheduler, MINUTE, SECOND } from './harness';
import { idsOf, organization, ticket, user, ZENDESK_TOKEN } from './hostile-fixtures';
import { type HostileServer, sendJson, startHostileServer } from './hostile-server';

/** Monday 2026-11-30 10:00 UTC. */
const START = Date.parse('2026-11-30T10:00:00Z');

/**
 * The schedule's budget: after a success a source waits its interval; after a failure at least half of
 * min(interval, MAX_BACKOFF_MS) (the back-off's floor). So scheduled polls are at least `minPollGap` apart.
 */
function minPollGap(intervalMs: number): number {
  return Math.min(intervalMs, MAX_BACKOFF_MS) / 2;
}

/** At most this many scheduled polls fit in any sliding minute (Zendesk at 60 s: 2; PagerDuty at 300 s: 1). */
function pollBudgetPerMinute(intervalMs: number): number {
  return Math.ceil(MINUTE / minPollGap(intervalMs));
}

/** The most events in any window of one minute. */
function peakPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= MINUTE) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

// -----------------------------------------------------------------------------------------------------------------
// `watch` over real HTTP
// -----------------------------------------------------------------------------------------------------------------

let server: HostileServer;
let directory: string;

beforeAll(async () => {
  server = await startHostileServer((_request, response) => {
    response.end();
  });
  directory = mkdtempSync(join(tmpdir(), 'sh-waits-'));
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

type Answer = (response: ServerResponse, url: URL, nowMs: number) => void;

/** Every Zendesk request answered by `answer`; the view's tickets and side-loads are well-formed. */
function zendeskAnswering(answer: (nowMs: number) => { status: number; headers: Record<string, string> }): Answer {
  return (response, url, nowMs) => {
    const { status, headers } = answer(nowMs);
    if (status !== 200) return sendJson(response, status, { error: 'no' }, headers);
    if (url.pathname.startsWith('/api/v2/views/')) {
      return sendJson(response, 200, { tickets: [ticket(1), ticket(2)], next_page: null }, headers);
    }
    const ids = idsOf(url);
    return sendJson(
      response,
      200,
      {
        tickets: ids.map(ticket),
        users: ids.map((id) => user(1000 + id)),
        organizations: ids.map((id) => organization(2000 + id)),
      },
      headers,
    );
  };
}

interface WatchRun {
  code: number;
  /** Every request the server received, at its fake-clock instant. */
  requests: { at: number; path: string }[];
  stdout: string[];
  stderr: string[];
}

/**
 * Runs `support-hero watch` for `durationMs` of fake time against the hostile server: each timer fires at its
 * instant, and the driver lets real I/O finish (no request open, none new for a few turns) before time moves on.
 * A tight loop shows as thousands of timers at one instant: the driver gives up after `maxTimers`.
 */
async function watchFor(
  durationMs: number,
  answer: Answer,
  options: { argv?: string[]; configName?: string; maxTimers?: number } = {},
): Promise<WatchRun> {
  const time = fakeScheduler(START);
  const requests: { at: number; path: string }[] = [];
  let open = 0;
  server.handle((_request: IncomingMessage, response, url) => {
    requests.push({ at: time.clock.now(), path: url.pathname });
    open++;
    response.on('close', () => {
      open--;
    });
    answer(response, url, time.clock.now());
  });
  const config = join(directory, `${options.configName ?? `watch-${Math.random().toString(36).slice(2)}`}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      zendesk: { subdomain: 'acme', email: 'agent@example.com', viewIds: [1], baseUrl: `${server.origin}/api/v2` },
      app: { timeZone: 'UTC' },
    }),
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stop: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const running = runCli(
    ['watch', '--config', config, ...(options.argv ?? [])],
    { SUPPORT_HERO_ZENDESK_TOKEN: ZENDESK_TOKEN },
    {
      stdout: (text) => void stdout.push(text),
      stderr: (text) => void stderr.push(text),
      untilStopped: () => stopped,
      realNow: time.clock.now,
      scheduler: time.scheduler,
    },
  );

  const quiet = () => untilQuiet({ received: () => requests.length, open: () => open });

  const end = START + durationMs;
  const maxTimers = options.maxTimers ?? 5_000;
  await quiet();
  for (let fired = 0; ; fired++) {
    if (fired > maxTimers) throw new Error(`more than ${maxTimers} timers in ${durationMs} ms: a tight loop`);
    if (!time.fireNext(end)) break;
    await quiet();
  }
  time.set(end);
  stop('SIGTERM');
  const code = await running;
  return { code, requests, stdout, stderr };
}

const ZENDESK_INTERVAL = DEFAULT_SETTINGS.polling.zendeskSeconds * SECOND;
const views = (run: WatchRun) => run.requests.filter((request) => request.path.startsWith('/api/v2/views/'));

describe('watch against a server that asks for absurd waits', () => {
  it.each([
    ['-5', 'a negative Retry-After'],
    ['0', 'Retry-After 0'],
    ['Mon, 30 Nov 2020 09:00:00 GMT', 'a Retry-After date in the past'],
  ])('429 with Retry-After %j (%s): backs off, within the budget, and keeps trying', async (retryAfter) => {
    const run = await watchFor(
      30 * MINUTE,
      zendeskAnswering(() => ({ status: 429, headers: { 'retry-after': retryAfter } })),
    );
    expect(run.code).toBe(0);
    const polls = views(run).map((request) => request.at);
    // Thousands before the fix; now a handful, spaced by at least the back-off floor.
    expect(peakPerMinute(polls)).toBeLessThanOrEqual(pollBudgetPerMinute(ZENDESK_INTERVAL));
    expect(peakPerMinute(run.requests.map((request) => request.at))).toBeLessThanOrEqual(
      2 * pollBudgetPerMinute(ZENDESK_INTERVAL),
    );
    for (let i = 1; i < polls.length; i++) {
      expect(polls[i]! - polls[i - 1]!).toBeGreaterThanOrEqual(minPollGap(ZENDESK_INTERVAL));
    }
    // The gaps grow (exponential back-off) and the loop never gives up.
    expect(polls.length).toBeGreaterThanOrEqual(4);
    expect(polls.length).toBeLessThanOrEqual(8);
    expect(polls.at(-1)! - polls.at(-2)!).toBeGreaterThan(polls[1]! - polls[0]!);
    expect(run.stderr.join('\n')).toMatch(/Zendesk: rate limited, retrying at \d\d:\d\d/);
  });

  it('200 with ratelimit-remaining 0 and a 34-day reset: one full poll, then the next an hour later', async () => {
    const thirtyFourDays = String(34 * 24 * 60 * 60);
    const run = await watchFor(
      MAX_SERVER_WAIT_MS + 5 * MINUTE,
      zendeskAnswering(() => ({
        status: 200,
        headers: { 'ratelimit-limit': '200', 'ratelimit-remaining': '0', 'ratelimit-reset': thirtyFourDays },
      })),
    );
    expect(run.code).toBe(0);
    // Re-checked after the cap, not parked for 34 days (nor fired at once by an overflowing timer).
    expect(views(run).map((request) => request.at - START)).toEqual([0, MAX_SERVER_WAIT_MS]);
    expect(peakPerMinute(run.requests.map((request) => request.at))).toBeLessThanOrEqual(2);
  });

  it('200 with ratelimit-remaining 0 and an epoch reset 34 days ahead: the same hour', async () => {
    const run = await watchFor(
      MAX_SERVER_WAIT_MS + 5 * MINUTE,
      zendeskAnswering((nowMs) => ({
        status: 200,
        headers: {
          'x-rate-limit': '200',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.floor((nowMs + 34 * 24 * 3_600_000) / 1000)),
        },
      })),
    );
    expect(views(run).map((request) => request.at - START)).toEqual([0, MAX_SERVER_WAIT_MS]);
  });

  it('refused credentials slow the loop down to SETUP_RETRY_MS (jittered) and say when it checks again', async () => {
    const run = await watchFor(
      80 * MINUTE,
      zendeskAnswering(() => ({ status: 401, headers: {} })),
    );
    const polls = views(run).map((request) => request.at);
    // Never stopped, never hammered: a re-check every 30 to 37.5 minutes.
    expect(polls).toHaveLength(3);
    for (let i = 1; i < polls.length; i++) {
      expect(polls[i]! - polls[i - 1]!).toBeGreaterThanOrEqual(SETUP_RETRY_MS);
      expect(polls[i]! - polls[i - 1]!).toBeLessThanOrEqual(SETUP_RETRY_MS * 1.25);
    }
    expect(run.stderr.join('\n')).toMatch(
      /Zendesk refused the credentials \(401\): check them in the settings; checking again at 10:3\d/,
    );
  });
});

// -----------------------------------------------------------------------------------------------------------------
// The property: random server answers, the real header parsing, the real engine, fake time
// -----------------------------------------------------------------------------------------------------------------

const SIMULATED_MS = 3 * 60 * MINUTE;

const waitHeader = fc.oneof(
  fc.integer({ min: -100_000, max: 10_000_000_000 }).map(String),
  fc.constantFrom('0', '-5', '-0', '1.5', '1e3', 'NaN', '', 'soon', '20;w=60', String(34 * 24 * 3600)),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((date) => date.toUTCString()),
);

const answer = fc.record({
  status: fc.oneof(
    { weight: 5, arbitrary: fc.constant<number | 'offline'>(200) },
    { weight: 4, arbitrary: fc.constantFrom<number | 'offline'>(429, 503, 500, 502, 401, 403, 404, 400, 301) },
    { weight: 1, arbitrary: fc.constant<number | 'offline'>('offline') },
  ),
  retryAfter: fc.option(waitHeader, { nil: undefined }),
  limit: fc.option(fc.constantFrom('200', '10', '0', '400;w=60'), { nil: undefined }),
  remaining: fc.option(fc.constantFrom('0', '1', '5', '180', '-1', 'x'), { nil: undefined }),
  reset: fc.option(waitHeader, { nil: undefined }),
});
type Answer1 = typeof answer extends fc.Arbitrary<infer T> ? T : never;

interface Call {
  at: number;
  /** Sent because the user asked for a refresh. */
  refresh: boolean;
  /** For a rate-limited answer: the earliest next request the server allows (its ask, capped at an hour). */
  notBefore: number | null;
}

/** A source answering from `answers` in turn (cycling), through the transport's own header parsing. */
function scriptedSource(service: ServiceName, answers: Answer1[], now: () => number, refreshing: () => boolean) {
  const label = service === 'zendesk' ? 'Zendesk' : 'PagerDuty';
  const calls: Call[] = [];
  let next = 0;
  let rateLimit: RateLimitInfo | null = null;
  async function read(): Promise<void> {
    const at = now();
    const call: Call = { at, refresh: refreshing(), notBefore: null };
    calls.push(call);
    const planned = answers[next++ % answers.length]!;
    const headers = new Headers();
    const set = (name: string, value: string | undefined) => {
      if (value !== undefined) headers.set(name, value.replace(/[^\x20-\x7e]/g, ''));
    };
    set('retry-after', planned.retryAfter);
    set('ratelimit-limit', planned.limit);
    set('ratelimit-remaining', planned.remaining);
    set('ratelimit-reset', planned.reset);
    rateLimit = readRateLimit(headers, at) ?? rateLimit;
    if (planned.status === 'offline') throw new SourceError({ kind: 'offline', detail: `${label} is unreachable` });
    if (planned.status !== 200) {
      const failure: SourceFailure = statusFailure(planned.status, headers, at, label, 'GET /x');
      if (failure.kind === 'rate_limited') {
        call.notBefore = Math.min(Math.max(Date.parse(failure.retryAt), at), at + MAX_SERVER_WAIT_MS);
      }
      throw new SourceError(failure);
    }
  }
  return { calls, read, rateLimit: () => rateLimit };
}

describe('the engine keeps its schedule whatever the server answers (property)', () => {
  it('never more polls per minute than the schedule allows (refreshes aside), none before the server said, none stopped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          zendeskSeconds: fc.integer({ min: 15, max: 600 }),
          pagerdutySeconds: fc.integer({ min: 60, max: 7200 }),
          zendesk: fc.array(answer, { minLength: 1, maxLength: 30 }),
          pagerduty: fc.array(answer, { minLength: 1, maxLength: 15 }),
          refreshes: fc.array(fc.integer({ min: 1, max: SIMULATED_MS - 1 }), { maxLength: 4 }),
          seed: fc.integer(),
        }),
        async (scenario) => {
          const time = fakeTime(START);
          const settings: Settings = {
            ...structuredClone(DEFAULT_SETTINGS),
            polling: {
              ...DEFAULT_SETTINGS.polling,
              zendeskSeconds: scenario.zendeskSeconds,
              pagerdutySeconds: scenario.pagerdutySeconds,
            },
          };
          let refreshing = false;
          const zendesk = scriptedSource('zendesk', scenario.zendesk, time.clock.now, () => refreshing);
          const pagerduty = scriptedSource('pagerduty', scenario.pagerduty, time.clock.now, () => refreshing);
          const queue = async (): Promise<ZendeskQueueResult> => {
            await zendesk.read();
            return { tickets: [], problems: [], requests: 2 };
          };
          const turns = async (): Promise<PagerDutyTurnsResult> => {
            await pagerduty.read();
            return {
              me: { id: 'PME', name: 'Me', email: null },
              myEntries: [],
              onCallNow: [],
              upcomingOthers: [],
              schedules: [],
              problems: [],
              requests: 1,
            };
          };
          const engine = new Engine({
            clock: time.clock,
            scheduler: time.scheduler,
            random: mulberry32(scenario.seed),
            settings: () => settings,
            timeZone: () => 'UTC',
            sources: () => ({
              zendesk: { fetchQueue: queue, rateLimit: zendesk.rateLimit },
              pagerduty: { fetchTurns: turns, rateLimit: pagerduty.rateLimit },
            }),
            alerts: {
              process: () => [],
              state: () => ({ pausedUntil: null, quietHours: false, held: 0 }),
              pause: () => ({ pausedUntil: null, quietHours: false, held: 0 }),
            },
            demo: false,
          });
          engine.start();
          for (const at of [...scenario.refreshes].sort((a, b) => a - b)) {
            await time.advanceTo(START + at);
            refreshing = true;
            const polled = engine.pollNow();
            refreshing = false;
            await polled;
          }
          await time.advanceTo(START + SIMULATED_MS);
          await engine.stop();

          const check = (calls: Call[], intervalMs: number) => {
            const scheduled = calls.filter((call) => !call.refresh).map((call) => call.at);
            expect(peakPerMinute(scheduled)).toBeLessThanOrEqual(pollBudgetPerMinute(intervalMs));
            for (let i = 1; i < calls.length; i++) {
              const [previous, call] = [calls[i - 1]!, calls[i]!];
              // A scheduled poll keeps the back-off floor after any poll; nothing, not even a refresh, comes before
              // the server's own (capped) time.
              if (!call.refresh) expect(call.at - previous.at).toBeGreaterThanOrEqual(minPollGap(intervalMs));
              if (previous.notBefore !== null) expect(call.at).toBeGreaterThanOrEqual(previous.notBefore);
            }
            // Never stopped: the longest silence is a capped server wait, a setup re-check or the interval.
            const longest = Math.max(intervalMs, SETUP_RETRY_MS * 1.25, MAX_SERVER_WAIT_MS);
            const instants = [...calls.map((call) => call.at), START + SIMULATED_MS];
            for (let i = 1; i < instants.length; i++) {
              expect(instants[i]! - instants[i - 1]!).toBeLessThanOrEqual(longest);
            }
          };
          check(zendesk.calls, scenario.zendeskSeconds * SECOND);
          check(pagerduty.calls, scenario.pagerdutySeconds * SECOND);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
