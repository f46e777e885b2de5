import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_VIEWS,
  generateScenario,
  type Sandbox,
  type ScenarioTicket,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { fixedClock } from '../../support/factories';
import { allCursorPages, allOffsetPages, getJson, T0, ZENDESK_AUTH } from './support';

// The demo's two team lists, written out by hand from the scenario's intent (not computed by the sandbox).
const PA_ESCALATED_IDS = [48101, 48102, 48103, 48104, 48105, 48106, 48107, 48108, 48109, 48121, 48132];
const INFRA_IDS = Array.from({ length: 22 }, (_, index) => 48110 + index);

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  sandbox = await startSandbox(options);
  return sandbox;
}

const ids = (pages: { body: { tickets: { id: number }[] } }[]) =>
  pages.flatMap((page) => page.body.tickets.map((t) => t.id));

describe('Zendesk auth', () => {
  it("refuses missing, malformed and wrong credentials with Zendesk's 401 body", async () => {
    const sb = await start();
    const wrong = `Basic ${Buffer.from('demo@support-hero.test/token:nope').toString('base64')}`;
    const passwordStyle = `Basic ${Buffer.from('demo@support-hero.test:demo-zendesk-token').toString('base64')}`;
    for (const auth of [undefined, wrong, passwordStyle, 'Bearer demo-zendesk-token']) {
      const result = await getJson(`${sb.zendeskBaseUrl}/users/me`, auth);
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ error: "Couldn't authenticate you" });
    }
    const ok = await getJson(`${sb.zendeskBaseUrl}/users/me`, ZENDESK_AUTH);
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe('demo@support-hero.test');
    expect(ok.body.user.role).toBe('agent');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const sb = await start();
    const result = await getJson(`${sb.zendeskBaseUrl}/no/such/thing`, ZENDESK_AUTH);
    expect(result.status).toBe(404);
    expect(result.body.error).toBe('InvalidEndpoint');
    expect((await getJson(`${sb.zendeskBaseUrl}/views/1/tickets`, ZENDESK_AUTH)).status).toBe(404);
  });
});

