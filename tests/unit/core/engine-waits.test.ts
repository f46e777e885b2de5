/**
 * The engine's side of hostile servers (issue 10): waits clamped whatever a source reports, long timers chained,
 * the retry's date when it is not today, a cut list in the health, a bad response's detail in the message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertCenter } from '../../../src/main/core/alerts';
import { Engine } from '../../../src/main/core/engine';
import { describeFailure, truncatedNote } from '../../../src/main/core/failures';
import { MAX_TIMER_STEP_MS, systemScheduler } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { MAX_SERVER_WAIT_MS } from '../../../src/main/sources/http';
import { MAX_ONCALL_PAGES } from '../../../src/main/sources/pagerduty';
import { MAX_TICKETS_PER_VIEW } from '../../../src/main/sources/zendesk';
import type { SourceFailure } from '../../../src/shared/domain';
import { DAY, makeTicket, memoryStore, recordingNotifier } from '../../support/factories';
import { fakePagerDuty, fakeTime, fakeZendesk } from '../../support/fake-time';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function setup(startMs: number) {
  const time = fakeTime(startMs);
  const settings = structuredClone(DEFAULT_SETTINGS);
  const zendesk = fakeZendesk(time.clock.now, () => [makeTicket({ id: 1 })]);
  const pagerduty = fakePagerDuty(time.clock.now);
  const engine = new Engine({
    clock: time.clock,
    scheduler: time.scheduler,
    random: () => 0.5,
    settings: () => settings,
    timeZone: () => 'UTC',
    sources: () => ({ zendesk: zendesk.source, pagerduty: pagerduty.source }),
    alerts: new AlertCenter({
      store: memoryStore(),
      notifier: recordingNotifier(),
      clock: time.clock,
      settings: () => settings,
      timeZone: () => 'UTC',
    }),
    demo: false,
  });
  return { time, zendesk, engine };
}

const limited = (retryAtMs: number): SourceFailure => ({
  kind: 'rate_limited',
  retryAt: new Date(retryAtMs).toISOString(),
  detail: 'Zendesk is rate limiting us (429, GET /api/v2/views/1/tickets.json)',
});

describe('waits a source reports are clamped by the loop, whatever parsed them', () => {
  const T0 = Date.parse('2026-11-30T10:00:00Z');

  it('a Retry-After 100 days ahead waits one hour, then asks again', async () => {
    const { time, zendesk, engine } = setup(T0);
    zendesk.script.push(limited(T0 + 100 * DAY), limited(T0 + 100 * DAY));
    engine.start();
    await time.advanceTo(T0 + 2 * MAX_SERVER_WAIT_MS);
    expect(zendesk.calls.map((at) => at - T0)).toEqual([0, MAX_SERVER_WAIT_MS, 2 * MAX_SERVER_WAIT_MS]);
    await engine.stop();
  });

  it('a Retry-After now or in the past waits the back-off, not 0 ms', async () => {
    const { time, zendesk, engine } = setup(T0);
    zendesk.script.push(limited(T0), limited(T0 - DAY), limited(T0));
    engine.start();
    await time.advanceTo(T0 + 10 * MINUTE);
    const gaps = zendesk.calls.slice(1).map((at, i) => at - zendesk.calls[i]!);
    // Equal jitter at 0.5 of min(15 min, 60 s × 2^(n-1)): 45 s, 90 s, 180 s, then the interval after the success.
    expect(gaps.slice(0, 5)).toEqual([45 * SECOND, 90 * SECOND, 180 * SECOND, 60 * SECOND, 60 * SECOND]);
    await engine.stop();
  });

  it('a wall clock set back does not stretch a Retry-After past the cap', async () => {
    const { time, zendesk, engine } = setup(T0);
    zendesk.script.push(limited(T0 + 30 * MINUTE));
    engine.start();
    await time.advanceTo(T0 + MINUTE);
    // The clock goes back a day and the settings change (which drops the scheduled retry): the server's time, read
    // against the new clock, is a day and a half hour away; the loop asks again after the cap instead.
    const back = T0 - DAY;
    time.clock.set(back);
    engine.settingsChanged();
    await time.advanceTo(back + MAX_SERVER_WAIT_MS - 1);
    expect(zendesk.calls).toEqual([T0]);
    await time.advanceTo(back + MAX_SERVER_WAIT_MS);
    expect(zendesk.calls).toEqual([T0, back + MAX_SERVER_WAIT_MS]);
    await engine.stop();
  });

  it('gives the date when the retry is not today', async () => {
    const late = Date.parse('2026-11-30T23:30:00Z');
    const { time, zendesk, engine } = setup(late);
    zendesk.script.push(limited(late + 50 * MINUTE));
    engine.start();
    await time.advanceTo(late);
    expect(engine.snapshot()!.sources.zendesk.message).toBe('Zendesk: rate limited, retrying at Tue 1 Dec 00:20');
    expect(describeFailure('zendesk', limited(late + 10 * MINUTE), late, 'UTC', late + 10 * MINUTE)).toBe(
      'rate limited, retrying at 23:40',
    );
    await engine.stop();
  });
});

describe('the system scheduler never overflows Node’s timer maximum', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('chains a 30-day wait in steps of at most MAX_TIMER_STEP_MS, firing once at the end', () => {
    vi.useFakeTimers();
    const armed: number[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      armed.push(ms ?? 0);
      return real(callback, ms);
    }) as typeof setTimeout);
    const fired: number[] = [];
    const start = Date.now();
    systemScheduler.setTimeout(() => fired.push(Date.now() - start), 30 * DAY);
    vi.advanceTimersByTime(30 * DAY - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([30 * DAY]);
    expect(Math.max(...armed)).toBeLessThanOrEqual(MAX_TIMER_STEP_MS);
    expect(armed.length).toBe(30 * 24);
  });

  it('cancels a chained wait part way, fires NaN and negative delays at once, and never fires Infinity', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    const long = systemScheduler.setTimeout(() => fired.push('long'), 3 * DAY);
    systemScheduler.setTimeout(() => fired.push('nan'), Number.NaN);
    systemScheduler.setTimeout(() => fired.push('negative'), -5);
    systemScheduler.setTimeout(() => fired.push('never'), Number.POSITIVE_INFINITY);
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(['nan', 'negative']);
    vi.advanceTimersByTime(DAY + 30 * MINUTE);
    systemScheduler.clearTimeout(long);
    vi.advanceTimersByTime(60 * DAY);
    expect(fired).toEqual(['nan', 'negative']);
  });
});

describe('a list cut short, and an unexpected response, in the health', () => {
  const T0 = Date.parse('2026-11-30T10:00:00Z');

  it('marks the source truncated while the data in hand is the cut list', async () => {
    const { time, zendesk, engine } = setup(T0);
    const tickets = [makeTicket({ id: 1 })];
    zendesk.script.push(
      { tickets, problems: [], requests: 100, truncated: true },
      { kind: 'server_error', status: 500, detail: 'Zendesk failed (500)' },
      { tickets, problems: [], requests: 2 },
    );
    engine.start();
    await time.advanceTo(T0);
    expect(engine.snapshot()!.sources.zendesk).toMatchObject({
      state: 'fresh',
      truncated: true,
      message: 'Zendesk: up to date (10:00); list cut short at 5,000 tickets per view',
    });
    await time.advanceTo(T0 + MINUTE);
    expect(engine.snapshot()!.sources.zendesk).toMatchObject({ state: 'stale', truncated: true });
    await time.advanceTo(T0 + 2 * MINUTE);
    expect(engine.snapshot()!.sources.zendesk).toMatchObject({ state: 'fresh', truncated: false });
    expect(engine.snapshot()!.sources.pagerduty.truncated).toBe(false);
    await engine.stop();
  });

  it('says the numbers of the sources’ own caps', () => {
    expect(truncatedNote('zendesk')).toContain(MAX_TICKETS_PER_VIEW.toLocaleString('en-US'));
    expect(truncatedNote('pagerduty')).toContain((MAX_ONCALL_PAGES * 100).toLocaleString('en-US'));
  });

  it('a source that crashes on a malformed answer (a show_many it cannot read) is a bad response, retried', async () => {
    const { time, engine } = setup(T0);
    let calls = 0;
    const crashing = new Engine({
      clock: time.clock,
      scheduler: time.scheduler,
      random: () => 0.5,
      settings: () => DEFAULT_SETTINGS,
      timeZone: () => 'UTC',
      sources: () => ({
        zendesk: {
          fetchQueue: () => {
            calls++;
            return Promise.reject(new TypeError("Cannot read properties of null (reading 'id')"));
          },
        },
        pagerduty: null,
      }),
      alerts: {
        process: () => [],
        state: () => ({ pausedUntil: null, quietHours: false, held: 0 }),
        pause: () => ({ pausedUntil: null, quietHours: false, held: 0 }),
      },
      demo: false,
    });
    crashing.start();
    await time.advanceTo(T0);
    expect(crashing.snapshot()!.sources.zendesk).toMatchObject({
      failure: { kind: 'bad_response', detail: 'Zendesk source failed unexpectedly' },
      message: 'Zendesk: unexpected response (source failed unexpectedly), retrying at 10:00',
    });
    // Never a configuration error, never a stop: back-off retries at 45 s, 90 s (+ 45 s), ...
    await time.advanceTo(T0 + 135 * SECOND);
    expect(calls).toBe(3);
    await crashing.stop();
    await engine.stop();
  });

  it('names what was unexpected about a response', async () => {
    const { time, zendesk, engine } = setup(T0);
    zendesk.script.push({
      kind: 'bad_response',
      detail: 'Zendesk sent a response too large (over 32 MiB, GET /api/v2/views/1/tickets.json)',
    });
    engine.start();
    await time.advanceTo(T0);
    expect(engine.snapshot()!.sources.zendesk.message).toBe(
      'Zendesk: unexpected response (sent a response too large (over 32 MiB, GET /api/v2/views/1/tickets.json)), retrying at 10:00',
    );
    await engine.stop();
  });
});
