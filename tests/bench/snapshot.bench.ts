/** buildSnapshot (prioritization included) over a 10,000-ticket queue: the cost of one poll in the core. */
import { performance } from 'node:perf_hooks';
import { AlertCenter } from '../../src/main/core/alerts';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { buildSnapshot } from '../../src/main/core/snapshot';
import type { Ticket, TicketPriority, TicketStatus } from '../../src/shared/domain';
import { at, fixedClock, MINUTE, makeEntry, makeTicket, memoryStore, T0 } from '../support/factories';
import { makeWorld, NO_NOTIFICATION_STATE } from '../support/snapshots';
import type { BenchRow } from './types';

const TICKETS = 10_000;
const RUNS = 30;
const WARMUP = 5;

/** A deterministic pseudo-random queue mixing every tier, SLA state and tag the rules look at. */
function generateTickets(count: number): Ticket[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const statuses: TicketStatus[] = ['new', 'open', 'open', 'open', 'pending', 'hold', 'solved'];
  const priorities: TicketPriority[] = ['urgent', 'high', 'normal', 'normal', 'low', 'none'];
  const tags = [[], [], ['escalated'], ['escalated', 'plan_scale'], ['cs_tagged'], ['plan_free']];
  return Array.from({ length: count }, (_, i) =>
    makeTicket({
      id: 100_000 + i,
      subject: `Ticket ${i}: something about insights`,
      status: pick(statuses),
      priority: pick(priorities),
      tags: pick(tags),
      createdAt: at(-Math.floor(random() * 20_000)),
      slaMetrics:
        random() < 0.7
          ? [
              { metric: 'next_reply_time', stage: 'active', breachAt: at(Math.floor(random() * 1_000) - 200) },
              { metric: 'first_reply_time', stage: 'achieved', breachAt: at(-3_000) },
            ]
          : [],
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time(runs: number, body: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Median and p95 of buildSnapshot and of AlertCenter.process over 10,000 tickets. */
export async function run(): Promise<BenchRow[]> {
  const tickets = generateTickets(TICKETS);
  const world = makeWorld({ tickets, myEntries: [makeEntry(-60, 7 * 24 * 60)] });
  const build = (i: number) => buildSnapshot(world, DEFAULT_SETTINGS, T0 + i * MINUTE, NO_NOTIFICATION_STATE, 'UTC');

  time(WARMUP, build);
  const snapshotSamples = time(RUNS, build);

  const clock = fixedClock(T0);
  const alerts = new AlertCenter({
    store: memoryStore(),
    notifier: { deliver: () => {} },
    clock,
    settings: () => DEFAULT_SETTINGS,
    timeZone: () => 'UTC',
  });
  const snapshots = Array.from({ length: WARMUP + RUNS }, (_, i) => build(i));
  time(WARMUP, (i) => {
    clock.set(T0 + i * MINUTE);
    alerts.process(snapshots[i]!);
  });
  const alertSamples = time(RUNS, (i) => {
    clock.set(T0 + (WARMUP + i) * MINUTE);
    alerts.process(snapshots[WARMUP + i]!);
  });

  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1] as number;
  return [
    {
      name: `buildSnapshot, ${TICKETS} tickets (median of ${RUNS})`,
      value: median(snapshotSamples),
      unit: 'ms',
      target: '<= 50 ms',
      note: `p95 ${p95(snapshotSamples).toFixed(1)} ms`,
    },
    {
      name: `AlertCenter.process, ${TICKETS} tickets (median of ${RUNS})`,
      value: median(alertSamples),
      unit: 'ms',
      note: `p95 ${p95(alertSamples).toFixed(1)} ms; in-memory store`,
    },
  ];
}