describe('Zendesk views', () => {
  it('lists all views and only active ones, with offset paging', async () => {
    const sb = await start();
    const all = await getJson(`${sb.zendeskBaseUrl}/views`, ZENDESK_AUTH);
    const active = await getJson(`${sb.zendeskBaseUrl}/views/active.json`, ZENDESK_AUTH);
    expect(all.body.views).toHaveLength(3);
    expect(active.body.views.map((view: { title: string }) => view.title).sort()).toEqual([
      'Infrastructure',
      'Product Analytics (escalated)',
    ]);
    const paged = await getJson(`${sb.zendeskBaseUrl}/views?per_page=1&page=2`, ZENDESK_AUTH);
    expect(paged.body.views).toHaveLength(1);
    expect(paged.body.count).toBe(3);
    expect(paged.body.next_page).toContain('page=3');
  });

  it('serves the demo team lists, overlapping on one ticket', async () => {
    const sb = await start();
    const pa = await allCursorPages(
      `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.productAnalyticsEscalated}/tickets?page[size]=100`,
    );
    const infra = await allCursorPages(
      `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.infrastructure}/tickets?page[size]=100`,
    );
    expect(ids(pa)).toEqual(PA_ESCALATED_IDS);
    expect(ids(infra)).toEqual(INFRA_IDS);
    expect(ids(pa).filter((id) => ids(infra).includes(id))).toEqual([48121]);
  });

  it.each([1, 7, 100])('cursor paging with page[size]=%i returns every ticket exactly once', async (size) => {
    const scenario = generateScenario({ tickets: 250, seed: 7 });
    const sb = await start({ scenario, rateLimits: { zendeskPerMinute: null } });
    const seen: number[] = [];
    for (const view of scenario.zendesk.views.filter((candidate) => candidate.active)) {
      const pages = await allCursorPages(`${sb.zendeskBaseUrl}/views/${view.id}/tickets?page[size]=${size}`);
      const viewIds = ids(pages);
      expect(new Set(viewIds).size).toBe(viewIds.length);
      expect(pages.every((page) => page.body.tickets.length <= size)).toBe(true);
      expect(pages.at(-1)?.body.meta.has_more).toBe(false);
      seen.push(...viewIds);
    }
    expect(new Set(seen)).toEqual(new Set(scenario.zendesk.tickets.map((ticket) => ticket.id)));
  });

  it('offset paging returns the same tickets as cursor paging, with count and next_page', async () => {
    const scenario = generateScenario({ tickets: 230, seed: 3 });
    const sb = await start({ scenario, rateLimits: { zendeskPerMinute: null } });
    for (const view of scenario.zendesk.views.filter((candidate) => candidate.active)) {
      const offset = await allOffsetPages(`${sb.zendeskBaseUrl}/views/${view.id}/tickets.json?per_page=40`);
      const cursor = await allCursorPages(`${sb.zendeskBaseUrl}/views/${view.id}/tickets?page[size]=40`);
      expect(ids(offset)).toEqual(ids(cursor));
      expect(offset[0]?.body.count).toBe(ids(offset).length);
      expect(offset.at(-1)?.body.next_page).toBeNull();
    }
    const defaultPage = await getJson(`${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.infrastructure}/tickets`, ZENDESK_AUTH);
    expect(defaultPage.body.tickets).toHaveLength(100);
    const capped = await getJson(
      `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.infrastructure}/tickets?per_page=500`,
      ZENDESK_AUTH,
    );
    expect(capped.body.tickets).toHaveLength(100);
  });

  it('rejects page[size] above 100 and unreadable cursors', async () => {
    const sb = await start();
    const base = `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.infrastructure}/tickets`;
    expect((await getJson(`${base}?page[size]=101`, ZENDESK_AUTH)).status).toBe(400);
    expect((await getJson(`${base}?page[size]=0`, ZENDESK_AUTH)).status).toBe(400);
    expect((await getJson(`${base}?page[size]=10&page[after]=garbage`, ZENDESK_AUTH)).status).toBe(400);
  });

  it('keeps cursor paging exact when tickets change between pages', async () => {
    const sb = await start();
    const url = `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.infrastructure}/tickets?page[size]=5`;
    const first = await getJson(url, ZENDESK_AUTH);
    const world = sb.scenario();
    const template = world.zendesk.tickets.find((ticket) => ticket.id === 48110) as ScenarioTicket;
    world.zendesk.tickets = world.zendesk.tickets.filter((ticket) => ticket.id !== 48111 && ticket.id !== 48120);
    world.zendesk.tickets.push({ ...template, id: 48200, subject: 'Arrived mid-walk' });
    sb.setScenario(world);
    const rest = await allCursorPages(first.body.links.next);
    const walked = [...ids([first]), ...ids(rest)];
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toContain(48200);
    expect(walked).not.toContain(48120);
    expect(walked).toContain(48111); // already read on page 1
  });

  it('side-loads the requesters and organizations of each page only', async () => {
    const sb = await start();
    const page = await getJson(
      `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.productAnalyticsEscalated}/tickets?page[size]=3&include=users,organizations`,
      ZENDESK_AUTH,
    );
    const tickets = page.body.tickets as { requester_id: number; organization_id: number | null }[];
    const userIds = new Set(page.body.users.map((user: { id: number }) => user.id));
    const orgIds = page.body.organizations.map((org: { id: number }) => org.id).sort();
    for (const ticket of tickets) expect(userIds.has(ticket.requester_id)).toBe(true);
    expect(orgIds).toEqual([...new Set(tickets.map((ticket) => ticket.organization_id))].sort());
    expect(page.body.organizations[0].organization_fields).toHaveProperty('plan');
    const plain = await getJson(
      `${sb.zendeskBaseUrl}/views/${DEMO_VIEWS.productAnalyticsEscalated}/tickets`,
      ZENDESK_AUTH,
    );
    expect(plain.body.users).toBeUndefined();
    expect(plain.body.tickets[0].slas).toBeUndefined();
  });
});

