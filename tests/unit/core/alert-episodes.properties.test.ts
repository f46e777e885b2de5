/**
 * Properties of the SLA warning cap (issue 11, the handbook: "The maximum number of alerts that will be posted for
 * a single ticket is 3"), over random SLA targets that start, are achieved or paused, and random clocks that jump
 * both ways, with restarts (a new AlertCenter over the same store) and thresholds changed between restarts. The
 * episodes are recomputed here from what each evaluation saw, independently of the app's ledger.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertCenter, MAX_SLA_WARNINGS_PER_EPISODE } from '../../../src/main/core/alerts';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import type { SlaMetric, Ticket } from '../../../src/shared/domain';
import type { Settings } from '../../../src/shared/settings';
import {
  at,
  DAY,
  fixedClock,
  MINUTE,
  makeEntry,
  makeTicket,
  memoryStore,
  recordingNotifier,
  T0,
} from '../../support/factories';
import { makeSnapshot } from '../../support/snapshots';

/** One SLA target's life, in evaluation steps: absent before `start`, running until `stop`, then stopped for good. */
interface TargetPlan {
  metric: string;
  /** Breach time, in minutes from T0. */
  breach: number;
  start: number;
  /** The step it is achieved (someone replied) or paused; `null`: it runs to the end. */
  stop: number | null;
  stoppedAs: 'achieved' | 'paused';
}

interface TicketPlan {
  id: number;
  targets: TargetPlan[];
}

/** One evaluation: the clock (minutes from T0), and whether the app restarted just before it. */
interface Step {
  minute: number;
  restart: boolean;
  /** Thresholds in force from this step on (set at a restart). */
  thresholds: number[] | null;
}

const STEPS = 60;
const thresholdsArb = fc.uniqueArray(fc.constantFrom(240, 180, 120, 90, 60, 30, 15), { minLength: 1, maxLength: 5 });

const targetArb = (breach: number): fc.Arbitrary<TargetPlan> =>
  fc
    .record({
      metric: fc.constantFrom('first_reply_time', 'next_reply_time', 'periodic_update_time'),
      start: fc.integer({ min: 0, max: STEPS - 1 }),
      length: fc.option(fc.integer({ min: 0, max: STEPS }), { nil: null }),
      stoppedAs: fc.constantFrom('achieved' as const, 'paused' as const),
    })
    .map(({ metric, start, length, stoppedAs }) => ({
      metric,
      breach,
      start,
      stop: length === null ? null : start + length,
      stoppedAs,
    }));

/** 1 to 3 tickets of 1 to 3 targets each (distinct breach times, so distinct targets). */
const ticketsArb: fc.Arbitrary<TicketPlan[]> = fc.integer({ min: 1, max: 3 }).chain((count) =>
  fc.tuple(
    ...Array.from({ length: count }, (_, index) =>
      fc
        .uniqueArray(fc.integer({ min: -60, max: 900 }), { minLength: 1, maxLength: 3 })
        .chain((breaches) => fc.tuple(...breaches.map(targetArb)))
        .map((targets) => ({ id: index + 1, targets })),
    ),
  ),
);

/** Clock readings: mostly small steps forward, with sleeps (jumps forward) and clocks set back. */
const stepsArb: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.integer({ min: -120, max: 200 }),
    fc.array(
      fc.record({
        delta: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }) },
          { weight: 1, arbitrary: fc.integer({ min: 60, max: 300 }) },
          { weight: 1, arbitrary: fc.integer({ min: -180, max: -1 }) },
        ),
        restart: fc.boolean(),
        thresholds: fc.option(thresholdsArb, { freq: 4, nil: null }),
      }),
      { minLength: 1, maxLength: STEPS },
    ),
  )
  .map(([first, moves]) => {
    let minute = first;
    return moves.map((move, index) => {
      if (index > 0) minute += move.delta;
      return { minute, restart: move.restart, thresholds: move.restart ? move.thresholds : null };
    });
  });

const keyOf = (ticket: number, target: TargetPlan) => `${ticket}:${target.metric}:${at(target.breach)}`;
const running = (target: TargetPlan, step: number) =>
  step >= target.start && (target.stop === null || step < target.stop);

function metricsAt(plan: TicketPlan, step: number): SlaMetric[] {
  return plan.targets
    .filter((target) => step >= target.start)
    .map((target) => ({
      metric: target.metric,
      stage: running(target, step) ? 'active' : target.stoppedAs,
      breachAt: at(target.breach),
    }));
}

/** On call for weeks around T0, and no quiet hours: every warning due is shown the moment it falls due. */
const ON_CALL = [makeEntry((-30 * DAY) / MINUTE, (30 * DAY) / MINUTE)];

function settingsWith(thresholds: number[]): Settings {
  const settings = structuredClone(DEFAULT_SETTINGS);
  settings.notifications.slaWarningMinutes = thresholds;
  settings.notifications.quietOutsideWorkingHours = false;
  return settings;
}

interface Shown {
  step: number;
  minute: number;
  id: string;
  ticketId: number;
  target: string;
}

