/**
 * Restarts: the built `support-hero watch --json` killed with SIGKILL at seeded random points, and at two exact
 * ones (after an alert is recorded but before it is printed; in the middle of writing the ledger), then restarted
 * against the same sandbox and ledger. The exact crashes run the same `runCli` through crashing-cli.ts, which
 * installs the hook, so the built app carries no crash points. Across all runs every alert a clean run prints is
 * printed, and the ledger always loads. An alert is printed twice only in the one window the design documents
 * (docs/RELIABILITY.md, "the one residual window"): a run killed after printing an alert but before recording it
 * as delivered, which can only be the last alert that run printed. Anything else printed twice is a failure.
 * Slack is configured too (SUPPORT_HERO_SLACK_TOKEN, a `slack` config section, `--slack-url`), with requests that
 * arrive between the runs: its read position lives in the same ledger file, so each request is printed once.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliAlert } from '../../src/main/cli/json';
import {
  DEMO_SCHEDULES,
  DEMO_SLACK,
  DEMO_VIEWS,
  demoScenario,
  mulberry32,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  SLACK_SANDBOX_CREDENTIALS,
  slackDemoWorld,
  startSandbox,
} from '../../src/main/sources/sandbox';
import { ensureBuilt, startBin } from '../integration/cli/support';

/** Node arguments that start the CLI with a crash point installed (the point is the wrapper's first argument). */
const CRASHING_CLI = ['--import', 'tsx', join(import.meta.dirname, 'crashing-cli.ts')];

/** Monday 10:00 UTC; the demo turn starts at 10:20, SLA thresholds fall through the next hours. */
const ANCHOR = Date.parse('2026-11-30T10:00:00Z');
/** The instants the runs evaluate at: every 20 minutes for 4 hours. */
const STEPS = Array.from({ length: 12 }, (_, index) => ANCHOR + index * 20 * 60_000);
const TOKENS = {
  SUPPORT_HERO_ZENDESK_TOKEN: SANDBOX_CREDENTIALS.zendesk.token,
  SUPPORT_HERO_PAGERDUTY_TOKEN: SANDBOX_CREDENTIALS.pagerduty.token,
  SUPPORT_HERO_SLACK_TOKEN: SLACK_SANDBOX_CREDENTIALS.user.token,
};
/** Slack requests that arrive while the runs go on (minutes after the anchor), besides the demo's two open ones. */
const SLACK_ARRIVALS = [25, 70, 130, 190];

/** The demo workspace plus requests tagging the user at SLACK_ARRIVALS, in #cs-requests and in its thread. */
function slackWorld() {
  const world = slackDemoWorld();
  const channel = world.channels.find((item) => item.id === DEMO_SLACK.channels.requests)!;
  for (const [index, minutes] of SLACK_ARRIVALS.entries()) {
    channel.messages.push({
      key: `arrival-${minutes}`,
      minutesAgo: -minutes,
      user: index % 2 === 0 ? DEMO_SLACK.alice : DEMO_SLACK.bob,
      text: `<@${DEMO_SLACK.me}> request ${index + 1} while the CLI restarts`,
      ...(index % 2 === 1 ? { threadOf: 'thread-parent' } : {}),
    });
  }
  return world;
}

let sandbox: Sandbox;
let simNow = ANCHOR;
let directory: string;

beforeAll(async () => {
  ensureBuilt();
  // Many runs share one simulated minute here: the sandbox's own rate limit is not what this test is about.
  sandbox = await startSandbox({
    scenario: { ...demoScenario(), anchorMs: ANCHOR, slack: slackWorld() },
    clock: () => simNow,
    rateLimits: { zendeskPerMinute: null, pagerdutyPerMinute: null },
  });
  directory = mkdtempSync(join(tmpdir(), 'sh-restarts-'));
}, 180_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(directory, { recursive: true, force: true });
});

function config(name: string): string {
  const path = join(directory, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      zendesk: {
        subdomain: sandbox.subdomain,
        email: SANDBOX_CREDENTIALS.zendesk.email,
        viewIds: Object.values(DEMO_VIEWS),
      },
      pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES) },
      slack: {
        channelIds: Object.values(DEMO_SLACK.channels),
        csUserGroupId: DEMO_SLACK.csGroup,
        myGroupId: DEMO_SLACK.myGroup,
      },
      app: { timeZone: 'UTC' },
    }),
  );
  return path;
}

type Ending =
  | { kind: 'graceful' }
  | { kind: 'kill'; afterMs: number }
  | { kind: 'crash'; at: 'after-record' | 'mid-write' };

