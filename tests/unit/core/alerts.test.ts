import { describe, expect, it } from 'vitest';
import { AlertCenter, LEDGER_KEY, nextWorkingDayStart } from '../../../src/main/core/alerts';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { Alert, OnCallEntry, SlackRequestEntry, Ticket } from '../../../src/shared/domain';
import type { Settings } from '../../../src/shared/settings';
import {
  at,
  DAY,
  fixedClock,
  HOUR,
  MINUTE,
  makeEntry,
  makeSlackRequestEntry,
  makeTicket,
  memoryStore,
  recordingNotifier,
  slaIn,
  T0,
} from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

/** On call all week around T0 (Monday 10:00 UTC). */
const ON_CALL = [makeEntry(-DAY / MINUTE, (6 * DAY) / MINUTE)];

function setup(options: { settings?: Settings; timeZone?: string; store?: ReturnType<typeof memoryStore> } = {}) {
  const store = options.store ?? memoryStore();
  const notifier = recordingNotifier();
  const clock = fixedClock(T0);
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const center = new AlertCenter({
    store,
    notifier,
    clock,
    settings: () => settings,
    timeZone: () => options.timeZone ?? 'UTC',
  });
  const run = (tickets: Ticket[], myEntries: OnCallEntry[] = ON_CALL): Alert[] =>
    center.process(makeSnapshot({ tickets, myEntries, nowMs: clock.now(), settings }));
  return { store, notifier, clock, center, run, settings };
}

describe('SLA warnings (handbook: 3h, 2h and 1h before breach, at most 3 per ticket)', () => {
  it('fires at each threshold, then no more', () => {
    const { run, clock } = setup();
    const ticket = makeTicket({ id: 123, subject: 'Insights are empty', slaMetrics: [slaIn(200)] });
    const seen: string[] = [];
    for (let minute = 0; minute <= 260; minute += 5) {
      clock.set(T0 + minute * MINUTE);
      for (const alert of run([ticket])) seen.push(`${minute}:${alert.title}:${alert.urgent}`);
    }
    expect(seen).toEqual([
      '20:SLA breach in 3h: #123:false',
      '80:SLA breach in 2h: #123:false',
      '140:SLA breach in 1h: #123:true',
    ]);
  });

  it.each([
    ['exactly 3h before breach fires the 3h warning', 180, ['SLA breach in 3h: #1']],
    ['3h and a minute before breach fires nothing', 181, []],
    ['after a restart 30m before breach only the 1h warning fires', 30, ['SLA breach in 30m: #1']],
    ['after a jump to 2h30m before breach only the 3h warning fires', 150, ['SLA breach in 2h 30m: #1']],
    ['a breached ticket gets no warning', -5, []],
  ])('%s', (_name, minutesToBreach, titles) => {
    const { run } = setup();
    expect(run([makeTicket({ id: 1, slaMetrics: [slaIn(minutesToBreach)] })]).map((a) => a.title)).toEqual(titles);
  });

  it('records a threshold crossed long ago as skipped, not shown', () => {
    const { run, center } = setup();
    run([makeTicket({ id: 1, slaMetrics: [slaIn(30)] })]);
    const statuses = Object.entries(center.entries())
      .filter(([id]) => id.startsWith('sla_warning:'))
      .map(([id, e]) => [id.replace(/:\d{4}-.*Z/, ':<at>'), e.status]);
    expect(statuses).toEqual([
      ['sla_warning:1:next_reply_time:<at>:180', 'skipped'],
      ['sla_warning:1:next_reply_time:<at>:120', 'skipped'],
      ['sla_warning:1:next_reply_time:<at>:60', 'delivered'],
    ]);
  });

  it('a new breach_at re-arms the warnings', () => {
    const { run, clock } = setup();
    expect(run([makeTicket({ id: 1, slaMetrics: [slaIn(50)] })])).toHaveLength(1);
    clock.advance(10 * MINUTE);
    expect(run([makeTicket({ id: 1, slaMetrics: [slaIn(50)] })])).toHaveLength(0);
    expect(run([makeTicket({ id: 1, slaMetrics: [slaIn(50, 'next_reply_time', clock.now())] })])).toHaveLength(1);
  });

  it.each<[string, Partial<Ticket>]>([
    ['pending pauses the SLA', { status: 'pending' }],
    ['on-hold pauses the SLA', { status: 'hold' }],
    ['solved stops the SLA', { status: 'solved' }],
  ])('%s: no warning', (_name, overrides) => {
    const { run } = setup();
    expect(run([makeTicket({ ...overrides, slaMetrics: [slaIn(30)] })])).toEqual([]);
  });

  it('an achieved or paused metric warns of nothing', () => {
    const { run } = setup();
    const metrics = [
      { metric: 'first_reply_time', stage: 'achieved' as const, breachAt: at(30) },
      { metric: 'next_reply_time', stage: 'paused' as const, breachAt: at(30) },
    ];
    expect(run([makeTicket({ slaMetrics: metrics })])).toEqual([]);
  });

  it('changing thresholds never makes a 4th warning for one ticket', () => {
    const store = memoryStore();
    const first = setup({ store });
    const ticket = makeTicket({ id: 1, slaMetrics: [slaIn(200)] });
    const delivered: Alert[] = [];
    for (const minutes of [20, 80, 140]) {
      first.clock.set(T0 + minutes * MINUTE);
      delivered.push(...first.run([ticket]));
    }
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.notifications.slaWarningMinutes = [30, 15];
    const second = setup({ store, settings });
    second.clock.set(T0 + 175 * MINUTE);
    delivered.push(...second.run([ticket]));
    expect(delivered.filter((a) => a.kind === 'sla_warning')).toHaveLength(3);
  });

  // Issue 11 changed this rule: it was "each SLA target of a ticket is warned about separately" (six warnings
  // for a ticket with two running targets). The handbook caps them per ticket.
  it('a ticket with two running targets is warned about its soonest breach, one warning at a time', () => {
    const { run } = setup();
    const alerts = run([makeTicket({ id: 1, slaMetrics: [slaIn(30), slaIn(170, 'periodic_update_time')] })]);
    expect(alerts.map((a) => a.title)).toEqual(['SLA breach in 30m: #1']);
  });
});

