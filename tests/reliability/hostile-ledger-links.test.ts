/**
 * Issue 10 through the CLI, in-process: a ledger that cannot be written (class 5), links from data (class 6), and
 * what a user reads about a list cut short (class 3) or an unexpected response (class 4).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliAlert, CliJson } from '../../src/main/cli/json';
import { DEMO_ANCHOR_ENV, runCli } from '../../src/main/cli/main';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { buildSnapshot, emptyHealth } from '../../src/main/core/snapshot';
import { allowedLink, scheduleLink } from '../../src/shared/link-policy';
import { makeTicket } from '../support/factories';
import { idsOf, onCall, organization, PAGERDUTY_TOKEN, pdUser, ticket, user, ZENDESK_TOKEN } from './hostile-fixtures';
import { type HostileServer, sendJson, startHostileServer } from './hostile-server';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: HostileServer;
let directory: string;
let files = 0;

beforeAll(async () => {
  server = await startHostileServer((_request, response) => {
    response.end();
  });
  directory = mkdtempSync(join(tmpdir(), 'sh-ledger-links-'));
});
afterAll(async () => {
  await server.close();
  // A folder made read-only by a test must be writable again to be removed.
  chmodRecursive(directory);
  rmSync(directory, { recursive: true, force: true });
});

function chmodRecursive(path: string) {
  try {
    chmodSync(path, 0o700);
  } catch {
    // Gone already.
  }
}

/**
 * Runs the CLI in-process. `watch` stops by itself once its first check is done (and, with `settleMs`, a little
 * later, so the alerts of that first poll are all out).
 */
async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stop: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const code = await runCli(argv, env, {
    stdout: (text) => void stdout.push(text),
    stderr: (text) => {
      stderr.push(text);
      if (text.includes('first check done')) stop('SIGTERM');
    },
    untilStopped: () => stopped,
    realNow: () => Date.now(),
  });
  return { code, stdout, stderr };
}

// -----------------------------------------------------------------------------------------------------------------
// A ledger that cannot be written
// -----------------------------------------------------------------------------------------------------------------

describe('watch with a ledger that cannot be written', () => {
  /**
   * The demo world laid out 30 minutes before the instant evaluated (`--now`, since the anchor alone fixes the
   * instant at the anchor): the demo turn is under way, so alerts are due at the first check.
   */
  const evaluatedAt = Date.now();
  const demoEnv = (configHome: string): NodeJS.ProcessEnv => ({
    XDG_CONFIG_HOME: configHome,
    [DEMO_ANCHOR_ENV]: new Date(evaluatedAt - 30 * 60_000).toISOString(),
  });
  const at = ['--now', new Date(evaluatedAt).toISOString()];

  /** A config home whose ledger folder exists but where no new file can be made (a folder at the temp name). */
  function unwritableLedgerHome(): string {
    const home = join(directory, `home-${++files}`);
    const folder = join(home, 'support-hero');
    mkdirSync(folder, { recursive: true });
    // The store writes `.ledger.json.<pid>.tmp`, then renames it over the ledger: a folder there fails the write
    // even for root, for whom chmod does not.
    mkdirSync(join(folder, `.ledger.json.${process.pid}.tmp`));
    return home;
  }

  it('shows every due alert anyway, warns once on stderr naming the file, and exits 0', async () => {
    const control = await cli(['watch', '--json', ...at], demoEnv(join(directory, `home-${++files}`)));
    const controlIds = control.stdout.map((line) => (JSON.parse(line) as CliAlert).id);
    expect(controlIds.length).toBeGreaterThan(0);

    const home = unwritableLedgerHome();
    const run = await cli(['watch', ...at], demoEnv(home));
    expect(run.code).toBe(0);
    expect(run.stdout).toHaveLength(controlIds.length);
    const warnings = run.stderr.filter((line) => line.includes('WARNING'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(home, 'support-hero', 'ledger.json'));
    expect(warnings[0]).toContain('may be shown again after a restart');
    expect(existsSync(join(home, 'support-hero', 'ledger.json'))).toBe(false);
  });

  it('with --json, warns as one JSON line on stderr and still prints every alert as JSON on stdout', async () => {
    const home = unwritableLedgerHome();
    const run = await cli(['watch', '--json', ...at], demoEnv(home));
    expect(run.code).toBe(0);
    const alerts = run.stdout.map((line) => JSON.parse(line) as CliAlert);
    expect(alerts.length).toBeGreaterThan(0);
    const warnings = run.stderr.filter((line) => line.startsWith('{'));
    expect(warnings).toHaveLength(1);
    const warning = JSON.parse(warnings[0]!) as { warning: string };
    expect(warning.warning).toContain(join(home, 'support-hero', 'ledger.json'));
    expect(warning.warning).toContain('alerts are still shown');
  });

  it.skipIf(process.getuid?.() === 0)('a read-only ledger folder (chmod, not root): the same', async () => {
    const home = join(directory, `home-${++files}`);
    const folder = join(home, 'support-hero');
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o500);
    try {
      const run = await cli(['watch', ...at], demoEnv(home));
      expect(run.code).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(0);
      expect(run.stderr.filter((line) => line.includes('WARNING'))).toHaveLength(1);
    } finally {
      chmodSync(folder, 0o700);
    }
  });
});

