/**
 * Time: sleep and wake, wall-clock jumps both ways, a DST change and a turn that starts while asleep, through the
 * real engine, ledger and sources over the sandbox. Each must give the right single alert, never a burst or a repeat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { DEMO_ME, demoScenario } from '../../src/main/sources/sandbox';
import type { Alert } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';
import { HOUR, MINUTE, NOW, startWorld, type World, type WorldOptions } from './harness';

const CS_TAGS = new Set(DEFAULT_SETTINGS.zendesk.customerSuccessTags);

interface Layout {
  /** The demo engineer's one turn, in minutes from the anchor. */
  turn: [number, number];
  /** One open ticket per entry, its SLA breaching this many minutes after the anchor. */
  breaches: number[];
}

const worlds: World[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.close();
});

/** The demo world reduced to one turn and a few tickets with SLA targets; returns the world and those ticket ids. */
async function world(layout: Layout, options: WorldOptions = {}, anchorMs = options.startMs ?? NOW) {
  const scenario = { ...demoScenario(), anchorMs };
  const candidates = scenario.zendesk.tickets.filter(
    (ticket) => (ticket.status === 'open' || ticket.status === 'new') && !ticket.tags.some((tag) => CS_TAGS.has(tag)),
  );
  const chosen = candidates.slice(0, layout.breaches.length);
  chosen.forEach((ticket, index) => {
    ticket.sla = [{ metric: 'next_reply_time', stage: 'active', breachInMinutes: layout.breaches[index]! }];
  });
  // Only the chosen tickets stay in the queue, so every alert in the run is one this test expects.
  scenario.zendesk.tickets = chosen;
  for (const schedule of scenario.pagerduty.schedules) {
    schedule.shifts = schedule.shifts.filter((shift) => shift.userId !== DEMO_ME.id);
  }
  scenario.pagerduty.schedules[0]!.shifts.push({
    userId: DEMO_ME.id,
    startInMinutes: layout.turn[0],
    endInMinutes: layout.turn[1],
  });
  const w = await startWorld({ ...options, sandbox: { scenario } });
  worlds.push(w);
  return { w, ids: chosen.map((ticket) => ticket.id) };
}

/** Alerts delivered from `from` on, by id. */
const since = (w: World, from: number) => w.delivered.slice(from).map((alert: Alert) => alert.id);
const iso = (ms: number) => new Date(ms).toISOString();
const slaId = (ticket: number, breachMs: number, minutes: number) =>
  `sla_warning:${ticket}:next_reply_time:${iso(breachMs)}:${minutes}`;

function expectNoRepeats(w: World): void {
  const ids = w.delivered.map((alert) => alert.id);
  expect(new Set(ids).size).toBe(ids.length);
}

/** Quiet hours off, so these tests see alerts at the instant they fall due. */
const noQuietHours = (settings: Settings): Settings => ({
  ...settings,
  notifications: { ...settings.notifications, quietOutsideWorkingHours: false },
});

