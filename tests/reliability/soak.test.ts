/**
 * The soak: 10,000 Zendesk poll cycles (about a week of simulated time) of the real engine, ledger and sources over
 * the sandbox, with seeded faults sprinkled in. Heap, ledger and request log stay bounded, requests stay within the
 * budget, and no alert is ever delivered twice. Also: the request rate of the default settings for a 100-ticket queue.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LEDGER_KEY } from '../../src/main/core/alerts';
import { DEMO_VIEWS, type FaultKind, generateScenario, mulberry32 } from '../../src/main/sources/sandbox';
import { memoryStore } from '../support/factories';
import { MINUTE, peakPerMinute, startWorld } from './harness';

const CYCLES = 10_000;
const FAULTS: FaultKind[] = ['server_error', 'rate_limited', 'unavailable', 'malformed_json', 'truncated', 'reset'];

function forcedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

describe('soak', () => {
  it(`runs ${CYCLES} poll cycles with faults: flat heap, bounded ledger and log, within the request budget`, async () => {
    const random = mulberry32(20261130);
    const store = memoryStore();
    const world = await startWorld({
      sandbox: { scenario: generateScenario({ tickets: 8, seed: 11 }) },
      store,
      random,
    });
    const settings = world.settings();
    world.setSettings({ ...settings, zendesk: { ...settings.zendesk, viewIds: [DEMO_VIEWS.infrastructure] } });
    const gc = forcedGc();
    try {
      await world.start();
      let heapAfterWarmUp = 0;
      let faults = 0;
      const peak = { zendesk: 0, pagerduty: 0 };
      let requests = 0;
      /** Folds the sandbox's request log into the figures and empties it, so the log is not counted as our heap. */
      const drainLog = () => {
        for (const service of ['zendesk', 'pagerduty'] as const) {
          const times = world.sandbox.requests.filter((r) => r.service === service).map((r) => r.at);
          peak[service] = Math.max(peak[service], peakPerMinute(times));
        }
        requests += world.sandbox.requests.length;
        world.sandbox.resetCounts();
      };
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        if (random() < 0.02) {
          faults++;
          world.sandbox.inject({
            service: random() < 0.7 ? 'zendesk' : 'pagerduty',
            kind: FAULTS[Math.floor(random() * FAULTS.length)]!,
            retryAfterSeconds: random() < 0.5 ? 30 + Math.floor(random() * 90) : undefined,
            times: 1 + Math.floor(random() * 3),
          });
        }
        await world.advanceBy(MINUTE);
        // On a poll boundary a sliding minute cannot straddle two drains by more than one poll's requests.
        if (cycle % 1_000 === 0) drainLog();
        if (cycle === 1_000) {
          gc();
          heapAfterWarmUp = process.memoryUsage().heapUsed;
        }
      }
      gc();
      const growth = process.memoryUsage().heapUsed - heapAfterWarmUp;
      const ledgerBytes = (store.data.get(LEDGER_KEY) ?? '').length;
      const report = {
        cycles: CYCLES,
        faults,
        heapGrowthMb: +(growth / 1024 / 1024).toFixed(2),
        ledgerBytes,
        requests,
        zendeskPeakPerMinute: peak.zendesk,
        pagerdutyPeakPerMinute: peak.pagerduty,
      };
      console.log(`soak: ${JSON.stringify(report)}`);
      expect(faults).toBeGreaterThan(100);
      expect(growth).toBeLessThan(8 * 1024 * 1024);
      expect(ledgerBytes).toBeLessThan(256 * 1024);
      expect(requests).toBeGreaterThan(2 * CYCLES);
      // One view page and one SLA batch per poll, once a minute: retries after faults never double that.
      expect(report.zendeskPeakPerMinute).toBeLessThanOrEqual(4);
      expect(report.pagerdutyPeakPerMinute).toBeLessThanOrEqual(4);
      const ids = world.delivered.map((alert) => alert.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(world.engine.snapshot()!.sources.zendesk.state).not.toBe('failing');
    } finally {
      await world.close();
    }
  }, 240_000);

  it('default settings use under 5% of Zendesk Team (200/min) and 1% of PagerDuty (960/min) for 100 tickets', async () => {
    const world = await startWorld({ sandbox: { scenario: generateScenario({ tickets: 100, seed: 5 }) } });
    try {
      await world.start();
      world.sandbox.resetCounts();
      const from = world.now();
      await world.advanceBy(60 * MINUTE);
      const minutes = (world.now() - from) / MINUTE;
      const zendeskPerMinute = world.sandbox.count({ service: 'zendesk' }) / minutes;
      const pagerdutyPerMinute = world.sandbox.count({ service: 'pagerduty' }) / minutes;
      console.log(
        `request rate at defaults (100 tickets): ${JSON.stringify({ zendeskPerMinute, pagerdutyPerMinute })}`,
      );
      expect(world.engine.snapshot()!.queue.length).toBeGreaterThan(0);
      expect(zendeskPerMinute).toBeGreaterThan(0);
      expect(zendeskPerMinute).toBeLessThan(200 * 0.05);
      expect(pagerdutyPerMinute).toBeGreaterThan(0);
      expect(pagerdutyPerMinute).toBeLessThan(960 * 0.01);
    } finally {
      await world.close();
    }
  });
});
