/**
 * Swap a turn through the service every face uses (window IPC, CLI), over real HTTP against the sandbox's
 * overrides handler: options, plan, create, list, remove; a double click, a dropped connection, a retry after a
 * crash each apply once; refusals (403, 429) say what happened; every swap and removal is in the action log.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionLog } from '../../../src/main/core/actions/log';
import type { KeyValueStore } from '../../../src/main/core/ports';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { createSwapService, type SwapService } from '../../../src/main/runtime/swaps';
import { startSandbox } from '../../../src/main/sources/sandbox';
import type { Snapshot } from '../../../src/shared/domain';
import { fixedClock, memoryStore } from '../../support/factories';
import {
  ACCOUNT_KEY,
  DAY,
  KAI,
  ME,
  type OverridesSandbox,
  overridesWorld,
  ROBIN,
  startOverridesSandbox,
  USER_KEY,
  V2,
  V3,
} from '../../support/overrides-sandbox';

// Mon 30 Nov 2026 09:00 London (= UTC); the turn runs to Mon 7 Dec 09:00.
const ANCHOR = Date.parse('2026-11-30T09:00:00Z');
const NOW = ANCHOR - DAY;

let clock: ReturnType<typeof fixedClock>;
let sandbox: OverridesSandbox;
let store: KeyValueStore & { data: Map<string, string> };
let repolls: number;

beforeEach(async () => {
  clock = fixedClock(NOW);
  sandbox = await startOverridesSandbox(ANCHOR, clock.now);
  store = memoryStore();
  repolls = 0;
});

afterEach(async () => {
  await sandbox.close();
});

/** The snapshot the poll would have made: me, with my next turn on both schedules. */
function snapshot(scheduleIds = [V2, V3]): Snapshot {
  const turn = {
    start: new Date(ANCHOR).toISOString(),
    end: new Date(ANCHOR + 7 * DAY).toISOString(),
    scheduleIds,
    scheduleNames: scheduleIds.map((id) => (id === V2 ? 'Product Analytics' : 'Web Analytics')),
    scheduleUrl: null,
  };
  return {
    me: { id: ME, name: 'Me Myself', email: 'me@example.test', timeZone: 'Europe/London' },
    turn: { onCall: false, current: null, next: turn, onCallNow: [], nextHero: null },
  } as unknown as Snapshot;
}

function service(
  options: { token?: string; timeZone?: string; scheduleIds?: string[]; baseUrl?: string } = {},
): SwapService {
  return createSwapService({
    settings: () => ({
      ...DEFAULT_SETTINGS,
      pagerduty: { ...DEFAULT_SETTINGS.pagerduty, baseUrl: options.baseUrl ?? sandbox.baseUrl },
      polling: { ...DEFAULT_SETTINGS.polling, timeoutSeconds: 3 },
    }),
    pagerdutyToken: () => options.token ?? USER_KEY,
    snapshot: () => snapshot(options.scheduleIds),
    repoll: async () => {
      repolls++;
    },
    log: createActionLog(store),
    clock,
    timeZone: () => options.timeZone ?? 'Europe/London',
    store,
  });
}

const tuesday = { teammateId: ROBIN, span: { kind: 'day' as const, date: '2026-12-01' }, scheduleId: V2 };
const stored = () => Object.values(sandbox.handler.overrides()).flat();
const writes = () => sandbox.seen.filter((line) => !line.startsWith('GET'));
const log = () => createActionLog(store).entries();

