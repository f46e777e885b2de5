import { beforeEach, describe, expect, it, vi } from 'vitest';

const electronFake = vi.hoisted(() => {
  const created: {
    options: { title: string; body: string; silent: boolean };
    listeners: Map<string, () => void>;
    shown: number;
  }[] = [];
  class Notification {
    readonly record;
    constructor(options: { title: string; body: string; silent: boolean }) {
      this.record = { options, listeners: new Map<string, () => void>(), shown: 0 };
      created.push(this.record);
    }
    on(event: string, listener: () => void) {
      this.record.listeners.set(event, listener);
      return this;
    }
    show() {
      this.record.shown++;
    }
  }
  return { created, Notification };
});
vi.mock('electron', () => ({
  default: { Notification: electronFake.Notification },
  Notification: electronFake.Notification,
}));

import * as electron from 'electron';
import { AlertCenter } from '../../src/main/core/alerts';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { createLinkOpener } from '../../src/main/electron/links';
import { electronNotificationFactory, NativeNotifier } from '../../src/main/electron/notifications';
import { DAY, fixedClock, MINUTE, makeEntry, makeTicket, memoryStore, slaIn, T0 } from '../support/factories';
import { makeSnapshot } from '../support/snapshots';
import { alert } from './fixtures';

const settings = { ...DEFAULT_SETTINGS, zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp' } };

function setup(sound = true) {
  const opened: string[] = [];
  const showQueue = vi.fn();
  const links = createLinkOpener(
    async (url) => {
      opened.push(url);
    },
    () => settings,
    () => null,
  );
  const notifier = new NativeNotifier({
    create: electronNotificationFactory(electron),
    links,
    showQueue,
    sound: () => sound,
  });
  return { notifier, opened, showQueue };
}

const click = (index: number) => electronFake.created[index]!.listeners.get('click')!();

describe('NativeNotifier', () => {
  beforeEach(() => {
    electronFake.created.length = 0;
  });

  it('shows one alert with a safe, short title and body; a click opens its link', async () => {
    const { notifier, opened } = setup();
    notifier.deliver(alert('a', { title: 'SLA: #1\u202E breaches in 1h\n', body: 'x'.repeat(400) }));
    expect(electronFake.created).toHaveLength(1);
    const shown = electronFake.created[0]!;
    expect(shown.shown).toBe(1);
    expect(shown.options.title).toBe('SLA: #1 breaches in 1h');
    expect(shown.options.body.length).toBeLessThanOrEqual(180);
    expect(shown.options.silent).toBe(false);
    click(0);
    await Promise.resolve();
    expect(opened).toEqual(['https://posthoghelp.zendesk.com/agent/tickets/1']);
  });

  it('opens the moderation page or the schedule, and never a link outside the allow-list', async () => {
    const { notifier, opened } = setup();
    notifier.deliver(alert('community', { url: 'https://posthog.com/questions/q' }));
    notifier.deliver(alert('evil', { url: 'https://posthog.com.evil.io/' }));
    notifier.deliver(alert('turn', { kind: 'turn_upcoming', url: 'https://posthog.pagerduty.com/schedules/PXUZ9XL' }));
    click(0);
    click(1);
    click(2);
    await Promise.resolve();
    expect(opened).toEqual(['https://posthog.com/questions/q', 'https://posthog.pagerduty.com/schedules/PXUZ9XL']);
  });

  it("shows every alert the core delivers, three at once included: folding a burst is the core's decision", () => {
    const { notifier } = setup();
    notifier.deliver(alert('1', { title: 'First' }));
    notifier.deliver(alert('2', { title: 'Second' }));
    notifier.deliver(alert('3', { title: 'Third' }));
    expect(electronFake.created.map((n) => [n.options.title, n.shown])).toEqual([
      ['First', 1],
      ['Second', 1],
      ['Third', 1],
    ]);
  });

  it("shows the core's summary of a burst of more than three as one notification that opens the queue", () => {
    const { notifier, showQueue, opened } = setup(false);
    const center = new AlertCenter({
      store: memoryStore(),
      notifier,
      clock: fixedClock(T0),
      settings: () => DEFAULT_SETTINGS,
      timeZone: () => 'UTC',
    });
    const onCall = [makeEntry(-DAY / MINUTE, (6 * DAY) / MINUTE)];
    // Routine 3h SLA warnings: Customer Success alerts are urgent and never folded (issue 11).
    const tagged = (ids: number[]) => ids.map((id) => makeTicket({ id, slaMetrics: [slaIn(150)] }));
    center.process(makeSnapshot({ tickets: tagged([1, 2, 3, 4]), myEntries: onCall }));
    expect(electronFake.created).toHaveLength(1);
    expect(electronFake.created[0]!.options).toMatchObject({ title: '4 new alerts', silent: true });
    expect(electronFake.created[0]!.options.body).toContain('SLA breach in 2h 30m: #1');
    click(0);
    expect(showQueue).toHaveBeenCalledTimes(1);
    expect(opened).toEqual([]);

    // Three at once are not a burst: the app shows three, as the CLI's `watch` prints three lines.
    electronFake.created.length = 0;
    center.process(makeSnapshot({ tickets: tagged([1, 2, 3, 4, 5, 6, 7]), myEntries: onCall }));
    expect(electronFake.created.map((n) => n.options.title)).toEqual([
      'SLA breach in 2h 30m: #5',
      'SLA breach in 2h 30m: #6',
      'SLA breach in 2h 30m: #7',
    ]);
  });

  it('opens the queue for an alert without a link', () => {
    const { notifier, showQueue } = setup();
    notifier.deliver(alert('x', { url: null }));
    click(0);
    expect(showQueue).toHaveBeenCalledTimes(1);
  });
});