describe('SLA warnings per ticket and episode (handbook: "The maximum number of alerts ... for a single ticket is 3")', () => {
  const reply = (breach: number) => ({ metric: 'next_reply_time', stage: 'active' as const, breachAt: at(breach) });
  const update = (breach: number) => ({
    metric: 'periodic_update_time',
    stage: 'active' as const,
    breachAt: at(breach),
  });
  const achieved = (metric: { metric: string; breachAt: string }) => ({ ...metric, stage: 'achieved' as const });

  /** Runs the clock minute by minute over `[from, to]`, the ticket's metrics given per minute. */
  function sweep(
    run: (tickets: Ticket[]) => Alert[],
    clock: ReturnType<typeof fixedClock>,
    from: number,
    to: number,
    metricsAt: (minute: number) => Ticket['slaMetrics'],
    status: (minute: number) => Ticket['status'] = () => 'open',
  ): string[] {
    const seen: string[] = [];
    for (let minute = from; minute <= to; minute++) {
      clock.set(T0 + minute * MINUTE);
      const ticket = makeTicket({ id: 1, status: status(minute), slaMetrics: metricsAt(minute) });
      for (const alert of run([ticket])) seen.push(`${minute}:${alert.title}`);
    }
    return seen;
  }

  it('two targets running side by side get three warnings in all, not six', () => {
    const { run, clock } = setup();
    // Next reply breaches at +200m, the periodic update at +230m: the reply drives the warnings until it breaches,
    // and by then the ticket has had its three.
    const seen = sweep(run, clock, 0, 300, () => [reply(200), update(230)]);
    expect(seen).toEqual(['20:SLA breach in 3h: #1', '80:SLA breach in 2h: #1', '140:SLA breach in 1h: #1']);
  });

  it('a reply (the target achieved) stops the warnings at once; a target that starts later warns again', () => {
    const { run, clock } = setup();
    // Warned at 3h and 2h; the agent replies at +100m (achieved); the customer answers at +150m, a new next-reply
    // target breaching at +400m: a new episode, warned from its own 3h threshold on.
    const metricsAt = (minute: number) =>
      minute < 100 ? [reply(200)] : minute < 150 ? [achieved(reply(200))] : [achieved(reply(200)), reply(400)];
    expect(sweep(run, clock, 0, 420, metricsAt)).toEqual([
      '20:SLA breach in 3h: #1',
      '80:SLA breach in 2h: #1',
      '220:SLA breach in 3h: #1',
      '280:SLA breach in 2h: #1',
      '340:SLA breach in 1h: #1',
    ]);
  });

  it('pending pauses the warnings; a target that runs again after the pause is a new episode', () => {
    const { run, clock } = setup();
    // Pending from +30m to +60m; back open, Zendesk gives the reply target a new breach time (+250m).
    const metricsAt = (minute: number) => (minute < 60 ? [reply(200)] : [reply(250)]);
    const status = (minute: number) => (minute >= 30 && minute < 60 ? 'pending' : 'open');
    expect(sweep(run, clock, 0, 260, metricsAt, status)).toEqual([
      '20:SLA breach in 3h: #1',
      '70:SLA breach in 3h: #1',
      '130:SLA breach in 2h: #1',
      '190:SLA breach in 1h: #1',
    ]);
  });

  it('a target that joins while another runs continues the episode: still three in all', () => {
    const { run, clock } = setup();
    // The reply target is achieved at +130m, but the periodic update (running since +10m) overlaps it, so the
    // episode continues: one more warning for the update (its 3h threshold at +150m), none after the third.
    const metricsAt = (minute: number) =>
      minute < 10 ? [reply(200)] : minute < 130 ? [reply(200), update(330)] : [achieved(reply(200)), update(330)];
    expect(sweep(run, clock, 0, 340, metricsAt)).toEqual([
      '20:SLA breach in 3h: #1',
      '80:SLA breach in 2h: #1',
      '150:SLA breach in 3h: #1',
    ]);
  });

  it('the cap holds across a restart (the episode is kept in the ledger)', () => {
    const store = memoryStore();
    const first = setup({ store });
    const delivered: string[] = [];
    for (const minute of [20, 80]) {
      first.clock.set(T0 + minute * MINUTE);
      delivered.push(...first.run([makeTicket({ id: 1, slaMetrics: [reply(200), update(230)] })]).map((a) => a.id));
    }
    // Restarted after the reply target was achieved: the update target carries the episode on.
    const second = setup({ store });
    for (const minute of [110, 120, 170, 200]) {
      second.clock.set(T0 + minute * MINUTE);
      const ticket = makeTicket({ id: 1, slaMetrics: [achieved(reply(200)), update(230)] });
      delivered.push(...second.run([ticket]).map((a) => a.id));
    }
    expect(delivered).toEqual([
      `sla_warning:1:next_reply_time:${at(200)}:180`,
      `sla_warning:1:next_reply_time:${at(200)}:120`,
      `sla_warning:1:periodic_update_time:${at(230)}:120`,
    ]);
    const ledger = store.get(LEDGER_KEY) as { episodes: Record<string, { warned: number; targets: string[] }> };
    expect(ledger.episodes['1']).toMatchObject({ warned: 3, targets: [`1:periodic_update_time:${at(230)}`] });
  });

  it('a ledger written before episodes keeps counting the warnings it recorded', () => {
    const store = memoryStore();
    const first = setup({ store });
    for (const minute of [20, 80]) {
      first.clock.set(T0 + minute * MINUTE);
      first.run([makeTicket({ id: 1, slaMetrics: [reply(200)] })]);
    }
    const old = store.get(LEDGER_KEY) as Record<string, unknown>;
    delete old.episodes;
    store.set(LEDGER_KEY, old);
    // A fourth threshold, so only the count of what was shown can keep the ticket at three.
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.notifications.slaWarningMinutes = [180, 120, 90, 60];
    const third = setup({ store, settings });
    third.clock.set(T0 + 110 * MINUTE);
    expect(third.run([makeTicket({ id: 1, slaMetrics: [reply(200)] })]).map((a) => a.title)).toEqual([
      'SLA breach in 1h 30m: #1',
    ]);
    third.clock.set(T0 + 140 * MINUTE);
    expect(third.run([makeTicket({ id: 1, slaMetrics: [reply(200)] })])).toEqual([]);
  });

  it('malformed episodes in the store are dropped, not thrown', () => {
    const { run } = setup({
      store: memoryStore({
        [LEDGER_KEY]: {
          entries: {},
          pausedUntil: null,
          episodes: { 1: { id: 7, targets: 'x' }, x: { id: 'a', targets: ['a'], warned: 9, updatedAt: 0 }, 2: null },
        },
      }),
    });
    expect(run([makeTicket({ id: 1, slaMetrics: [slaIn(30)] })]).map((a) => a.title)).toEqual([
      'SLA breach in 30m: #1',
    ]);
  });
});

