import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ME, DEMO_SCHEDULES, type Sandbox, startSandbox } from '../../../src/main/sources/sandbox';
import { fixedClock } from '../../support/factories';
import { getJson, PAGERDUTY_ACCEPT, PAGERDUTY_ACCOUNT_AUTH, PAGERDUTY_AUTH, T0 } from './support';

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  sandbox = await startSandbox({ clock: fixedClock(T0).now, ...options });
  return sandbox;
}

const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function pd(sb: Sandbox, path: string, auth = PAGERDUTY_AUTH) {
  return getJson(`${sb.pagerdutyBaseUrl}${path}`, auth, PAGERDUTY_ACCEPT);
}

describe('PagerDuty auth', () => {
  it('accepts Token and Bearer forms and refuses anything else with a PagerDuty error body', async () => {
    const sb = await start();
    expect((await pd(sb, '/users/me')).status).toBe(200);
    expect((await pd(sb, '/users/me', 'Bearer demo-pagerduty-token')).status).toBe(200);
    for (const auth of ['', 'Token token=wrong', 'demo-pagerduty-token', 'Basic ZGVtbw==']) {
      const result = await pd(sb, '/users/me', auth);
      expect(result.status).toBe(401);
      expect(result.body.error.code).toBe(2006);
      expect(typeof result.body.error.message).toBe('string');
    }
  });

  it('answers /users/me for a user token and refuses it for an account key', async () => {
    const sb = await start();
    const me = await pd(sb, '/users/me');
    expect(me.body.user).toMatchObject({ id: DEMO_ME.id, type: 'user', email: DEMO_ME.email });
    const account = await pd(sb, '/users/me', PAGERDUTY_ACCOUNT_AUTH);
    expect(account.status).toBe(400);
    expect(account.body.error.code).toBe(2001);
    // The account key still reads everything else, which is how a client finds the user by email.
    const byEmail = await pd(sb, `/users?query=${encodeURIComponent(DEMO_ME.email)}`, PAGERDUTY_ACCOUNT_AUTH);
    expect(byEmail.body.users.map((user: { id: string }) => user.id)).toEqual([DEMO_ME.id]);
  });

  it('answers unknown routes with a PagerDuty 404', async () => {
    const sb = await start();
    const result = await pd(sb, '/incidents');
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe(2100);
  });
});

describe('PagerDuty schedules', () => {
  it('lists v2 schedules with offset paging and query, leaving flexible ones out', async () => {
    const sb = await start();
    const all = await pd(sb, '/schedules');
    expect(all.body.schedules.map((schedule: { id: string }) => schedule.id).sort()).toEqual(
      [DEMO_SCHEDULES.infrastructure, DEMO_SCHEDULES.productAnalytics].sort(),
    );
    expect(all.body).toMatchObject({ limit: 25, offset: 0, more: false, total: null });
    const first = await pd(sb, '/schedules?limit=1&total=true');
    expect(first.body).toMatchObject({ limit: 1, more: true, total: 2 });
    const second = await pd(sb, '/schedules?limit=1&offset=1');
    expect(second.body.more).toBe(false);
    expect(second.body.schedules[0].id).not.toBe(first.body.schedules[0].id);
    const found = await pd(sb, '/schedules?query=product');
    expect(found.body.schedules.map((schedule: { name: string }) => schedule.name)).toEqual([
      'Product Analytics Support',
    ]);
  });

  it("renders a schedule's final entries for since/until, clipped, in the requested zone", async () => {
    const sb = await start();
    const since = iso(T0);
    const until = iso(T0 + 2 * DAY);
    const result = await pd(
      sb,
      `/schedules/${DEMO_SCHEDULES.productAnalytics}?since=${since}&until=${until}&time_zone=UTC`,
    );
    const entries = result.body.schedule.final_schedule.rendered_schedule_entries;
    expect(entries).toEqual([
      expect.objectContaining({ start: '2026-11-30T09:00:30Z', end: '2026-11-30T09:20:30Z' }),
      expect.objectContaining({ start: '2026-11-30T09:20:30Z', end: '2026-12-02T09:00:30Z' }),
    ]);
    expect(entries[1].user.id).toBe(DEMO_ME.id);
    expect((await pd(sb, `/schedules/${DEMO_SCHEDULES.webAnalytics}`)).status).toBe(404);
  });

  it('serves flexible schedules under /v3 with computed shift assignments', async () => {
    const sb = await start();
    const list = await pd(sb, '/v3/schedules');
    expect(list.body.schedules).toEqual([
      expect.objectContaining({ id: DEMO_SCHEDULES.webAnalytics, type: 'schedule_v3_reference' }),
    ]);
    const detail = await pd(
      sb,
      `/v3/schedules/${DEMO_SCHEDULES.webAnalytics}?include[]=final_schedule&since=${iso(T0)}&until=${iso(T0 + DAY)}`,
    );
    expect(detail.body.schedule.type).toBe('schedule_v3');
    expect(detail.body.schedule.final_schedule.computed_shift_assignments).toHaveLength(1);
  });
});

