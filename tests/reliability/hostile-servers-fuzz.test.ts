/**
 * Random server behaviour over real HTTP (loopback): random statuses, Retry-After and rate-limit headers (valid,
 * negative, garbage, dates), record shapes including null, `more`/next links, and body sizes around the cap.
 * Whatever the server does, a read never throws anything but a SourceError, never reads past its page cap, never
 * accepts a body over its byte cap, never waits outside [0, 1 h], and turns every bad record into one problem.
 */
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SERVER_WAIT_MS } from '../../src/main/sources/http';
import { SourceError } from '../../src/main/sources/source';
import { idsOf, onCall, organization, pagerdutyAt, pdUser, ticket, user, zendeskAt } from './hostile-fixtures';
import { type HostileServer, peakRssGrowth, startHostileServer } from './hostile-server';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const MAX_BYTES = 16 * 1024;
const PAGE_SIZE = 10;
const ZENDESK_PAGE_CAP = 3;
const ONCALL_PAGE_CAP = 4;
const RUNS = 60;

const waitHeader = fc.oneof(
  fc.integer({ min: -100_000, max: 10_000_000_000 }).map(String),
  fc.constantFrom('0', '-0', '1.5', '1e3', 'NaN', 'Infinity', '', ' ', '0x20', 'soon', '20;w=60'),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toUTCString()),
  fc.string({ maxLength: 12 }),
);

const record = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }).map((id) => ({ kind: 'ok' as const, id })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(null, 0, 7, 'x', [], true)
      .map((value) => ({ kind: 'bad' as const, value: value as unknown })),
  },
);

const behaviour = fc.record({
  status: fc.oneof(
    { weight: 6, arbitrary: fc.constant(200) },
    { weight: 2, arbitrary: fc.constantFrom(429, 503, 500, 404, 401, 403, 400, 301, 204) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
  ),
  retryAfter: fc.option(waitHeader, { nil: undefined }),
  remaining: fc.option(fc.oneof(fc.constantFrom('0', '1', '-1', 'zero'), fc.nat().map(String)), { nil: undefined }),
  reset: fc.option(waitHeader, { nil: undefined }),
  records: fc.array(record, { maxLength: PAGE_SIZE }),
  more: fc.boolean(),
  next: fc.constantFrom('valid', 'off-host', 'garbage', 'none'),
  padding: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 * MAX_BYTES }) },
  ),
});
type Behaviour = typeof behaviour extends fc.Arbitrary<infer T> ? T : never;

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer((_request, response) => {
    response.end();
  });
});
afterAll(async () => {
  await server.close();
});

/** What the server did during one read, to check the read's outcome against. */
interface Served {
  oversized200: number;
  badViewRows: number;
  badOnCalls: number;
}

/** A status whose body the client reads (any 2xx). */
const accepted = (plan: Behaviour) => plan.status >= 200 && plan.status < 300;

function respond(response: ServerResponse, plan: Behaviour, body: Record<string, unknown>, served: Served) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (plan.retryAfter !== undefined) headers['retry-after'] = plan.retryAfter.replace(/[^\x20-\x7e]/g, '');
  if (plan.remaining !== undefined) headers['ratelimit-remaining'] = plan.remaining;
  if (plan.reset !== undefined) headers['ratelimit-reset'] = plan.reset.replace(/[^\x20-\x7e]/g, '');
  const text = JSON.stringify({ ...body, padding: ' '.repeat(plan.padding) });
  if (accepted(plan) && Buffer.byteLength(text) > MAX_BYTES) served.oversized200++;
  response.writeHead(plan.status, headers);
  response.end(plan.status === 204 ? undefined : text);
}

function nextLink(plan: Behaviour, page: number, path: string): string | undefined {
  if (plan.next === 'valid') return `${server.origin}${path}?page[after]=${page + 1}`;
  if (plan.next === 'off-host') return `https://evil.example${path}?page[after]=${page + 1}`;
  if (plan.next === 'garbage') return '::not a url::';
  return undefined;
}

/** Settles a read: its value, or its SourceError's failure; anything else thrown fails the property. */
async function settle<T>(read: Promise<T>) {
  try {
    return { value: await read, failure: null };
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return { value: null, failure: (error as SourceError).failure };
  }
}

function checkFailure(failure: import('../../src/shared/domain').SourceFailure | null, served: Served) {
  if (failure?.kind === 'rate_limited') {
    const waitMs = Date.parse(failure.retryAt) - NOW;
    expect(waitMs).toBeGreaterThanOrEqual(0);
    expect(waitMs).toBeLessThanOrEqual(MAX_SERVER_WAIT_MS);
  }
  // A 2xx over the cap is read by the client, so the read cannot have succeeded.
  if (served.oversized200 > 0) expect(failure).not.toBeNull();
}