describe('time', () => {
  it('a running turn is announced once however many PagerDuty polls see it', async () => {
    // The turn began 10 minutes before the first poll; PagerDuty clips on-call starts to the query's `since`.
    const { w } = await world({ turn: [-10, 7 * 24 * 60], breaches: [] });
    await w.start();
    await w.advanceBy(3 * HOUR);
    expect(w.delivered.filter((alert) => alert.kind === 'turn_started').map((alert) => alert.id)).toEqual([
      `turn_started:${iso(NOW - 10 * MINUTE)}`,
    ]);
    expectNoRepeats(w);
  });

  it('sleep 8 h then wake: only the latest SLA threshold crossed in the sleep, nothing for a breach already past', async () => {
    const { w, ids } = await world(
      { turn: [-60, 7 * 24 * 60], breaches: [5 * 60, 9 * 60 + 30] },
      { settings: noQuietHours },
    );
    await w.start();
    await w.advanceBy(MINUTE);
    const before = w.delivered.length;
    await w.jump(8 * HOUR);
    w.engine.wake();
    await w.quiesce();
    await w.advanceBy(0);
    // Ticket 1 breached at 15:00 while asleep (the queue shows it); ticket 2 crossed 180 and 120 minutes: one alert.
    expect(since(w, before)).toEqual([slaId(ids[1]!, NOW + (9 * 60 + 30) * MINUTE, 120)]);
    // Its last warning still comes on time.
    await w.advanceTo(NOW + (8 * 60 + 30) * MINUTE);
    expect(since(w, before)).toEqual([
      slaId(ids[1]!, NOW + (9 * 60 + 30) * MINUTE, 120),
      slaId(ids[1]!, NOW + (9 * 60 + 30) * MINUTE, 60),
    ]);
    expectNoRepeats(w);
  });

  it('the clock jumps forward 6 h: one alert per target (the latest threshold), not a burst of stale ones', async () => {
    const { w, ids } = await world(
      { turn: [-60, 7 * 24 * 60], breaches: [6 * 60 + 150, 6 * 60 + 170, 6 * 60 + 100] },
      { settings: noQuietHours },
    );
    await w.start();
    const before = w.delivered.length;
    await w.jump(6 * HOUR);
    await w.advanceBy(MINUTE);
    const after = since(w, before).sort();
    // Three tickets, three alerts, each the latest threshold crossed: 150 -> 180, 170 -> 180, 100 -> 120.
    expect(after).toEqual(
      [
        slaId(ids[0]!, NOW + (6 * 60 + 150) * MINUTE, 180),
        slaId(ids[1]!, NOW + (6 * 60 + 170) * MINUTE, 180),
        slaId(ids[2]!, NOW + (6 * 60 + 100) * MINUTE, 120),
      ].sort(),
    );
    expectNoRepeats(w);
  });

  it('the clock goes back 1 h: nothing announced again, the remaining warnings still come once', async () => {
    const breach = NOW + 4 * HOUR;
    const { w, ids } = await world({ turn: [-60, 7 * 24 * 60], breaches: [4 * 60] }, { settings: noQuietHours });
    await w.start();
    await w.advanceTo(breach - 2 * HOUR + MINUTE);
    expect(w.delivered.filter((alert) => alert.kind === 'sla_warning').map((alert) => alert.id)).toEqual([
      slaId(ids[0]!, breach, 180),
      slaId(ids[0]!, breach, 120),
    ]);
    await w.jump(-HOUR);
    await w.advanceBy(2 * HOUR);
    expect(w.delivered.filter((alert) => alert.kind === 'sla_warning').map((alert) => alert.id)).toEqual([
      slaId(ids[0]!, breach, 180),
      slaId(ids[0]!, breach, 120),
      slaId(ids[0]!, breach, 60),
    ]);
    await w.advanceTo(breach + HOUR);
    expect(w.delivered.filter((alert) => alert.kind === 'sla_warning')).toHaveLength(3);
    expectNoRepeats(w);
  });

  it('across the New York DST change, held alerts arrive as one summary at 09:00 local (EST), not an hour early', async () => {
    // Monday 2026-11-02, the day after clocks went back: 09:00 in New York is 14:00 UTC (it was 13:00 UTC on Friday).
    const start = Date.parse('2026-11-02T12:00:00Z');
    const nineLocal = Date.parse('2026-11-02T14:00:00Z');
    const breach = start + 3 * HOUR + 30 * MINUTE;
    const { w, ids } = await world(
      { turn: [-24 * 60, 7 * 24 * 60], breaches: [3 * 60 + 30] },
      { startMs: start, timeZone: 'America/New_York' },
    );
    await w.start();
    await w.advanceTo(nineLocal - MINUTE);
    // The 180 and 120 warnings (12:30 and 13:30 UTC) fell before 09:00 local: held, nothing shown.
    expect(w.delivered.filter((alert) => alert.kind !== 'turn_upcoming' && alert.kind !== 'turn_ending')).toEqual([]);
    expect(w.engine.snapshot()!.notifications).toMatchObject({ quietHours: true, held: 2 });
    await w.advanceTo(nineLocal);
    const shown = w.delivered.filter((alert) => alert.kind === 'summary' || alert.kind === 'sla_warning');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ kind: 'summary', dueAt: iso(nineLocal), ticketId: null });
    expect(shown[0]!.title).toBe('While you were away: 2 alerts');
    // The 60-minute warning is urgent and on time.
    await w.advanceTo(breach - HOUR);
    expect(w.delivered.map((alert) => alert.id)).toContain(slaId(ids[0]!, breach, 60));
    expectNoRepeats(w);
  });

  it('a turn that starts while asleep: one "turn started" on wake, no late heads-up', async () => {
    const { w } = await world({ turn: [30, 7 * 24 * 60], breaches: [] });
    await w.start();
    const before = w.delivered.length;
    await w.jump(45 * MINUTE);
    w.engine.wake();
    await w.quiesce();
    await w.advanceBy(MINUTE);
    expect(since(w, before)).toEqual([`turn_started:${iso(NOW + 30 * MINUTE)}`]);
    await w.advanceBy(2 * HOUR);
    expect(since(w, before)).toEqual([`turn_started:${iso(NOW + 30 * MINUTE)}`]);
    expectNoRepeats(w);
  });

  it('a turn that started hours before the wake is stale news: nothing announced', async () => {
    const { w } = await world({ turn: [30, 7 * 24 * 60], breaches: [] });
    await w.start();
    const before = w.delivered.length;
    await w.jump(4 * HOUR);
    w.engine.wake();
    await w.advanceBy(HOUR);
    expect(since(w, before)).toEqual([]);
    expect(w.engine.snapshot()!.turn.onCall).toBe(true);
  });
});
