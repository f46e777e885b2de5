/**
 * `support-hero act` through the built bin against the sandbox over real HTTP: the dry run prints the exact
 * request and changes nothing, a confirmed write lands and later reads see it, a write is never sent unconfirmed
 * off a terminal, a change made by someone else between look and write is a conflict (nothing overwritten), a
 * read-only token is refused with the permission named, and a swap creates an override the schedule then shows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_SCHEDULES,
  DEMO_VIEWS,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { SANDBOX_READ_ONLY_ZENDESK } from '../../../src/main/sources/sandbox/zendesk-writes';
import { demoTicketIds } from '../../support/write-sandbox';
import { ensureBuilt, runBin } from './support';

const ANCHOR = Date.parse('2026-11-30T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.zendesk.email}/token:${SANDBOX_CREDENTIALS.zendesk.token}`).toString('base64')}`;

let sandbox: Sandbox;
let directory: string;
let ids: ReturnType<typeof demoTicketIds>;
/** The sandbox's write book outlives setScenario: each test looks at what it added. */
let writesBefore = 0;
const newWrites = () => sandbox.zendeskWrites().slice(writesBefore);

function config(name: string, zendeskUrl: string, email: string = SANDBOX_CREDENTIALS.zendesk.email): string {
  const path = join(directory, name);
  writeFileSync(
    path,
    JSON.stringify({
      zendesk: { subdomain: sandbox.subdomain, email, viewIds: Object.values(DEMO_VIEWS), baseUrl: zendeskUrl },
      pagerduty: { scheduleIds: Object.values(DEMO_SCHEDULES), baseUrl: sandbox.pagerdutyBaseUrl },
      app: { timeZone: 'UTC' },
    }),
  );
  return path;
}

const env = (token: string = SANDBOX_CREDENTIALS.zendesk.token) => ({
  SUPPORT_HERO_ZENDESK_TOKEN: token,
  SUPPORT_HERO_PAGERDUTY_TOKEN: SANDBOX_CREDENTIALS.pagerduty.token,
  XDG_CONFIG_HOME: directory,
});

async function ticketStatus(id: number): Promise<string> {
  const response = await fetch(`${sandbox.zendeskBaseUrl}/tickets/${id}.json`, { headers: { authorization: AUTH } });
  return ((await response.json()) as { ticket: { status: string } }).ticket.status;
}

const puts = () => sandbox.requests.filter((record) => record.method === 'PUT');

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ scenario: 'demo', clock: () => ANCHOR });
  directory = mkdtempSync(join(tmpdir(), 'sh-act-'));
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(() => {
  sandbox.clearFaults();
  sandbox.setScenario({ ...demoScenario(), anchorMs: ANCHOR });
  sandbox.resetCounts();
  ids = demoTicketIds(sandbox.scenario());
  writesBefore = sandbox.zendeskWrites().length;
});

