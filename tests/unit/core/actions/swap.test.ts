import { describe, expect, it } from 'vitest';
import {
  localRangeSpan,
  localTime,
  localTimeToMs,
  overrideCoverage,
  pickerStartMs,
  planSwap,
  removalSentence,
  type SwapRequest,
  sameOverride,
  swapKey,
  swapTurnOf,
  turnDays,
} from '../../../../src/main/core/actions/swap';

// Mon 30 Nov 2026 09:00 Europe/London (UTC+0) → Mon 7 Dec 09:00.
const LONDON = 'Europe/London';
const turnStart = Date.parse('2026-11-30T09:00:00Z');
const turnEnd = Date.parse('2026-12-07T09:00:00Z');
const turn = { scheduleId: 'PXUZ9XL', scheduleName: 'Product Analytics', startMs: turnStart, endMs: turnEnd };
const me = { id: 'PME0001', name: 'Me Myself' };
const robin = { id: 'PROBIN1', name: 'Robin Rotation' };

function request(overrides: Partial<SwapRequest> = {}): SwapRequest {
  return {
    turn,
    me,
    teammates: [me, robin],
    teammateId: robin.id,
    span: { kind: 'day', date: '2026-12-01' },
    timeZone: LONDON,
    nowMs: Date.parse('2026-11-29T12:00:00Z'),
    baseUrl: 'https://api.pagerduty.com',
    scheduleKind: 'v2',
    ...overrides,
  };
}

describe('the range picker default', () => {
  it('starts inside a turn whose handover has seconds: rounded up to the next minute, and a swap from it plans', () => {
    const odd = { ...turn, startMs: Date.parse('2026-11-30T09:00:32Z') };
    const early = Date.parse('2026-11-29T12:00:00Z');
    expect(localTime(pickerStartMs(odd, early), LONDON)).toBe('2026-11-30T09:01');
    const span = localRangeSpan(localTime(pickerStartMs(odd, early), LONDON), '2026-11-30T17:00', LONDON);
    expect(span).not.toBeNull();
    expect(planSwap(request({ turn: odd, span: span!, nowMs: early })).ok).toBe(true);
    // Under way: from now, rounded up (not back into the past minute); a whole minute stays as it is.
    expect(localTime(pickerStartMs(odd, Date.parse('2026-12-01T10:15:05Z')), LONDON)).toBe('2026-12-01T10:16');
    expect(pickerStartMs(turn, early)).toBe(turnStart);
    // Never past the turn's end.
    expect(pickerStartMs(turn, turnEnd - 1_000)).toBe(turnEnd);
  });
});

describe('turn days', () => {
  it('cuts a week turn into handover-to-handover days', () => {
    const days = turnDays(turn, LONDON);
    expect(days).toHaveLength(7);
    expect(days[1]).toMatchObject({
      date: '2026-12-01',
      startMs: Date.parse('2026-12-01T09:00:00Z'),
      endMs: Date.parse('2026-12-02T09:00:00Z'),
      label: 'Tue 09:00 to Wed 09:00',
    });
    expect(days.at(-1)?.endMs).toBe(turnEnd);
  });

  it('keeps the wall-clock handover across a DST change (a 25-hour day)', () => {
    // Europe/Berlin leaves summer time on Sun 25 Oct 2026 at 03:00 local.
    const berlinTurn = {
      ...turn,
      startMs: Date.parse('2026-10-23T07:00:00Z'), // Fri 09:00 CEST
      endMs: Date.parse('2026-10-30T08:00:00Z'), // Fri 09:00 CET
    };
    const days = turnDays(berlinTurn, 'Europe/Berlin');
    // Sat 09:00 CEST (07:00Z) to Sun 09:00 CET (08:00Z).
    const saturday = days.find((day) => day.date === '2026-10-24');
    expect(saturday?.startMs).toBe(Date.parse('2026-10-24T07:00:00Z'));
    expect(saturday?.endMs).toBe(Date.parse('2026-10-25T08:00:00Z'));
    expect((saturday!.endMs - saturday!.startMs) / 3_600_000).toBe(25);
    expect(saturday?.label).toBe('Sat 09:00 to Sun 09:00');
    expect(days.find((day) => day.date === '2026-10-25')?.startMs).toBe(Date.parse('2026-10-25T08:00:00Z'));
    expect(days.at(-1)?.endMs).toBe(berlinTurn.endMs);
  });

  it('names days by the user zone, not UTC', () => {
    // 09:00 UTC is 20:00 in Sydney (UTC+11): the first day is dated the 30th there too, the handover 20:00.
    const days = turnDays(turn, 'Australia/Sydney');
    expect(days[0]).toMatchObject({ date: '2026-11-30', startMs: turnStart });
    expect(days[0]?.label).toBe('Mon 20:00 to Tue 20:00');
  });
});