describe('swap a turn', () => {
  it('offers the turn, its days and the teammates on the schedule (not me), one request per schedule', async () => {
    const options = await service({ scheduleIds: [V2] }).options();
    expect(options.ok).toBe(true);
    if (!options.ok) return;
    expect(sandbox.seen).toEqual([`GET /schedules/${V2}/users`]);
    const [turn] = options.turns;
    expect(turn).toMatchObject({ scheduleId: V2, scheduleName: 'Product Analytics', from: '2026-11-30T09:00' });
    expect(turn?.to).toBe('2026-12-07T09:00');
    expect(turn?.teammates.map((person) => person.id).sort()).toEqual([KAI, ROBIN].sort());
    expect(turn?.days).toHaveLength(7);
    expect(turn?.days[1]).toEqual({ date: '2026-12-01', label: 'Tue 09:00 to Wed 09:00' });
  });

  it('plans in words without writing, then creates one override; the log records it without the token', async () => {
    const swaps = service();
    const plan = await swaps.plan(tuesday);
    expect(plan).toMatchObject({
      kind: 'confirm',
      confirmation:
        "Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00; the rotation's order does not change",
    });
    expect(writes()).toEqual([]);
    const result = await swaps.run(tuesday);
    expect(result).toMatchObject({ result: 'applied', overrideIds: [expect.stringMatching(/^Q\d+$/)] });
    expect(writes()).toEqual([`POST /schedules/${V2}/overrides`]);
    expect(stored()).toMatchObject([
      { userId: ROBIN, startMs: Date.parse('2026-12-01T09:00:00Z'), endMs: Date.parse('2026-12-02T09:00:00Z') },
    ]);
    expect(repolls).toBe(1);
    expect(log()).toEqual([
      {
        at: NOW,
        action: 'swap',
        ticketId: null,
        scheduleId: V2,
        scheduleName: 'Product Analytics',
        overrideIds: result.overrideIds,
        result: 'applied',
        summary: 'Robin Rotation covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00',
        // The teammate check, the version lookup (400 = v2) and the create.
        requests: 3,
      },
    ]);
    expect(JSON.stringify(store.data.get('actionLog'))).not.toContain(USER_KEY);
  });

  it('the version found once is not looked up again: a second swap costs the POST alone', async () => {
    const swaps = service();
    await swaps.run(tuesday);
    const before = sandbox.seen.length;
    const result = await swaps.run({ ...tuesday, span: { kind: 'day', date: '2026-12-03' } });
    expect(result.result).toBe('applied');
    // The teammate check (GET users) and the create; no second `GET /v3/schedules`.
    expect(sandbox.seen.slice(before)).toEqual([`GET /schedules/${V2}/users`, `POST /schedules/${V2}/overrides`]);
    expect(result.requests).toBe(2);
  });

  it('a range typed in local time is converted in the app zone and checked against the turn', async () => {
    const swaps = service({ timeZone: 'America/New_York' });
    const inside = { ...tuesday, span: { kind: 'local' as const, from: '2026-12-01T10:00', to: '2026-12-01T16:30' } };
    expect(await swaps.run(inside)).toMatchObject({ result: 'applied' });
    expect(stored()).toMatchObject([
      { startMs: Date.parse('2026-12-01T15:00:00Z'), endMs: Date.parse('2026-12-01T21:30:00Z') },
    ]);
    // Before the turn (which starts 04:00 in New York) and a time that does not exist: refused, nothing sent.
    const early = { ...tuesday, span: { kind: 'local' as const, from: '2026-11-30T03:00', to: '2026-11-30T05:00' } };
    expect(await swaps.run(early)).toMatchObject({
      result: 'refused',
      message: expect.stringMatching(/outside your turn/),
    });
    const bogus = { ...tuesday, span: { kind: 'local' as const, from: '2026-02-30T10:00', to: '2026-12-01T11:00' } };
    expect(await swaps.run(bogus)).toMatchObject({
      result: 'refused',
      message: expect.stringMatching(/not times on your clock/),
    });
    expect(stored()).toHaveLength(1);
  });

  it('refuses someone who is not on the schedule, and me, before anything is written', async () => {
    const swaps = service();
    expect(await swaps.run({ ...tuesday, teammateId: 'PNOBODY' })).toMatchObject({ result: 'refused' });
    expect(await swaps.run({ ...tuesday, teammateId: ME })).toMatchObject({ result: 'refused' });
    expect(writes()).toEqual([]);
    expect(log().map((entry) => entry.result)).toEqual(['refused', 'refused']);
  });
});