describe('PagerDuty on-calls', () => {
  it('shows someone else on call now and my turn starting in 20 minutes for a week', async () => {
    const sb = await start();
    const now = await pd(sb, `/oncalls?schedule_ids[]=${DEMO_SCHEDULES.productAnalytics}`);
    expect(now.body.oncalls.map((entry: { user: { id: string } }) => entry.user.id)).not.toContain(DEMO_ME.id);
    expect(now.body.oncalls.length).toBeGreaterThan(0);
    const mine = await pd(
      sb,
      `/oncalls?user_ids[]=${DEMO_ME.id}&schedule_ids[]=${DEMO_SCHEDULES.productAnalytics}&since=${iso(T0)}&until=${iso(T0 + 10 * DAY)}`,
    );
    // The schedule backs two escalation policies, so the one turn comes back once per policy and level.
    expect(
      mine.body.oncalls.map((entry: { escalation_policy: { id: string } }) => entry.escalation_policy.id).sort(),
    ).toEqual(['PEPINF1', 'PEPPA01']);
    const entry = mine.body.oncalls.find((candidate: { escalation_level: number }) => candidate.escalation_level === 1);
    expect(mine.body.oncalls[1].start).toBe(entry.start);
    expect(Date.parse(entry.start) - T0).toBe(20 * MINUTE);
    expect(Date.parse(entry.end) - Date.parse(entry.start)).toBe(7 * DAY);
    expect(entry.schedule).toMatchObject({ id: DEMO_SCHEDULES.productAnalytics, type: 'schedule_reference' });
    expect(entry.escalation_policy.type).toBe('escalation_policy_reference');
    expect(entry.escalation_level).toBe(1);
  });

  it('moves with the injected clock', async () => {
    const clock = fixedClock(T0);
    const sb = await start({ clock: clock.now });
    clock.advance(21 * 60_000);
    const now = await pd(
      sb,
      `/oncalls?schedule_ids[]=${DEMO_SCHEDULES.productAnalytics}&escalation_policy_ids[]=PEPPA01`,
    );
    expect(now.body.oncalls.map((entry: { user: { id: string } }) => entry.user.id)).toEqual([DEMO_ME.id]);
  });

  it('clips entries to an explicit since/until and renders them in time_zone', async () => {
    const sb = await start();
    const since = T0 + DAY;
    const until = T0 + 2 * DAY;
    const result = await pd(
      sb,
      `/oncalls?user_ids[]=${DEMO_ME.id}&schedule_ids[]=${DEMO_SCHEDULES.productAnalytics}&since=${iso(since)}&until=${iso(until)}&time_zone=America/New_York`,
    );
    const [entry] = result.body.oncalls;
    expect(entry.start).toBe('2026-12-01T04:00:30-05:00');
    expect(Date.parse(entry.start)).toBe(since);
    expect(Date.parse(entry.end)).toBe(until);
  });

  it('returns the earliest entry per policy, level and user when asked', async () => {
    const sb = await start();
    const range = `since=${iso(T0)}&until=${iso(T0 + 89 * DAY)}`;
    const all = await pd(sb, `/oncalls?user_ids[]=${DEMO_ME.id}&escalation_policy_ids[]=PEPPA01&${range}`);
    const earliest = await pd(
      sb,
      `/oncalls?user_ids[]=${DEMO_ME.id}&escalation_policy_ids[]=PEPPA01&${range}&earliest=true`,
    );
    expect(all.body.oncalls).toHaveLength(2);
    expect(earliest.body.oncalls).toHaveLength(1);
    expect(earliest.body.oncalls[0].start).toBe(all.body.oncalls[0].start);
  });

  it('refuses ranges over 90 days, backwards ranges and unreadable times', async () => {
    const sb = await start();
    expect((await pd(sb, `/oncalls?since=${iso(T0)}&until=${iso(T0 + 91 * DAY)}`)).status).toBe(400);
    expect((await pd(sb, `/oncalls?since=${iso(T0)}&until=${iso(T0 - DAY)}`)).status).toBe(400);
    const unreadable = await pd(sb, '/oncalls?since=yesterday');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error.code).toBe(2004);
    expect((await pd(sb, `/oncalls?since=${iso(T0)}&until=${iso(T0 + 90 * DAY)}`)).status).toBe(200);
  });

  it('pages with limit (capped at 100) and offset', async () => {
    const sb = await start();
    const range = `since=${iso(T0 - 30 * DAY)}&until=${iso(T0 + 60 * DAY)}`;
    const everything = await pd(sb, `/oncalls?${range}&limit=500`);
    expect(everything.body.limit).toBe(100);
    const total = everything.body.oncalls.length;
    const collected: unknown[] = [];
    for (let offset = 0; ; offset += 2) {
      const page = await pd(sb, `/oncalls?${range}&limit=2&offset=${offset}`);
      collected.push(...page.body.oncalls);
      if (!page.body.more) break;
    }
    expect(collected).toEqual(everything.body.oncalls);
    expect(total).toBeGreaterThan(4);
  });

  it('references flexible schedules as schedule_v3_reference and expands includes', async () => {
    const sb = await start();
    const result = await pd(sb, `/oncalls?schedule_ids[]=${DEMO_SCHEDULES.webAnalytics}&include[]=users`);
    expect(result.body.oncalls[0].schedule).toMatchObject({
      type: 'schedule_v3_reference',
      id: DEMO_SCHEDULES.webAnalytics,
    });
    expect(result.body.oncalls[0].schedule.self).toContain('/v3/schedules/');
    expect(result.body.oncalls[0].user).toMatchObject({ type: 'user', email: 'noor@posthog.com' });
  });

  it('keeps permanent on-calls open-ended (null start and end)', async () => {
    const sb = await start();
    const world = sb.scenario();
    world.pagerduty.schedules[0]?.shifts.push({ userId: 'PKAI001', startInMinutes: null, endInMinutes: null });
    sb.setScenario(world);
    const result = await pd(
      sb,
      `/oncalls?user_ids[]=PKAI001&schedule_ids[]=${DEMO_SCHEDULES.productAnalytics}&escalation_policy_ids[]=PEPPA01`,
    );
    expect(result.body.oncalls).toEqual([expect.objectContaining({ start: null, end: null })]);
  });
});

describe('PagerDuty rate limit', () => {
  it('answers 429 with code 2020 past the per-minute budget', async () => {
    const sb = await start({ rateLimits: { pagerdutyPerMinute: 3 } });
    for (let index = 0; index < 3; index++) expect((await pd(sb, '/users/me')).status).toBe(200);
    const refused = await pd(sb, '/users/me');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
  });
});
