/**
 * The demo exercises every rule: run through the real runtime (sandbox, sources, rule table, alert center) half an
 * hour into the demo turn, each ticket the demo's comments describe lands where they say, flagged as they say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_KEY } from '../../../src/main/core/alerts';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { type Runtime, startRuntime } from '../../../src/main/runtime';
import type { QueueEntry, Snapshot } from '../../../src/shared/domain';
import { memoryStore, recordingNotifier } from '../../support/factories';
import { fakeTime } from '../../support/fake-time';

/** Monday 10:00 UTC; the demo turn starts at 10:20. */
const ANCHOR = Date.parse('2026-11-30T10:00:00Z');
const DURING_TURN = ANCHOR + 30 * 60_000;

let runtime: Runtime;
let snapshot: Snapshot;
const store = memoryStore();

beforeAll(async () => {
  const time = fakeTime(DURING_TURN);
  runtime = await startRuntime({
    settings: { ...structuredClone(DEFAULT_SETTINGS), app: { ...DEFAULT_SETTINGS.app, timeZone: 'UTC' } },
    secrets: { get: () => null },
    store,
    notifier: recordingNotifier(),
    clock: time.clock,
    scheduler: time.scheduler,
    forceDemo: true,
    demoAnchorMs: ANCHOR,
  });
  snapshot = await runtime.engine.pollNow();
}, 60_000);

afterAll(() => runtime?.stop());

function entry(id: number): QueueEntry {
  const found = snapshot.queue.find((candidate) => candidate.ticket.id === id);
  if (!found) throw new Error(`ticket ${id} is not in the demo queue`);
  return found;
}

describe('the demo, through the real runtime', () => {
  it('is on call, with the next Support Hero named', () => {
    expect(snapshot.demo).toBe(true);
    expect(snapshot.turn.onCall).toBe(true);
    expect(snapshot.turn.nextHero).toMatchObject({
      userName: 'Lena Latency',
      scheduleName: 'Product Analytics Support',
    });
  });

  it('puts a Customer Success ticket On-hold (tag `cs_tagged`) in tier 1', () => {
    const held = entry(48_109);
    expect(held.ticket.status).toBe('hold');
    expect(held).toMatchObject({ tier: 'customer_success', handover: true });
    expect(held.flags).toContain('cs_tagged');
    expect(held.reason).toBe('Tagged by Customer Success (cs_tagged); SLA paused');
  });

  it('shows why an escalated New High ticket is in Other, and still warns about its SLA', () => {
    const escalatedNew = entry(48_104);
    expect(escalatedNew).toMatchObject({ tier: 'other', handover: false });
    expect(escalatedNew.ticket.source).toBe('in_app');
    expect(escalatedNew.reason).toBe(
      "Other: escalated, high priority, but New (the handbook's tiers 2 and 3 take Open tickets); breaches in 2h",
    );
    const ledger = store.get(LEDGER_KEY) as {
      entries: Record<string, { kind: string; ticketId: number; status: string }>;
    };
    const warnings = Object.values(ledger.entries).filter(
      (record) => record.kind === 'sla_warning' && record.ticketId === 48_104 && record.status !== 'skipped',
    );
    expect(warnings.length).toBe(1);
  });

  it('hides the subject for a content warning from the tag and field, the field only, and the tag only', () => {
    const both = entry(48_107);
    expect(both.ticket.tags).toContain('content_warning');
    expect(both.ticket.organization?.contentWarning).toMatch(/explicit medical imagery/);
    const fieldOnly = entry(48_131);
    expect(fieldOnly.ticket.tags).not.toContain('content_warning');
    expect(fieldOnly.ticket.organization?.contentWarning).toMatch(/explicit medical imagery/);
    const tagOnly = entry(48_129);
    expect(tagOnly.ticket.tags).toContain('content_warning');
    expect(tagOnly.ticket.organization?.contentWarning).toBeNull();
    for (const warned of [both, fieldOnly, tagOnly]) expect(warned.flags).toContain('content_warning');
  });

  it('flags the free-email org for reassignment, but not on a community question', () => {
    for (const id of [48_113, 48_128]) {
      expect(entry(id).ticket.organization?.isFreeEmailTemp).toBe(true);
      expect(entry(id).flags).toContain('needs_org');
    }
    const community = entry(48_116);
    expect(community.ticket.organization?.isFreeEmailTemp).toBe(true);
    expect(community.ticket.source).toBe('community');
    expect(community.flags).not.toContain('needs_org');
    expect(community.ticket.orgAssignment).toBeNull();
  });

  it('places a ticket with two running SLA targets by the nearer one', () => {
    const two = entry(48_117);
    expect(two.ticket.slaMetrics.filter((metric) => metric.stage === 'active')).toHaveLength(2);
    expect(two).toMatchObject({ tier: 'nearing_breach' });
    expect(two.sla.metric).toBe('periodic_update_time');
    expect(two.reason).toBe('Nearing or past SLA breach, open; breaches in 1h 50m');
  });

  it('has a ticket from every source the handbook names, GitHub included', () => {
    expect(entry(48_130).ticket.source).toBe('github');
    const sources = new Set(snapshot.queue.map((candidate) => candidate.ticket.source));
    for (const source of ['in_app', 'community', 'slack', 'github', 'email'] as const)
      expect(sources).toContain(source);
  });

  it('keeps to 30-odd tickets, every tier and Other represented', () => {
    expect(snapshot.queue.length).toBeGreaterThanOrEqual(30);
    expect(snapshot.queue.length).toBeLessThan(40);
    expect(snapshot.tiers.every((tier) => tier.count > 0)).toBe(true);
  });
});