describe('support-hero act (built bin, sandbox over HTTP)', () => {
  it('--dry-run prints the confirmation and the exact request, and sends no write', async () => {
    const path = config('dry.json', sandbox.zendeskBaseUrl);
    const result = await runBin(
      [
        'act',
        String(ids.plain),
        'status',
        '--status',
        'hold',
        '--note',
        'Waiting on the team',
        '--dry-run',
        '--config',
        path,
        '--now',
        iso(ANCHOR),
      ],
      env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Would: Set ticket #${ids.plain} to On-hold`);
    expect(result.stdout).toContain(`PUT ${sandbox.zendeskBaseUrl}/tickets/${ids.plain}`);
    expect(result.stdout).toMatch(
      /"status":"hold","comment":\{"body":"Waiting on the team","public":false\},"safe_update":true,"updated_stamp":"/,
    );
    expect(puts()).toHaveLength(0);
    expect(newWrites()).toEqual([]);
  });

  it('refuses to send unconfirmed when stdin is not a terminal (exit 2, nothing sent)', async () => {
    const path = config('noyes.json', sandbox.zendeskBaseUrl);
    const result = await runBin(['act', String(ids.plain), 'status', '--status', 'solved', '--config', path], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add --yes');
    expect(puts()).toHaveLength(0);
  });

  it('with --yes sends the change once; later reads show it and the action log records it', async () => {
    const path = config('yes.json', sandbox.zendeskBaseUrl);
    const result = await runBin(
      ['act', String(ids.plain), 'status', '--status', 'pending', '--yes', '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Done: Set ticket #${ids.plain} to Pending`);
    expect(await ticketStatus(ids.plain)).toBe('pending');
    expect(newWrites()).toHaveLength(1);
    const log = JSON.parse((await import('node:fs')).readFileSync(join(directory, 'yes.actions.json'), 'utf8'));
    expect(JSON.stringify(log)).toContain('"result":"applied"');
    expect(JSON.stringify(log)).not.toContain(SANDBOX_CREDENTIALS.zendesk.token);
  });

  it('says "changed since you looked" when someone else changed the ticket, and overwrites nothing', async () => {
    // A proxy in front of the sandbox: just before the CLI's write arrives, another agent solves the ticket.
    const proxy = await changingProxy(ids.plain);
    try {
      const path = config('conflict.json', `${proxy.url}/api/v2`);
      const result = await runBin(
        [
          'act',
          String(ids.plain),
          'status',
          '--status',
          'hold',
          '--note',
          'Mine',
          '--yes',
          '--config',
          path,
          '--now',
          iso(ANCHOR),
        ],
        env(),
      );
      expect(result.code).toBe(4);
      expect(result.stdout).toContain('changed since you looked; nothing was overwritten');
      expect(result.stderr).toContain('conflict');
      expect(await ticketStatus(ids.plain)).toBe('solved');
      expect(newWrites()).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('a read-only token reads, and its write is refused with the missing permission named', async () => {
    const path = config('readonly.json', sandbox.zendeskBaseUrl, SANDBOX_READ_ONLY_ZENDESK.email);
    const result = await runBin(
      ['act', String(ids.plain), 'status', '--status', 'solved', '--yes', '--config', path, '--now', iso(ANCHOR)],
      env(SANDBOX_READ_ONLY_ZENDESK.token),
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('Zendesk refused: your Zendesk role cannot update this ticket (403)');
    expect(result.stderr).toContain('forbidden (needs: ');
    expect(newWrites()).toEqual([]);
  });

  it('assign-org without --org-id shows the match and sends no write; with it the requester moves', async () => {
    const path = config('org.json', sandbox.zendeskBaseUrl);
    const dry = await runBin(
      ['act', String(ids.freeEmail), 'assign-org', '--dry-run', '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('/organizations/autocomplete?name=');
    expect(dry.stdout).toMatch(/PUT .*\/users\/\d+/);
    const orgId = Number(/"organization_id":(\d+)/.exec(dry.stdout)?.[1]);
    const moved = await runBin(
      [
        'act',
        String(ids.freeEmail),
        'assign-org',
        '--org-id',
        String(orgId),
        '--yes',
        '--config',
        path,
        '--now',
        iso(ANCHOR),
      ],
      env(),
    );
    expect(moved.code).toBe(0);
    expect(newWrites().map((write) => write.kind)).toEqual(['user']);
  });

  it('bug-report prints a PostHog/posthog issue form naming the Zendesk ticket, and writes nothing', async () => {
    const path = config('bug.json', sandbox.zendeskBaseUrl);
    const result = await runBin(
      ['act', String(ids.plain), 'bug-report', '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(result.code).toBe(0);
    const url = result.stdout.split('\n')[0]!;
    expect(url.startsWith('https://github.com/PostHog/posthog/issues/new?template=bug_report.yml')).toBe(true);
    expect(decodeURIComponent(url.replace(/\+/g, ' '))).toContain(`/agent/tickets/${ids.plain}`);
    expect(puts()).toHaveLength(0);
  });

  it('swap creates an override that the schedule then shows, and overrides list names it', async () => {
    const path = config('swap.json', sandbox.zendeskBaseUrl);
    const swap = await runBin(
      [
        'act',
        'swap',
        '--user',
        'PROBIN7',
        '--from',
        '2026-11-30T12:00:00Z',
        '--to',
        '2026-11-30T14:00:00Z',
        '--yes',
        '--config',
        path,
        '--now',
        iso(ANCHOR),
      ],
      env(),
    );
    expect(swap.stderr).toBe('');
    expect(swap.code).toBe(0);
    expect(swap.stdout).toContain(
      "Robin Rotation covers Product Analytics Support from Mon 12:00 to Mon 14:00; the rotation's order does not change",
    );
    const listed = await runBin(['act', 'overrides', 'list', '--config', path, '--now', iso(ANCHOR)], env());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Robin Rotation');
    // The swap is in the same action log as the ticket actions: schedule and override, never the token.
    const readLog = () =>
      JSON.parse(readFileSync(join(directory, 'swap.actions.json'), 'utf8')).actionLog.entries as {
        action: string;
        scheduleId: string;
        overrideIds: string[];
        result: string;
        summary: string;
      }[];
    const [swapped] = readLog();
    expect(swapped).toMatchObject({
      action: 'swap',
      result: 'applied',
      summary: 'Robin Rotation covers Product Analytics Support 2026-11-30 12:00 to 2026-11-30 14:00',
    });
    const overrideId = swapped!.overrideIds[0]!;
    expect(listed.stdout).toContain(overrideId);
    // The removal is confirmed in the window's words: the teammate, the schedule and the times, not the bare id.
    const removal =
      "Remove the override: Robin Rotation covers Product Analytics Support from Mon 12:00 to Mon 14:00; the rotation's order does not change";
    const dryRun = await runBin(
      ['act', 'overrides', 'remove', overrideId, '--dry-run', '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(`Would: ${removal}`);
    const unconfirmed = await runBin(
      ['act', 'overrides', 'remove', overrideId, '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain(`support-hero: ${removal}\n`);
    const unknown = await runBin(
      ['act', 'overrides', 'remove', 'PNOTMINE', '--yes', '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('PNOTMINE is not one of your upcoming overrides on Product Analytics Support');
    const removed = await runBin(
      ['act', 'overrides', 'remove', overrideId, '--yes', '--config', path, '--now', iso(ANCHOR)],
      env(),
    );
    expect(removed.code).toBe(0);
    expect(readLog().map((entry) => [entry.action, entry.result, entry.overrideIds])).toEqual([
      ['swap', 'applied', [overrideId]],
      ['remove_override', 'applied', [overrideId]],
    ]);
    expect(JSON.stringify(readLog())).not.toContain(SANDBOX_CREDENTIALS.pagerduty.token);
  });

  it("overrides list and remove take --schedule, so an override made on the turn's second schedule can be undone", async () => {
    // My turn covers both Infrastructure (from 10 minutes on) and Product Analytics (from 20).
    const world = { ...demoScenario(), anchorMs: ANCHOR };
    const infra = world.pagerduty.schedules.find((schedule) => schedule.id === DEMO_SCHEDULES.infrastructure)!;
    const minutes = 24 * 60;
    infra.shifts = [
      { userId: 'PROBIN7', startInMinutes: -7 * minutes + 10, endInMinutes: 10 },
      { userId: world.pagerduty.users[0]!.id, startInMinutes: 10, endInMinutes: 7 * minutes + 20 },
      { userId: 'PNOOR88', startInMinutes: 7 * minutes + 20, endInMinutes: 14 * minutes + 20 },
    ];
    sandbox.setScenario(world);
    const path = config('schedules.json', sandbox.zendeskBaseUrl);
    const at = ['--config', path, '--now', iso(ANCHOR)];
    // My Infrastructure shift starts first, so the turn lists it first (what a bare list shows); the swap goes
    // on Product Analytics, its second schedule.
    const firstListing = await runBin(['act', 'overrides', 'list', '--json', ...at], env());
    expect(JSON.parse(firstListing.stdout)).toMatchObject({ scheduleId: DEMO_SCHEDULES.infrastructure });
    const secondId = DEMO_SCHEDULES.productAnalytics;
    const firstName = 'Infrastructure Support';
    const secondName = 'Product Analytics Support';
    const schedule = ['--schedule', secondId];
    const swap = await runBin(
      [
        'act',
        'swap',
        '--user',
        'PROBIN7',
        '--from',
        '2026-11-30T12:00:00Z',
        '--to',
        '2026-11-30T14:00:00Z',
        ...schedule,
        '--yes',
        ...at,
      ],
      env(),
    );
    expect(swap.stderr).toBe('');
    expect(swap.code).toBe(0);
    expect(swap.stdout).toContain(`Robin Rotation covers ${secondName}`);
    const overrideId = /"id":"(\w+)"/.exec(
      (await runBin(['act', 'overrides', 'list', ...schedule, '--json', ...at], env())).stdout.replace(/\s/g, ''),
    )?.[1];
    expect(overrideId).toMatch(/^\w+$/);
    // Without --schedule the turn's first schedule is listed: the override is not there.
    const first = await runBin(['act', 'overrides', 'list', ...at], env());
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain(overrideId!);
    const elsewhere = await runBin(['act', 'overrides', 'remove', overrideId!, '--yes', ...at], env());
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(`${overrideId} is not one of your upcoming overrides on ${firstName}`);
    const listed = await runBin(['act', 'overrides', 'list', ...schedule, ...at], env());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${overrideId}  Remove the override: Robin Rotation covers ${secondName}`);
    const removed = await runBin(['act', 'overrides', 'remove', overrideId!, ...schedule, '--yes', ...at], env());
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    const after = await runBin(['act', 'overrides', 'list', ...schedule, ...at], env());
    expect(after.stdout).not.toContain(overrideId!);
    expect(
      sandbox.requests
        .filter((record) => record.method !== 'GET')
        .map((record) => `${record.method} ${record.path.replace(overrideId!, 'ID')}`),
    ).toEqual([`POST /schedules/${secondId}/overrides`, `DELETE /schedules/${secondId}/overrides/ID`]);
  });
});

/** Forwards to the sandbox; before the first PUT to `ticketId` it solves that ticket as another agent would. */
async function changingProxy(ticketId: number): Promise<{ url: string; close(): Promise<void> }> {
  let changed = false;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === 'PUT' && !changed) {
      changed = true;
      const current = await fetch(`${sandbox.zendeskBaseUrl}/tickets/${ticketId}.json`, {
        headers: { authorization: AUTH },
      });
      const stamp = ((await current.json()) as { ticket: { updated_at: string } }).ticket.updated_at;
      await fetch(`${sandbox.zendeskBaseUrl}/tickets/${ticketId}.json`, {
        method: 'PUT',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: { status: 'solved', safe_update: true, updated_stamp: stamp } }),
      });
    }
    const upstream = await fetch(`${sandbox.url}${request.url}`, {
      method: request.method,
      headers: {
        authorization: String(request.headers.authorization ?? ''),
        'content-type': 'application/json',
      },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
