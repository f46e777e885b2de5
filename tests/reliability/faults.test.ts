/**
 * The fault matrix: every fault the sandbox can inject, on each source, through the real engine, alert ledger and
 * sources over real HTTP, on a fake clock. Each cell shows the typed state, that the last good data stays (stale),
 * that no alert is false or lost (compared with a fault-free run over the same timeline), that Retry-After is
 * honoured to the millisecond, and that the source recovers by itself within one poll interval.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POLL_TIMEOUT_FACTOR } from '../../src/main/core/engine';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { demoScenario, type FaultKind, type Sandbox, startSandbox } from '../../src/main/sources/sandbox';
import type { ServiceName as AnyServiceName, Snapshot, SourceFailureKind } from '../../src/shared/domain';
import { MINUTE, NOW, SECOND, startWorld, type World } from './harness';

/** The two services this matrix covers (Slack has its own fault tests). */
type ServiceName = Exclude<AnyServiceName, 'slack'>;

/** The demo world laid out 30 minutes ago: the demo engineer's turn began 10 minutes ago, so ticket alerts flow. */
const scenario = () => ({ ...demoScenario(), anchorMs: NOW - 30 * MINUTE });
/** Every cell ends here; the turn ends days later, so no turn event hides inside the window. */
const END = NOW + 20 * MINUTE;
const INTERVAL: Record<ServiceName, number> = {
  zendesk: DEFAULT_SETTINGS.polling.zendeskSeconds * SECOND,
  pagerduty: DEFAULT_SETTINGS.polling.pagerdutySeconds * SECOND,
};
const WATCHDOG_MS = DEFAULT_SETTINGS.polling.timeoutSeconds * SECOND * POLL_TIMEOUT_FACTOR;
const OTHER: Record<ServiceName, ServiceName> = { zendesk: 'pagerduty', pagerduty: 'zendesk' };

interface Cell {
  fault: FaultKind | 'refused';
  retryAfterSeconds?: number;
  expected: SourceFailureKind;
  status?: number;
  /** Seconds the source must stay silent after the failure (Retry-After, or the 60 s default for a bare 429). */
  silentSeconds?: number;
  /** Credentials refused: polling stops until the settings change. */
  halts?: boolean;
}

const CELLS: Cell[] = [
  { fault: 'unauthorized', expected: 'auth_rejected', status: 401, halts: true },
  { fault: 'forbidden', expected: 'auth_rejected', status: 403, halts: true },
  { fault: 'rate_limited', retryAfterSeconds: 120, expected: 'rate_limited', silentSeconds: 120 },
  { fault: 'rate_limited', expected: 'rate_limited', silentSeconds: 60 },
  { fault: 'server_error', expected: 'server_error', status: 500 },
  { fault: 'unavailable', expected: 'server_error', status: 503 },
  { fault: 'unavailable', retryAfterSeconds: 90, expected: 'rate_limited', silentSeconds: 90 },
  { fault: 'hang', expected: 'timeout' },
  { fault: 'malformed_json', expected: 'bad_response' },
  { fault: 'html_error', expected: 'server_error', status: 502 },
  { fault: 'truncated', expected: 'bad_response' },
  { fault: 'reset', expected: 'offline' },
  { fault: 'wrong_shape', expected: 'bad_response' },
  { fault: 'refused', expected: 'offline' },
];

const ids = (snapshot: Snapshot) => snapshot.queue.map((entry) => entry.ticket.id);
const turnOf = (snapshot: Snapshot) => ({
  onCall: snapshot.turn.onCall,
  current: snapshot.turn.current,
  next: snapshot.turn.next,
});

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