describe('tagged by Customer Success', () => {
  it('alerts once per ticket, across restarts', () => {
    const store = memoryStore();
    const first = setup({ store });
    const ticket = makeTicket({ id: 77, tags: ['cs_tagged'], subject: 'Billing is wrong' });
    expect(first.run([ticket]).map((a) => [a.kind, a.title, a.body])).toEqual([
      ['cs_tagged', 'Tagged by Customer Success: #77', 'Billing is wrong'],
    ]);
    first.clock.advance(HOUR);
    expect(first.run([ticket])).toEqual([]);
    const second = setup({ store });
    second.clock.set(T0 + 2 * HOUR);
    expect(second.run([ticket])).toEqual([]);
  });
});

describe('content warnings (handbook: avoid inadvertently seeing offensive content)', () => {
  it('a notification about a content-warning ticket hides its subject', () => {
    const { run } = setup();
    const flagged = makeTicket({
      id: 5,
      tags: ['cs_tagged', 'content_warning'],
      subject: 'Something explicit',
      slaMetrics: [slaIn(30)],
    });
    const alerts = run([flagged]);
    expect(alerts.map((a) => [a.kind, a.body])).toEqual([
      ['sla_warning', 'Subject hidden: content warning'],
      ['cs_tagged', 'Subject hidden: content warning'],
    ]);
  });
});

describe('community questions (handbook: answer on the website, never from Zendesk)', () => {
  it("an alert about a community question opens the question's page", () => {
    const { run } = setup();
    const question = makeTicket({
      id: 6,
      tags: ['cs_tagged'],
      source: 'community',
      moderationUrl: 'https://posthog.com/questions/q6',
      slaMetrics: [slaIn(30)],
    });
    expect(run([question]).map((a) => [a.kind, a.url])).toEqual([
      ['sla_warning', 'https://posthog.com/questions/q6'],
      ['cs_tagged', 'https://posthog.com/questions/q6'],
    ]);
  });
});

