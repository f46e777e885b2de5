import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPagerDutySource, type PagerDutySourceConfig } from '../../../src/main/sources/pagerduty';
import {
  DEMO_ME,
  DEMO_SCHEDULES,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import type { SourceFailure } from '../../../src/shared/domain';
import { failureOf as failureOfRead } from './failure';

const userToken = SANDBOX_CREDENTIALS.pagerduty.token;
const accountKey = SANDBOX_CREDENTIALS.pagerdutyAccountKey.token;

let sandbox: Sandbox;
let anchor: number;

function source(overrides: Partial<PagerDutySourceConfig> = {}) {
  return createPagerDutySource({
    token: userToken,
    region: 'us',
    scheduleIds: Object.values(DEMO_SCHEDULES),
    userEmail: null,
    horizonDays: 30,
    baseUrl: sandbox.pagerdutyBaseUrl,
    timeoutMs: 5_000,
    ...overrides,
  });
}

function failureOf(promise: Promise<unknown>, secret: string = userToken): Promise<SourceFailure> {
  return failureOfRead(promise, [secret]);
}

beforeAll(async () => {
  anchor = Date.parse('2026-11-30T09:00:00Z');
  sandbox = await startSandbox({ scenario: 'demo', clock: () => anchor });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.clearFaults();
  sandbox.setScenario(demoScenario());
  sandbox.resetCounts();
});

describe('pagerduty source over HTTP: who am I', () => {
  it('reads the user from /users/me with a user token, once per session', async () => {
    const pagerduty = source();
    expect(await pagerduty.whoAmI()).toEqual({ id: DEMO_ME.id, name: DEMO_ME.name, email: DEMO_ME.email });
    await pagerduty.whoAmI();
    expect(sandbox.count({ service: 'pagerduty', pathPrefix: '/users/me' })).toBe(1);
  });

  it('falls back to looking the user up by email with an account-level key', async () => {
    const pagerduty = source({ token: accountKey, userEmail: DEMO_ME.email.toUpperCase() });
    expect((await pagerduty.whoAmI()).id).toBe(DEMO_ME.id);
  });

  it('an account-level key without an email is a clear configuration error', async () => {
    const failure = await failureOf(source({ token: accountKey }).whoAmI(), accountKey);
    expect(failure.kind).toBe('not_configured');
    expect(failure.detail).toMatch(/email/i);
  });

  it('an email nobody has is a clear configuration error', async () => {
    const failure = await failureOf(
      source({ token: accountKey, userEmail: 'ghost@nowhere.test' }).whoAmI(),
      accountKey,
    );
    expect(failure.kind).toBe('not_configured');
  });

  it('a wrong token is auth_rejected, without the token in the error', async () => {
    const failure = await failureOf(source({ token: 'not-a-real-token-1234' }).whoAmI(), 'not-a-real-token-1234');
    expect(failure).toMatchObject({ kind: 'auth_rejected', status: 401 });
  });
});

describe('pagerduty source over HTTP: turns', () => {
  it('reads every selected schedule in one /oncalls request, mine and who is on call now', async () => {
    const pagerduty = source();
    await pagerduty.whoAmI();
    sandbox.resetCounts();
    const result = await pagerduty.fetchTurns(anchor);
    expect(sandbox.count({ service: 'pagerduty', pathPrefix: '/oncalls' })).toBe(1);
    expect(result.requests).toBe(sandbox.count({ service: 'pagerduty' }));
    expect(result.me.id).toBe(DEMO_ME.id);

    expect(result.myEntries.length).toBeGreaterThanOrEqual(2);
    expect(result.myEntries.every((entry) => entry.userId === DEMO_ME.id)).toBe(true);
    const firstTurn = result.myEntries[0]!;
    expect(firstTurn.scheduleId).toBe(DEMO_SCHEDULES.productAnalytics);
    expect(firstTurn.start).toBe(new Date(anchor + 20 * 60_000).toISOString());
    expect(firstTurn.escalationLevel).toBe(1);

    // The demo user starts in 20 minutes, so now it is others on each schedule, including the flexible one.
    expect(result.onCallNow.some((entry) => entry.userId === DEMO_ME.id)).toBe(false);
    expect(new Set(result.onCallNow.map((entry) => entry.scheduleId))).toEqual(new Set(Object.values(DEMO_SCHEDULES)));

    const names = new Map(result.schedules.map((schedule) => [schedule.id, schedule.name]));
    expect(names.get(DEMO_SCHEDULES.productAnalytics)).toBe('Product Analytics Support');
    expect(names.get(DEMO_SCHEDULES.webAnalytics)).toBe('Web Analytics Support (flexible)');
  });

  it('reads who comes after me on each selected schedule, in the same request, never me', async () => {
    const result = await source().fetchTurns(anchor);
    expect(result.upcomingOthers.every((entry) => entry.userId !== DEMO_ME.id)).toBe(true);
    expect(result.upcomingOthers.every((entry) => entry.start !== null && Date.parse(entry.start) > anchor)).toBe(true);
    const myWeekEnd = new Date(anchor + 20 * 60_000 + 7 * 24 * 60 * 60_000).toISOString();
    const successor = result.upcomingOthers.find(
      (entry) => entry.scheduleId === DEMO_SCHEDULES.productAnalytics && entry.start === myWeekEnd,
    );
    expect(successor).toMatchObject({ userName: 'Lena Latency', escalationLevel: 1 });
  });

  it('with no schedule selected, reads all of my on-calls by user id', async () => {
    const result = await source({ scheduleIds: [] }).fetchTurns(anchor);
    expect(result.myEntries.length).toBeGreaterThanOrEqual(2);
    expect(result.myEntries.every((entry) => entry.userId === DEMO_ME.id)).toBe(true);
    expect(result.schedules.map((schedule) => schedule.id)).toContain(DEMO_SCHEDULES.infrastructure);
    // Only my entries were asked for, so nobody else's are known.
    expect(result.upcomingOthers).toEqual([]);
  });

  it('pages through /oncalls when the window holds more than one page', async () => {
    const scenario = demoScenario();
    const shifts = Array.from({ length: 150 }, (_, index) => ({
      userId: index % 3 === 0 ? DEMO_ME.id : 'PROBIN7',
      startInMinutes: index * 120,
      endInMinutes: (index + 1) * 120,
    }));
    scenario.pagerduty.schedules.push({ id: 'PBUSY01', name: 'Busy', timeZone: 'UTC', kind: 'schedule', shifts });
    scenario.pagerduty.escalationPolicies.push({
      id: 'PEPBUSY',
      name: 'Busy',
      rules: [{ level: 1, scheduleIds: ['PBUSY01'] }],
    });
    sandbox.setScenario(scenario);
    const pagerduty = source({ scheduleIds: ['PBUSY01'] });
    await pagerduty.whoAmI();
    sandbox.resetCounts();
    const result = await pagerduty.fetchTurns(anchor);
    expect(sandbox.count({ service: 'pagerduty', pathPrefix: '/oncalls' })).toBe(2);
    expect(result.myEntries).toHaveLength(50);
    expect(result.onCallNow).toHaveLength(1);
  });

  it('looks up a selected schedule with no entries once per session', async () => {
    const pagerduty = source({ scheduleIds: [DEMO_SCHEDULES.productAnalytics, 'PNOBODY'] });
    const first = await pagerduty.fetchTurns(anchor);
    await pagerduty.fetchTurns(anchor);
    expect(sandbox.count({ service: 'pagerduty', pathPrefix: '/schedules/PNOBODY' })).toBe(1);
    expect(first.schedules.map((schedule) => schedule.id)).toEqual([DEMO_SCHEDULES.productAnalytics, 'PNOBODY']);
  });
});

describe('pagerduty source over HTTP: faults', () => {
  const cases: [string, SourceFailure['kind']][] = [
    ['unauthorized', 'auth_rejected'],
    ['forbidden', 'auth_rejected'],
    ['server_error', 'server_error'],
    ['malformed_json', 'bad_response'],
    ['truncated', 'bad_response'],
    ['wrong_shape', 'bad_response'],
    ['reset', 'offline'],
  ];
  for (const [kind, expected] of cases) {
    it(`${kind} -> ${expected}`, async () => {
      const pagerduty = source();
      await pagerduty.whoAmI();
      sandbox.inject({ service: 'pagerduty', kind: kind as never });
      expect((await failureOf(pagerduty.fetchTurns(anchor))).kind).toBe(expected);
    });
  }

  it('a 429 without headers retries after the default 60 s, and is sent once (no hidden retries)', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const pagerduty = source({ now: () => now });
    await pagerduty.whoAmI();
    sandbox.resetCounts();
    sandbox.inject({ service: 'pagerduty', kind: 'rate_limited', times: 1 });
    const failure = await failureOf(pagerduty.fetchTurns(anchor));
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAt: '2026-11-30T12:01:00.000Z' });
    expect(sandbox.count({ service: 'pagerduty' })).toBe(1);
  });

  it('hang -> timeout', async () => {
    const pagerduty = source({ timeoutMs: 200 });
    sandbox.inject({ service: 'pagerduty', kind: 'hang' });
    expect((await failureOf(pagerduty.whoAmI())).kind).toBe('timeout');
  });

  it('a missing key or a broken address is not_configured', async () => {
    expect(await failureOf(source({ token: '' }).whoAmI())).toMatchObject({ kind: 'not_configured' });
    expect(await failureOf(source({ baseUrl: 'not a url' }).whoAmI())).toMatchObject({ kind: 'not_configured' });
  });

  it('EU region without an override goes to the EU API host', () => {
    expect(createPagerDutySource({ ...baseConfig(), region: 'eu', baseUrl: null }).baseUrl).toBe(
      'https://api.eu.pagerduty.com',
    );
    expect(createPagerDutySource({ ...baseConfig(), region: 'us', baseUrl: null }).baseUrl).toBe(
      'https://api.pagerduty.com',
    );
  });
});

function baseConfig(): PagerDutySourceConfig {
  return {
    token: userToken,
    region: 'us',
    scheduleIds: [],
    userEmail: null,
    horizonDays: 7,
    baseUrl: null,
    timeoutMs: 1_000,
  };
}
