/**
 * The shared transport and both sources against a server that misbehaves on purpose, over real HTTP on loopback:
 * waits the server asks for (issue 10, class 1), bad records (2), pages that never end (3), bodies without end
 * (4) and on-call entries that end before they start (8).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY_AFTER_MS, MAX_SERVER_WAIT_MS } from '../../src/main/sources/http';
import { MAX_ONCALL_PAGES } from '../../src/main/sources/pagerduty';
import { MAX_TICKETS_PER_VIEW } from '../../src/main/sources/zendesk';
import type { SourceFailure } from '../../src/shared/domain';
import { failureOf as failureOfRead } from '../integration/sources/failure';
import {
  idsOf,
  onCall,
  organization,
  PAGERDUTY_TOKEN,
  pagerdutyAt,
  pdUser,
  ticket,
  user,
  ZENDESK_TOKEN,
  zendeskAt,
} from './hostile-fixtures';
import { type HostileServer, peakRssGrowth, sendJson, startHostileServer, streamBody } from './hostile-server';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const MiB = 1024 * 1024;
/** Far below what the unbounded reads reached (839 MB for 200 MB, GBs for the bomb), far above the 32 MiB cap. */
const RSS_BOUND = 160 * MiB;

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer((_request, response) => {
    response.end();
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const failureOf = (promise: Promise<unknown>): Promise<SourceFailure> =>
  failureOfRead(promise, [ZENDESK_TOKEN, PAGERDUTY_TOKEN]);

/** A well-behaved Zendesk for everything but what `view` answers. */
function zendeskServing(view: (response: import('node:http').ServerResponse, url: URL) => void | Promise<void>) {
  server.handle(async (_request, response, url) => {
    if (url.pathname.startsWith('/api/v2/views/')) return view(response, url);
    if (url.pathname === '/api/v2/tickets/show_many.json') {
      const ids = idsOf(url);
      return sendJson(response, 200, {
        tickets: ids.map(ticket),
        users: ids.map((id) => user(1000 + id)),
        organizations: ids.map((id) => organization(2000 + id)),
      });
    }
    sendJson(response, 404, { error: 'not found' });
  });
}

describe('waits the server asks for are parsed strictly and clamped', () => {
  const zendesk = () => zendeskAt(server.origin, { now: () => NOW });
  it.each([
    ['-5', NOW + DEFAULT_RETRY_AFTER_MS],
    ['garbage', NOW + DEFAULT_RETRY_AFTER_MS],
    ['1e3', NOW + DEFAULT_RETRY_AFTER_MS],
    ['0', NOW],
    ['Mon, 30 Nov 2020 12:05:00 GMT', NOW],
    ['30', NOW + 30_000],
    ['99999999999', NOW + MAX_SERVER_WAIT_MS],
    ['Wed, 30 Dec 2026 12:00:00 GMT', NOW + MAX_SERVER_WAIT_MS],
  ])('a 429 with Retry-After %j comes back at a sane time', async (retryAfter, expected) => {
    zendeskServing((response) => sendJson(response, 429, { error: 'slow down' }, { 'retry-after': retryAfter }));
    const failure = await failureOf(zendesk().fetchQueue());
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAt: new Date(expected).toISOString() });
  });

  it('a spent window with an absurd reset (34 days) is reported as at most an hour away', async () => {
    zendeskServing((response) =>
      sendJson(response, 200, { tickets: [] }, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(34 * 86_400) }),
    );
    const source = zendesk();
    await source.fetchQueue();
    const info = source.rateLimit();
    expect(info?.remaining).toBe(0);
    expect(Date.parse(info?.resetAt ?? '')).toBe(NOW + MAX_SERVER_WAIT_MS);
  });

  it('a negative or garbage reset is no reset at all', async () => {
    for (const reset of ['-30', 'NaN', 'tomorrow']) {
      zendeskServing((response) =>
        sendJson(response, 200, { tickets: [] }, { 'ratelimit-remaining': '0', 'ratelimit-reset': reset }),
      );
      const source = zendesk();
      await source.fetchQueue();
      expect(source.rateLimit()).toMatchObject({ remaining: 0, resetAt: null });
    }
  });
});

