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
    expect(computeTurns([], [], T0, 'PME')).toEqual({
      onCall: false,
      current: null,
      next: null,
      onCallNow: [],
      nextHero: null,
    });
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

  describe('the next Support Hero (who is on call after me on the same schedule)', () => {
    const bob = (start: number, end: number, overrides = {}) =>
      makeEntry(start, end, { userId: 'PBOB', userName: 'Bob', ...overrides });

    it('is the person whose entry starts when my turn ends on that schedule', () => {
      const view = computeTurns([makeEntry(-60, 120)], [], T0, 'PME', [
        bob(300, 400),
        bob(120, 240, { userId: 'PCAT', userName: 'Cat' }),
      ]);
      expect(view.nextHero).toEqual({
        userName: 'Cat',
        scheduleId: 'PXUZ9XL',
        scheduleName: 'Product Analytics',
        start: at(120),
      });
    });

    it('ignores other schedules, gaps, and my own later entries', () => {
      const view = computeTurns([makeEntry(-60, 120)], [], T0, 'PME', [
        bob(120, 240, { scheduleId: 'PLGXQIF', scheduleName: 'Replay' }),
        bob(121, 240, { userName: 'Late' }),
        makeEntry(120, 240),
      ]);
      expect(view.nextHero).toBeNull();
    });

    it('takes the schedule whose entry ends the merged turn, lowest escalation level first', () => {
      const view = computeTurns(
        [makeEntry(-60, 60), makeEntry(0, 120, { scheduleId: 'PLGXQIF', scheduleName: 'Replay' })],
        [],
        T0,
        'PME',
        [
          bob(60, 200, { userName: 'After the short one' }),
          bob(120, 200, { scheduleId: 'PLGXQIF', scheduleName: 'Replay', userName: 'Level two', escalationLevel: 2 }),
          bob(120, 200, { scheduleId: 'PLGXQIF', scheduleName: 'Replay', userName: 'Level one' }),
        ],
      );
      expect(view.nextHero).toMatchObject({ userName: 'Level one', scheduleName: 'Replay', start: at(120) });
    });

    it('is the same whatever order PagerDuty listed the entries in', () => {
      const entries = [bob(120, 240, { userName: 'Zed' }), bob(120, 240, { userName: 'Amy' }), bob(60, 240)];
      const forward = computeTurns([makeEntry(-60, 120)], [], T0, 'PME', entries).nextHero;
      const backward = computeTurns([makeEntry(-60, 120)], [], T0, 'PME', [...entries].reverse()).nextHero;
      expect(forward).toEqual(backward);
      expect(forward?.userName).toBe('Amy');
    });

    it('is unknown off duty, for a turn without an end, and with malformed data', () => {
      expect(computeTurns([makeEntry(60, 120)], [], T0, 'PME', [bob(120, 240)]).nextHero).toBeNull();
      expect(computeTurns([makeEntry(-60, null)], [], T0, 'PME', [bob(120, 240)]).nextHero).toBeNull();
      // Unreadable bounds and an entry that ends before it starts are ignored (the transform reports them too).
      const unreadable = [{ ...bob(120, 240), start: 'garbage' }, bob(240, 120)];
      expect(computeTurns([makeEntry(-60, 120)], [], T0, 'PME', unreadable).nextHero).toBeNull();
    });
  });
});
