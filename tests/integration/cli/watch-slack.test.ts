/**
 * `watch` with Slack configured, in-process (runCli) over real HTTP to the sandbox, on a fake clock and scheduler:
 * Slack's health changes reach stderr like the other sources' (a failure once per change, the recovery once), its
 * requests reach stdout as alerts once each, and a run without Slack is not told on every start that it is not set
 * up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import {
  DEMO_SCHEDULES,
  DEMO_SLACK,
  DEMO_VIEWS,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  SLACK_SANDBOX_CREDENTIALS,
  type SlackFaultSpec,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { fakeScheduler } from '../../support/fake-time';
import { tallyServedRequests, untilQuiet } from '../../support/quiet-io';

const START = Date.parse('2026-11-30T10:00:00Z');
const MINUTE = 60_000;
/** The demo laid out 30 minutes earlier: the demo user's turn began 10 minutes before START, so alerts flow. */
const ON_DUTY_ANCHOR = START - 30 * MINUTE;
const TOKENS = {
  SUPPORT_HERO_ZENDESK_TOKEN: SANDBOX_CREDENTIALS.zendesk.token,
  SUPPORT_HERO_PAGERDUTY_TOKEN: SANDBOX_CREDENTIALS.pagerduty.token,
};
const SLACK_TOKEN = { SUPPORT_HERO_SLACK_TOKEN: SLACK_SANDBOX_CREDENTIALS.user.token };

let directory: string;
let sandbox: Sandbox | null = null;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'sh-watch-slack-'));
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

interface Step {
  /** Fake-clock minutes after START at which this happens. */
  atMinute: number;
  /** A Slack fault to inject, or `clear` to lift every fault. */
  slack: SlackFaultSpec | 'clear';
}

/** Runs `watch --json` for `minutes` of fake time, applying `steps` on the way; returns its output. */
async function watch(minutes: number, options: { slack: boolean; steps?: Step[] }) {
  const time = fakeScheduler(START);
  const box = await startSandbox({
    scenario: { ...demoScenario(), anchorMs: ON_DUTY_ANCHOR },
    clock: () => time.clock.now(),
  });
  sandbox = box;
  const config = join(directory, `watch-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      zendesk: {
        subdomain: box.subdomain,
        email: SANDBOX_CREDENTIALS.zendesk.email,
        viewIds: Object.values(DEMO_VIEWS),
      },
      pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES) },
      ...(options.slack
        ? {
            slack: {
              channelIds: Object.values(DEMO_SLACK.channels),
              csUserGroupId: DEMO_SLACK.csGroup,
              myGroupId: DEMO_SLACK.myGroup,
            },
          }
        : {}),
      app: { timeZone: 'UTC' },
    }),
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stop: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  // Counted before the CLI starts, so its first requests are in the tally.
  const served = tallyServedRequests();
  const quiet = () => untilQuiet(served);
  const urls = ['--zendesk-url', box.zendeskBaseUrl, '--pagerduty-url', box.pagerdutyBaseUrl];
  if (options.slack) urls.push('--slack-url', box.slackApiUrl);
  const running = runCli(
    ['watch', '--json', '--config', config, ...urls],
    { ...TOKENS, ...(options.slack ? SLACK_TOKEN : {}) },
    {
      stdout: (text) => void stdout.push(text),
      stderr: (text) => void stderr.push(text),
      untilStopped: () => stopped,
      realNow: time.clock.now,
      scheduler: time.scheduler,
    },
  );
  const steps = [...(options.steps ?? [])].sort((a, b) => a.atMinute - b.atMinute);
  await quiet();
  for (const until of [...steps.map((step) => START + step.atMinute * MINUTE), START + minutes * MINUTE]) {
    while (time.fireNext(until)) await quiet();
    time.set(Math.max(time.clock.now(), until));
    const step = steps.shift();
    if (step) {
      if (step.slack === 'clear') box.slack.faults.clear();
      else box.slack.faults.inject(step.slack);
    }
    await quiet();
  }
  stop('SIGTERM');
  const code = await running.finally(() => served.stop());
  return { code, stdout, stderr, slackLines: stderr.filter((line) => line.startsWith('support-hero: Slack')) };
}

describe('watch with Slack', () => {
  it('prints Slack failures and the recovery on stderr once per change, and each request once on stdout', async () => {
    const run = await watch(12, {
      slack: true,
      steps: [
        { atMinute: 2, slack: { kind: 'server_error' } },
        { atMinute: 7, slack: 'clear' },
      ],
    });
    expect(run.code).toBe(0);
    // Each failed attempt says when the next one is (so each is a change); the snapshots re-published every minute
    // in between, and the fresh polls of the other sources, repeat nothing.
    const failures = run.slackLines.filter((line) => line.includes('server error'));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(new Set(failures).size).toBe(failures.length);
    for (const line of failures)
      expect(line).toMatch(/^support-hero: Slack: server error \(500\), retrying at 10:\d\d$/);
    const recoveries = run.slackLines.filter((line) => /^support-hero: Slack: up to date \(10:\d\d\)$/.test(line));
    expect(recoveries).toHaveLength(1);
    expect(run.slackLines).toEqual([...failures, ...recoveries]);
    // Zendesk and PagerDuty stayed quiet on stderr: their health never changed.
    expect(run.stderr.filter((line) => /^support-hero: (Zendesk|PagerDuty)/.test(line))).toEqual([]);
    const slackAlerts = run.stdout
      .map((line) => JSON.parse(line) as { id: string })
      .filter((alert) => alert.id.startsWith('slack:'));
    expect(slackAlerts).toHaveLength(2);
    expect(new Set(slackAlerts.map((alert) => alert.id)).size).toBe(2);
  });

  it('says a refused Slack token once, with the code, and does not repeat it while it checks again later', async () => {
    const run = await watch(20, { slack: true, steps: [{ atMinute: 1, slack: { kind: 'token_revoked' } }] });
    expect(run.slackLines).toHaveLength(1);
    expect(run.slackLines[0]).toMatch(
      /^support-hero: Slack refused the token: token_revoked \(conversations\.history on #cs-requests\); check it in the settings; checking again at 1\d:\d\d$/,
    );
  });

  it('a run without Slack is not told that Slack is not set up', async () => {
    const run = await watch(3, { slack: false });
    expect(run.code).toBe(0);
    expect(run.slackLines).toEqual([]);
    expect(run.stdout.some((line) => line.includes('"slack:'))).toBe(false);
  });
});
