import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliAlert, CliJson } from '../../../src/main/cli/json';
import {
  DEMO_SCHEDULES,
  DEMO_SLACK,
  DEMO_VIEWS,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  SLACK_SANDBOX_CREDENTIALS,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { ensureBuilt, runBin, startBin } from './support';

/** Monday 10:00 UTC: working hours, so alerts are shown rather than held. The demo turn starts at 10:20. */
const ANCHOR = Date.parse('2026-11-30T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

let sandbox: Sandbox;
let directory: string;

const TOKENS = {
  SUPPORT_HERO_ZENDESK_TOKEN: SANDBOX_CREDENTIALS.zendesk.token,
  SUPPORT_HERO_PAGERDUTY_TOKEN: SANDBOX_CREDENTIALS.pagerduty.token,
};

function writeConfig(name: string, config: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** A partial config: everything left out takes the defaults. */
function sandboxConfig(): string {
  return writeConfig('config.json', {
    zendesk: {
      subdomain: sandbox.subdomain,
      email: SANDBOX_CREDENTIALS.zendesk.email,
      viewIds: Object.values(DEMO_VIEWS),
    },
    pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES) },
    app: { timeZone: 'UTC' },
  });
}

const urls = () => ['--zendesk-url', sandbox.zendeskBaseUrl, '--pagerduty-url', sandbox.pagerdutyBaseUrl];

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ scenario: 'demo', clock: () => ANCHOR });
  directory = mkdtempSync(join(tmpdir(), 'sh-cli-'));
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(() => {
  sandbox.clearFaults();
  sandbox.setScenario({ ...demoScenario(), anchorMs: ANCHOR });
  sandbox.resetCounts();
});