describe('Zendesk show_many', () => {
  it('returns tickets with SLAs, users and organizations side-loaded', async () => {
    const sb = await start();
    const result = await getJson(
      `${sb.zendeskBaseUrl}/tickets/show_many.json?ids=48103,48112,999999&include=slas,users,organizations`,
      ZENDESK_AUTH,
    );
    expect(result.status).toBe(200);
    expect(result.body.tickets.map((ticket: { id: number }) => ticket.id)).toEqual([48103, 48112]);
    const metrics = result.body.tickets[0].slas.policy_metrics;
    expect(metrics.map((metric: { metric: string; stage: string }) => `${metric.metric}:${metric.stage}`)).toEqual([
      'next_reply_time:active',
      'first_reply_time:achieved',
    ]);
    expect(Date.parse(metrics[0].breach_at)).toBeLessThan(Date.now());
    expect(result.body.users.map((user: { id: number }) => user.id)).toContain(8008);
    expect(
      result.body.organizations.find((org: { id: number }) => org.id === 9103).organization_fields.content_warning,
    ).toMatch(/explicit/);
  });

  it('allows 100 ids and refuses 101 or none', async () => {
    const sb = await start();
    const hundred = Array.from({ length: 100 }, (_, index) => 48100 + index).join(',');
    const ok = await getJson(`${sb.zendeskBaseUrl}/tickets/show_many?ids=${hundred}`, ZENDESK_AUTH);
    expect(ok.status).toBe(200);
    expect(ok.body.tickets).toHaveLength(34);
    const tooMany = await getJson(`${sb.zendeskBaseUrl}/tickets/show_many?ids=${hundred},1`, ZENDESK_AUTH);
    expect(tooMany.status).toBe(400);
    expect((await getJson(`${sb.zendeskBaseUrl}/tickets/show_many`, ZENDESK_AUTH)).status).toBe(400);
    expect((await getJson(`${sb.zendeskBaseUrl}/tickets/show_many?ids=1,abc`, ZENDESK_AUTH)).status).toBe(400);
  });

  it('serves users, organizations and organization field definitions', async () => {
    const sb = await start();
    const users = await getJson(`${sb.zendeskBaseUrl}/users/show_many?ids=8001,8004`, ZENDESK_AUTH);
    expect(users.body.users.map((user: { email: string }) => user.email)).toEqual([
      'jane@hedgebox.net',
      'pat.dev@gmail.com',
    ]);
    const orgs = await getJson(`${sb.zendeskBaseUrl}/organizations/show_many?ids=9104`, ZENDESK_AUTH);
    expect(orgs.body.organizations[0].name).toBe('Gmail user - please assign to correct org');
    const fields = await getJson(`${sb.zendeskBaseUrl}/organization_fields`, ZENDESK_AUTH);
    expect(fields.body.organization_fields.map((field: { key: string }) => field.key)).toEqual([
      'plan',
      'mrr',
      'content_warning',
    ]);
  });
});

describe('Zendesk time', () => {
  it('keeps breach_at fixed while the clock moves towards it', async () => {
    const clock = fixedClock(T0);
    const sb = await start({ clock: clock.now });
    const read = async () =>
      (await getJson(`${sb.zendeskBaseUrl}/tickets/show_many?ids=48102&include=slas`, ZENDESK_AUTH)).body.tickets[0]
        .slas.policy_metrics[0];
    const before = await read();
    expect(before.breach_at).toBe('2026-11-30T09:50:30Z'); // T0 + 50 minutes, Zendesk's whole-second format
    expect(before.minutes).toBe(50);
    clock.advance(30 * 60_000);
    const after = await read();
    expect(after.breach_at).toBe(before.breach_at);
    expect(after.minutes).toBe(20);
    sb.setScenario(sb.scenario()); // a copy keeps its anchor
    expect((await read()).breach_at).toBe(before.breach_at);
  });
});

describe('Zendesk search', () => {
  it('finds tickets by type, status and tag, with offset paging', async () => {
    const sb = await start();
    const query = encodeURIComponent('type:ticket status:open tags:community_question');
    const result = await getJson(`${sb.zendeskBaseUrl}/search?query=${query}`, ZENDESK_AUTH);
    expect(result.body.results.map((hit: { id: number }) => hit.id)).toEqual([48115]);
    expect(result.body.results[0].result_type).toBe('ticket');
    const unsolved = await getJson(
      `${sb.zendeskBaseUrl}/search?query=${encodeURIComponent('type:ticket status<solved')}&per_page=10`,
      ZENDESK_AUTH,
    );
    expect(unsolved.body.count).toBe(31);
    expect(unsolved.body.next_page).toContain('page=2');
    const users = await getJson(`${sb.zendeskBaseUrl}/search?query=type:user`, ZENDESK_AUTH);
    expect(users.body.results).toEqual([]);
  });
});

describe('Zendesk rate limit', () => {
  it('allows 200 requests a minute, then answers 429 with Retry-After until the next minute', async () => {
    const clock = fixedClock(T0);
    const sb = await start({ clock: clock.now });
    let last = await getJson(`${sb.zendeskBaseUrl}/users/me`, ZENDESK_AUTH);
    expect(last.headers.get('x-rate-limit')).toBe('200');
    expect(last.headers.get('x-rate-limit-remaining')).toBe('199');
    for (let index = 1; index < 200; index++) last = await getJson(`${sb.zendeskBaseUrl}/users/me`, ZENDESK_AUTH);
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await getJson(`${sb.zendeskBaseUrl}/users/me`, ZENDESK_AUTH);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    clock.advance(0.5 * 60_000);
    expect((await getJson(`${sb.zendeskBaseUrl}/users/me`, ZENDESK_AUTH)).status).toBe(200);
  });

  it('can be switched off', async () => {
    const sb = await start({ rateLimits: { zendeskPerMinute: null }, clock: fixedClock(T0).now });
    for (let index = 0; index < 210; index++) {
      const result = await fetch(`${sb.zendeskBaseUrl}/users/me`, { headers: { authorization: ZENDESK_AUTH } });
      await result.arrayBuffer();
      expect(result.status).toBe(200);
    }
  });
});