/** Runs the plan through AlertCenters over one store; returns every alert shown, with when it was shown. */
function simulate(plans: TicketPlan[], steps: Step[], initialThresholds: number[]) {
  const store = memoryStore();
  const clock = fixedClock(T0);
  const notifier = recordingNotifier();
  let settings = settingsWith(initialThresholds);
  const open = () => new AlertCenter({ store, notifier, clock, settings: () => settings, timeZone: () => 'UTC' });
  let center = open();
  const shown: Shown[] = [];
  const others: string[] = [];
  steps.forEach((step, index) => {
    if (step.restart) {
      if (step.thresholds) settings = settingsWith(step.thresholds);
      center = open();
    }
    clock.set(T0 + step.minute * MINUTE);
    const tickets: Ticket[] = plans.map((plan) => makeTicket({ id: plan.id, slaMetrics: metricsAt(plan, index) }));
    for (const alert of center.process(makeSnapshot({ tickets, myEntries: ON_CALL, nowMs: clock.now(), settings }))) {
      if (alert.kind !== 'sla_warning') {
        others.push(alert.id);
        continue;
      }
      const target = alert.id.slice('sla_warning:'.length, alert.id.lastIndexOf(':'));
      shown.push({ step: index, minute: step.minute, id: alert.id, ticketId: alert.ticketId!, target });
    }
  });
  return { shown, others, all: notifier.delivered.map((alert) => alert.id) };
}

/**
 * The episode each ticket is in at each step, from the targets running then: it continues while a running target
 * was running in it at the ticket's previous evaluation; nothing running ends it.
 */
function episodesOf(plans: TicketPlan[], steps: number): Map<number, (number | null)[]> {
  const out = new Map<number, (number | null)[]>();
  for (const plan of plans) {
    let episode = 0;
    let current: Set<string> | null = null;
    const perStep: (number | null)[] = [];
    for (let step = 0; step < steps; step++) {
      const now = plan.targets.filter((target) => running(target, step)).map((target) => keyOf(plan.id, target));
      if (now.length === 0) current = null;
      else {
        if (!current || !now.some((key) => current!.has(key))) episode++;
        current = new Set(now);
      }
      perStep.push(current ? episode : null);
    }
    out.set(plan.id, perStep);
  }
  return out;
}

describe('SLA warning episodes: properties over random targets and clocks', () => {
  it('never more than 3 warnings per ticket and episode, never for a stopped target, never after breach, never twice', () => {
    fc.assert(
      fc.property(ticketsArb, stepsArb, thresholdsArb, (plans, steps, thresholds) => {
        const { shown, others, all } = simulate(plans, steps, thresholds);
        const episodes = episodesOf(plans, steps.length);
        const targets = new Map(plans.flatMap((plan) => plan.targets.map((t) => [keyOf(plan.id, t), t] as const)));
        const perEpisode = new Map<string, number>();
        for (const warning of shown) {
          const target = targets.get(warning.target);
          expect(target, warning.id).toBeDefined();
          // Running when shown: not before it started, never once achieved or paused.
          expect(running(target!, warning.step), warning.id).toBe(true);
          // Before its breach, by the clock the app read.
          expect(T0 + warning.minute * MINUTE).toBeLessThan(T0 + target!.breach * MINUTE);
          const episode = episodes.get(warning.ticketId)![warning.step];
          expect(episode).not.toBeNull();
          const key = `${warning.ticketId}#${episode}`;
          perEpisode.set(key, (perEpisode.get(key) ?? 0) + 1);
        }
        for (const [key, count] of perEpisode) expect(count, key).toBeLessThanOrEqual(MAX_SLA_WARNINGS_PER_EPISODE);
        // At most 3 tickets: never a burst, so no warning hides in a summary.
        expect(others.filter((id) => id.startsWith('summary:'))).toEqual([]);
        expect(new Set(all).size).toBe(all.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a new episode after a full stop warns again, at each threshold it reaches, however the first one ended', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 60 }).map((fives) => fives * 5),
        fc.integer({ min: 0, max: 6 }).map((fives) => fives * 5),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('achieved' as const, 'paused' as const),
        fc.integer({ min: 1, max: 12 }),
        (stopMinute, gapMinutes, leadMinutes, stoppedAs, restartEvery) => {
          // Minute by minute in 5-minute steps: the first target (breach at +200m) runs until `stopMinute`; the next
          // starts `gapMinutes` later with its breach `leadMinutes` ahead.
          const startMinute = stopMinute + gapMinutes;
          const breach = startMinute + leadMinutes;
          // A target is its metric and breach time: one that comes back with the first one's breach time is the
          // same target again, not a new episode (found by this property: stop 165, gap 30, lead 5).
          fc.pre(breach !== 200);
          const minutes: number[] = [];
          for (let minute = 0; minute <= breach + 10; minute += 5) minutes.push(minute);
          const stepOf = (minute: number) => minutes.indexOf(minute);
          const first: TargetPlan = {
            metric: 'next_reply_time',
            breach: 200,
            start: 0,
            stop: stepOf(stopMinute),
            stoppedAs,
          };
          const second: TargetPlan = { ...first, breach, start: stepOf(startMinute), stop: null };
          const steps = minutes.map((minute, index) => ({
            minute,
            restart: index % restartEvery === 0,
            thresholds: null,
          }));
          const { shown } = simulate([{ id: 1, targets: [first, second] }], steps, [180, 120, 60]);
          const laterWarnings = shown.filter((warning) => warning.target === keyOf(1, second));
          // Thresholds already passed when it starts give one warning (the latest); each later one gives its own.
          const startRemaining = leadMinutes;
          const expected =
            ([180, 120, 60].some((t) => t >= startRemaining) ? 1 : 0) +
            [180, 120, 60].filter((t) => t < startRemaining).length;
          expect(laterWarnings.map((w) => w.id)).toHaveLength(expected);
          expect(laterWarnings.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
