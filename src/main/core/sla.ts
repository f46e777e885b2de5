/** SLA state of a ticket, computed from Zendesk's `breach_at` instants and the ticket's status. */
import type { SlaMetric, SlaView, Ticket } from '../../shared/domain';
import { parseInstant } from '../../shared/format';

const MINUTE = 60_000;

/** One SLA target whose clock runs (or already breached): what warnings are about, and episodes are made of. */
export interface SlaTarget {
  metric: string;
  breachAt: string;
  breachAtMs: number;
}

const PAUSED_STATUSES = new Set(['pending', 'hold']);
const STOPPED_STATUSES = new Set(['solved', 'closed']);

/**
 * The ticket's SLA targets whose clock runs, earliest breach first. Empty for pending/on-hold tickets (their
 * SLA clock is paused) and solved/closed ones (stopped). Metrics without a parseable `breach_at` are skipped.
 */
export function runningSlaTargets(ticket: Ticket): SlaTarget[] {
  if (PAUSED_STATUSES.has(ticket.status) || STOPPED_STATUSES.has(ticket.status)) return [];
  const targets: SlaTarget[] = [];
  for (const metric of ticket.slaMetrics) {
    if (metric.stage !== 'active' && metric.stage !== 'breached') continue;
    const breachAtMs = parseInstant(metric.breachAt);
    if (breachAtMs === null) continue;
    // Kept as given (sources emit ISO UTC): it is part of alert ids, which must not change between polls.
    targets.push({ metric: String(metric.metric), breachAt: String(metric.breachAt), breachAtMs });
  }
  return targets.sort((a, b) => a.breachAtMs - b.breachAtMs || (a.metric < b.metric ? -1 : 1));
}

function firstWithStage(metrics: SlaMetric[], stage: string): { metric: string; breachAt: string | null } | null {
  for (const m of metrics) if (m.stage === stage) return { metric: String(m.metric), breachAt: validIso(m.breachAt) };
  return null;
}

function achievedOrNone(metrics: SlaMetric[]): SlaView {
  const found = firstWithStage(metrics, 'achieved');
  return found
    ? { state: 'achieved', ...found, msToBreach: null }
    : { state: 'none', metric: null, breachAt: null, msToBreach: null };
}

/**
 * The ticket's SLA as the user should see it: the earliest running target decides. `warning` means the breach
 * is within `warningMinutes`; `breached` that it has passed (or Zendesk says so). Pending and on-hold tickets
 * are `paused`; solved and closed ones `achieved` when a target was met, else `none`.
 */
export function slaView(ticket: Ticket, nowMs: number, warningMinutes: number): SlaView {
  const metrics = ticket.slaMetrics;
  if (STOPPED_STATUSES.has(ticket.status)) return achievedOrNone(metrics);
  if (PAUSED_STATUSES.has(ticket.status)) {
    const open = metrics.find((m) => m.stage !== 'achieved');
    if (open)
      return { state: 'paused', metric: String(open.metric), breachAt: validIso(open.breachAt), msToBreach: null };
    return achievedOrNone(metrics);
  }

  // One pass, no sorting or allocation per metric: this runs for every ticket on every poll.
  let earliestMs = Number.POSITIVE_INFINITY;
  let earliest: SlaMetric | null = null;
  for (const metric of metrics) {
    if (metric.stage !== 'active' && metric.stage !== 'breached') continue;
    const ms = parseInstant(metric.breachAt);
    if (ms === null) continue;
    if (
      ms < earliestMs ||
      (ms === earliestMs && earliest !== null && String(metric.metric) < String(earliest.metric))
    ) {
      earliestMs = ms;
      earliest = metric;
    }
  }
  if (earliest) {
    const msToBreach = earliestMs - nowMs;
    const state =
      msToBreach <= 0 || earliest.stage === 'breached'
        ? 'breached'
        : msToBreach <= warningMinutes * MINUTE
          ? 'warning'
          : 'ok';
    return { state, metric: String(earliest.metric), breachAt: earliest.breachAt, msToBreach };
  }
  const paused = firstWithStage(metrics, 'paused');
  if (paused) return { state: 'paused', ...paused, msToBreach: null };
  return achievedOrNone(metrics);
}

function validIso(value: string | null): string | null {
  const ms = parseInstant(value);
  return ms === null ? null : new Date(ms).toISOString();
}