describe('hostile servers, at random', () => {
  it('Zendesk: typed failures only, page cap kept, bodies capped, waits clamped, bad rows reported', async () => {
    const { growth } = await peakRssGrowth(() =>
      fc.assert(
        fc.asyncProperty(fc.array(behaviour, { minLength: 1, maxLength: 6 }), async (plans) => {
          server.reset();
          const served: Served = { oversized200: 0, badViewRows: 0, badOnCalls: 0 };
          let count = 0;
          server.handle((_request, response, url) => {
            const plan = plans[count++ % plans.length]!;
            if (url.pathname.startsWith('/api/v2/views/')) {
              const page = Number(url.searchParams.get('page[after]') ?? 0);
              const rows = plan.records.map((r) => (r.kind === 'ok' ? ticket(r.id) : r.value));
              if (accepted(plan)) served.badViewRows += plan.records.filter((r) => r.kind === 'bad').length;
              return respond(
                response,
                plan,
                { tickets: rows, meta: { has_more: plan.more }, links: { next: nextLink(plan, page, url.pathname) } },
                served,
              );
            }
            const ids = idsOf(url);
            const pick = <T>(make: (id: number) => T) =>
              ids.map((id, index) => (plan.records[index]?.kind === 'bad' ? null : make(id)));
            if (url.pathname === '/api/v2/tickets/show_many.json') {
              return respond(
                response,
                plan,
                {
                  tickets: pick(ticket),
                  users: pick((id) => user(1000 + id)),
                  organizations: pick((id) => organization(2000 + id)),
                },
                served,
              );
            }
            if (url.pathname === '/api/v2/users/show_many.json')
              return respond(response, plan, { users: pick(user) }, served);
            return respond(response, plan, { organizations: pick(organization) }, served);
          });
          const source = zendeskAt(server.origin, {
            now: () => NOW,
            pageSize: PAGE_SIZE,
            maxTicketsPerView: ZENDESK_PAGE_CAP * PAGE_SIZE,
            maxResponseBytes: MAX_BYTES,
          });
          const { value, failure } = await settle(source.fetchQueue());
          expect(server.requests('/api/v2/views/')).toBeLessThanOrEqual(ZENDESK_PAGE_CAP);
          checkFailure(failure, served);
          if (value) {
            const rowProblems = value.problems.filter((p) => p.message.startsWith('a row of view'));
            expect(rowProblems).toHaveLength(served.badViewRows);
            expect(value.truncated).toBe(value.problems.some((p) => /cut short/.test(p.message)));
          }
        }),
        { numRuns: RUNS },
      ),
    );
    expect(growth).toBeLessThan(200 * 1024 * 1024);
  });

  it('PagerDuty: typed failures only, page cap kept, bodies capped, waits clamped, bad entries reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(behaviour, { minLength: 1, maxLength: 6 }), async (plans) => {
        server.reset();
        const served: Served = { oversized200: 0, badViewRows: 0, badOnCalls: 0 };
        let count = 0;
        server.handle((_request, response, url) => {
          const plan = plans[count++ % plans.length]!;
          if (url.pathname === '/users/me')
            return respond(response, { ...plan, status: 200, padding: 0 }, { user: pdUser }, served);
          if (url.pathname === '/oncalls') {
            const offset = Number(url.searchParams.get('offset') ?? 0);
            const entries = plan.records.map((r, index) => {
              if (r.kind === 'bad') return r.value;
              const start = NOW + (offset + index) * 3_600_000;
              return onCall(new Date(start).toISOString(), new Date(start + 1_800_000).toISOString());
            });
            if (accepted(plan)) served.badOnCalls += plan.records.filter((r) => r.kind === 'bad').length;
            return respond(response, plan, { oncalls: entries, more: plan.more }, served);
          }
          // A schedule look-up that fails is reported as a problem, not a failed read (the header keeps its id).
          const lookUp: Served = { oversized200: 0, badViewRows: 0, badOnCalls: 0 };
          return respond(response, plan, { schedule: { id: 'PSCHED1', name: 'Support Hero' } }, lookUp);
        });
        const source = pagerdutyAt(server.origin, {
          now: () => NOW,
          maxOnCallPages: ONCALL_PAGE_CAP,
          maxResponseBytes: MAX_BYTES,
        });
        const { value, failure } = await settle(source.fetchTurns(NOW));
        expect(server.requests('/oncalls')).toBeLessThanOrEqual(ONCALL_PAGE_CAP);
        checkFailure(failure, served);
        if (value) {
          const entryProblems = value.problems.filter((p) => p.message === 'an on-call entry is not an object');
          expect(entryProblems).toHaveLength(served.badOnCalls);
          expect(value.truncated).toBe(value.problems.some((p) => /cut short/.test(p.message)));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