interface Run {
  printed: string[];
  /** The run finished its first check (every alert due at its instant was decided). */
  completed: boolean;
  signal: boolean;
}

async function run(configPath: string, nowMs: number, ending: Ending): Promise<Run> {
  simNow = nowMs;
  const args = ['watch', '--json', '--config', configPath, '--now', new Date(nowMs).toISOString()];
  args.push('--zendesk-url', sandbox.zendeskBaseUrl, '--pagerduty-url', sandbox.pagerdutyBaseUrl);
  args.push('--slack-url', sandbox.slackApiUrl);
  const bin = ending.kind === 'crash' ? startBin(args, TOKENS, [...CRASHING_CLI, ending.at]) : startBin(args, TOKENS);
  let code: number | null;
  if (ending.kind === 'kill') {
    await new Promise((resolve) => setTimeout(resolve, ending.afterMs));
    bin.child.kill('SIGKILL');
    code = await bin.exited;
  } else {
    // A crash hook that never triggers (nothing to write) leaves a healthy run: end it like a graceful one.
    const finished = await Promise.race([bin.waitForStderr(/first check done/).then(() => 'checked'), bin.exited]);
    if (finished === 'checked') bin.child.kill('SIGTERM');
    code = await bin.exited;
  }
  const printed = bin
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as CliAlert).id);
  return { printed, completed: /first check done/.test(bin.stderr()), signal: code === null };
}

function ledgerLoads(configPath: string): void {
  const ledger = configPath.replace(/\.json$/, '.ledger.json');
  if (existsSync(ledger)) expect(() => JSON.parse(readFileSync(ledger, 'utf8'))).not.toThrow();
}

describe('restarts of the built CLI', () => {
  it('SIGKILL at random points, after recording, and mid-write: every due alert printed once', async () => {
    const clean = config('clean');
    const expected: string[] = [];
    for (const step of STEPS) expected.push(...(await run(clean, step, { kind: 'graceful' })).printed);
    expect(new Set(expected).size).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(3);
    // Slack is read too: the demo's two open requests and every one that arrives between the runs, once each.
    expect(expected.filter((id) => id.startsWith('slack:'))).toHaveLength(2 + SLACK_ARRIVALS.length);

    const random = mulberry32(42);
    const crashed = config('crashed');
    const printed: string[] = [];
    /** Alerts printed last by a run that was then killed: the only ones the design allows to show again. */
    const inResidualWindow = new Set<string>();
    let kills = 0;
    let recoveredAfterRecord = false;
    for (const [index, step] of STEPS.entries()) {
      const endings: Ending[] = [];
      if (index === 0) endings.push({ kind: 'crash', at: 'after-record' });
      if (index === 3) endings.push({ kind: 'crash', at: 'mid-write' });
      while (random() < 0.5 && endings.length < 3) endings.push({ kind: 'kill', afterMs: 50 + random() * 900 });
      endings.push({ kind: 'graceful' });
      for (const ending of endings) {
        const result = await run(crashed, step, ending);
        // The last run at each instant finishes its first check, so everything due then has been decided.
        if (ending.kind === 'graceful') expect(result.completed).toBe(true);
        printed.push(...result.printed);
        const last = result.printed[result.printed.length - 1];
        if (result.signal && last !== undefined) inResidualWindow.add(last);
        ledgerLoads(crashed);
        if (ending.kind !== 'graceful' && result.signal) kills++;
        if (ending.kind === 'crash' && ending.at === 'after-record') {
          // It died holding a recorded alert it had not printed; the next start prints it.
          expect(result.signal).toBe(true);
          expect(result.printed).toEqual([]);
          recoveredAfterRecord = true;
        }
        if (ending.kind === 'crash' && ending.at === 'mid-write') expect(result.signal).toBe(true);
      }
    }
    console.log(
      `restarts: ${JSON.stringify({ steps: STEPS.length, kills, alerts: expected.length, printed: printed.length })}`,
    );
    expect(recoveredAfterRecord).toBe(true);
    expect(kills).toBeGreaterThanOrEqual(6);
    const repeated = printed.filter((id, index) => printed.indexOf(id) !== index);
    expect(repeated.filter((id) => !inResidualWindow.has(id))).toEqual([]);
    // Each alert shows again at most once per kill that caught it in the window.
    expect(repeated.length).toBeLessThanOrEqual(kills);
    expect([...new Set(printed)].sort()).toEqual([...expected].sort());
  }, 300_000);
});