/** A second sandbox that serves one source, so a test can close its port (refused) and open it again. */
async function detachedSandbox(world: World, port = 0): Promise<Sandbox> {
  return startSandbox({ scenario: world.sandbox.scenario(), clock: world.now, port });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Alert ids a fault-free run delivers over the same timeline, per source under test (the same for both). */
let control: string[];
beforeAll(async () => {
  const world = await startWorld({ sandbox: { scenario: scenario() } });
  await world.start();
  await world.advanceTo(END);
  control = world.delivered.map((alert) => alert.id);
  await world.close();
  // The window must hold alerts, or "none lost" would prove nothing.
  expect(control.length).toBeGreaterThan(2);
});

describe.each(['zendesk', 'pagerduty'] as const)('%s faults', (source) => {
  const base = (suffix: string) => (source === 'zendesk' ? `${suffix}/api/v2` : `${suffix}/pagerduty`);

  it.each(CELLS)('$fault (Retry-After $retryAfterSeconds) -> $expected', async (cell) => {
    let detached: Sandbox | null = null;
    let port = 0;
    if (cell.fault === 'refused') port = await freePort();
    const world = await startWorld({
      sandbox: { scenario: scenario() },
      baseUrls: cell.fault === 'refused' ? { [source]: base(`http://127.0.0.1:${port}`) } : {},
    });
    open.push(world);
    if (cell.fault === 'refused') {
      detached = await detachedSandbox(world, port);
      open.push({ close: () => detached!.close() });
    }
    const served = () => (detached ?? world.sandbox).requests.filter((record) => record.service === source);

    const good = await world.start();
    expect(good.sources[source].state).toBe('fresh');
    expect(good.sources[OTHER[source]].state).toBe('fresh');

    // Inject the fault and let the next scheduled poll meet it.
    if (cell.fault === 'refused') await detached!.close();
    else {
      world.sandbox.inject({ service: source, kind: cell.fault, retryAfterSeconds: cell.retryAfterSeconds });
      world.expectHang(source, cell.fault === 'hang');
    }
    const faultFrom = world.now();
    await world.advanceBy(
      INTERVAL[source] + WATCHDOG_MS + SECOND,
      () => world.engine.snapshot()!.sources[source].state !== 'fresh',
    );
    const failed = world.engine.snapshot()!;
    const failedAt = world.now();
    expect(failedAt).toBeGreaterThan(faultFrom);
    expect(failed.sources[source]).toMatchObject({
      state: 'stale',
      failure: { kind: cell.expected, ...(cell.status ? { status: cell.status } : {}) },
      lastSuccessAt: new Date(NOW).toISOString(),
    });
    expect(failed.sources[source].message).not.toBe('');
    expect(failed.sources[OTHER[source]].state).toBe('fresh');
    expect(failed.tray.stale).toBe(true);
    // The last good data stays: no ticket vanished, the turn did not end.
    expect(ids(failed)).toEqual(ids(good));
    expect(turnOf(failed)).toEqual(turnOf(good));
    const faulted = served().filter((record) => record.at > faultFrom || record.status !== 200);

    if (cell.silentSeconds !== undefined) {
      const failure = failed.sources[source].failure;
      expect(failure?.kind === 'rate_limited' && Date.parse(failure.retryAt)).toBe(
        failedAt + cell.silentSeconds * SECOND,
      );
    }

    // The fault clears; the source comes back by itself at its next attempt.
    if (cell.fault === 'refused') {
      detached = await detachedSandbox(world, port);
      const reopened = detached;
      open.push({ close: () => reopened.close() });
    } else world.sandbox.clearFaults();
    world.expectHang(source, false);

    if (cell.halts) {
      const before = served().length;
      await world.advanceTo(END);
      expect(served().length).toBe(before);
      expect(world.engine.snapshot()!.sources[source]).toMatchObject({
        state: 'stale',
        failure: { kind: cell.expected },
      });
      // New settings (the user fixed the token) lift the stop.
      world.engine.settingsChanged();
      await world.quiesce();
      expect(world.engine.snapshot()!.sources[source].state).toBe('fresh');
    } else {
      const allowed = Math.max(INTERVAL[source], (cell.silentSeconds ?? 0) * SECOND);
      await world.advanceBy(allowed, () => world.engine.snapshot()!.sources[source].state === 'fresh');
      const recovered = world.engine.snapshot()!;
      expect(recovered.sources[source]).toMatchObject({ state: 'fresh', failure: null, failingSince: null });
      expect(world.now() - failedAt).toBeLessThanOrEqual(allowed);
      expect(ids(recovered)).toEqual(ids(good));
      await world.advanceTo(END);
    }

    // Retry-After: not one request to the service before the instant it named.
    if (cell.silentSeconds !== undefined) {
      const limited = faulted.filter((record) => record.status === 429 || record.status === 503);
      expect(limited.length).toBeGreaterThan(0);
      for (const record of limited) {
        const early = served().filter(
          (other) => other.at > record.at && other.at < record.at + cell.silentSeconds! * SECOND,
        );
        expect(early).toEqual([]);
      }
    }

    // No false alert, none lost: the same alerts as the fault-free run over the same window.
    const delivered = world.delivered.map((alert) => alert.id);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect([...delivered].sort()).toEqual([...control].sort());
  });
});

afterAll(async () => {
  while (open.length > 0) await open.pop()!.close();
});