describe('bodies without end end as bad_response with memory bounded', () => {
  it('refuses a 200 MB JSON view page after 32 MiB', async () => {
    zendeskServing((response) => streamBody(response, 200 * MiB, { json: true }));
    const { result: failure, growth } = await peakRssGrowth(() => failureOf(zendeskAt(server.origin).fetchQueue()));
    expect(failure).toMatchObject({ kind: 'bad_response', detail: expect.stringMatching(/too large/) });
    expect(failure.detail).toContain(`${DEFAULT_MAX_RESPONSE_BYTES / MiB} MiB`);
    expect(growth).toBeLessThan(RSS_BOUND);
    expect(server.bytesOffered()).toBeLessThan(200 * MiB);
  });

  it('refuses a declared Content-Length past the cap before reading it', async () => {
    zendeskServing((response) => streamBody(response, 200 * MiB, { json: true, contentLength: true }));
    const failure = await failureOf(zendeskAt(server.origin).fetchQueue());
    expect(failure).toMatchObject({ kind: 'bad_response', detail: expect.stringMatching(/too large/) });
    expect(server.bytesOffered()).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it('stops an endless body sent at full speed, and the server sees the connection end', async () => {
    let finished: Promise<void> = Promise.resolve();
    zendeskServing((response) => {
      finished = streamBody(response, Number.POSITIVE_INFINITY, { json: true });
      return finished;
    });
    const { result: failure, growth } = await peakRssGrowth(() => failureOf(zendeskAt(server.origin).fetchQueue()));
    expect(failure).toMatchObject({ kind: 'bad_response', detail: expect.stringMatching(/too large/) });
    await finished; // resolves only when the client has gone away
    expect(growth).toBeLessThan(RSS_BOUND);
  });

  it('counts a gzip bomb (1 GiB of zeros) at its inflated size while streaming', async () => {
    let finished: Promise<void> = Promise.resolve();
    server.handle((_request, response, url) => {
      if (url.pathname === '/users/me') return sendJson(response, 200, { user: pdUser });
      finished = streamBody(response, 1024 * MiB, { gzip: true });
      return finished;
    });
    const { result: failure, growth } = await peakRssGrowth(() =>
      failureOf(pagerdutyAt(server.origin).fetchTurns(NOW)),
    );
    expect(failure).toMatchObject({ kind: 'bad_response', detail: expect.stringMatching(/too large/) });
    await finished;
    expect(growth).toBeLessThan(RSS_BOUND);
    expect(server.bytesOffered()).toBeLessThan(1024 * MiB);
  });

  it('takes a smaller cap per client', async () => {
    zendeskServing((response) => sendJson(response, 200, { tickets: [ticket(1)], filler: 'x'.repeat(4096) }));
    const failure = await failureOf(zendeskAt(server.origin, { maxResponseBytes: 1024 }).fetchQueue());
    expect(failure).toMatchObject({
      kind: 'bad_response',
      detail: expect.stringMatching(/too large \(over 1024 bytes/),
    });
    expect((await zendeskAt(server.origin).fetchQueue()).tickets.map((t) => t.id)).toEqual([1]);
  });
});

describe('one bad record is one problem, not a failed read', () => {
  it('Zendesk: nulls, numbers and strings in view rows, show_many and side-loads become problems', async () => {
    server.handle((_request, response, url) => {
      if (url.pathname.startsWith('/api/v2/views/')) {
        return sendJson(response, 200, { tickets: [ticket(1), null, 5, 'x', ticket(2), ticket(3)] });
      }
      if (url.pathname === '/api/v2/tickets/show_many.json') {
        // Ticket 3 comes back as null; user 1002 and organization 2002 are bad side-loads.
        return sendJson(response, 200, {
          tickets: [ticket(1), null, ticket(2)],
          users: [user(1001), null, 7],
          organizations: ['x', organization(2001)],
        });
      }
      if (url.pathname === '/api/v2/users/show_many.json') return sendJson(response, 200, { users: [null] });
      if (url.pathname === '/api/v2/organizations/show_many.json') {
        return sendJson(response, 200, { organizations: [42] });
      }
      sendJson(response, 404, {});
    });
    const result = await zendeskAt(server.origin).fetchQueue();
    expect(result.tickets.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(result.tickets[0]?.requester?.name).toBe('User 1001');
    expect(result.tickets[0]?.organization?.name).toBe('Org 2001');
    const messages = result.problems.map((problem) => problem.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'a row of view 1 is null, not an object',
        'a row of view 1 is a number, not an object',
        'a row of view 1 is a string, not an object',
        'a tickets/show_many record is null, not an object',
        'a side-loaded user is null, not an object',
        'a side-loaded user is a number, not an object',
        'a side-loaded organization is a string, not an object',
        'a users/show_many record is null, not an object',
        'an organizations/show_many record is a number, not an object',
        'not returned by show_many; SLAs unknown',
      ]),
    );
    expect(result.truncated).toBe(false);
  });

  it('Zendesk: a show_many whose tickets node-zendesk cannot side-load is data, not a configuration error', async () => {
    server.handle((_request, response, url) => {
      if (url.pathname.startsWith('/api/v2/views/')) return sendJson(response, 200, { tickets: [ticket(1)] });
      // node-zendesk maps requester_id over `users` and crashes on the null.
      return sendJson(response, 200, { tickets: [ticket(1)], users: [null], organizations: [null] });
    });
    const result = await zendeskAt(server.origin).fetchQueue();
    expect(result.tickets.map((t) => t.id)).toEqual([1]);
    expect(result.problems.map((problem) => problem.message)).toContain('a side-loaded user is null, not an object');
  });

  it('PagerDuty: bad on-call entries and entries that end before they start are listed, the rest used', async () => {
    server.handle((_request, response, url) => {
      if (url.pathname === '/users/me') return sendJson(response, 200, { user: pdUser });
      if (url.pathname === '/oncalls') {
        return sendJson(response, 200, {
          oncalls: [
            null,
            5,
            'x',
            onCall('2026-11-30T11:00:00Z', '2026-11-30T20:00:00Z'),
            onCall('2026-12-02T10:00:00Z', '2026-12-01T10:00:00Z'),
            onCall('2026-12-03T10:00:00Z', '2026-12-04T10:00:00Z', null),
          ],
          more: false,
        });
      }
      sendJson(response, 404, {});
    });
    const result = await pagerdutyAt(server.origin).fetchTurns(NOW);
    expect(result.myEntries).toHaveLength(1);
    expect(result.problems).toHaveLength(5);
    expect(result.problems.map((problem) => problem.message)).toContain(
      'an on-call entry of PUSER1 ends (2026-12-01T10:00:00.000Z) before it starts (2026-12-02T10:00:00.000Z)',
    );
  });
});

describe('pages that never end are cut at a page cap that fits the call, keeping what was read', () => {
  it('PagerDuty: more: true forever, one entry per page, stops at the cap and says the list is cut', async () => {
    server.handle((_request, response, url) => {
      if (url.pathname === '/users/me') return sendJson(response, 200, { user: pdUser });
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const start = new Date(NOW + offset * DAY).toISOString();
      const end = new Date(NOW + offset * DAY + 3_600_000).toISOString();
      sendJson(response, 200, { oncalls: [onCall(start, end)], more: true, offset, limit: 100 });
    });
    const result = await pagerdutyAt(server.origin).fetchTurns(NOW);
    expect(server.requests('/oncalls')).toBe(MAX_ONCALL_PAGES);
    expect(result.truncated).toBe(true);
    expect(result.myEntries).toHaveLength(MAX_ONCALL_PAGES);
    expect(result.problems.map((problem) => problem.message)).toContainEqual(expect.stringMatching(/cut short/));
  });

  it('Zendesk: a view that always has a next page keeps the tickets it read and is marked truncated', async () => {
    zendeskServing((response, url) => {
      const page = Number(url.searchParams.get('page[after]') ?? 0);
      sendJson(response, 200, {
        tickets: [ticket(page + 1)],
        meta: { has_more: true },
        links: { next: `${server.origin}/api/v2/views/1/tickets.json?page[after]=${page + 1}` },
      });
    });
    const result = await zendeskAt(server.origin).fetchQueue();
    const cap = MAX_TICKETS_PER_VIEW / 100;
    expect(server.requests('/api/v2/views/')).toBe(cap);
    expect(result.tickets).toHaveLength(cap);
    expect(result.truncated).toBe(true);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ record: 'view 1', message: expect.stringMatching(/cut short/) }),
    );
  });

  it('a read that ends normally is not truncated', async () => {
    zendeskServing((response) => sendJson(response, 200, { tickets: [ticket(1)], meta: { has_more: false } }));
    expect((await zendeskAt(server.origin).fetchQueue()).truncated).toBe(false);
  });
});
