/**
 * A full poll cycle through the real runtime against the sandbox over HTTP: requests, bytes and wall time at
 * 1,000 and 5,000 tickets beside the fewest requests the APIs allow, and the request rate at default settings.
 */
import { performance } from 'node:perf_hooks';
import type { KeyValueStore, SecretStore } from '../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { demoSettings, startRuntime } from '../../src/main/runtime';
import {
  DEMO_VIEWS,
  generateScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../../src/main/sources/sandbox';
import type { Settings } from '../../src/shared/settings';
import type { BenchRow } from './types';

const RUNS = 3;

const secrets: SecretStore = {
  get: (name) => (name === 'zendeskToken' ? SANDBOX_CREDENTIALS.zendesk.token : SANDBOX_CREDENTIALS.pagerduty.token),
};

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return {
    get: (key) => data.get(key),
    set: (key, value) => void data.set(key, value),
    delete: (key) => void data.delete(key),
  };
}

function settingsFor(sandbox: Sandbox, viewIds: number[]): Settings {
  const base = structuredClone(DEFAULT_SETTINGS);
  const settings = demoSettings({ ...base, app: { ...base.app, timeZone: 'UTC' } }, sandbox);
  return {
    ...settings,
    zendesk: { ...settings.zendesk, viewIds },
    polling: { ...settings.polling, timeoutSeconds: 60 },
  };
}

/** A sandbox whose whole queue sits in one view, so the API minimum is well defined. */
async function oneViewSandbox(tickets: number): Promise<Sandbox> {
  const sandbox = await startSandbox({
    scenario: generateScenario({ tickets, seed: 11 }),
    rateLimits: { zendeskPerMinute: null, pagerdutyPerMinute: null },
  });
  const scenario = sandbox.scenario();
  for (const ticket of scenario.zendesk.tickets) {
    if (!ticket.tags.includes('team_infrastructure')) ticket.tags.push('team_infrastructure');
  }
  sandbox.setScenario(scenario);
  return sandbox;
}

async function fullPoll(tickets: number): Promise<BenchRow[]> {
  const sandbox = await oneViewSandbox(tickets);
  const runtime = await startRuntime({
    settings: settingsFor(sandbox, [DEMO_VIEWS.infrastructure]),
    secrets,
    store: memoryStore(),
    notifier: { deliver: () => {} },
  });
  try {
    // The first poll also resolves the PagerDuty user and schedule names (cached afterwards): warm up past it.
    await runtime.engine.pollNow();
    const times: number[] = [];
    let requests = 0;
    let bytes = 0;
    let queue = 0;
    for (let run = 0; run < RUNS; run++) {
      sandbox.resetCounts();
      const started = performance.now();
      const snapshot = await runtime.engine.pollNow();
      times.push(performance.now() - started);
      requests = sandbox.count();
      bytes = sandbox.bytesSent();
      queue = snapshot.queue.length;
    }
    const minimum = 2 * Math.ceil(tickets / 100) + 1;
    times.sort((a, b) => a - b);
    return [
      {
        name: `full poll, ${tickets} tickets: requests`,
        value: requests,
        unit: 'requests',
        target: `= ${minimum} (API minimum)`,
        note: `queue ${queue}`,
      },
      { name: `full poll, ${tickets} tickets: bytes received`, value: Math.round(bytes / 1024), unit: 'KiB' },
      {
        name: `full poll, ${tickets} tickets: wall time (median of ${RUNS})`,
        value: times[Math.floor(RUNS / 2)]!,
        unit: 'ms',
        note: 'sandbox on the same 2 cores',
      },
    ];
  } finally {
    await runtime.stop();
    await sandbox.close();
  }
}

/** Requests per minute for a 100-ticket queue over the demo's two team views at the default cadences. */
async function defaultRate(): Promise<BenchRow[]> {
  const sandbox = await startSandbox({ scenario: generateScenario({ tickets: 100, seed: 5 }) });
  const settings = settingsFor(sandbox, Object.values(DEMO_VIEWS));
  settings.polling = { ...DEFAULT_SETTINGS.polling };
  const runtime = await startRuntime({ settings, secrets, store: memoryStore(), notifier: { deliver: () => {} } });
  try {
    await runtime.engine.pollNow();
    sandbox.resetCounts();
    await runtime.engine.pollNow();
    const zendeskPerPoll = sandbox.count({ service: 'zendesk' });
    const pagerdutyPerPoll = sandbox.count({ service: 'pagerduty' });
    const zendeskPerMinute = (zendeskPerPoll * 60) / settings.polling.zendeskSeconds;
    const pagerdutyPerMinute = (pagerdutyPerPoll * 60) / settings.polling.pagerdutySeconds;
    return [
      {
        name: 'Zendesk requests/min at default settings, 100 tickets',
        value: zendeskPerMinute,
        unit: 'req/min',
        target: '<= 200 (Team plan)',
        note: `${zendeskPerPoll} per poll every ${settings.polling.zendeskSeconds} s`,
      },
      {
        name: 'PagerDuty requests/min at default settings',
        value: pagerdutyPerMinute,
        unit: 'req/min',
        target: '<= 960',
        note: `${pagerdutyPerPoll} per poll every ${settings.polling.pagerdutySeconds} s`,
      },
    ];
  } finally {
    await runtime.stop();
    await sandbox.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  return [...(await fullPoll(1_000)), ...(await fullPoll(5_000)), ...(await defaultRate())];
}
