/** SLA state of a ticket, computed from Zendesk's `breach_at` instants and the ticket's status. */
import type { SlaView, Ticket } from '../../shared/domain';
import { parseInstant } from './format';

const MINUTE = 60_000;

/** One SLA target whose clock is running (or already breached): the unit SLA warnings are counted per. */
export interface SlaTarget {
  metric: string;
  breachAt: string;
  breachAtMs: number;
}

const PAUSED_STATUSES = new Set(['pending', 'hold']);
const STOPPED_STATUSES = new Set(['solved', 'closed']);

function metricsOf(ticket: Ticket): Ticket['slaMetrics'] {
  return Array.isArray(ticket.slaMetrics) ? ticket.slaMetrics.filter((m) => m && typeof m === 'object') : [];
}

/**
 * The ticket's SLA targets whose clock runs, earliest breach first. Empty for pending/on-hold tickets (their
 * SLA clock is paused) and solved/closed ones (stopped). Metrics without a parseable `breach_at` are skipped.
 */
export function runningSlaTargets(ticket: Ticket): SlaTarget[] {
  if (PAUSED_STATUSES.has(ticket.status) || STOPPED_STATUSES.has(ticket.status)) return [];
  const targets: SlaTarget[] = [];
  for (const metric of metricsOf(ticket)) {
    if (metric.stage !== 'active' && metric.stage !== 'breached') continue;
    const breachAtMs = parseInstant(metric.breachAt);
    if (breachAtMs === null) continue;
    targets.push({ metric: String(metric.metric), breachAt: new Date(breachAtMs).toISOString(), breachAtMs });
  }
  return targets.sort((a, b) => a.breachAtMs - b.breachAtMs || (a.metric < b.metric ? -1 : 1));
}

/**
 * The ticket's SLA as the user should see it: the earliest running target decides. `warning` means the breach
 * is within `warningMinutes`; `breached` that it has passed (or Zendesk says so). Pending and on-hold tickets
 * are `paused`; solved and closed ones `achieved` when a target was met, else `none`.
 */
export function slaView(ticket: Ticket, nowMs: number, warningMinutes: number): SlaView {
  const metrics = metricsOf(ticket);
  const firstWithStage = (stage: string) => {
    const found = metrics.find((m) => m.stage === stage);
    return found ? { metric: String(found.metric), breachAt: validIso(found.breachAt) } : null;
  };
  const achieved = () => {
    const found = firstWithStage('achieved');
    return found
      ? { state: 'achieved' as const, ...found, msToBreach: null }
      : { state: 'none' as const, metric: null, breachAt: null, msToBreach: null };
  };

  if (STOPPED_STATUSES.has(ticket.status)) return achieved();
  if (PAUSED_STATUSES.has(ticket.status)) {
    const open = metrics.find((m) => m.stage !== 'achieved');
    if (open)
      return { state: 'paused', metric: String(open.metric), breachAt: validIso(open.breachAt), msToBreach: null };
    return achieved();
  }

  const earliest = runningSlaTargets(ticket)[0];
  if (earliest) {
    const msToBreach = earliest.breachAtMs - nowMs;
    const zendeskSaysBreached = metrics.some((m) => m.stage === 'breached' && m.metric === earliest.metric);
    const state =
      msToBreach <= 0 || zendeskSaysBreached ? 'breached' : msToBreach <= warningMinutes * MINUTE ? 'warning' : 'ok';
    return { state, metric: earliest.metric, breachAt: earliest.breachAt, msToBreach };
  }
  const paused = firstWithStage('paused');
  if (paused) return { state: 'paused', ...paused, msToBreach: null };
  return achieved();
}

function validIso(value: string | null): string | null {
  const ms = parseInstant(value);
  return ms === null ? null : new Date(ms).toISOString();
}