describe('turn alerts', () => {
  const start = (2 * DAY) / MINUTE; // Wednesday 10:00
  const nextTurn = [makeEntry(start, start + (7 * DAY) / MINUTE)];

  it('heads-ups at each lead time before the turn, then at start', () => {
    const { run, clock } = setup();
    const seen: string[] = [];
    for (const minute of [0, start - 1441, start - 1440, start - 1000, start - 15, start - 1, start, start + 5]) {
      clock.set(T0 + minute * MINUTE);
      for (const alert of run([], nextTurn)) seen.push(`${alert.kind}:${alert.title}:${alert.urgent}`);
    }
    expect(seen).toEqual([
      'turn_upcoming:Support Hero turn in 1d:false',
      'turn_upcoming:Support Hero turn in 15m:false',
      'turn_started:Your Support Hero turn started:true',
    ]);
  });

  it('after a sleep past both lead times only the latest heads-up fires', () => {
    const { run, clock } = setup();
    clock.set(T0 + (start - 10) * MINUTE);
    expect(run([], nextTurn).map((a) => a.title)).toEqual(['Support Hero turn in 10m']);
  });

  it('a turn ending as the next begins is one turn: no end or start alert at the seam', () => {
    const { run, clock } = setup();
    const entries = [makeEntry(-60, 120), makeEntry(120, 420, { scheduleId: 'PLGXQIF', scheduleName: 'Replay' })];
    expect(run([], entries).map((a) => a.kind)).toEqual(['turn_started']);
    for (const minute of [60, 119, 120, 121]) {
      clock.set(T0 + minute * MINUTE);
      expect(run([], entries)).toEqual([]);
    }
    clock.set(T0 + 360 * MINUTE);
    expect(run([], entries).map((a) => a.kind)).toEqual(['turn_ending']);
  });

  it('the end-of-turn reminder lists the tickets to hand over', () => {
    const { run, clock } = setup();
    const entries = [makeEntry(-60, 120)];
    const tickets = [
      makeTicket({ id: 1, tags: ['cs_tagged'] }),
      makeTicket({ id: 2, tags: ['escalated'], priority: 'high' }),
      makeTicket({ id: 3, priority: 'low' }),
    ];
    run(tickets, entries);
    clock.set(T0 + 60 * MINUTE);
    expect(run(tickets, entries).map((a) => [a.title, a.body])).toEqual([
      ['Support Hero turn ends in 1h', 'Resolve or hand over 2 tickets: #1, #2'],
    ]);
  });
});

describe('end-of-turn handover reminder outside working hours (handbook: hand over tiers 1-4 at the end)', () => {
  const tickets = [makeTicket({ id: 1, tags: ['cs_tagged'] })];

  it.each([
    // T0 is Monday 10:00 UTC; working hours are weekdays 09:00-18:00.
    ['a turn ending Monday 21:00 reminds at 17:00 that day', 11 * 60, '2026-11-30T17:00:00.000Z'],
    ['a turn ending Tuesday 09:00 reminds Monday at 17:00', 23 * 60, '2026-11-30T17:00:00.000Z'],
    ['a turn ending Saturday 12:00 reminds Friday at 17:00', (5 * DAY + 2 * HOUR) / MINUTE, '2026-12-04T17:00:00.000Z'],
    ['a turn ending Monday 16:00 reminds at 15:00 as usual', 6 * 60, '2026-11-30T15:00:00.000Z'],
  ])('%s', (_name, endMinutes, expectedDue) => {
    const { run, clock } = setup();
    const entries = [makeEntry(-DAY / MINUTE, endMinutes)];
    run(tickets, entries);
    const seen: Alert[] = [];
    for (let t = T0 + MINUTE; t < T0 + endMinutes * MINUTE; t += 15 * MINUTE) {
      clock.set(t);
      seen.push(...run(tickets, entries).filter((a) => a.kind === 'turn_ending'));
    }
    expect(seen.map((a) => [a.dueAt, a.body])).toEqual([[expectedDue, 'Resolve or hand over 1 ticket: #1']]);
  });
});

describe('turn heads-ups in working hours (a turn starting Monday 09:00 is announced before the weekend)', () => {
  it('announces a Monday 09:00 turn on Friday, then says when it starts, with nothing held or lost', () => {
    const { run, clock } = setup();
    // T0 is Monday 10:00 UTC; the next turn starts Monday 7 Dec 09:00, a week minus an hour away.
    const startMinutes = (7 * DAY - HOUR) / MINUTE;
    const entries = [makeEntry(startMinutes, startMinutes + (7 * DAY) / MINUTE)];
    const seen: Alert[] = [];
    for (let t = T0; t <= T0 + startMinutes * MINUTE; t += 15 * MINUTE) {
      clock.set(t);
      seen.push(...run([], entries).filter((a) => a.kind === 'turn_upcoming' || a.kind === 'turn_started'));
    }
    // The 1-day heads-up (due Sunday 09:00) comes at Friday's start of work, the 15-minute one (due Monday
    // 08:45) at Friday's end of work minus 15 minutes; the start itself is announced as it happens.
    expect(seen.map((a) => [a.kind, a.dueAt])).toEqual([
      ['turn_upcoming', '2026-12-04T09:00:00.000Z'],
      ['turn_upcoming', '2026-12-04T17:45:00.000Z'],
      ['turn_started', '2026-12-07T09:00:00.000Z'],
    ]);
  });
});