describe('planSwap', () => {
  it('plans a day inside the turn, with the confirmation sentence and the exact v2 request', () => {
    const plan = planSwap(request());
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.sentence).toBe(
      "Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00; the rotation's order does not change",
    );
    expect(plan.override).toEqual({
      startMs: Date.parse('2026-12-01T09:00:00Z'),
      endMs: Date.parse('2026-12-02T09:00:00Z'),
      userId: robin.id,
      replacedUserId: me.id,
      timeZone: LONDON,
    });
    expect(plan.requests).toEqual([
      {
        method: 'POST',
        url: 'https://api.pagerduty.com/schedules/PXUZ9XL/overrides',
        headers: {
          Accept: 'application/vnd.pagerduty+json;version=2',
          'Content-Type': 'application/json',
          Authorization: 'Token token=[redacted]',
        },
        body: {
          overrides: [
            {
              start: '2026-12-01T09:00:00Z',
              end: '2026-12-02T09:00:00Z',
              user: { id: 'PROBIN1', type: 'user_reference' },
              time_zone: LONDON,
            },
          ],
        },
      },
    ]);
  });

  it('sends offsets in the user zone', () => {
    const plan = planSwap(
      request({
        timeZone: 'America/Los_Angeles',
        span: { kind: 'range', startMs: Date.parse('2026-12-01T17:00:00Z'), endMs: Date.parse('2026-12-02T17:00:00Z') },
      }),
    );
    if (!plan.ok) throw new Error(plan.reason);
    const body = plan.requests[0]?.body as { overrides: { start: string; end: string }[] };
    expect(body.overrides[0]).toMatchObject({ start: '2026-12-01T09:00:00-08:00', end: '2026-12-02T09:00:00-08:00' });
    expect(plan.sentence).toContain('from Tue 09:00 to Wed 09:00');
  });

  it('accepts a range exactly the turn, refuses one reaching outside it', () => {
    expect(planSwap(request({ span: { kind: 'range', startMs: turnStart, endMs: turnEnd } })).ok).toBe(true);
    for (const span of [
      { kind: 'range' as const, startMs: turnStart - 60_000, endMs: turnStart + 3_600_000 },
      { kind: 'range' as const, startMs: turnEnd - 3_600_000, endMs: turnEnd + 60_000 },
      { kind: 'range' as const, startMs: turnEnd + 86_400_000, endMs: turnEnd + 2 * 86_400_000 },
    ]) {
      const plan = planSwap(request({ span }));
      expect(plan).toEqual({
        ok: false,
        reason: 'That range is outside your turn (Mon 09:00 to Mon 7 Dec 09:00); pick one inside it',
      });
    }
    expect(planSwap(request({ span: { kind: 'range', startMs: turnEnd, endMs: turnStart } }))).toEqual({
      ok: false,
      reason: 'The range must end after it starts',
    });
  });

  it('refuses a day outside the turn', () => {
    const plan = planSwap(request({ span: { kind: 'day', date: '2026-12-09' } }));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toMatch(/^That day is not in your turn/);
  });

  it('refuses someone not on the schedule, and the user themself', () => {
    expect(planSwap(request({ teammateId: 'PSTRANGER' }))).toMatchObject({ ok: false });
    expect(planSwap(request({ teammateId: me.id }))).toEqual({ ok: false, reason: 'Pick a teammate other than you' });
  });

  it('never hands over the past: a started day starts now, a finished one is refused', () => {
    const now = Date.parse('2026-12-01T13:00:30Z');
    const plan = planSwap(request({ nowMs: now }));
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.override.startMs).toBe(Date.parse('2026-12-01T13:01:00Z'));
    expect(planSwap(request({ nowMs: now, span: { kind: 'day', date: '2026-11-30' } }))).toEqual({
      ok: false,
      reason: 'That part of your turn is already over',
    });
    expect(planSwap(request({ nowMs: turnEnd }))).toMatchObject({ ok: false });
  });

  it('adds the v3 detection when the schedule version is unknown or v3', () => {
    const unknown = planSwap(request({ scheduleKind: undefined }));
    if (!unknown.ok) throw new Error(unknown.reason);
    expect(unknown.requests.map((item) => `${item.method} ${new URL(item.url).pathname}`)).toEqual([
      'GET /v3/schedules/PXUZ9XL',
      'POST /schedules/PXUZ9XL/overrides',
    ]);
    expect(unknown.requestNote).toMatch(/400 means a v2 schedule/);
    const v3 = planSwap(request({ scheduleKind: 'v3' }));
    if (!v3.ok) throw new Error(v3.reason);
    expect(v3.requests[1]?.url).toBe('https://api.pagerduty.com/v3/schedules/PXUZ9XL/overrides');
    expect(v3.requests[1]?.body).toMatchObject({
      overrides: [
        {
          type: 'override_shift',
          start_time: '2026-12-01T09:00:00Z',
          end_time: '2026-12-02T09:00:00Z',
          overridden_member: { type: 'user_member', user_id: me.id },
          overriding_member: { type: 'user_member', user_id: robin.id },
        },
      ],
    });
  });

  it('cleans hostile names in the sentence', () => {
    const plan = planSwap(
      request({
        teammates: [{ id: robin.id, name: 'Robin\u202e nitoR\u0007' }],
        turn: { ...turn, scheduleName: 'PA\n\rteam' },
      }),
    );
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.sentence).toMatch(/^Robin nitoR covers PA team from /);
  });
});