describe('support-hero (built bin)', () => {
  it('prints help and exits 0', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: support-hero <command>');
    expect(result.stdout).toContain('SUPPORT_HERO_ZENDESK_TOKEN');
  });

  it('runs on the demo data without a config, says so on stderr, and prints the queue by tier', async () => {
    const result = await runBin(['status', '--now', iso(ANCHOR)], { SUPPORT_HERO_DEMO_ANCHOR: iso(ANCHOR) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('built-in demo data');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toContain('Demo data');
    expect(lines[1]).toMatch(/^Off duty · next turn Mon 10:20, in 20m \(Product Analytics/);
    const headings = lines.filter((line) => /^\d\. /.test(line));
    expect(headings.map((line) => line.replace(/ \(\d+\).*$/, ''))).toEqual([
      '1. Slack request from Customer Success',
      '2. Tagged by Customer Success',
      '3. Escalated, High priority',
      '4. Escalated, Normal priority',
      '5. Nearing or past SLA breach',
      '6. Low priority',
      '7. Other',
    ]);
    // The demo workspace's two Customer Success requests head the queue: who asked, where, and what.
    expect(lines).toContain('1. Slack request from Customer Success (2)');
    expect(lines.some((line) => /^ {2}Slack +Alice \(CS\) in #cs-requests$/.test(line))).toBe(true);
    // Each ticket line is followed by its reason and its link, in aligned columns.
    const first = lines.findIndex((line) => line.startsWith('  #'));
    expect(lines[first]).toMatch(/^ {2}#\d+ {2}(open|new) +\w+ +\S/);
    expect(lines[first + 1]).toMatch(/^ {10}Tagged by Customer Success/);
    expect(
      lines.some((line) => /^ {10}https:\/\/posthoghelp-demo\.zendesk\.com\/agent\/tickets\/\d+$/.test(line)),
    ).toBe(true);
  });

  it('looks at the demo world at --now: the demo turn is under way half an hour later', async () => {
    const demo = { SUPPORT_HERO_DEMO_ANCHOR: iso(ANCHOR) };
    const later = await runBin(['status', '--json', '--now', iso(ANCHOR + 30 * 60_000)], demo);
    expect(later.code).toBe(0);
    const json = JSON.parse(later.stdout) as CliJson;
    expect(json.turn.onCall).toBe(true);
    expect(json.turn.current?.start).toBe(iso(ANCHOR + 20 * 60_000));
    const bad = await runBin(['status'], { SUPPORT_HERO_DEMO_ANCHOR: 'yesterday' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SUPPORT_HERO_DEMO_ANCHOR must be an ISO instant');
  });

  it('prints the snapshot as documented JSON with --json', async () => {
    const result = await runBin(['status', '--json', '--now', iso(ANCHOR)], { SUPPORT_HERO_DEMO_ANCHOR: iso(ANCHOR) });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CliJson;
    expect(json.schema).toBe('support-hero.status/1');
    expect(json.demo).toBe(true);
    expect(json.turn.onCall).toBe(false);
    expect(json.turn.next).toMatchObject({ start: iso(ANCHOR + 20 * 60_000), schedule: 'Product Analytics Support' });
    // Queue items say what they are: the demo's Slack requests first, then the tickets with their usual fields.
    expect(json.queue.slice(0, 2).map((entry) => [entry.kind, entry.source, entry.tierRank])).toEqual([
      ['slack_request', 'slack-api', 1],
      ['slack_request', 'slack-api', 1],
    ]);
    const firstTicket = json.queue.find((entry) => entry.kind === 'zendesk_ticket');
    expect(Object.keys(firstTicket!)).toEqual(
      expect.arrayContaining([
        'kind',
        'id',
        'tier',
        'tierLabel',
        'reason',
        'subject',
        'status',
        'priority',
        'source',
        'breachAt',
        'url',
        'moderationUrl',
        'organization',
        'flags',
      ]),
    );
    const ranks = json.queue.map((entry) => entry.tierRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(json.tray).toMatchObject({
      state: expect.any(String),
      badge: expect.any(Number),
      tooltip: expect.any(String),
    });
    expect(json.sources.zendesk.state).toBe('fresh');
    expect(json.sources.pagerduty.state).toBe('fresh');
    expect(json.sources.slack.state).toBe('fresh');
    expect(json.alerts.length).toBeGreaterThan(0);
    expect(Object.keys(json.alerts[0]!)).toEqual(expect.arrayContaining(['kind', 'ticketId', 'title', 'body']));
  });

  it('reads a config file and talks to the sandbox it names', async () => {
    const result = await runBin(
      ['status', '--json', '--config', sandboxConfig(), '--now', iso(ANCHOR), ...urls()],
      TOKENS,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CliJson;
    expect(json.demo).toBe(false);
    expect(json.queue.length).toBeGreaterThan(5);
    expect(json.me?.name).toBe('Demo Hero');
    expect(sandbox.count({ service: 'zendesk' })).toBeGreaterThan(0);
    expect(sandbox.count({ service: 'pagerduty', pathPrefix: '/oncalls' })).toBe(1);
    // No Slack section and no Slack token: Slack is reported as not set up, not as broken.
    expect(json.sources.slack).toMatchObject({ state: 'failing', failure: { kind: 'not_configured' } });
    expect(json.queue.every((entry) => entry.kind === 'zendesk_ticket')).toBe(true);
  });

  it('reads Slack with SUPPORT_HERO_SLACK_TOKEN, a slack config section and --slack-url', async () => {
    const config = writeConfig('slack.json', {
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
    });
    const env = { ...TOKENS, SUPPORT_HERO_SLACK_TOKEN: SLACK_SANDBOX_CREDENTIALS.user.token };
    const result = await runBin(
      ['status', '--json', '--config', config, '--now', iso(ANCHOR), ...urls(), '--slack-url', sandbox.slackApiUrl],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CliJson;
    expect(json.sources.slack.state).toBe('fresh');
    const slack = json.queue.filter((entry) => entry.kind === 'slack_request');
    expect(slack).toHaveLength(2);
    expect(json.queue.slice(0, 2)).toEqual(slack);
    expect(slack.map((entry) => [entry.source, entry.tier, entry.channel])).toEqual([
      ['slack-api', 'slack_customer_success', 'cs-requests'],
      ['slack-api', 'slack_customer_success', 'cs-requests'],
    ]);
    // A Zendesk ticket's fields keep their meaning, `source: "slack"` (made by Pylon) included.
    const tickets = json.queue.filter((entry) => entry.kind === 'zendesk_ticket');
    expect(tickets.some((entry) => entry.source === 'slack')).toBe(true);
    expect(tickets.every((entry) => typeof entry.id === 'number')).toBe(true);
    expect(sandbox.slack.count({ method: 'conversations.history' })).toBeGreaterThanOrEqual(3);

    const text = await runBin(
      ['status', '--config', config, '--now', iso(ANCHOR), ...urls(), '--slack-url', sandbox.slackApiUrl],
      env,
    );
    expect(text.stdout).toContain('1. Slack request from Customer Success (2)');
    const alone = await runBin(['status', '--slack-url', sandbox.slackApiUrl]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('need a --config naming the account');
  });

  it('refuses a Slack token from another workspace when the config names slack.teamId', async () => {
    const config = writeConfig('slack-bound.json', {
      zendesk: {
        subdomain: sandbox.subdomain,
        email: SANDBOX_CREDENTIALS.zendesk.email,
        viewIds: Object.values(DEMO_VIEWS),
      },
      pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES) },
      slack: { channelIds: Object.values(DEMO_SLACK.channels), teamId: DEMO_SLACK.team.id },
      app: { timeZone: 'UTC' },
    });
    const before = sandbox.slack.count({ method: 'conversations.history' });
    const env = { ...TOKENS, SUPPORT_HERO_SLACK_TOKEN: SLACK_SANDBOX_CREDENTIALS.otherWorkspace.token };
    const result = await runBin(
      ['status', '--json', '--config', config, '--now', iso(ANCHOR), ...urls(), '--slack-url', sandbox.slackApiUrl],
      env,
    );
    const json = JSON.parse(result.stdout) as CliJson;
    expect(json.sources.slack).toMatchObject({ state: 'failing', failure: { kind: 'auth_rejected' } });
    expect(json.sources.slack.message).toContain('this token belongs to workspace Globex Corp');
    expect(json.queue.every((entry) => entry.kind === 'zendesk_ticket')).toBe(true);
    expect(sandbox.slack.count({ method: 'conversations.history' })).toBe(before);
    expect(result.stdout + result.stderr).not.toContain(SLACK_SANDBOX_CREDENTIALS.otherWorkspace.token);
  });

  it('evaluates the turn as of --now', async () => {
    const config = sandboxConfig();
    const before = await runBin(['status', '--json', '--config', config, '--now', iso(ANCHOR), ...urls()], TOKENS);
    const during = await runBin(
      ['status', '--json', '--config', config, '--now', iso(ANCHOR + 30 * 60_000), ...urls()],
      TOKENS,
    );
    expect((JSON.parse(before.stdout) as CliJson).turn.onCall).toBe(false);
    const turn = (JSON.parse(during.stdout) as CliJson).turn;
    expect(turn.onCall).toBe(true);
    // PagerDuty clips entries to the `since` of the query, so the turn is seen from --now to its end.
    expect(turn.current?.end).toBe(iso(ANCHOR + 20 * 60_000 + 7 * 24 * 60 * 60_000));
    const text = await runBin(['status', '--config', config, '--now', iso(ANCHOR + 30 * 60_000), ...urls()], TOKENS);
    expect(text.stdout.split('\n')[0]).toMatch(/^On call now until /);
  });

  it('exits 2 for a bad config, naming the field and the file', async () => {
    const path = writeConfig('bad.json', {
      zendesk: { subdomain: 'Not A Subdomain!' },
      polling: { zendeskSeconds: 'x' },
    });
    const result = await runBin(['status', '--config', path], TOKENS);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${path}: zendesk.subdomain:`);
    expect(result.stderr).toContain(`${path}: polling.zendeskSeconds:`);
  });

  it('exits 2 for a token in the config file, an unknown option or a bad --now', async () => {
    const withToken = writeConfig('token.json', { zendesk: { token: 'abc' } });
    const token = await runBin(['status', '--config', withToken], TOKENS);
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('unknown field zendesk.token');
    expect(token.stderr).toContain('SUPPORT_HERO_ZENDESK_TOKEN');

    const option = await runBin(['status', '--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Unknown option --frobnicate');

    const now = await runBin(['status', '--now', 'tomorrow']);
    expect(now.code).toBe(2);
    expect(now.stderr).toContain('--now needs an ISO 8601 instant');

    const missing = await runBin(['status', '--config', join(directory, 'nope.json')], TOKENS);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: cannot read the config file (ENOENT)');
  });

  it('exits 3 when a source fails, and still prints the snapshot with --json', async () => {
    sandbox.inject({ service: 'zendesk', kind: 'server_error' });
    const result = await runBin(
      ['status', '--json', '--config', sandboxConfig(), '--now', iso(ANCHOR), ...urls()],
      TOKENS,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Zendesk: server error (500)');
    const json = JSON.parse(result.stdout) as CliJson;
    expect(json.sources.zendesk.failure).toMatchObject({ kind: 'server_error', status: 500 });
    expect(json.sources.pagerduty.state).toBe('fresh');

    const refused = await runBin(['status', '--config', sandboxConfig(), ...urls()], {
      ...TOKENS,
      SUPPORT_HERO_PAGERDUTY_TOKEN: 'wrong-token-1234',
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('PagerDuty refused the credentials (401)');
    expect(`${refused.stdout}${refused.stderr}`).not.toContain('wrong-token-1234');
  });

  it('watch --json prints each due alert as one JSON line, and nothing again after a restart', async () => {
    const config = sandboxConfig();
    const args = ['watch', '--json', '--config', config, '--now', iso(ANCHOR), ...urls()];

    const first = startBin(args, TOKENS);
    await first.waitForStderr(/first check done/);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const alerts = first
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CliAlert);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.map((alert) => alert.kind)).toContain('turn_upcoming');
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(alerts.length);
    expect(first.stderr()).toContain('stopped (SIGINT)');
    const ledger = JSON.parse(readFileSync(join(directory, 'config.ledger.json'), 'utf8'));
    expect(Object.keys(ledger.alertLedger.entries)).toEqual(expect.arrayContaining(alerts.map((alert) => alert.id)));

    const second = startBin(args, TOKENS);
    await second.waitForStderr(/first check done/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.stdout()).toBe('');
  });
});
