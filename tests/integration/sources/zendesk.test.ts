import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_VIEWS,
  demoScenario,
  emptyScenario,
  generateScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { SourceError } from '../../../src/main/sources/source';
import { createZendeskSource, type ZendeskSourceConfig } from '../../../src/main/sources/zendesk';
import type { SourceFailure } from '../../../src/shared/domain';
import { failureOf as failureOfRead } from './failure';

const { email, token } = SANDBOX_CREDENTIALS.zendesk;
const basicCredential = Buffer.from(`${email}/token:${token}`).toString('base64');
const orgFields = { plan: 'plan', mrr: 'mrr', contentWarning: 'content_warning' };

let sandbox: Sandbox;

function source(overrides: Partial<ZendeskSourceConfig> = {}) {
  return createZendeskSource({
    subdomain: sandbox.subdomain,
    email,
    token,
    viewIds: [DEMO_VIEWS.productAnalyticsEscalated, DEMO_VIEWS.infrastructure],
    orgFields,
    baseUrl: sandbox.zendeskBaseUrl,
    timeoutMs: 5_000,
    ...overrides,
  });
}

function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  return failureOfRead(promise, [token, basicCredential]);
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'demo' });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.clearFaults();
  sandbox.setScenario(demoScenario());
  sandbox.resetCounts();
});

/** PostHog's organization id on the Admin line given to the demo's free-email ticket below. */
const NORTHWIND_ID = '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d';

/**
 * The demo scenario, with its free-email ticket (48128) ending in an Admin line of the support form's newest real
 * form (shared/domain/posthog-ticket-formats.md), so this test reads a real form whatever the demo's body says.
 */
function demoWithRealAdminLine() {
  const scenario = demoScenario();
  const freeEmail = scenario.zendesk.tickets.find((ticket) => ticket.id === 48_128);
  if (!freeEmail) throw new Error('the demo has no ticket 48128');
  freeEmail.description =
    'I invited my colleague twice and the email never came.\n\n' +
    `Admin (internal): https://us.posthog.com/admin/posthog/user/8004/change/ (organization ID ${NORTHWIND_ID}: Northwind Robotics, project ID 63120: Web)`;
  return scenario;
}

