import { describe, expect, it } from 'vitest';
import { computeTurns, mergeTurns } from '../../../src/main/core/turns';
import { at, DAY, MINUTE, makeEntry, T0 } from '../../support/factories';

describe('when is my turn', () => {
  it('back-to-back entries (a turn ending as the next begins) are one turn', () => {
    const turns = mergeTurns([makeEntry(0, 60), makeEntry(60, 120)]);
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ start: at(0), end: at(120) });
  });

  it('overlapping entries across schedules merge, schedules unioned', () => {
    const turns = mergeTurns([
      makeEntry(0, 100),
      makeEntry(50, 200, { scheduleId: 'PLGXQIF', scheduleName: 'Replay' }),
      makeEntry(150, 180),
    ]);
    expect(turns).toEqual([
      {
        start: at(0),
        end: at(200),
        scheduleIds: ['PXUZ9XL', 'PLGXQIF'],
        scheduleNames: ['Product Analytics', 'Replay'],
        scheduleUrl: 'https://posthog.pagerduty.com/schedules/PXUZ9XL',
      },
    ]);
  });

  it('a gap keeps turns apart', () => {
    expect(mergeTurns([makeEntry(61, 120), makeEntry(0, 60)]).map((t) => t.start)).toEqual([at(0), at(61)]);
  });

  it.each<[string, number | null, number | null, boolean]>([
    ['now at the start is on call', 0, 60, true],
    ['now at the end is off call', -60, 0, false],
    ['open start', null, 60, true],
    ['open end (permanent)', -60, null, true],
    ['both open', null, null, true],
  ])('%s', (_name, start, end, onCall) => {
    expect(computeTurns([makeEntry(start, end)], [], T0, 'PME').onCall).toBe(onCall);
  });

  it('current is the turn containing now; next is the first that starts after it ends', () => {
    const view = computeTurns(
      [
        makeEntry((7 * DAY) / MINUTE, (8 * DAY) / MINUTE),
        makeEntry(-60, 60),
        makeEntry(60, 120),
        makeEntry((3 * DAY) / MINUTE, (4 * DAY) / MINUTE),
      ],
      [],
      T0,
      'PME',
    );
    expect(view.current).toMatchObject({ start: at(-60), end: at(120) });
    expect(view.next).toMatchObject({ start: at((3 * DAY) / MINUTE) });
  });

  it('off duty with nothing ahead', () => {
    expect(computeTurns([], [], T0, 'PME')).toEqual({ onCall: false, current: null, next: null, onCallNow: [] });
  });

  it('unreadable entries are ignored, not thrown', () => {
    const view = computeTurns([makeEntry(-60, 60, { start: 'garbage' }), makeEntry(120, 60)], [], T0, 'PME');
    expect(view.onCall).toBe(false);
  });

  it('lists who is on call now, me marked, lowest escalation level first', () => {
    const view = computeTurns(
      [],
      [
        makeEntry(-60, 60, { userId: 'PBOB', userName: 'Bob', escalationLevel: 2 }),
        makeEntry(-60, 60, { userId: 'PME', escalationLevel: 1 }),
        makeEntry(-60, 60, { userId: 'PME', escalationLevel: 1 }),
        makeEntry(60, 120, { userId: 'PCAT', userName: 'Cat', escalationLevel: 1 }),
      ],
      T0,
      'PME',
    );
    expect(view.onCallNow.map((n) => [n.userName, n.isMe, n.until])).toEqual([
      ['Ada Lovelace', true, at(60)],
      ['Bob', false, at(60)],
    ]);
  });
});
