import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MenuItemConstructorOptions, Rectangle } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  popoverPosition,
  SystemTray,
  TRAY_ICON_STATES,
  type TrayActions,
  type TrayHandle,
  trayIconFile,
} from '../../src/main/electron/tray';
import type { TrayState } from '../../src/shared/domain';
import { entry, snapshot, ticket } from './fixtures';

const resources = join(import.meta.dirname, '../../resources');

function fakeTray() {
  const calls = { image: [] as string[], tooltip: [] as string[], title: [] as string[] };
  let menu: MenuItemConstructorOptions[] = [];
  // Every draw ends by setting the menu, so counting menus counts draws without a counter in the app.
  let renders = 0;
  let clickListener: (() => void) | null = null;
  const handle: TrayHandle = {
    setImage: (file) => calls.image.push(file),
    setToolTip: (text) => calls.tooltip.push(text),
    setTitle: (text) => calls.title.push(text),
    setMenu: (template) => {
      menu = template;
      renders++;
    },
    onClick: (listener) => {
      clickListener = listener;
    },
    getBounds: (): Rectangle => ({ x: 0, y: 0, width: 0, height: 0 }),
    destroy: () => {},
  };
  return { handle, calls, menu: () => menu, renders: () => renders, click: () => clickListener?.() };
}

function fakeActions() {
  return {
    openTicket: vi.fn<TrayActions['openTicket']>(),
    promptAction: vi.fn<TrayActions['promptAction']>(),
    toggleWindow: vi.fn<TrayActions['toggleWindow']>(),
    showWindow: vi.fn<TrayActions['showWindow']>(),
    refresh: vi.fn<TrayActions['refresh']>(),
    pause: vi.fn<TrayActions['pause']>(),
    setStartAtLogin: vi.fn<TrayActions['setStartAtLogin']>(),
    quit: vi.fn<TrayActions['quit']>(),
  } satisfies TrayActions;
}

function item(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = menu.find((m) => m.label === label);
  if (!found) throw new Error(`no menu item ${label}: ${menu.map((m) => m.label).join(', ')}`);
  return found;
}

/** A top ticket's "Open" item: each ticket is a submenu of its common actions. */
function openItem(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  return item(item(menu, label).submenu as MenuItemConstructorOptions[], 'Open');
}

function clickItem(menuItem: MenuItemConstructorOptions, checked = false) {
  // biome-ignore lint/suspicious/noExplicitAny: the fake passes only what the handlers read.
  (menuItem.click as any)({ checked }, undefined, {});
}

describe('tray icons', () => {
  it.each(TRAY_ICON_STATES)('every platform has an existing icon (1x and 2x) for %s', (state) => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const file = trayIconFile(resources, state, platform);
      expect(existsSync(file), file).toBe(true);
      expect(existsSync(file.replace(/\.png$/, '@2x.png')), file).toBe(true);
    }
  });

  it('uses Template images on macOS only for the monochrome states', () => {
    expect(trayIconFile('/r', 'off_duty', 'darwin')).toBe(join('/r', 'tray', 'off_dutyTemplate.png'));
    expect(trayIconFile('/r', 'breach_imminent', 'darwin')).toBe(join('/r', 'tray', 'breach_imminent.png'));
    expect(trayIconFile('/r', 'off_duty', 'win32')).toBe(join('/r', 'tray', 'off_duty.png'));
  });
});