describe('swapTurnOf and removalSentence', () => {
  it('refuses an unbounded turn', () => {
    expect(
      swapTurnOf({ start: null, end: null, scheduleIds: ['P1'], scheduleNames: ['A'], scheduleUrl: null }),
    ).toBeNull();
    expect(
      swapTurnOf({
        start: '2026-11-30T09:00:00Z',
        end: '2026-12-07T09:00:00Z',
        scheduleIds: ['P1'],
        scheduleNames: ['A'],
        scheduleUrl: null,
      }),
    ).toEqual({ scheduleId: 'P1', scheduleName: 'A', startMs: turnStart, endMs: turnEnd });
  });

  it('says an in-progress override is ended now, not undone', () => {
    const override = {
      id: 'Q1',
      start: '2026-12-01T09:00:00Z',
      end: '2026-12-02T09:00:00Z',
      userId: robin.id,
      userName: null,
      replacedUserId: null,
    };
    const nowDuring = Date.parse('2026-12-01T12:00:00Z');
    expect(removalSentence(override, 'Product Analytics', [robin], LONDON, nowDuring)).toMatch(
      /^End now the override in progress: Robin Rotation covers Product Analytics/,
    );
    expect(removalSentence(override, 'Product Analytics', [robin], LONDON, turnStart)).toMatch(/^Remove the override/);
  });

  it('says who covers when on its own, the words the removal sentence is built around', () => {
    const override = {
      id: 'Q1',
      start: '2026-12-01T09:00:00Z',
      end: '2026-12-02T09:00:00Z',
      userId: robin.id,
      userName: null,
      replacedUserId: null,
    };
    const coverage = overrideCoverage(override, 'Product Analytics', [robin], LONDON, turnStart);
    expect(coverage).toMatch(/^Robin Rotation covers Product Analytics from \S.* to \S[^;]*$/);
    expect(removalSentence(override, 'Product Analytics', [robin], LONDON, turnStart)).toBe(
      `Remove the override: ${coverage}; the rotation's order does not change`,
    );
  });
});