describe('zendesk source over HTTP: the demo queue', () => {
  it('reads the union of both views once each, with SLAs, requesters and organizations', async () => {
    sandbox.setScenario(demoWithRealAdminLine());
    const result = await source().fetchQueue();
    const ids = result.tickets.map((ticket) => ticket.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(48_121); // listed by both views
    expect(new Set(ids)).toEqual(expectedQueueIds([DEMO_VIEWS.productAnalyticsEscalated, DEMO_VIEWS.infrastructure]));
    expect(result.requests).toBe(sandbox.count({ service: 'zendesk' }));

    const byId = new Map(result.tickets.map((ticket) => [ticket.id, ticket]));
    const freeEmail = byId.get(48_128);
    expect(freeEmail?.organization?.isFreeEmailTemp).toBe(true);
    expect(freeEmail?.orgAssignment).toEqual({
      needed: true,
      suggestedOrg: 'Northwind Robotics',
      organizationId: NORTHWIND_ID,
    });
    expect(freeEmail?.requester?.name).toBe('Pat Developer');
    expect(freeEmail?.url).toBe(`https://${sandbox.subdomain}.zendesk.com/agent/tickets/48128`);

    const sources = new Set(result.tickets.map((ticket) => ticket.source));
    for (const kind of ['slack', 'community', 'in_app', 'email'] as const) expect(sources).toContain(kind);
    for (const community of result.tickets.filter((ticket) => ticket.source === 'community')) {
      expect(community.moderationUrl).toMatch(/^https:\/\/posthog\.com\/questions\/./);
      expect(community.orgAssignment).toBeNull();
    }
    expect(result.tickets.some((ticket) => ticket.contentWarning && ticket.organization?.contentWarning)).toBe(true);
    expect(result.tickets.some((ticket) => ticket.organization?.mrr === 12_500)).toBe(true);
    expect(result.tickets.some((ticket) => ticket.slaMetrics.some((metric) => metric.breachAt !== null))).toBe(true);
  });

  it('exposes the last rate-limit headers so the engine can slow down', async () => {
    const zendesk = source();
    expect(zendesk.rateLimit()).toBeNull();
    await zendesk.fetchQueue();
    const limit = zendesk.rateLimit();
    expect(limit?.limit).toBeGreaterThan(0);
    expect(limit?.remaining).toBeLessThan(limit?.limit ?? 0);
  });

  it('reads an empty queue', async () => {
    sandbox.setScenario(emptyScenario());
    const result = await source().fetchQueue();
    expect(result.tickets).toEqual([]);
  });

  it('lists views and organization fields, and says who the agent is', async () => {
    const zendesk = source();
    const views = await zendesk.listViews();
    expect(views).toContainEqual({ id: DEMO_VIEWS.infrastructure, title: 'Infrastructure', active: true });
    expect(views.some((view) => !view.active)).toBe(true);
    expect(await zendesk.listOrganizationFields()).toContainEqual({ key: 'mrr', title: 'MRR' });
    expect((await zendesk.whoAmI()).email).toBe(email);
  });
});

describe('zendesk source over HTTP: request budget', () => {
  it('reads 250 tickets in one view with at most 3 view pages and 3 show_many batches', async () => {
    const scenario = generateScenario({ tickets: 250, seed: 7 });
    scenario.zendesk.views = [{ id: 77, title: 'Everything', active: true, conditions: {} }];
    sandbox.setScenario(scenario);
    sandbox.resetCounts();
    const result = await source({ viewIds: [77] }).fetchQueue();
    expect(result.tickets).toHaveLength(250);
    const viewPages = sandbox.count({ service: 'zendesk', pathPrefix: '/api/v2/views/77/tickets' });
    const batches = sandbox.count({ service: 'zendesk', pathPrefix: '/api/v2/tickets/show_many' });
    expect(viewPages).toBeLessThanOrEqual(3);
    expect(batches).toBeLessThanOrEqual(3);
    expect(result.requests).toBe(sandbox.count({ service: 'zendesk' }));
    expect(result.requests).toBeLessThanOrEqual(6 + 2 * 3);
  });

  it('fails the whole read when page 2 of 3 fails: no partial result', async () => {
    const scenario = generateScenario({ tickets: 250, seed: 3 });
    scenario.zendesk.views = [{ id: 77, title: 'Everything', active: true, conditions: {} }];
    sandbox.setScenario(scenario);
    sandbox.inject({
      service: 'zendesk',
      kind: 'server_error',
      pathPrefix: '/api/v2/views/77/tickets',
      skip: 1,
      times: 1,
    });
    const failure = await failureOf(source({ viewIds: [77] }).fetchQueue());
    expect(failure).toMatchObject({ kind: 'server_error', status: 500 });
  });
});

describe('zendesk source over HTTP: every fault is typed', () => {
  const cases: [string, Partial<SourceFailure> & { kind: SourceFailure['kind'] }][] = [
    ['unauthorized', { kind: 'auth_rejected', status: 401 }],
    ['forbidden', { kind: 'auth_rejected', status: 403 }],
    ['server_error', { kind: 'server_error' }],
    ['malformed_json', { kind: 'bad_response' }],
    ['truncated', { kind: 'bad_response' }],
    ['wrong_shape', { kind: 'bad_response' }],
    ['reset', { kind: 'offline' }],
  ];
  for (const [kind, expected] of cases) {
    it(`${kind} -> ${expected.kind}`, async () => {
      sandbox.inject({ service: 'zendesk', kind: kind as never });
      expect(await failureOf(source().fetchQueue())).toMatchObject(expected);
    });
  }

  it("html_error (a proxy's 502 page) -> server_error", async () => {
    sandbox.inject({ service: 'zendesk', kind: 'html_error' });
    expect(await failureOf(source().fetchQueue())).toMatchObject({ kind: 'server_error', status: 502 });
  });

  it('rate_limited -> rate_limited at the Retry-After time', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    sandbox.inject({ service: 'zendesk', kind: 'rate_limited', retryAfterSeconds: 42 });
    const failure = await failureOf(source({ now: () => now }).fetchQueue());
    expect(failure).toEqual(expect.objectContaining({ kind: 'rate_limited', retryAt: '2026-11-30T12:00:42.000Z' }));
  });

  it('unavailable (503) -> server_error; with Retry-After it is honoured as rate_limited', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    sandbox.inject({ service: 'zendesk', kind: 'unavailable', times: 1 });
    expect(await failureOf(source().fetchQueue())).toMatchObject({ kind: 'server_error', status: 503 });
    sandbox.inject({ service: 'zendesk', kind: 'unavailable', retryAfterSeconds: 30, times: 1 });
    expect(await failureOf(source({ now: () => now }).fetchQueue())).toMatchObject({
      kind: 'rate_limited',
      retryAt: '2026-11-30T12:00:30.000Z',
    });
  });

  it('hang -> timeout', async () => {
    sandbox.inject({ service: 'zendesk', kind: 'hang' });
    expect(await failureOf(source({ timeoutMs: 200 }).fetchQueue())).toMatchObject({ kind: 'timeout' });
  });

  it('a wrong token -> auth_rejected, without the token in the error', async () => {
    const error = await source({ token: 'wrong-token-123456' })
      .fetchQueue()
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).failure.kind).toBe('auth_rejected');
    expect(JSON.stringify((error as SourceError).failure) + (error as Error).message).not.toContain('wrong-token');
  });

  it('a read the caller cancels rejects with a SourceError, not an AbortError', async () => {
    sandbox.inject({ service: 'zendesk', kind: 'hang' });
    const controller = new AbortController();
    const reading = source({ timeoutMs: 60_000 }).fetchQueue(controller.signal);
    controller.abort();
    expect(await failureOf(reading)).toMatchObject({ kind: 'timeout', detail: expect.stringMatching(/cancelled/) });
  });

  it('missing credentials or a broken address never escape as plain errors', async () => {
    expect(await failureOf(source({ token: '' }).fetchQueue())).toMatchObject({ kind: 'not_configured' });
    expect(await failureOf(source({ token: '' }).whoAmI())).toMatchObject({ kind: 'not_configured' });
    expect(await failureOf(source({ baseUrl: 'not a url' }).fetchQueue())).toMatchObject({ kind: 'offline' });
  });

  it('nothing listening -> offline', async () => {
    const failure = await failureOf(source({ baseUrl: 'http://127.0.0.1:1/api/v2' }).fetchQueue());
    expect(failure.kind).toBe('offline');
  });
});

/** The tickets the sandbox's views select, computed from the scenario itself. */
function expectedQueueIds(viewIds: number[]): Set<number> {
  const { zendesk } = sandbox.scenario();
  const ids = new Set<number>();
  for (const view of zendesk.views.filter((candidate) => viewIds.includes(candidate.id))) {
    const { statuses, groupIds, tagsAll, tagsAny } = view.conditions;
    for (const ticket of zendesk.tickets) {
      if (statuses?.length && !statuses.includes(ticket.status)) continue;
      if (groupIds?.length && (ticket.group_id === null || !groupIds.includes(ticket.group_id))) continue;
      if (tagsAll?.length && !tagsAll.every((tag) => ticket.tags.includes(tag))) continue;
      if (tagsAny?.length && !tagsAny.some((tag) => ticket.tags.includes(tag))) continue;
      ids.add(ticket.id);
    }
  }
  return ids;
}
