/**
 * Swap a turn over real HTTP: the overrides client against a small server wrapping the sandbox's overrides
 * handler (writes) and the sandbox's PagerDuty read routes (so `/oncalls` shows what the overrides changed).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SERVER_WAIT_MS } from '../../../src/main/sources/http';
import { createOverridesClient, OverrideError } from '../../../src/main/sources/pagerduty/overrides';
import {
  ACCOUNT_KEY,
  DAY,
  KAI,
  ME,
  type OverridesSandbox,
  ROBIN,
  startOverridesSandbox,
  USER_KEY,
  V2,
  V3,
} from '../../support/overrides-sandbox';

const ANCHOR = Date.parse('2026-11-30T09:00:00Z');

let clock = ANCHOR;
let sandbox: OverridesSandbox;

beforeEach(async () => {
  clock = ANCHOR;
  sandbox = await startOverridesSandbox(ANCHOR, () => clock);
});

afterEach(() => sandbox.close());

function client(token: string = USER_KEY) {
  return createOverridesClient({
    token,
    region: 'us',
    baseUrl: sandbox.baseUrl,
    timeoutMs: 5_000,
    now: () => clock,
  });
}

/** Who `/oncalls` says is on call on the schedule at that instant (what the app's poll would read). */
async function onCallAt(scheduleId: string, atMs: number): Promise<string[]> {
  const url = new URL(`${sandbox.baseUrl}/oncalls`);
  url.searchParams.set('since', new Date(atMs).toISOString());
  url.searchParams.set('until', new Date(atMs + 60_000).toISOString());
  url.searchParams.append('schedule_ids[]', scheduleId);
  const response = await fetch(url, { headers: { Authorization: `Token token=${USER_KEY}` } });
  const body = (await response.json()) as { oncalls: { user: { id: string } }[] };
  return body.oncalls.map((entry) => entry.user.id);
}

const day1 = { startMs: ANCHOR + DAY, endMs: ANCHOR + 2 * DAY };
const item = { ...day1, userId: ROBIN, replacedUserId: ME, timeZone: 'Europe/London' };

async function failure(promise: Promise<unknown>): Promise<OverrideError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OverrideError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('v2 schedules', () => {
  it('creates an override in one request, and later on-call reads see the teammate', async () => {
    const overrides = client();
    const result = await overrides.createOverrides(V2, [item], 'v2');
    expect(overrides.requests()).toBe(1);
    expect(sandbox.seen).toEqual([`POST /schedules/${V2}/overrides`]);
    expect(result.kind).toBe('v2');
    expect(result.rejected).toEqual([]);
    expect(result.created).toEqual([
      {
        id: expect.stringMatching(/^Q\d+$/),
        start: new Date(day1.startMs).toISOString(),
        end: new Date(day1.endMs).toISOString(),
        userId: ROBIN,
        userName: 'Robin Rotation',
        replacedUserId: null,
      },
    ]);
    expect(await onCallAt(V2, day1.startMs + 3_600_000)).toEqual([ROBIN]);
    expect(await onCallAt(V2, day1.startMs - 3_600_000)).toEqual([ME]);
    expect(await onCallAt(V2, day1.endMs + 3_600_000)).toEqual([ME]);
  });

  it('finds the version first when it is not known: 2 requests (400 from /v3 means v2)', async () => {
    const overrides = client();
    const result = await overrides.createOverrides(V2, [item]);
    expect(result.kind).toBe('v2');
    expect(overrides.requests()).toBe(2);
    expect(sandbox.seen).toEqual([`GET /v3/schedules/${V2}`, `POST /schedules/${V2}/overrides`]);
  });

  it('reports a refusal hidden inside a 201 and keeps the override that was made', async () => {
    const bad = { ...item, startMs: ANCHOR + 3 * DAY, endMs: ANCHOR + 3 * DAY };
    const result = await client().createOverrides(V2, [item, bad], 'v2');
    expect(result.created).toHaveLength(1);
    expect(result.rejected).toEqual([
      {
        start: new Date(bad.startMs).toISOString(),
        end: new Date(bad.endMs).toISOString(),
        userId: ROBIN,
        messages: ['Override must end after its start'],
      },
    ]);
    expect(Object.values(sandbox.handler.overrides()).flat()).toHaveLength(1);
  });

  it('lists my overrides (one request) and removes one made in advance (204)', async () => {
    const overrides = client();
    const { created } = await overrides.createOverrides(V2, [item], 'v2');
    const other = await overrides.createOverrides(
      V2,
      [{ ...item, startMs: ANCHOR + 8 * DAY, endMs: ANCHOR + 9 * DAY, userId: ROBIN, replacedUserId: KAI }],
      'v2',
    );
    const before = overrides.requests();
    const window = { sinceMs: ANCHOR, untilMs: ANCHOR + 14 * DAY };
    const mine = await overrides.listMyOverrides(
      V2,
      window,
      { myUserId: ME, madeHere: new Set([created[0]!.id]) },
      'v2',
    );
    expect(overrides.requests() - before).toBe(1);
    expect(mine.map((entry) => entry.id)).toEqual([created[0]!.id]);
    // Not made here and naming someone else: not mine.
    expect(mine.map((entry) => entry.id)).not.toContain(other.created[0]!.id);
    const deleteCount = overrides.requests();
    expect(await overrides.removeOverride(V2, created[0]!.id, 'v2')).toBe('deleted');
    expect(overrides.requests() - deleteCount).toBe(1);
    expect(
      await overrides.listMyOverrides(V2, window, { myUserId: ME, madeHere: new Set([created[0]!.id]) }, 'v2'),
    ).toEqual([]);
    expect(await onCallAt(V2, day1.startMs + 3_600_000)).toEqual([ME]);
  });

  it('ends an override in progress now (200) instead of undoing it', async () => {
    const overrides = client();
    const { created } = await overrides.createOverrides(V2, [item], 'v2');
    clock = day1.startMs + 6 * 3_600_000;
    expect(await overrides.removeOverride(V2, created[0]!.id, 'v2')).toBe('truncated');
    const [listed] = await overrides.listMyOverrides(
      V2,
      { sinceMs: ANCHOR, untilMs: ANCHOR + 7 * DAY },
      { myUserId: ROBIN },
      'v2',
    );
    expect(listed?.end).toBe(new Date(clock).toISOString());
    expect(await onCallAt(V2, clock - 3_600_000)).toEqual([ROBIN]);
    expect(await onCallAt(V2, clock + 3_600_000)).toEqual([ME]);
  });

  it('shows the schedule users for the picker', async () => {
    const users = await client().scheduleUsers(V2, ANCHOR, ANCHOR + 7 * DAY);
    expect(users).toEqual([{ id: ME, name: 'Me Myself' }]);
    const wider = await client().scheduleUsers(V2, ANCHOR - 7 * DAY, ANCHOR + 14 * DAY);
    expect(wider.map((user) => user.id).sort()).toEqual([KAI, ME, ROBIN].sort());
  });
});