describe('a handover with seconds', () => {
  it('keeps them, so the last day is a whole day and not a few seconds', () => {
    const odd = { ...turn, startMs: turnStart + 32_000, endMs: turnEnd + 32_000 };
    const days = turnDays(odd, LONDON);
    expect(days).toHaveLength(7);
    expect(days.at(-1)).toMatchObject({ startMs: turnEnd - DAY_MS + 32_000, endMs: turnEnd + 32_000 });
  });
});

const DAY_MS = 86_400_000;

describe('local times (the window range inputs)', () => {
  it('reads a wall-clock time in the zone, and writes one back', () => {
    expect(localTimeToMs('2026-12-01T10:00', 'America/New_York')).toBe(Date.parse('2026-12-01T15:00:00Z'));
    expect(localTime(Date.parse('2026-12-01T15:00:00Z'), 'America/New_York')).toBe('2026-12-01T10:00');
    expect(localRangeSpan('2026-12-01T10:00', '2026-12-01T16:30', LONDON)).toEqual({
      kind: 'range',
      startMs: Date.parse('2026-12-01T10:00:00Z'),
      endMs: Date.parse('2026-12-01T16:30:00Z'),
    });
  });

  it('refuses what the zone never shows: an impossible date, a time skipped by DST, a malformed value', () => {
    expect(localTimeToMs('2026-02-30T10:00', LONDON)).toBeNull();
    // London springs forward on Sun 29 Mar 2026 at 01:00: 01:30 does not exist.
    expect(localTimeToMs('2026-03-29T01:30', LONDON)).toBeNull();
    expect(localTimeToMs('2026-12-01 10:00', LONDON)).toBeNull();
    expect(localRangeSpan('2026-12-01T10:00', 'soon', LONDON)).toBeNull();
  });

  it('a local range outside the turn is refused by the plan', () => {
    const span = localRangeSpan('2026-11-30T08:00', '2026-11-30T12:00', LONDON)!;
    expect(planSwap(request({ span }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outside your turn/),
    });
  });
});

describe('the same swap twice', () => {
  it('keys a swap by schedule, teammate and end (a start clipped to now moves between tries)', () => {
    const a = { userId: robin.id, startMs: turnStart, endMs: turnEnd };
    const clipped = { ...a, startMs: turnStart + 60_000 };
    expect(swapKey('PXUZ9XL', a)).toBe(swapKey('PXUZ9XL', clipped));
    expect(swapKey('PXUZ9XL', a)).not.toBe(swapKey('PXUZ9XL', { ...a, userId: 'PKAI001' }));
    expect(swapKey('PXUZ9XL', a)).not.toBe(swapKey('POTHER1', a));
  });

  it('recognises the override an earlier try made, to the second', () => {
    const listed = {
      id: 'Q1',
      start: new Date(turnStart).toISOString(),
      end: new Date(turnEnd).toISOString(),
      userId: robin.id,
      userName: 'Robin Rotation',
      replacedUserId: null,
    };
    expect(sameOverride(listed, { userId: robin.id, startMs: turnStart + 400, endMs: turnEnd })).toBe(true);
    expect(sameOverride(listed, { userId: robin.id, startMs: turnStart + 60_000, endMs: turnEnd })).toBe(false);
    expect(sameOverride(listed, { userId: me.id, startMs: turnStart, endMs: turnEnd })).toBe(false);
  });
});
