/**
 * The Slack source against a Slack API that misbehaves on purpose (tests/reliability/hostile-server.ts), over real
 * HTTP: hostile message text and records (one bad message is one problem, the rest arrive), links from data held
 * to the link policy, the waits the server asks for clamped, pages that never end cut at the page cap, and a body
 * without end refused at the byte cap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { buildSnapshot } from '../../src/main/core/snapshot';
import { createSlackSource, type SlackSourceOptions } from '../../src/main/sources/slack';
import { SourceError } from '../../src/main/sources/source';
import { type HostileServer, peakRssGrowth, sendJson, startHostileServer, streamBody } from './hostile-server';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const ME = 'U0ME000001';
const ALICE = 'U0ALICE001';
const CHANNEL = 'C0CSREQS01';
const WORKSPACE = 'https://acme.slack.com/';
/** A Slack ts `minutes` before NOW, with `micros` to keep them apart. */
const ts = (minutes: number, micros = 0) =>
  `${Math.floor((NOW - minutes * 60_000) / 1000)}.${String(micros).padStart(6, '0')}`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer((_request, response) => {
    response.destroy();
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

type Methods = Record<string, (args: URLSearchParams, response: ServerResponse) => void>;

/** Serves Slack methods from `methods` (form body merged with the query), the usual identity and names otherwise. */
function serve(methods: Methods, identity: { url?: string } = {}) {
  server.handle(async (request: IncomingMessage, response, url) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const args = new URLSearchParams(body);
    for (const [key, value] of url.searchParams) args.set(key, value);
    const method = url.pathname.replace(/^\/api\//, '');
    const handler = methods[method];
    if (handler) return handler(args, response);
    switch (method) {
      case 'auth.test':
        return sendJson(response, 200, {
          ok: true,
          user_id: ME,
          user: 'me',
          team_id: 'T0ACME0001',
          team: 'Acme',
          url: identity.url ?? WORKSPACE,
        });
      case 'conversations.info':
        return sendJson(response, 200, { ok: true, channel: { id: CHANNEL, name: 'cs-requests' } });
      case 'users.info':
        return sendJson(response, 200, { ok: true, user: { id: args.get('user'), name: 'alice' } });
      case 'chat.getPermalink':
        return sendJson(response, 200, { ok: true, permalink: `${WORKSPACE}archives/${CHANNEL}/p1` });
      case 'conversations.replies':
        return sendJson(response, 200, { ok: true, messages: [] });
      default:
        return sendJson(response, 200, { ok: false, error: 'unknown_method' });
    }
  });
}

function source(options: Partial<SlackSourceOptions> = {}) {
  return createSlackSource(
    {
      channelIds: [CHANNEL],
      csUserGroupId: null,
      myGroupId: null,
      apiUrl: `${server.origin}/api/`,
      timeoutMs: 5_000,
      ...options,
    },
    'xoxp-hostile-test-token',
    { now: () => NOW },
  );
}

const history = (messages: unknown[], extra: Record<string, unknown> = {}): Methods => ({
  'conversations.history': (_args, response) => sendJson(response, 200, { ok: true, messages, ...extra }),
});

describe('hostile Slack message text', () => {
  it('one bad message is one problem; the requests among them arrive, as plain bounded text', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const bad: unknown[] = [
      null,
      42,
      'a string',
      [],
      { ts: 'not-a-ts', user: ALICE, text: `<@${ME}> with a bad ts` },
      { ts: 1_764_496_800, user: ALICE, text: `<@${ME}> with a numeric ts` },
    ];
    const requests = [
      // A giant text full of controls, bidi overrides and zero-width characters.
      { ts: ts(50, 1), user: ALICE, text: `<@${ME}> \u202eevil\u202c\u0007\u200b${'x\u0000\u2066'.repeat(400_000)}` },
      // Blocks nested far past any sane depth, with the mention in the text.
      { ts: ts(40, 2), user: ALICE, text: `<@${ME}> deep blocks`, blocks: '__DEEP__' },
      // A javascript: link in markup: its label is text, the address is never a link.
      { ts: ts(30, 3), user: ALICE, text: `<@${ME}> <javascript:alert(1)|click me> and <https://evil.example/x>` },
    ];
    const notRequests = [
      // A fake mention: another user labelled with my name.
      { ts: ts(25, 4), user: ALICE, text: `<@U0OTHER001|me> please` },
      // `@here` lookalikes, and a real one while broadcasts are off.
      { ts: ts(20, 5), user: ALICE, text: '＜!here＞ <!herex> <! here> &lt;!here&gt;' },
      { ts: ts(15, 6), user: ALICE, text: '<!here|here> anyone?' },
      // My id as plain text, not as markup.
      { ts: ts(10, 7), user: ALICE, text: `@${ME} U0ME000001` },
    ];
    const body = JSON.stringify({ ok: true, messages: [...bad, ...requests, ...notRequests] }).replace(
      '"__DEEP__"',
      deep,
    );
    serve({
      'conversations.history': (_args, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(body);
      },
    });
    const result = await source().fetchRequests(null);
    expect(result.problems).toHaveLength(bad.length);
    for (const problem of result.problems) expect(problem.record).toBe('#cs-requests');
    expect(result.open.map((request) => request.ts)).toEqual(requests.map((request) => request.ts));
    for (const request of result.open) {
      expect(request.preview).not.toMatch(UNSAFE);
      expect(Array.from(request.preview).length).toBeLessThanOrEqual(280);
      expect(request.preview).not.toContain('javascript:');
      expect(request.permalink?.startsWith(WORKSPACE)).toBe(true);
    }
    expect(result.open[2]!.preview).toBe('@me click me and https://evil.example/x');
  });

  it('a poll with only bad records still succeeds and reports each', async () => {
    serve(history([null, null, { ts: 'x' }]));
    const result = await source().fetchRequests(null);
    expect(result.open).toEqual([]);
    expect(result.problems).toHaveLength(3);
  });

  it('a well-formed but impossible ts is one problem: not a request, not a read position, not a thread', async () => {
    const future = '9999999999.000001';
    const tomorrow = `${Math.floor((NOW + 2 * 86_400_000) / 1000)}.000002`;
    const ancient = '1000000000.000003';
    const real = ts(30, 4);
    let oldest: string | null = null;
    const repliesAsked: string[] = [];
    serve({
      'conversations.history': (args, response) => {
        oldest = args.get('oldest');
        sendJson(response, 200, {
          ok: true,
          messages: [
            // Thread parents with replies: a real one would be followed.
            { ts: future, user: ALICE, text: `<@${ME}> from the far future`, reply_count: 2, latest_reply: future },
            { ts: tomorrow, user: ALICE, text: `<@${ME}> from two days ahead` },
            { ts: real, user: ALICE, text: `<@${ME}> a real request` },
            { ts: ancient, user: ALICE, text: `<@${ME}> from 2001`, reply_count: 1, latest_reply: ancient },
          ],
        });
      },
      'conversations.replies': (args, response) => {
        repliesAsked.push(args.get('ts') ?? '');
        sendJson(response, 200, { ok: true, messages: [] });
      },
    });
    const first = await source().fetchRequests(null);
    expect(first.open.map((request) => request.ts)).toEqual([real]);
    expect(first.all.map((request) => request.ts)).toEqual([real]);
    expect(first.problems.map((problem) => problem.message)).toEqual([
      `conversations.history sent a message whose ts (${future}) is more than a day in the future; skipped`,
      `conversations.history sent a message whose ts (${tomorrow}) is more than a day in the future; skipped`,
      `conversations.history sent a message whose ts (${ancient}) is before Slack existed; skipped`,
    ]);
    for (const problem of first.problems) expect(problem.record).toBe('#cs-requests');
    // The read position is the real message, so the next poll still asks for what comes after it.
    expect(first.state.channels[CHANNEL]!.newestTs).toBe(real);
    expect(Object.keys(first.state.channels[CHANNEL]!.threads)).toEqual([]);
    expect(repliesAsked).toEqual([]);
    const second = await source().fetchRequests(first.state);
    expect(oldest).not.toBe(future);
    expect(Number(oldest)).toBeLessThanOrEqual(Number(real));
    expect(second.open.map((request) => request.ts)).toEqual([real]);
  });

  it('links from data pass the link policy: off-host permalinks are rebuilt, a hostile workspace URL links nowhere', async () => {
    const message = { ts: ts(30, 1), user: ALICE, text: `<@${ME}> hi` };
    for (const permalink of [
      'https://evil.example/archives/C0CSREQS01/p1',
      'javascript:alert(1)',
      'https://acme.slack.com.evil.example/archives/x',
      'https://user:pass@acme.slack.com/archives/x',
    ]) {
      serve({
        ...history([message]),
        'chat.getPermalink': (_args, response) => sendJson(response, 200, { ok: true, permalink }),
      });
      const result = await source().fetchRequests(null);
      expect(result.open[0]!.permalink).toBe(`${WORKSPACE}archives/${CHANNEL}/p${message.ts.replace('.', '')}`);
      expect(result.problems.some((problem) => problem.message.includes('off the workspace host'))).toBe(true);
    }
    // auth.test itself names a host that is not Slack's: the permalink built on it never reaches the snapshot.
    for (const url of ['https://evil.example/', 'https://acme.slack.com.evil.example/', 'https://1.2.3.4/']) {
      serve(history([message]), { url });
      const result = await source({ permalinks: 'build' }).fetchRequests(null);
      const snapshot = buildSnapshot(
        {
          zendesk: null,
          pagerduty: null,
          slack: { requests: result.open, problems: [], workspaceUrl: result.identity.url },
          health: {} as never,
          demo: false,
        },
        structuredClone(DEFAULT_SETTINGS),
        NOW,
        { pausedUntil: null, quietHours: false, held: 0 },
        'UTC',
      );
      expect(snapshot.requests?.map((entry) => entry.request.permalink)).toEqual([null]);
    }
  });
});

describe('the server cannot make Slack wait forever or read forever', () => {
  it.each([
    ['99999999', 60 * 60_000],
    ['-5', 1_000],
    ['0', 1_000],
    ['garbage', 60_000],
  ])('Retry-After %j waits %i ms', async (retryAfter, waitMs) => {
    serve({
      'conversations.history': (_args, response) => {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
        response.end('{"ok":false,"error":"ratelimited"}');
      },
    });
    const error = await source()
      .fetchRequests(null)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    const failure = (error as SourceError).failure;
    expect(failure.kind).toBe('rate_limited');
    expect(failure.kind === 'rate_limited' && Date.parse(failure.retryAt) - NOW).toBe(waitMs);
  });

  it.each(['internal', 'limited'] as const)(
    'history that always has a next page is cut at the %s page cap',
    async (tier) => {
      let page = 0;
      serve({
        'conversations.history': (_args, response) => {
          page++;
          sendJson(response, 200, {
            ok: true,
            messages: [{ ts: ts(100 - page, page), user: ALICE, text: `<@${ME}> page ${page}` }],
            response_metadata: { next_cursor: `page-${page}` },
          });
        },
      });
      const result = await source({ rateTier: tier }).fetchRequests(null);
      const cap = tier === 'internal' ? 5 : 1;
      expect(server.requests('/api/conversations.history')).toBe(cap);
      expect(result.open).toHaveLength(cap);
      expect(result.problems.map((problem) => problem.message)).toContain('history left for the next poll');
    },
  );

  it('replies that always have a next page are cut too', async () => {
    const parent = { ts: ts(60, 1), user: ALICE, text: 'thread', reply_count: 9999, latest_reply: ts(1, 1) };
    let pages = 0;
    serve({
      ...history([parent]),
      'conversations.replies': (_args, response) => {
        pages++;
        sendJson(response, 200, {
          ok: true,
          messages: [{ ts: ts(59 - pages / 100, pages), user: ALICE, thread_ts: parent.ts, text: `<@${ME}> ${pages}` }],
          response_metadata: { next_cursor: `page-${pages}` },
        });
      },
    });
    const result = await source().fetchRequests(null);
    expect(server.requests('/api/conversations.replies')).toBe(5);
    expect(result.open).toHaveLength(5);
  });

  it('a body without end is refused at the 8 MiB cap, with memory bounded', async () => {
    serve({
      'conversations.history': (_args, response) => void streamBody(response, Number.POSITIVE_INFINITY),
    });
    const { result, growth } = await peakRssGrowth(() =>
      source()
        .fetchRequests(null)
        .catch((caught: unknown) => caught),
    );
    expect(result).toBeInstanceOf(SourceError);
    expect((result as SourceError).failure).toMatchObject({ kind: 'bad_response' });
    expect((result as SourceError).failure.detail).toContain('too large');
    expect(growth).toBeLessThan(160 * 1024 * 1024);
  });
});
