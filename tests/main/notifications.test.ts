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
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { createLinkOpener } from '../../src/main/electron/links';
import { electronNotificationFactory, NativeNotifier } from '../../src/main/electron/notifications';
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
    defer: () => {},
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
    notifier.flush();
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
    notifier.flush();
    notifier.deliver(alert('turn', { kind: 'turn_upcoming', url: 'https://posthog.pagerduty.com/schedules/PXUZ9XL' }));
    notifier.flush();
    click(0);
    click(1);
    click(2);
    await Promise.resolve();
    expect(opened).toEqual(['https://posthog.com/questions/q', 'https://posthog.pagerduty.com/schedules/PXUZ9XL']);
  });

  it('collapses three alerts delivered together into one summary that opens the queue', () => {
    const { notifier, showQueue, opened } = setup(false);
    notifier.deliver(alert('1', { title: 'First' }));
    notifier.deliver(alert('2', { title: 'Second' }));
    notifier.deliver(alert('3', { title: 'Third' }));
    notifier.deliver(alert('4', { title: 'Fourth' }));
    notifier.flush();
    expect(electronFake.created).toHaveLength(1);
    expect(electronFake.created[0]!.options).toEqual({
      title: 'Support Hero: 4 new alerts',
      body: '• First • Second • Third and 1 more',
      silent: true,
    });
    click(0);
    expect(showQueue).toHaveBeenCalledTimes(1);
    expect(opened).toEqual([]);
  });

  it('flushes a burst on its own after the delivering code finishes', async () => {
    const notifier = new NativeNotifier({
      create: electronNotificationFactory(electron),
      links: { open: async () => {} },
      showQueue: () => {},
      sound: () => true,
    });
    notifier.deliver(alert('1'));
    notifier.deliver(alert('2'));
    expect(electronFake.created).toHaveLength(0);
    await Promise.resolve();
    expect(electronFake.created.map((n) => n.options.title)).toEqual(['Alert 1', 'Alert 2']);
  });

  it('opens the queue for an alert without a link', () => {
    const { notifier, showQueue } = setup();
    notifier.deliver(alert('x', { url: null }));
    notifier.flush();
    click(0);
    expect(showQueue).toHaveBeenCalledTimes(1);
  });
});