describe('v3 schedules', () => {
  it('detects v3, overrides the rotation shift of the person replaced, and removes it', async () => {
    const overrides = client();
    const result = await overrides.createOverrides(V3, [item]);
    expect(result.kind).toBe('v3');
    expect(overrides.requests()).toBe(2);
    expect(sandbox.seen).toEqual([`GET /v3/schedules/${V3}`, `POST /v3/schedules/${V3}/overrides`]);
    expect(result.created[0]).toMatchObject({ userId: ROBIN, replacedUserId: ME });
    expect(await onCallAt(V3, day1.startMs + 60_000)).toEqual([ROBIN]);
    const mine = await overrides.listMyOverrides(
      V3,
      { sinceMs: ANCHOR, untilMs: ANCHOR + 7 * DAY },
      { myUserId: ME },
      'v3',
    );
    expect(mine.map((entry) => entry.id)).toEqual([result.created[0]!.id]);
    expect(await overrides.removeOverride(V3, result.created[0]!.id, 'v3')).toBe('deleted');
    expect(await onCallAt(V3, day1.startMs + 60_000)).toEqual([ME]);
  });
});

describe('refusals', () => {
  it('a read-only (account) key may list but not write: 403 says the key cannot change schedules', async () => {
    const readOnly = client(ACCOUNT_KEY);
    const error = await failure(readOnly.createOverrides(V2, [item], 'v2'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toMatch(/this key cannot change schedules/);
    expect(error.details).toMatchObject({ status: 403, code: 2010 });
    expect(error.message).not.toContain(ACCOUNT_KEY);
    const { created } = await client().createOverrides(V2, [item], 'v2');
    expect(
      await readOnly.listMyOverrides(V2, { sinceMs: ANCHOR, untilMs: ANCHOR + 7 * DAY }, { myUserId: ROBIN }, 'v2'),
    ).toHaveLength(1);
    expect((await failure(readOnly.removeOverride(V2, created[0]!.id, 'v2'))).kind).toBe('forbidden');
    expect(await onCallAt(V2, day1.startMs + 60_000)).toEqual([ROBIN]);
  });

  it('a 429 carries the server wait, clamped', async () => {
    sandbox.rateLimitNextWrite('120');
    const error = await failure(client().createOverrides(V2, [item], 'v2'));
    expect(error.kind).toBe('rate_limited');
    expect(error.details).toMatchObject({ status: 429, code: 2020, retryAfterMs: 120_000 });
    sandbox.rateLimitNextWrite('99999999');
    expect((await failure(client().removeOverride(V2, 'Q000001', 'v2'))).details.retryAfterMs).toBe(MAX_SERVER_WAIT_MS);
    expect(Object.values(sandbox.handler.overrides()).flat()).toEqual([]);
  });

  it('an unknown schedule or override is a 404; a bad id never reaches the wire', async () => {
    expect((await failure(client().createOverrides('PNOPE00', [item], 'v2'))).kind).toBe('not_found');
    expect((await failure(client().removeOverride(V2, 'Q999999', 'v2'))).kind).toBe('not_found');
    const overrides = client();
    expect((await failure(overrides.removeOverride(V2, '../../users', 'v2'))).kind).toBe('invalid');
    expect(overrides.requests()).toBe(0);
  });
});

describe('answers the sandbox does not give', () => {
  let stub: Server;
  let stubOrigin = '';
  let answer: (response: import('node:http').ServerResponse) => void = () => {};

  beforeAll(async () => {
    stub = createServer((request, response) => {
      request.resume();
      request.on('end', () => answer(response));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubOrigin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    stub.closeAllConnections();
    await new Promise<void>((resolve) => stub.close(() => resolve()));
  });

  function stubClient() {
    return createOverridesClient({
      token: 'secret-token-1234',
      region: 'us',
      baseUrl: stubOrigin,
      timeoutMs: 2_000,
      now: () => clock,
    });
  }
  function reply(status: number, body: unknown) {
    answer = (response) => {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(text);
    };
  }
  const echo = {
    id: 'PQ47DCP',
    start: new Date(day1.startMs).toISOString(),
    end: new Date(day1.endMs).toISOString(),
    user: { id: ROBIN, type: 'user_reference' },
  };

  it('accepts the abridged {"overrides":[…]} answer', async () => {
    reply(201, { overrides: [echo] });
    expect((await stubClient().createOverrides(V2, [item], 'v2')).created.map((entry) => entry.id)).toEqual([
      'PQ47DCP',
    ]);
  });

  it('does not trust a created override that differs from the one asked, nor call it refused: it was made', async () => {
    reply(201, [{ status: 201, override: { ...echo, user: { id: KAI } } }]);
    const result = await stubClient().createOverrides(V2, [item], 'v2');
    expect(result.created).toEqual([]);
    expect(result.rejected).toEqual([]);
    expect(result.madeDifferently).toMatchObject([{ id: 'PQ47DCP', userId: KAI }]);
  });

  it('a per-item refusal without an override beside it is refused, not taken as accepted', async () => {
    reply(201, [{ status: 400, errors: ['Override must end after its start'] }]);
    expect(await stubClient().createOverrides(V2, [item], 'v2')).toMatchObject({
      created: [],
      unconfirmed: [],
      madeDifferently: [],
      rejected: [{ userId: ROBIN, messages: ['Override must end after its start'] }],
    });
  });

  it("shows PagerDuty's 400 messages, cleaned, and names a 402", async () => {
    reply(400, {
      error: { message: 'Invalid Input Provided', code: 2001, errors: ['Start\u202e must be in the future\u0000'] },
    });
    const error = await failure(stubClient().createOverrides(V2, [item], 'v2'));
    expect(error.kind).toBe('invalid');
    expect(error.details.messages).toEqual(['Invalid Input Provided', 'Start must be in the future']);
    expect(error.message).toContain('Start must be in the future');
    reply(402, { error: { message: 'Payment Required', code: 2012 } });
    expect((await failure(stubClient().createOverrides(V2, [item], 'v2'))).kind).toBe('payment_required');
  });

  it('a 2xx to a write whose answer cannot be read is an unknown outcome; to a read it is only a bad answer', async () => {
    answer = (response) => {
      response.writeHead(201, { 'content-type': 'text/html' });
      response.end('<html>created?</html>');
    };
    const create = await failure(stubClient().createOverrides(V2, [item], 'v2'));
    expect(create).toMatchObject({ kind: 'bad_response', details: { status: 201, outcomeUnknown: true } });
    expect(create.message).toMatch(/re-read before retrying/);
    reply(201, { overrides: 'made' });
    expect((await failure(stubClient().createOverrides(V2, [item], 'v2'))).details.outcomeUnknown).toBe(true);
    reply(201, [{ status: 201, override: { id: 'PQ47DCP' } }]);
    expect(await stubClient().createOverrides(V2, [item], 'v2')).toMatchObject({
      created: [],
      rejected: [],
      unconfirmed: [{ userId: ROBIN }],
    });
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>list?</html>');
    };
    const list = await failure(
      stubClient().listMyOverrides(V2, { sinceMs: day1.startMs, untilMs: day1.endMs }, { myUserId: ME }, 'v2'),
    );
    expect(list.kind).toBe('bad_response');
    expect(list.details.outcomeUnknown).toBeUndefined();
  });

  it('a connection dropped mid-write says the outcome is unknown (re-read before retrying)', async () => {
    answer = (response) => response.socket?.destroy();
    const error = await failure(stubClient().createOverrides(V2, [item], 'v2'));
    expect(error.kind).toBe('offline');
    expect(error.details.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/re-read before retrying/);
    expect(error.message).not.toContain('secret-token-1234');
  });
});
