import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliHandover } from '../../../src/main/cli/handover';
import {
  DEMO_SCHEDULES,
  DEMO_VIEWS,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { ensureBuilt, runBin } from './support';

/** Monday 10:00 UTC. The demo turn (Product Analytics Support) runs from 10:20 for a week; Lena Latency is next. */
const ANCHOR = Date.parse('2026-11-30T10:00:00Z');
const DURING_TURN = ANCHOR + 30 * 60_000;
const TURN_END = ANCHOR + 20 * 60_000 + 7 * 24 * 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const DEMO = { SUPPORT_HERO_DEMO_ANCHOR: iso(ANCHOR) };

let sandbox: Sandbox;
let directory: string;

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ scenario: { ...demoScenario(), anchorMs: ANCHOR }, clock: () => DURING_TURN });
  directory = mkdtempSync(join(tmpdir(), 'sh-handover-'));
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('support-hero handover (built bin)', () => {
  it('prints the handover Markdown: the next Support Hero, the tiers handed over, their open tickets', async () => {
    const result = await runBin(['handover', '--now', iso(DURING_TURN)], DEMO);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('built-in demo data');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('# Support Hero handover (Mon 30 Nov 10:30)');
    expect(lines[2]).toBe('Hand over to Lena Latency (from Mon 7 Dec 10:20).');
    expect(lines[3]).toBe(
      'Tiers 1 to 5: Slack request from Customer Success; Tagged by Customer Success; Escalated, High priority; Escalated, Normal priority; Nearing or past SLA breach.',
    );
    // The demo workspace's two open Customer Success requests come first.
    expect(lines[5]).toBe('2 open Slack requests need an answer.');
    expect(lines[6]).toMatch(/^\d+ open tickets need a new owner\.$/);
    const headings = lines.filter((line) => line.startsWith('## '));
    expect(headings.map((line) => line.replace(/ \(\d+\)$/, ''))).toEqual([
      '## 1. Slack request from Customer Success',
      '## 2. Tagged by Customer Success',
      '## 3. Escalated, High priority',
      '## 4. Escalated, Normal priority',
      '## 5. Nearing or past SLA breach',
    ]);
    expect(result.stdout).toContain('https://posthoghelp-demo.zendesk.com/agent/tickets/');
    expect(result.stdout).not.toContain('Low priority');
  });

  it('says the next Support Hero is unknown before the turn starts', async () => {
    const result = await runBin(['handover', '--now', iso(ANCHOR)], DEMO);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[2]).toBe('The next Support Hero is unknown: you are not on call now.');
  });

  it('prints the documented JSON with --json, the same tickets as status in the same order', async () => {
    const result = await runBin(['handover', '--json', '--now', iso(DURING_TURN)], DEMO);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CliHandover;
    expect(Object.keys(json)).toEqual([
      'schema',
      'generatedAt',
      'demo',
      'nextHero',
      'nextHeroLine',
      'tiers',
      'tiersLine',
      'tickets',
      'requests',
    ]);
    expect(json.schema).toBe('support-hero.handover/1');
    expect(json.demo).toBe(true);
    expect(json.nextHero).toEqual({
      name: 'Lena Latency',
      schedule: 'Product Analytics Support',
      scheduleId: DEMO_SCHEDULES.productAnalytics,
      from: iso(TURN_END),
    });
    expect(json.tiers.map((tier) => [tier.rank, tier.id])).toEqual([
      [1, 'slack_customer_success'],
      [2, 'customer_success'],
      [3, 'escalated_high'],
      [4, 'escalated_normal'],
      [5, 'nearing_breach'],
    ]);
    expect(json.requests.map((entry) => entry.tierRank)).toEqual([1, 1]);
    expect(json.tickets.length + json.requests.length).toBe(json.tiers.reduce((sum, tier) => sum + tier.count, 0));
    const ranks = json.tickets.map((entry) => entry.tierRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(Object.keys(json.tickets[0]!)).toEqual([
      'id',
      'tier',
      'tierLabel',
      'tierRank',
      'reason',
      'subject',
      'url',
      'moderationUrl',
      'breachAt',
      'flags',
    ]);
    for (const ticket of json.tickets.filter((entry) => entry.flags.includes('content_warning'))) {
      expect(ticket.subject).toBe('Subject hidden: content warning');
    }

    const status = await runBin(['status', '--json', '--now', iso(DURING_TURN)], DEMO);
    const queue = (JSON.parse(status.stdout) as { queue: { kind: string; id: number | string; handover: boolean }[] })
      .queue;
    const handedOver = (kind: string) => queue.filter((e) => e.handover && e.kind === kind).map((e) => e.id);
    expect(json.tickets.map((entry) => entry.id)).toEqual(handedOver('zendesk_ticket'));
    expect(json.requests.map((entry) => entry.id)).toEqual(handedOver('slack_request'));
  });

  it('reads the next person from the configured PagerDuty schedules', async () => {
    const config = join(directory, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        zendesk: {
          subdomain: sandbox.subdomain,
          email: SANDBOX_CREDENTIALS.zendesk.email,
          viewIds: Object.values(DEMO_VIEWS),
        },
        pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES) },
        app: { timeZone: 'UTC' },
      }),
    );
    const result = await runBin(
      [
        'handover',
        '--json',
        '--config',
        config,
        '--now',
        iso(DURING_TURN),
        '--zendesk-url',
        sandbox.zendeskBaseUrl,
        '--pagerduty-url',
        sandbox.pagerdutyBaseUrl,
      ],
      {
        SUPPORT_HERO_ZENDESK_TOKEN: SANDBOX_CREDENTIALS.zendesk.token,
        SUPPORT_HERO_PAGERDUTY_TOKEN: SANDBOX_CREDENTIALS.pagerduty.token,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CliHandover;
    expect(json.demo).toBe(false);
    expect(json.nextHero).toMatchObject({ name: 'Lena Latency', from: iso(TURN_END) });
  });

  it('exits 3 when a source fails, still printing the handover', async () => {
    sandbox.inject({ service: 'pagerduty', kind: 'server_error' });
    try {
      const config = join(directory, 'pd-only.json');
      writeFileSync(config, JSON.stringify({ pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES) } }));
      const result = await runBin(
        ['handover', '--config', config, '--now', iso(DURING_TURN), '--pagerduty-url', sandbox.pagerdutyBaseUrl],
        { SUPPORT_HERO_PAGERDUTY_TOKEN: SANDBOX_CREDENTIALS.pagerduty.token },
      );
      expect(result.code).toBe(3);
      expect(result.stdout).toContain('The next Support Hero is unknown: PagerDuty has not answered.');
    } finally {
      sandbox.clearFaults();
    }
  });
});