// -----------------------------------------------------------------------------------------------------------------
// Links from data
// -----------------------------------------------------------------------------------------------------------------

const HOSTILE_LINKS = [
  'https://evil.example/phish',
  'https://acme.pagerduty.com.evil.example/schedules/PSCHED1',
  'https://acme.xn--pagerdty-m2a.com/schedules/PSCHED1',
  'https://acme.pagerdüty.com/schedules/PSCHED1',
  'https://xn--acme-9na.pagerduty.com/schedules/PSCHED1',
  'https://acme.pagerduty.com@evil.example/schedules/PSCHED1',
  'https://acme.pagerduty.com:8443/schedules/PSCHED1',
  'https://127.0.0.1/schedules/PSCHED1',
  'http://acme.pagerduty.com/schedules/PSCHED1',
  'javascript:alert(1)',
];
const MARKERS = ['evil', 'xn--', 'pagerdüty', '8443', '127.0.0.1/schedules', 'http://acme', 'javascript'];

/** A PagerDuty whose schedule links are `link`: my turn now, and my next one tomorrow. */
function pagerdutyLinking(link: string) {
  const now = Date.now();
  const schedule = { id: 'PSCHED1', summary: 'Support Hero', html_url: link };
  const entry = (start: number, end: number) => ({ ...onCall(iso(start), iso(end)), schedule });
  server.handle((_request, response: ServerResponse, url) => {
    if (url.pathname === '/users/me') return sendJson(response, 200, { user: pdUser });
    if (url.pathname === '/oncalls') {
      return sendJson(response, 200, {
        oncalls: [entry(now - 30 * 60_000, now + 2 * HOUR), entry(now + DAY, now + DAY + 8 * HOUR)],
        more: false,
      });
    }
    if (url.pathname.startsWith('/schedules/')) {
      return sendJson(response, 200, { schedule: { id: 'PSCHED1', name: 'Support Hero', html_url: link } });
    }
    sendJson(response, 404, { error: 'not found' });
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

function pagerdutyConfig(): string {
  const file = join(directory, `pd-${++files}.json`);
  writeFileSync(
    file,
    JSON.stringify({ pagerduty: { scheduleIds: ['PSCHED1'], baseUrl: server.origin }, app: { timeZone: 'UTC' } }),
  );
  return file;
}

describe('links from PagerDuty data reach no face unless the allow-list passes them', () => {
  const env = { SUPPORT_HERO_PAGERDUTY_TOKEN: PAGERDUTY_TOKEN };

  it.each(HOSTILE_LINKS)('%s: dropped from status --json, status text and watch alerts', async (link) => {
    pagerdutyLinking(link);
    const config = pagerdutyConfig();
    const json = await cli(['status', '--json', '--config', config], env);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout.join('\n')) as CliJson;
    expect(parsed.turn.current?.scheduleUrl).toBeNull();
    expect(parsed.turn.next?.scheduleUrl).toBeNull();
    const text = await cli(['status', '--config', config], env);
    const watched = await cli(['watch', '--json', '--config', config], env);
    const alerts = watched.stdout.map((line) => JSON.parse(line) as CliAlert);
    // The turn under way was announced, with no link rather than the hostile one.
    expect(alerts.map((alert) => alert.kind)).toContain('turn_started');
    for (const alert of alerts) expect(alert.url).toBeNull();
    for (const output of [json.stdout, text.stdout, watched.stdout, watched.stderr, text.stderr]) {
      for (const marker of MARKERS) expect(output.join('\n')).not.toContain(marker);
    }
  });

  it('a PagerDuty link with a path of its own becomes the canonical schedule page', async () => {
    pagerdutyLinking('https://ACME.pagerduty.com/logout?next=https://evil.example/phish#x');
    const config = pagerdutyConfig();
    const json = await cli(['status', '--json', '--config', config], env);
    const parsed = JSON.parse(json.stdout.join('\n')) as CliJson;
    expect(parsed.turn.current?.scheduleUrl).toBe('https://acme.pagerduty.com/schedules/PSCHED1');
    expect(parsed.turn.next?.scheduleUrl).toBe('https://acme.pagerduty.com/schedules/PSCHED1');
    expect(json.stdout.join('\n')).not.toContain('evil');
  });

  it('the snapshot drops a hostile link that reached it by any other path', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.zendesk.subdomain = 'acme';
    const now = Date.parse('2026-11-30T10:00:00Z');
    for (const link of HOSTILE_LINKS) {
      const entry = {
        userId: pdUser.id,
        userName: pdUser.name,
        scheduleId: 'PSCHED1',
        scheduleName: 'Support Hero',
        scheduleUrl: link,
        escalationLevel: 1,
        start: iso(now - HOUR),
        end: iso(now + HOUR),
      };
      const next = { ...entry, start: iso(now + DAY), end: iso(now + DAY + HOUR) };
      const question = makeTicket({ id: 9, source: 'community', moderationUrl: link });
      const snapshot = buildSnapshot(
        {
          zendesk: { tickets: [question], problems: [] },
          pagerduty: {
            me: pdUser,
            myEntries: [entry, next],
            onCallNow: [entry],
            upcomingOthers: [],
            schedules: [],
            problems: [],
          },
          health: { zendesk: emptyHealth('zendesk'), pagerduty: emptyHealth('pagerduty') },
          demo: false,
        },
        settings,
        now,
        { pausedUntil: null, quietHours: false, held: 0 },
        'UTC',
      );
      expect(snapshot.turn.current?.scheduleUrl).toBeNull();
      expect(snapshot.turn.next?.scheduleUrl).toBeNull();
      expect(snapshot.queue[0]?.ticket.moderationUrl).toBeNull();
      expect(snapshot.queue[0]?.open.url).not.toBe(link);
      for (const marker of MARKERS) expect(JSON.stringify(snapshot)).not.toContain(marker);
    }
  });

  it('the policy is the one the app opens links through', () => {
    const policy = { zendeskSubdomain: 'acme' };
    for (const link of HOSTILE_LINKS) {
      expect(allowedLink(link, policy)).toBeNull();
      expect(scheduleLink(link, 'PSCHED1')).toBeNull();
    }
    expect(allowedLink('https://acme.zendesk.com/agent/tickets/1', policy)).toBe(
      'https://acme.zendesk.com/agent/tickets/1',
    );
    expect(allowedLink('https://acme.zendesk.com/agent/tickets/1', { zendeskSubdomain: 'other' })).toBeNull();
    expect(scheduleLink('https://acme.eu.pagerduty.com/schedules/PSCHED1', 'PSCHED1')).toBe(
      'https://acme.eu.pagerduty.com/schedules/PSCHED1',
    );
    expect(scheduleLink('https://acme.pagerduty.com/schedules/PSCHED1', '../x')).toBeNull();
  });
});

// -----------------------------------------------------------------------------------------------------------------
// What the user reads: a list cut short, an unexpected response
// -----------------------------------------------------------------------------------------------------------------

function zendeskConfig(): string {
  const file = join(directory, `zd-${++files}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      zendesk: { subdomain: 'acme', email: 'agent@example.com', viewIds: [1], baseUrl: `${server.origin}/api/v2` },
      app: { timeZone: 'UTC' },
    }),
  );
  return file;
}

describe('the CLI says when a list was cut short, and what was unexpected', () => {
  const env = { SUPPORT_HERO_ZENDESK_TOKEN: ZENDESK_TOKEN };

  it('a view that never ends: sources.zendesk.truncated in JSON, a line in the text', async () => {
    server.handle((_request, response, url) => {
      if (url.pathname.startsWith('/api/v2/views/')) {
        const page = Number(url.searchParams.get('page[after]') ?? 0);
        return sendJson(response, 200, {
          tickets: [ticket(page + 1)],
          meta: { has_more: true },
          links: { next: `${server.origin}/api/v2/views/1/tickets.json?page[after]=${page + 1}` },
        });
      }
      const ids = idsOf(url);
      sendJson(response, 200, {
        tickets: ids.map(ticket),
        users: ids.map((id) => user(1000 + id)),
        organizations: ids.map((id) => organization(2000 + id)),
      });
    });
    const config = zendeskConfig();
    const json = await cli(['status', '--json', '--config', config], env);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout.join('\n')) as CliJson;
    expect(parsed.sources.zendesk.truncated).toBe(true);
    expect(parsed.sources.pagerduty.truncated).toBe(false);
    expect(parsed.sources.zendesk.message).toContain('list cut short at 5,000 tickets per view');
    const text = await cli(['status', '--config', config], env);
    expect(text.stdout.join('\n')).toContain('Zendesk: list cut short at 5,000 tickets per view');
  }, 60_000);

  it('a response too large: the message names it, on stderr and in the text', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) });
      response.end();
    });
    const config = zendeskConfig();
    const text = await cli(['status', '--config', config], env);
    expect(text.code).toBe(3);
    expect(text.stderr.join('\n')).toContain('Zendesk: unexpected response (sent a response too large (over 32 MiB');
    expect(text.stdout.join('\n')).toContain('Queue unknown: Zendesk: unexpected response (sent a response too large');
  });
});