describe('quiet hours and pause', () => {
  const evening = Date.parse('2026-11-30T20:00:00Z');
  const nextMorning = Date.parse('2026-12-01T09:00:00Z');

  // Issue 11 changed the routine alert of this test: it was a Customer Success tag, which is urgent now (see
  // "Customer Success requests are urgent" below); a 3h SLA warning due before work starts takes its place.
  it('outside working hours hold non-urgent alerts, deliver urgent ones, then one summary when work starts', () => {
    const { run, clock, center } = setup();
    clock.set(evening);
    const near = makeTicket({ id: 2, slaMetrics: [slaIn(30, 'next_reply_time', evening)] });
    // Breaches at 11:30 tomorrow: its 3h warning falls due at 08:30, before work starts.
    const later = makeTicket({ id: 3, slaMetrics: [slaIn(150, 'next_reply_time', nextMorning)] });
    expect(run([near, later]).map((a) => a.title)).toEqual(['SLA breach in 30m: #2']);
    clock.set(nextMorning - 30 * MINUTE);
    expect(run([later])).toEqual([]);
    expect(center.state()).toEqual({ pausedUntil: null, quietHours: true, held: 1 });
    clock.set(nextMorning - MINUTE);
    expect(run([later])).toEqual([]);
    clock.set(nextMorning);
    const morning = run([later]);
    expect(morning.map((a) => [a.kind, a.title, a.body])).toEqual([
      ['summary', 'While you were away: 1 alert', 'SLA breach in 3h: #3'],
    ]);
    expect(center.state().held).toBe(0);
    clock.advance(MINUTE);
    expect(run([later])).toEqual([]);
  });

  it('quiet hours follow the user time zone', () => {
    const { run, clock } = setup({ timeZone: 'Asia/Tokyo' });
    clock.set(Date.parse('2026-12-01T01:00:00Z')); // 10:00 in Tokyo
    expect(run([makeTicket({ tags: ['cs_tagged'] })])).toHaveLength(1);
  });

  it('held alerts about tickets that were solved meanwhile are dropped from the summary', () => {
    const { run, clock } = setup();
    clock.set(evening);
    run([makeTicket({ id: 1, tags: ['cs_tagged'] })]);
    clock.set(nextMorning);
    expect(run([makeTicket({ id: 1, tags: ['cs_tagged'], status: 'solved' })])).toEqual([]);
  });

  // Issue 11 changed this rule: the Customer Success alert a pause held was folded into the summary ("3 alerts");
  // it is never folded now, so it arrives on its own, before the summary of the other two.
  it('a pause holds everything, even urgent alerts, and the end of the pause brings one summary', () => {
    const { run, clock, center } = setup();
    expect(center.pause({ for: 'hour' })).toEqual({ pausedUntil: at(60), quietHours: false, held: 0 });
    const tickets = [makeTicket({ id: 1, slaMetrics: [slaIn(90)] }), makeTicket({ id: 2, tags: ['cs_tagged'] })];
    expect(run(tickets)).toEqual([]);
    clock.set(T0 + 40 * MINUTE);
    expect(run(tickets)).toEqual([]);
    expect(center.state().held).toBe(3);
    clock.set(T0 + 60 * MINUTE);
    const alerts = run(tickets);
    expect(alerts.map((a) => a.kind)).toEqual(['cs_tagged', 'summary']);
    expect(alerts[1]).toMatchObject({ kind: 'summary', title: 'While you were away: 2 alerts', urgent: true });
    expect(center.state().held).toBe(0);
  });

  // Issue 11: the held alert here was a Customer Success tag, which arrives on its own now; a routine SLA warning
  // keeps this test about the summary that resuming brings.
  it('resume ends the pause', () => {
    const { run, center } = setup();
    center.pause({ for: 'hour' });
    const ticket = makeTicket({ slaMetrics: [slaIn(150)] });
    run([ticket]);
    expect(center.pause({ for: 'resume' }).pausedUntil).toBeNull();
    expect(run([ticket]).map((a) => a.kind)).toEqual(['summary']);
  });

  it.each([
    ['Monday 10:00 -> Tuesday 09:00', '2026-11-30T10:00:00Z', '2026-12-01T09:00:00Z', 'UTC'],
    ['Friday 16:00 -> Monday 09:00', '2026-12-04T16:00:00Z', '2026-12-07T09:00:00Z', 'UTC'],
    ['Saturday -> Monday', '2026-12-05T12:00:00Z', '2026-12-07T09:00:00Z', 'UTC'],
    ['in New York', '2026-12-04T22:00:00Z', '2026-12-07T14:00:00Z', 'America/New_York'],
  ])('snooze until tomorrow = next working-day start: %s', (_name, now, expected, zone) => {
    expect(new Date(nextWorkingDayStart(DEFAULT_SETTINGS, Date.parse(now), zone)).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('the pause survives a restart', () => {
    const store = memoryStore();
    setup({ store }).center.pause({ for: 'tomorrow' });
    expect(setup({ store }).center.state().pausedUntil).toBe('2026-12-01T09:00:00.000Z');
  });
});

/** An AlertCenter whose notifier dies mid-delivery, as the app would in a crash. */
function crashingCenter(store: ReturnType<typeof memoryStore>): AlertCenter {
  const notifier = {
    deliver: () => {
      throw new Error('the app died here');
    },
  };
  return new AlertCenter({
    store,
    notifier,
    clock: fixedClock(T0),
    settings: () => DEFAULT_SETTINGS,
    timeZone: () => 'UTC',
  });
}

describe('never twice, never lost', () => {
  it('records the alert as pending before the notifier sees it', () => {
    const store = memoryStore();
    const seenInStore: unknown[] = [];
    const center = new AlertCenter({
      store,
      clock: fixedClock(T0),
      settings: () => DEFAULT_SETTINGS,
      timeZone: () => 'UTC',
      notifier: {
        deliver: (alert) =>
          void seenInStore.push(
            (store.get(LEDGER_KEY) as { entries: Record<string, { status: string }> }).entries[alert.id]?.status,
          ),
      },
    });
    center.process(makeSnapshot({ tickets: [makeTicket({ tags: ['cs_tagged'] })], myEntries: ON_CALL }));
    expect(seenInStore).toEqual(['pending']);
  });

  it('a crash between record and delivery is delivered by recover() on the next start, once', () => {
    const store = memoryStore();
    const crashing = crashingCenter(store);
    const ticket = makeTicket({ id: 9, tags: ['cs_tagged'] });
    expect(crashing.process(makeSnapshot({ tickets: [ticket], myEntries: ON_CALL }))).toEqual([]);
    const next = setup({ store });
    expect(next.center.recover().map((a) => a.id)).toEqual(['cs_tagged:9']);
    expect(next.center.recover()).toEqual([]);
    expect(next.run([ticket])).toEqual([]);
    expect(next.notifier.delivered).toHaveLength(1);
  });

  it('recover() drops pending alerts that no longer matter', () => {
    const store = memoryStore();
    const crashing = crashingCenter(store);
    crashing.process(makeSnapshot({ tickets: [makeTicket({ id: 9, slaMetrics: [slaIn(30)] })], myEntries: ON_CALL }));
    const next = setup({ store });
    next.clock.set(T0 + 31 * MINUTE);
    expect(next.center.recover()).toEqual([]);
  });

  // Issue 11: this burst was five Customer Success tags, which are never folded now; five routine 3h SLA warnings
  // make the burst instead.
  it('a burst of new alerts (first run) becomes one summary', () => {
    const { run } = setup();
    const tickets = [1, 2, 3, 4, 5].map((id) => makeTicket({ id, slaMetrics: [slaIn(150)] }));
    const alerts = run(tickets);
    expect(alerts.map((a) => [a.kind, a.title])).toEqual([['summary', '5 new alerts']]);
    expect(run(tickets)).toEqual([]);
  });

  it('ids are stable: the same event always has the same id', () => {
    const a = setup().run([makeTicket({ id: 4, slaMetrics: [slaIn(30)] })]);
    const b = setup().run([makeTicket({ id: 4, slaMetrics: [slaIn(30)] })]);
    expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    expect(a[0]?.id).toBe(`sla_warning:4:next_reply_time:${at(30)}:60`);
  });

  it('off duty, ticket alerts wait for the turn', () => {
    const { run, clock } = setup();
    const turn = [makeEntry(60, 600)];
    const ticket = makeTicket({ id: 1, tags: ['cs_tagged'] });
    expect(run([ticket], turn).map((a) => a.kind)).toEqual(['turn_upcoming']);
    clock.set(T0 + 60 * MINUTE);
    expect(
      run([ticket], turn)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['cs_tagged', 'turn_started']);
  });

  it('the ledger stays bounded: decisions about tickets long gone are pruned', () => {
    const { run, clock, center } = setup();
    run([makeTicket({ id: 1, tags: ['cs_tagged'] })]);
    clock.advance(DAY);
    run([]);
    const ticketEntries = () => Object.values(center.entries()).filter((e) => e.ticketId !== null);
    expect(ticketEntries()).toHaveLength(1);
    clock.advance(2 * DAY);
    run([]);
    expect(ticketEntries()).toEqual([]);
  });

  it('an open Slack request stays announced past the retention; a finished one is pruned', () => {
    const { clock, center } = setup();
    const request = (id: string) => makeSlackRequestEntry({ id, postedAt: new Date(T0).toISOString() });
    const open = request('C0CSREQS01/1764493230.000100');
    const done = request('C0CSREQS01/1764493290.000200');
    const poll = (requests: SlackRequestEntry[]) =>
      center.process({ ...makeSnapshot({ tickets: [], myEntries: ON_CALL, nowMs: clock.now() }), requests });
    expect(poll([open, done]).map((alert) => alert.id)).toEqual([
      `slack:${open.request.id}`,
      `slack:${done.request.id}`,
    ]);
    // Three weeks on, past the ledger's two-week retention: the open request is still there, the other was done.
    for (let day = 1; day <= 21; day++) {
      clock.advance(DAY);
      expect(poll([open])).toEqual([]);
    }
    const ids = Object.keys(center.entries());
    expect(ids).toContain(`slack:${open.request.id}`);
    expect(ids).not.toContain(`slack:${done.request.id}`);
  });

  it('a poll with nothing new writes nothing to the store', () => {
    const store = memoryStore();
    let writes = 0;
    const counting = {
      ...store,
      set: (key: string, value: unknown) => {
        writes++;
        store.set(key, value);
      },
    };
    const { run } = setup({ store: counting as unknown as ReturnType<typeof memoryStore> });
    const tickets = [makeTicket({ id: 1, tags: ['cs_tagged'] })];
    run(tickets);
    const afterFirst = writes;
    expect(afterFirst).toBeGreaterThan(0);
    run(tickets);
    expect(writes).toBe(afterFirst);
  });

  it('a corrupt ledger is replaced, not thrown', () => {
    const { run } = setup({
      store: memoryStore({ [LEDGER_KEY]: { entries: { x: 42, y: { status: 'bogus' } }, pausedUntil: 'soon' } }),
    });
    expect(run([makeTicket({ tags: ['cs_tagged'] })])).toHaveLength(1);
  });
});

describe('alert text', () => {
  it('strips control and bidi characters and truncates the subject', () => {
    const { run } = setup();
    const subject = `\u202eevil\u202c subject\nwith\ttabs ${'x'.repeat(200)}`;
    const [alert] = run([makeTicket({ tags: ['cs_tagged'], subject })]);
    expect(alert?.body.startsWith('evil subject with tabs xxx')).toBe(true);
    expect(alert?.body).not.toMatch(/[\n\t\u202a-\u202e]/);
    expect(Array.from(alert?.body ?? '')).toHaveLength(120);
  });
});

describe('held over a weekend', () => {
  // Issue 11 changed this rule: a CS tag on Friday evening waited for the Monday morning summary; it is urgent now
  // ("there will be some urgency needed"), so it is shown at once, and Monday brings nothing more about it.
  it('a CS tag on Friday evening is shown at once, not in the Monday morning summary', () => {
    const { run, clock } = setup();
    const weekend = [makeEntry((4 * DAY) / MINUTE, (8 * DAY) / MINUTE)];
    const ticket = makeTicket({ id: 5, tags: ['cs_tagged'] });
    clock.set(Date.parse('2026-12-04T19:00:00Z'));
    expect(run([ticket], weekend).map((a) => [a.kind, a.title, a.urgent])).toEqual([
      ['cs_tagged', 'Tagged by Customer Success: #5', true],
    ]);
    clock.set(Date.parse('2026-12-07T09:00:00Z'));
    expect(run([ticket], weekend)).toEqual([]);
  });
});

describe('Customer Success requests are urgent (handbook: "there will be some urgency needed")', () => {
  const evening = Date.parse('2026-11-30T20:00:00Z');
  const cs = (id: number) => makeTicket({ id, tags: ['cs_tagged'] });

  it('are shown at once outside working hours, not held for the morning summary', () => {
    const { run, clock, center } = setup();
    clock.set(evening);
    expect(run([cs(1)]).map((a) => [a.kind, a.urgent])).toEqual([['cs_tagged', true]]);
    expect(center.state()).toEqual({ pausedUntil: null, quietHours: true, held: 0 });
    clock.set(Date.parse('2026-12-01T09:00:00Z'));
    expect(run([cs(1)])).toEqual([]);
  });

  it('are never folded: five at once are five notifications, and routine alerts beside them still fold', () => {
    const { run } = setup();
    const routine = [11, 12, 13, 14].map((id) => makeTicket({ id, slaMetrics: [slaIn(150)] }));
    const alerts = run([1, 2, 3, 4, 5].map(cs).concat(routine));
    expect(alerts.map((a) => a.title)).toEqual([
      'Tagged by Customer Success: #1',
      'Tagged by Customer Success: #2',
      'Tagged by Customer Success: #3',
      'Tagged by Customer Success: #4',
      'Tagged by Customer Success: #5',
      '4 new alerts',
    ]);
    expect(alerts[5]?.body).not.toContain('Customer Success');
  });

  it('are held by an explicit pause, then arrive each on its own when it ends, never in the summary', () => {
    const { run, clock, center } = setup();
    center.pause({ for: 'hour' });
    const tickets = [cs(1), cs(2), makeTicket({ id: 3, slaMetrics: [slaIn(235)] })];
    expect(run(tickets)).toEqual([]);
    clock.set(T0 + 55 * MINUTE);
    expect(run(tickets)).toEqual([]);
    expect(center.state().held).toBe(3);
    clock.set(T0 + 60 * MINUTE);
    const alerts = run(tickets);
    expect(alerts.map((a) => [a.kind, a.title])).toEqual([
      ['cs_tagged', 'Tagged by Customer Success: #1'],
      ['cs_tagged', 'Tagged by Customer Success: #2'],
      ['summary', 'While you were away: 1 alert'],
    ]);
    expect(alerts[2]?.body).toBe('SLA breach in 3h: #3');
    clock.advance(MINUTE);
    expect(run(tickets)).toEqual([]);
  });

  it('a pause that ends outside working hours releases held CS alerts at once; the rest waits for the morning', () => {
    const { run, clock, center } = setup();
    clock.set(evening);
    center.pause({ for: 'hour' });
    // Its 3h warning is held by the pause, its 2h one (routine) by quiet hours.
    const near = makeTicket({ id: 2, slaMetrics: [slaIn(170, 'next_reply_time', evening)] });
    expect(run([cs(1), near])).toEqual([]);
    expect(center.state().held).toBe(2);
    clock.set(evening + 61 * MINUTE);
    expect(run([cs(1), near]).map((a) => a.kind)).toEqual(['cs_tagged']);
    expect(center.state()).toMatchObject({ pausedUntil: null, quietHours: true, held: 2 });
  });

  it('a CS alert held by an older version (routine then) is shown on its own at the first evaluation that may', () => {
    const store = memoryStore();
    const first = setup({ store });
    first.clock.set(evening);
    first.center.pause({ for: 'hour' });
    first.run([cs(1)]);
    // What an older version recorded: the alert held as routine.
    const ledger = store.get(LEDGER_KEY) as { entries: Record<string, { alert: Alert }> };
    ledger.entries['cs_tagged:1']!.alert.urgent = false;
    store.set(LEDGER_KEY, ledger);
    const second = setup({ store });
    second.clock.set(evening + 2 * HOUR);
    expect(second.run([cs(1)]).map((a) => [a.kind, a.urgent])).toEqual([['cs_tagged', true]]);
  });

  it('a held CS alert the notifier failed to show is tried again, once', () => {
    const store = memoryStore();
    const { run, clock, center, notifier } = setup({ store });
    center.pause({ for: 'hour' });
    run([cs(1)]);
    clock.set(T0 + 60 * MINUTE);
    const failing = new AlertCenter({
      store,
      notifier: {
        deliver: () => {
          throw new Error('notification service down');
        },
      },
      clock,
      settings: () => DEFAULT_SETTINGS,
      timeZone: () => 'UTC',
    });
    expect(failing.process(makeSnapshot({ tickets: [cs(1)], myEntries: ON_CALL, nowMs: clock.now() }))).toEqual([]);
    const again = setup({ store });
    again.clock.set(T0 + 61 * MINUTE);
    expect(again.run([cs(1)]).map((a) => a.id)).toEqual(['cs_tagged:1']);
    expect(again.run([cs(1)])).toEqual([]);
    expect(notifier.delivered).toEqual([]);
  });
});

describe('a crash between deciding and recording a warning', () => {
  it("never uses up a ticket's last warning: the count moves with the record, not the decision", () => {
    // Ticket 2 has had two warnings and its third is due when a Customer Success request (ticket 3, first in the
    // queue) arrives. Each "life" of the app dies on its second write: after the request's alert is durably
    // recorded, before ticket 2's warning is.
    const disk = memoryStore();
    // Breach 200 minutes after T0: the 3h, 2h and 1h thresholds fall at minutes 20, 80 and 140.
    const tickets = (minute: number) => [
      makeTicket({ id: 2, slaMetrics: [slaIn(200)] }),
      ...(minute >= 140 ? [makeTicket({ id: 3, tags: ['customer_success'] })] : []),
    ];
    /** One run of the app that is killed at its `writesBeforeDeath`-th write: nothing after that reaches the disk
     * or the screen. */
    const life = (minute: number, writesBeforeDeath: number) => {
      let writes = 0;
      let dead = false;
      const store = {
        ...disk,
        set: (key: string, value: unknown) => {
          if (!dead && writes++ >= writesBeforeDeath) dead = true;
          if (!dead) disk.set(key, value);
        },
      };
      const shownInLife: string[] = [];
      const clock = fixedClock(T0 + minute * MINUTE);
      const center = new AlertCenter({
        store,
        notifier: {
          deliver: (alert) => {
            if (dead) throw new Error('killed');
            shownInLife.push(alert.id);
          },
        },
        clock,
        settings: () => DEFAULT_SETTINGS,
        timeZone: () => 'UTC',
      });
      // As every face starts: what a crash left pending first, then the evaluation.
      center.recover();
      center.process(makeSnapshot({ tickets: tickets(minute), myEntries: ON_CALL, nowMs: clock.now() }));
      return shownInLife;
    };
    const shown: string[] = [];
    // Healthy lives: ticket 2's 3h and 2h warnings.
    shown.push(...life(20, Number.POSITIVE_INFINITY), ...life(80, Number.POSITIVE_INFINITY));
    // Three lives die mid-evaluation at ticket 2's 1h threshold, then one lives.
    for (let i = 0; i < 3; i++) shown.push(...life(140, 1));
    shown.push(...life(141, Number.POSITIVE_INFINITY));
    const ticket2 = [...new Set(shown.filter((id) => id.startsWith('sla_warning:2:')))];
    expect(ticket2).toHaveLength(3);
    expect(ticket2.some((id) => id.endsWith(':60'))).toBe(true);
  });
});