describe('safe against itself', () => {
  it('a double click creates one override', async () => {
    const swaps = service();
    const [first, second] = await Promise.all([swaps.run(tuesday), swaps.run(tuesday)]);
    expect(first).toEqual(second);
    expect(first.result).toBe('applied');
    expect(writes()).toEqual([`POST /schedules/${V2}/overrides`]);
    expect(stored()).toHaveLength(1);
  });

  it('the same swap spelled four ways at once (no schedule, its id, the day as a UTC or a local range) creates one override', async () => {
    const swaps = service();
    const asks = [
      swaps.run(tuesday),
      swaps.run({ ...tuesday, scheduleId: undefined }),
      swaps.run({
        ...tuesday,
        span: { kind: 'range', startMs: Date.parse('2026-12-01T09:00:00Z'), endMs: Date.parse('2026-12-02T09:00:00Z') },
      }),
      swaps.run({ ...tuesday, span: { kind: 'local', from: '2026-12-01T09:00', to: '2026-12-02T09:00' } }),
    ];
    const results = await Promise.all(asks);
    expect(results.map((result) => result.result)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(new Set(results.map((result) => result.overrideIds[0])).size).toBe(1);
    expect(writes()).toEqual([`POST /schedules/${V2}/overrides`]);
    expect(stored()).toHaveLength(1);
    // One create, so one entry in the action log.
    expect(log().map((entry) => entry.result)).toEqual(['applied']);
  });

  it('two swaps ending together but starting apart, asked at once, are two creates: the later start does not cover the earlier', async () => {
    const end = Date.parse('2026-12-02T09:00:00Z');
    const from = (hour: string) => ({
      ...tuesday,
      span: { kind: 'range' as const, startMs: Date.parse(`2026-12-01T${hour}:00:00Z`), endMs: end },
    });
    const swaps = service();
    const [afternoon, morning] = await Promise.all([swaps.run(from('14')), swaps.run(from('10'))]);
    expect([afternoon.result, morning.result]).toEqual(['applied', 'applied']);
    expect(afternoon.overrideIds[0]).not.toBe(morning.overrideIds[0]);
    expect(writes()).toEqual([`POST /schedules/${V2}/overrides`, `POST /schedules/${V2}/overrides`]);
    expect(
      stored()
        .map((override) => override.startMs)
        .sort(),
    ).toEqual([Date.parse('2026-12-01T10:00:00Z'), Date.parse('2026-12-01T14:00:00Z')]);
    // The other way round the earlier start covers the later one: still one create.
    const again = service();
    const [wide, narrow] = await Promise.all([again.run(from('11')), again.run(from('15'))]);
    expect(narrow).toEqual(wide);
    expect(writes()).toHaveLength(3);
  });

  it('a connection dropped after the write: unknown, and the retry re-reads and finds it (applied once)', async () => {
    // Over the full sandbox (what the demo runs), with the drop injected as a fault like any other.
    const full = await startSandbox({ scenario: overridesWorld(ANCHOR), clock: clock.now });
    try {
      const swaps = service({ baseUrl: full.pagerdutyBaseUrl });
      const fullWrites = () =>
        full.requests.filter((record) => record.method !== 'GET').map((record) => `${record.method} ${record.path}`);
      const fullStored = async () => {
        const since = new Date(ANCHOR).toISOString();
        const until = new Date(ANCHOR + 7 * DAY).toISOString();
        const response = await fetch(
          `${full.pagerdutyBaseUrl}/schedules/${V2}/overrides?since=${since}&until=${until}`,
          {
            headers: { authorization: `Token token=${USER_KEY}`, accept: 'application/vnd.pagerduty+json;version=2' },
          },
        );
        return ((await response.json()) as { overrides: { id: string }[] }).overrides;
      };
      full.inject({
        service: 'pagerduty',
        kind: 'drop_after_applying',
        pathPrefix: `/schedules/${V2}/overrides`,
        times: 1,
      });
      const lost = await swaps.run(tuesday);
      expect(lost).toMatchObject({ result: 'unknown', message: expect.stringMatching(/Trying again is safe/) });
      expect(await fullStored()).toHaveLength(1);
      const retry = await swaps.run(tuesday);
      expect(retry).toMatchObject({ result: 'already_applied', overrideIds: [(await fullStored())[0]!.id] });
      expect(fullWrites()).toEqual([`POST /schedules/${V2}/overrides`]);
      expect(
        full.requests.some((record) => record.method === 'GET' && record.path === `/schedules/${V2}/overrides`),
      ).toBe(true);
      expect(await fullStored()).toHaveLength(1);
      expect(log().map((entry) => entry.result)).toEqual(['unknown', 'already_applied']);
      // Made here, so listed as mine and removable.
      const listing = await service({ baseUrl: full.pagerdutyBaseUrl }).list(V2);
      expect('error' in listing ? listing.error : listing.overrides.map((item) => [item.id, item.removable])).toEqual([
        [(await fullStored())[0]!.id, true],
      ]);
    } finally {
      await full.close();
    }
  });

  it('after a crash mid-write, a new run (same store) re-reads before sending again', async () => {
    sandbox.dropNextWriteAfterApplying();
    expect((await service().run(tuesday)).result).toBe('unknown');
    const restarted = service();
    expect(await restarted.run(tuesday)).toMatchObject({ result: 'already_applied' });
    expect(stored()).toHaveLength(1);
  });

  it('a write that never arrived: the retry re-reads, finds nothing, and creates it', async () => {
    const swaps = service();
    sandbox.dropNextWriteBeforeApplying();
    expect((await swaps.run(tuesday)).result).toBe('unknown');
    expect(stored()).toEqual([]);
    expect(await swaps.run(tuesday)).toMatchObject({ result: 'applied' });
    expect(stored()).toHaveLength(1);
  });
});

/**
 * A real HTTP proxy in front of the sandbox that passes every request through (so a write IS applied) and, for
 * a POST answered 2xx, replaces the answer with `mangle(body)`: a write that went through, its answer unreadable.
 */
async function manglingProxy(target: string, mangle: (body: string) => string) {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${new URL(target).origin}${request.url ?? '/'}`, {
      method: request.method,
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
        ),
      ),
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await upstream.text();
    const mangled = request.method === 'POST' && upstream.ok;
    response.writeHead(upstream.status, { 'content-type': 'application/json' });
    response.end(mangled ? mangle(text) : text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}${new URL(target).pathname}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a create that PagerDuty made differently from the ask', () => {
  it('is reported as made (applied, in its own words), remembered as made here and removable, never as refused', async () => {
    // PagerDuty's answer echoes an override ending an hour later than asked: it exists, with that id.
    const proxy = await manglingProxy(sandbox.baseUrl, (text) => {
      const items = JSON.parse(text) as { override: { end: string } }[];
      for (const item of items) item.override.end = new Date(Date.parse(item.override.end) + 3_600_000).toISOString();
      return JSON.stringify(items);
    });
    try {
      const swaps = service({ baseUrl: proxy.baseUrl });
      const made = await swaps.run(tuesday);
      expect(made).toMatchObject({
        result: 'applied',
        overrideIds: [stored()[0]!.id],
        message: expect.stringMatching(
          /^PagerDuty made it as: Robin Rotation covers Product Analytics .+not what was asked/,
        ),
      });
      expect(store.get('swapIntents')).toEqual([]);
      expect(log()).toMatchObject([{ result: 'applied', overrideIds: made.overrideIds }]);
      // A new run (same store) may remove it: the id was kept as made here.
      const listing = await service().list(V2);
      if ('error' in listing) throw new Error(listing.error);
      expect(listing.overrides.map((item) => [item.id, item.removable])).toEqual([[made.overrideIds[0], true]]);
    } finally {
      await proxy.close();
    }
  });
});

describe('a create that went through with an unreadable answer', () => {
  const answers: [string, (body: string) => string][] = [
    ['a body that is not JSON', () => '<html>Bad Gateway</html>'],
    ['a body over the size cap', () => `[${' '.repeat(2 * 1024 * 1024)}]`],
    ['a created list that cannot be read', () => '{"overrides": "made"}'],
    ['an item that cannot be read', () => '[{"status": 201, "override": {"id": "??"}}]'],
    ['no item for the override asked', () => '[]'],
  ];
  it.each(answers)('%s: unknown, the intent is kept, and the retry finds it (one override)', async (_name, mangle) => {
    const proxy = await manglingProxy(sandbox.baseUrl, mangle);
    try {
      const swaps = service({ baseUrl: proxy.baseUrl });
      const first = await swaps.run(tuesday);
      expect(first).toMatchObject({ result: 'unknown', message: expect.stringMatching(/Trying again is safe/) });
      expect(stored()).toHaveLength(1);
      expect(store.get('swapIntents')).toHaveLength(1);
      // A new run over the same store (a restart) looks first and reports the one already made.
      const retry = await service({ baseUrl: proxy.baseUrl }).run(tuesday);
      expect(retry).toMatchObject({ result: 'already_applied', overrideIds: [stored()[0]!.id] });
      expect(writes()).toEqual([`POST /schedules/${V2}/overrides`]);
      expect(stored()).toHaveLength(1);
      expect(log().map((entry) => entry.result)).toEqual(['unknown', 'already_applied']);
    } finally {
      await proxy.close();
    }
  });
});

describe('my overrides', () => {
  it('lists the upcoming ones made here as removable, removes one (one DELETE), and logs it', async () => {
    const swaps = service();
    const made = await swaps.run(tuesday);
    const listing = await swaps.list(V2);
    if ('error' in listing) throw new Error(listing.error);
    expect(listing.overrides).toMatchObject([
      {
        id: made.overrideIds[0],
        who: 'Robin Rotation',
        removable: true,
        inProgress: false,
        sentence: expect.stringMatching(/^Remove the override: Robin Rotation covers Product Analytics from /),
        coverage: expect.stringMatching(/^Robin Rotation covers Product Analytics from .+ to [^;]+$/),
      },
    ]);
    const before = sandbox.seen.length;
    const removed = await swaps.remove(made.overrideIds[0]!, V2);
    expect(removed).toMatchObject({ result: 'applied', requests: 1 });
    expect(sandbox.seen.slice(before)).toEqual([`DELETE /schedules/${V2}/overrides/${made.overrideIds[0]}`]);
    expect(stored()).toEqual([]);
    expect(log().at(-1)).toMatchObject({
      action: 'remove_override',
      ticketId: null,
      scheduleId: V2,
      overrideIds: made.overrideIds,
      result: 'applied',
      summary: 'remove: Robin Rotation covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00',
    });
  });

  it('a removal retried after a dropped answer is already done; a double click sends one DELETE', async () => {
    const swaps = service();
    const made = await swaps.run(tuesday);
    await swaps.list(V2);
    sandbox.dropNextWriteAfterApplying();
    expect((await swaps.remove(made.overrideIds[0]!, V2)).result).toBe('unknown');
    expect(await swaps.remove(made.overrideIds[0]!, V2)).toMatchObject({ result: 'already_applied' });
    const again = await swaps.run({ ...tuesday, span: { kind: 'day', date: '2026-12-02' } });
    await swaps.list(V2);
    const before = writes().length;
    const [a, b] = await Promise.all([
      swaps.remove(again.overrideIds[0]!, V2),
      swaps.remove(again.overrideIds[0]!, V2),
    ]);
    expect(a).toEqual(b);
    expect(writes().length - before).toBe(1);
  });

  it('never deletes an override it did not list as mine', async () => {
    const elsewhere = await fetch(`${sandbox.baseUrl}/schedules/${V2}/overrides`, {
      method: 'POST',
      headers: { authorization: `Token token=${USER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        overrides: [
          { start: '2026-12-08T09:00:00Z', end: '2026-12-09T09:00:00Z', user: { id: ROBIN, type: 'user_reference' } },
        ],
      }),
    });
    const [{ override }] = (await elsewhere.json()) as [{ override: { id: string } }];
    const swaps = service();
    expect(await swaps.remove(override.id, V2)).toMatchObject({ result: 'refused' });
    expect(writes()).toEqual([`POST /schedules/${V2}/overrides`]);
    expect(stored()).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('a read-only key: 403 names the permission; nothing is created; the log says forbidden', async () => {
    const result = await service({ token: ACCOUNT_KEY }).run(tuesday);
    expect(result).toMatchObject({
      result: 'forbidden',
      permission: 'a PagerDuty user token with rights to edit this schedule',
    });
    expect(stored()).toEqual([]);
    expect(log().at(-1)).toMatchObject({ action: 'swap', result: 'forbidden' });
    expect(JSON.stringify(store.data.get('actionLog'))).not.toContain(ACCOUNT_KEY);
  });

  it('a 429 says when to try again; nothing is created, and the retry creates it once', async () => {
    const swaps = service();
    sandbox.rateLimitNextRequest('20');
    // The teammate lookup is the first request taken: its 429 is reported as such, not as a refusal.
    expect(await swaps.run(tuesday)).toMatchObject({ result: 'rate_limited', message: expect.stringMatching(/20 s/) });
    sandbox.rateLimitNextWrite('45');
    expect(await swaps.run(tuesday)).toMatchObject({ result: 'rate_limited', message: expect.stringMatching(/45 s/) });
    expect(stored()).toEqual([]);
    expect((await swaps.run(tuesday)).result).toBe('applied');
    expect(stored()).toHaveLength(1);
    expect(log().map((entry) => entry.result)).toEqual(['rate_limited', 'rate_limited', 'applied']);
  });

  it('a v3 schedule gets the shift override of the person replaced', async () => {
    const result = await service().run({ ...tuesday, scheduleId: V3 });
    expect(result.result).toBe('applied');
    expect(sandbox.handler.overrides()[V3]).toMatchObject([{ kind: 'v3', userId: ROBIN, replacedUserId: ME }]);
  });
});