describe('SystemTray', () => {
  const states: TrayState[] = ['off_duty', 'on_duty_clear', 'needs_attention', 'breach_imminent', 'error'];

  it.each(states)('draws the %s state: icon, tooltip, title', (state) => {
    const fake = fakeTray();
    const tray = new SystemTray(() => fake.handle, fakeActions(), '/r', 'darwin');
    tray.setSnapshot(snapshot({}, { state, badge: 3, tooltip: `Tooltip for ${state}` }));
    expect(fake.calls.image.at(-1)).toBe(trayIconFile('/r', state, 'darwin'));
    expect(fake.calls.tooltip.at(-1)).toBe(`Tooltip for ${state}`);
    expect(fake.calls.title.at(-1)).toBe('3');
  });

  it('shows stale data with the error icon, marks demo and pause in the tooltip, no title off macOS', () => {
    const fake = fakeTray();
    const tray = new SystemTray(() => fake.handle, fakeActions(), '/r', 'linux');
    tray.setDemo(true);
    tray.setSnapshot(snapshot({}, { state: 'on_duty_clear', stale: true, tooltip: 'On duty' }));
    expect(fake.calls.image.at(-1)).toBe(trayIconFile('/r', 'error', 'linux'));
    tray.setPausedUntil('2026-11-30T10:00:00.000Z');
    expect(fake.calls.tooltip.at(-1)).toBe('Demo: On duty · notifications paused');
    expect(fake.calls.title).toEqual([]);
  });

  it('ignores setters that change nothing', () => {
    const fake = fakeTray();
    const tray = new SystemTray(() => fake.handle, fakeActions(), '/r', 'darwin');
    expect(fake.renders()).toBe(1);
    tray.setDemo(false);
    tray.setStartAtLogin(false);
    tray.setPausedUntil(null);
    expect(fake.renders()).toBe(1);
    tray.setSnapshot(snapshot());
    expect(fake.renders()).toBe(2);
    // A new poll with the same visible content is a new object but not a new picture.
    tray.setSnapshot(snapshot({ generatedAt: '2026-11-30T09:00:00.000Z' }));
    tray.setDemo(false);
    expect(fake.renders()).toBe(2);
    tray.setSnapshot(snapshot({}, { badge: 1 }));
    tray.setStartAtLogin(true);
    expect(fake.renders()).toBe(4);
  });

  it('lists the top five queue entries, safe and truncated, and opens the right target', () => {
    const fake = fakeTray();
    const actions = fakeActions();
    const tray = new SystemTray(() => fake.handle, actions, '/r', 'linux');
    const queue = [
      entry(ticket(1, { subject: 'Line one\nline two \u202Eevil\u202C' })),
      entry(ticket(2, { source: 'community', moderationUrl: 'https://posthog.com/questions/q2' })),
      entry(ticket(3, { subject: 'x'.repeat(300) })),
      entry(ticket(4)),
      entry(ticket(5, { subject: 'R&D export fails' })),
      entry(ticket(6)),
    ];
    tray.setSnapshot(snapshot({ queue }));
    const menu = fake.menu();
    const labels = menu.map((m) => m.label ?? m.type);
    expect(labels.filter((l) => l?.startsWith('#'))).toHaveLength(5);
    expect(labels).toContain('#1 Line one line two evil');
    const long = labels.find((l) => l?.startsWith('#3'))!;
    expect(long.length).toBeLessThanOrEqual(68);
    expect(long.endsWith('…')).toBe(true);
    expect(labels).toContain('#5 R&&D export fails');
    clickItem(openItem(menu, '#1 Line one line two evil'));
    clickItem(openItem(menu, '#2 Ticket 2'));
    expect(actions.openTicket.mock.calls).toEqual([
      [1, 'ticket'],
      [2, 'moderation'],
    ]);
  });

  it('says the turn is unknown, not "No upcoming turn", without PagerDuty data', () => {
    const fake = fakeTray();
    const tray = new SystemTray(() => fake.handle, fakeActions(), '/r', 'linux');
    tray.setSnapshot(snapshot({ me: null }));
    expect(fake.menu()[0]?.label).toBe('Turn unknown (no PagerDuty data)');
    tray.setSnapshot(snapshot());
    expect(fake.menu()[0]?.label).toBe('No upcoming turn');
  });

  it("renders the snapshot's turn line and each row's open target rather than deciding them", () => {
    const fake = fakeTray();
    const actions = fakeActions();
    const tray = new SystemTray(() => fake.handle, actions, '/r', 'linux');
    const base = snapshot({ queue: [entry(ticket(8))] });
    const queue = base.queue.map((e) => ({ ...e, open: { target: 'moderation' as const, url: null } }));
    tray.setSnapshot({ ...base, turn: { ...base.turn, short: 'Your turn starts in 20m' }, queue });
    const menu = fake.menu();
    expect(menu[0]?.label).toBe('Your turn starts in 20m');
    clickItem(openItem(menu, '#8 Ticket 8'));
    expect(actions.openTicket.mock.calls).toEqual([[8, 'moderation']]);
  });

  it("offers each top ticket's common actions, which only ask the window to prompt (nothing is sent)", () => {
    const fake = fakeTray();
    const actions = fakeActions();
    const tray = new SystemTray(() => fake.handle, actions, '/r', 'linux');
    const community = { ...entry(ticket(4)), flags: ['community' as const] };
    const needsOrg = { ...entry(ticket(5)), flags: ['needs_org' as const] };
    tray.setSnapshot(snapshot({ queue: [community, needsOrg, entry(ticket(6))] }));
    const submenu = (label: string) => item(fake.menu(), label).submenu as MenuItemConstructorOptions[];
    const labels = (label: string) => submenu(label).map((m) => m.label ?? m.type);
    expect(labels('#4 Ticket 4')).toEqual(['Open', 'separator', 'Replied on the website…', 'Pending…', 'Solved…']);
    expect(labels('#5 Ticket 5')).toEqual(['Open', 'separator', 'Assign to organization…', 'Pending…', 'Solved…']);
    expect(labels('#6 Ticket 6')).toEqual(['Open', 'separator', 'Pending…', 'Solved…']);
    clickItem(item(submenu('#4 Ticket 4'), 'Replied on the website…'));
    clickItem(item(submenu('#6 Ticket 6'), 'Pending…'));
    clickItem(item(submenu('#6 Ticket 6'), 'Solved…'));
    clickItem(item(submenu('#5 Ticket 5'), 'Assign to organization…'));
    expect(actions.promptAction.mock.calls).toEqual([
      [{ ticketId: 4, action: 'replied_on_website', params: { status: 'pending' } }],
      [{ ticketId: 6, action: 'status', params: { status: 'pending' } }],
      [{ ticketId: 6, action: 'status', params: { status: 'solved' } }],
      [{ ticketId: 5, action: 'assign_org', params: {} }],
    ]);
    expect(actions.openTicket).not.toHaveBeenCalled();
  });

  it('hides the subject of a content-warning ticket in the menu, as the window does', () => {
    const fake = fakeTray();
    const tray = new SystemTray(() => fake.handle, fakeActions(), '/r', 'linux');
    const flagged = { ...entry(ticket(7, { subject: 'Something explicit' })), flags: ['content_warning' as const] };
    tray.setSnapshot(snapshot({ queue: [flagged] }));
    const labels = fake.menu().map((m) => m.label ?? '');
    expect(labels).toContain('#7 Subject hidden: content warning');
    expect(labels.join('\n')).not.toContain('Something explicit');
  });

  it('counts Slack requests first and opens the window for them', () => {
    const fake = fakeTray();
    const actions = fakeActions();
    const tray = new SystemTray(() => fake.handle, actions, '/r', 'linux', { startAtLogin: true });
    const request = {
      kind: 'slack_request' as const,
      source: 'slack-api' as const,
      tier: 'slack_customer_success',
      tierRank: 1,
      tierLabel: 'Slack request from Customer Success',
      reason: 'Slack request from Customer Success: Alice',
      handover: true,
      request: {
        id: 'C0CSREQS01/1764493230.000100',
        channelId: 'C0CSREQS01',
        channelName: 'cs-requests',
        threadTs: '1764493230.000100',
        ts: '1764493230.000100',
        author: { id: 'U0CSALICE1', name: 'Alice' },
        preview: 'Could you check?',
        postedAt: '2026-11-30T09:00:00.000Z',
        permalink: null,
        mentions: { me: true, myGroup: false, broadcast: false },
      },
    };
    tray.setSnapshot(snapshot({ queue: [entry(ticket(7))], requests: [request, request] }));
    const menu = fake.menu();
    expect(menu[2]?.label).toBe('2 Slack requests from Customer Success');
    clickItem(item(menu, '2 Slack requests from Customer Success'));
    expect(actions.showWindow).toHaveBeenCalledWith('queue');
  });

  it('carries every action in the menu (Linux gives no clicks)', () => {
    const fake = fakeTray();
    const actions = fakeActions();
    const tray = new SystemTray(() => fake.handle, actions, '/r', 'linux', { startAtLogin: true });
    tray.setSnapshot(
      snapshot({
        turn: {
          onCall: true,
          current: {
            start: '2026-11-30T08:00:00.000Z',
            end: '2026-12-04T17:00:00.000Z',
            scheduleIds: ['P1'],
            scheduleNames: ['Replay'],
            scheduleUrl: null,
          },
          next: null,
          onCallNow: [],
          nextHero: null,
        },
      }),
    );
    const menu = fake.menu();
    expect(menu[0]).toMatchObject({ label: 'On duty until Fri 17:00', enabled: false });
    expect(item(menu, 'Queue is clear').enabled).toBe(false);
    clickItem(item(menu, 'Open queue'));
    clickItem(item(menu, 'Refresh now'));
    clickItem(item(menu, 'Settings…'));
    const pause = item(menu, 'Pause notifications').submenu as MenuItemConstructorOptions[];
    clickItem(item(pause, 'For 1 hour'));
    clickItem(item(pause, 'Until tomorrow'));
    expect(item(pause, 'Resume').enabled).toBe(false);
    const login = item(menu, 'Start at login');
    expect(login).toMatchObject({ type: 'checkbox', checked: true });
    clickItem(login, false);
    clickItem(item(menu, 'Quit Support Hero'));
    fake.click();
    expect(actions.showWindow.mock.calls).toEqual([['queue'], ['settings']]);
    expect(actions.refresh).toHaveBeenCalledTimes(1);
    expect(actions.pause.mock.calls).toEqual([[{ for: 'hour' }], [{ for: 'tomorrow' }]]);
    expect(actions.setStartAtLogin.mock.calls).toEqual([[false]]);
    expect(actions.quit).toHaveBeenCalledTimes(1);
    expect(actions.toggleWindow).toHaveBeenCalledTimes(1);
  });

  it('offers Resume while paused and shows the next turn when off duty', () => {
    const fake = fakeTray();
    const tray = new SystemTray(() => fake.handle, fakeActions(), '/r', 'linux');
    tray.setSnapshot(
      snapshot({
        notifications: { pausedUntil: '2026-11-30T10:00:00.000Z', quietHours: false, held: 0 },
        turn: {
          onCall: false,
          current: null,
          next: {
            start: '2026-11-30T09:20:00.000Z',
            end: null,
            scheduleIds: [],
            scheduleNames: [],
            scheduleUrl: null,
          },
          onCallNow: [],
          nextHero: null,
        },
      }),
    );
    const menu = fake.menu();
    expect(menu[0]?.label).toBe('Next turn Mon 09:20');
    const pause = item(menu, 'Notifications paused').submenu as MenuItemConstructorOptions[];
    expect(item(pause, 'Resume').enabled).toBe(true);
  });
});

describe('popoverPosition', () => {
  const size = { width: 400, height: 600 };
  it('sits below a top menu bar icon, centred on it (macOS)', () => {
    const pos = popoverPosition({ x: 1200, y: 0, width: 24, height: 24 }, size, {
      x: 0,
      y: 25,
      width: 1440,
      height: 875,
    });
    expect(pos).toEqual({ x: 1012, y: 28 });
  });
  it('sits above a bottom taskbar icon, kept inside the right edge (Windows)', () => {
    const pos = popoverPosition({ x: 1880, y: 1040, width: 32, height: 40 }, size, {
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
    });
    expect(pos).toEqual({ x: 1520, y: 436 });
  });
  it('sits beside a side taskbar', () => {
    const pos = popoverPosition({ x: 0, y: 900, width: 40, height: 32 }, size, {
      x: 48,
      y: 0,
      width: 1872,
      height: 1080,
    });
    expect(pos).toEqual({ x: 52, y: 480 });
  });
  it('falls back to the top-right corner when the tray gives no bounds (Linux)', () => {
    const pos = popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, size, { x: 0, y: 27, width: 1920, height: 1053 });
    expect(pos).toEqual({ x: 1516, y: 31 });
  });
});
