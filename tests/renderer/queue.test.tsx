import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../src/renderer/store';
import { entry, fakeBridge, HOUR, health, iso, MINUTE, NOW, sla, snapshot } from './fixtures';
import { renderApp } from './render';

const queueOf = () => screen.getByRole('listbox', { name: 'Queue' });

describe('queue states', () => {
  it('shows loading until main has a snapshot, then the queue it pushes', async () => {
    const bridge = fakeBridge(null);
    renderApp(bridge);
    expect(await screen.findByText('Loading your queue…')).toBeInTheDocument();
    act(() => bridge.push(snapshot([entry({ subject: 'Funnel is empty' })])));
    expect(await screen.findByText('Funnel is empty')).toBeInTheDocument();
    expect(screen.queryByText('Loading your queue…')).not.toBeInTheDocument();
  });

  it('celebrates inbox zero when Zendesk answered with nothing', async () => {
    renderApp(fakeBridge(snapshot([])));
    expect(await screen.findByText('Inbox zero')).toBeInTheDocument();
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('marks demo data and offers to connect accounts, which opens the settings', async () => {
    const bridge = fakeBridge(snapshot([entry()], { demo: true }));
    renderApp(bridge);
    const banner = await screen.findByRole('region', { name: 'Demo data' });
    await userEvent.click(within(banner).getByRole('button', { name: 'Connect your accounts' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(bridge.callsOf('getSettings')).toHaveLength(1);
  });

  it('says which source fails, why and since when, and retries on request', async () => {
    const zendesk = health('zendesk', {
      state: 'stale',
      failingSince: iso(NOW - 20 * MINUTE),
      lastSuccessAt: iso(NOW - 25 * MINUTE),
      failure: { kind: 'rate_limited', retryAt: iso(NOW + 2 * MINUTE), detail: '429' },
      message: 'Zendesk: rate limited, retrying at 10:02',
    });
    const bridge = fakeBridge(snapshot([entry()], { sources: { zendesk, pagerduty: health('pagerduty') } }));
    renderApp(bridge);
    const alert = await screen.findByRole('alert', { name: 'Zendesk stale' });
    // The engine's message names the service; the banner does already, so it is said once.
    expect(alert).toHaveTextContent('Zendesk (showing older data) since 09:40: rate limited, retrying at 10:02');
    expect(alert).toHaveTextContent('Last good data 09:35');
    expect(screen.queryByRole('alert', { name: /PagerDuty/ })).not.toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(bridge.callsOf('refresh')).toHaveLength(1);
  });

  it('shows paused notifications until when, and resumes them', async () => {
    const paused = { pausedUntil: iso(NOW + 2 * HOUR), quietHours: false, held: 2 };
    const bridge = fakeBridge(snapshot([entry()], { notifications: paused }));
    renderApp(bridge);
    const banner = await screen.findByRole('region', { name: 'Notifications paused' });
    expect(banner).toHaveTextContent('Notifications paused until Mon 12:00.');
    await userEvent.click(within(banner).getByRole('button', { name: 'Resume' }));
    expect(bridge.callsOf('pauseNotifications')).toEqual([[{ for: 'resume' }]]);
  });

  it('says when alerts are held outside working hours', async () => {
    renderApp(fakeBridge(snapshot([entry()], { notifications: { pausedUntil: null, quietHours: true, held: 3 } })));
    expect(
      await screen.findByText('Updated 10:00 · Outside working hours: 3 alerts held for the morning'),
    ).toBeInTheDocument();
  });
});

describe('header', () => {
  it('says how long the current turn has left and who is on call on each schedule', async () => {
    const turn = {
      onCall: true,
      current: {
        start: iso(NOW - HOUR),
        end: iso(NOW + 3 * 24 * HOUR + 4 * HOUR + 30 * MINUTE),
        scheduleIds: ['PXUZ9XL'],
        scheduleNames: ['Product Analytics'],
        scheduleUrl: null,
      },
      next: null,
      onCallNow: [
        { scheduleId: 'PXUZ9XL', scheduleName: 'Product Analytics', userName: 'Ada Lovelace', isMe: true, until: null },
        { scheduleId: 'P78OOWZ', scheduleName: 'Infrastructure', userName: 'Linus T', isMe: false, until: null },
      ],
      nextHero: null,
    };
    renderApp(fakeBridge(snapshot([entry()], { turn })));
    expect(await screen.findByText('On call for Product Analytics until Thu 14:30 · 3d 4h left')).toBeInTheDocument();
    const onCall = screen.getByRole('list', { name: 'On call now' });
    expect(onCall).toHaveTextContent('Product Analytics: Ada Lovelace (you)');
    expect(onCall).toHaveTextContent('Infrastructure: Linus T');
    expect(screen.getByText('Updated 10:00')).toBeInTheDocument();
  });

  it('names the next turn, or says the user is on no selected schedule', async () => {
    const next = {
      start: '2026-12-14T09:00:00.000Z',
      end: '2026-12-21T09:00:00.000Z',
      scheduleIds: ['PXUZ9XL'],
      scheduleNames: ['Product Analytics'],
      scheduleUrl: null,
    };
    const bridge = fakeBridge(
      snapshot([], { turn: { onCall: false, current: null, next, onCallNow: [], nextHero: null } }),
    );
    renderApp(bridge);
    expect(await screen.findByText('Next turn Mon 14 Dec 09:00 · in 13 days')).toBeInTheDocument();
    act(() => bridge.push(snapshot([])));
    expect(await screen.findByText('Not on any selected schedule')).toBeInTheDocument();
  });

  it('says the turn is unknown, not "off duty", when PagerDuty is not connected or has not answered', async () => {
    const notConnected = health('pagerduty', {
      state: 'failing',
      lastSuccessAt: null,
      failure: { kind: 'not_configured', detail: 'PagerDuty is not set up' },
      message: 'PagerDuty is not set up: add the API token and schedules in the settings',
    });
    const bridge = fakeBridge(
      snapshot([], { me: null, sources: { zendesk: health('zendesk'), pagerduty: notConnected } }),
    );
    renderApp(bridge);
    expect(await screen.findByText('Turn unknown: PagerDuty is not connected')).toBeInTheDocument();
    expect(screen.queryByText('Not on any selected schedule')).not.toBeInTheDocument();
    const offline = health('pagerduty', {
      state: 'failing',
      lastSuccessAt: null,
      failure: { kind: 'offline', detail: 'ECONNREFUSED' },
      message: 'PagerDuty: unreachable (offline?)',
    });
    act(() => bridge.push(snapshot([], { me: null, sources: { zendesk: health('zendesk'), pagerduty: offline } })));
    expect(await screen.findByText('Turn unknown: no answer from PagerDuty yet')).toBeInTheDocument();
  });

  it('refreshes on request and announces the result in the live region', async () => {
    const bridge = fakeBridge(snapshot([entry(), entry()]));
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh now' }));
    expect(bridge.callsOf('refresh')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('live-region')).toHaveTextContent('Updated 10:00 · 2 tickets'));
  });
});

describe('the window renders what main decided', () => {
  it("shows the snapshot's turn line as sent, without working it out again", async () => {
    const base = snapshot([]);
    renderApp(fakeBridge({ ...base, turn: { ...base.turn, line: 'Your turn starts in 20m' } }));
    expect(await screen.findByText('Your turn starts in 20m')).toBeInTheDocument();
    expect(screen.queryByText('Not on any selected schedule')).not.toBeInTheDocument();
  });

  it('names a troubled source once in the refresh announcement', async () => {
    const zendesk = health('zendesk', {
      state: 'stale',
      failure: { kind: 'offline', detail: 'ECONNREFUSED' },
      message: 'Zendesk: unreachable (offline?)',
    });
    const bridge = fakeBridge(snapshot([entry()], { sources: { zendesk, pagerduty: health('pagerduty') } }));
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(screen.getByTestId('live-region')).toHaveTextContent(
        'Updated 10:00 · 1 ticket · Zendesk: unreachable (offline?)',
      ),
    );
    expect(screen.getByTestId('live-region')).not.toHaveTextContent('Zendesk: Zendesk');
  });

  it("words a source's banner with the snapshot's label and reason", async () => {
    const base = snapshot([entry()], {
      sources: { zendesk: health('zendesk', { state: 'failing', message: 'x' }), pagerduty: health('pagerduty') },
    });
    const zendesk = { ...base.sources.zendesk, label: 'Help desk', reason: 'told you so' };
    renderApp(fakeBridge({ ...base, sources: { ...base.sources, zendesk } }));
    const alert = await screen.findByRole('alert', { name: 'Help desk failing' });
    expect(alert).toHaveTextContent('Help desk is failing: told you so');
  });

  it("opens a row where the snapshot's open target says, and colours it by the snapshot's urgency", async () => {
    const plain = entry({ id: 41, subject: 'Plain' }, { sla: sla(90, 'warning') });
    const bridge = fakeBridge(
      snapshot([{ ...plain, open: { target: 'moderation', url: 'https://posthog.com/questions/q' }, imminent: true }]),
    );
    renderApp(bridge);
    await userEvent.click(await screen.findByText('Plain'));
    expect(bridge.callsOf('openTicket')).toEqual([[41, 'moderation']]);
    const option = screen.getByRole('option');
    expect(within(option).getByText('breaches in 1h 30m')).toHaveClass('countdown-red');
  });
});

describe('tier groups', () => {
  it('groups by tier in order with counts, and keeps Other collapsed until asked', async () => {
    const queue = [
      entry({ subject: 'Other one' }, { tier: 'other' }),
      entry({ subject: 'Escalated one' }, { tier: 'escalated' }),
      entry({ subject: 'CS one' }, { tier: 'customer_success' }),
      entry({ subject: 'CS two' }, { tier: 'customer_success' }),
    ];
    renderApp(fakeBridge(snapshot(queue)));
    const groups = within(await screen.findByRole('listbox')).getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Customer Success: 2 tickets',
      'Escalated: 1 ticket',
    ]);
    expect(
      within(groups[0]!)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([expect.stringContaining('CS one'), expect.stringContaining('CS two')]);
    expect(screen.queryByText('Other one')).not.toBeInTheDocument();

    const toggle = screen.getByRole('button', { name: 'Show 1 other ticket' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(screen.getByText('Other one')).toBeInTheDocument();
    expect(within(queueOf()).getAllByRole('group').at(-1)).toHaveAttribute('aria-label', 'Other: 1 ticket');
    expect(screen.getByRole('button', { name: 'Hide other tickets' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows requester, organization, plan, MRR, status, priority, badges and the reason for the tier', async () => {
    const organization = {
      id: 1,
      name: 'Hedgebox Inc.',
      plan: 'enterprise',
      mrr: 12500,
      contentWarning: null,
      isFreeEmailTemp: false,
    };
    const row = entry(
      { subject: 'Insights time out', organization, priority: 'high', status: 'new', source: 'slack' },
      { flags: ['cs_tagged', 'escalated', 'needs_org'], reason: 'Customer Success tagged, High priority, new' },
    );
    renderApp(fakeBridge(snapshot([row])));
    const option = await screen.findByRole('option');
    for (const text of [
      'Grace Hopper',
      'Hedgebox Inc.',
      'enterprise',
      '$12,500/mo',
      'New',
      'High',
      'CS',
      'Escalated',
    ]) {
      expect(within(option).getByText(text)).toBeInTheDocument();
    }
    expect(within(option).getByText('Assign org')).toBeInTheDocument();
    expect(within(option).getByText('Slack:')).toBeInTheDocument();
    expect(option).toHaveAttribute('title', 'Customer Success tagged, High priority, new');
    expect(option).toHaveAccessibleDescription(expect.stringContaining('Why here: Customer Success tagged'));
  });

  it("names the org to assign, with PostHog's organization id where the Admin line gave one", async () => {
    const id = '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d';
    const row = entry(
      {
        id: 12,
        subject: 'Invite email',
        orgAssignment: { needed: true, suggestedOrg: 'Northwind Robotics', organizationId: id },
      },
      { flags: ['needs_org'] },
    );
    renderApp(fakeBridge(snapshot([row])));
    const option = await screen.findByRole('option');
    const badge = within(option).getByText('Assign org: Northwind Robotics');
    expect(badge).toHaveAttribute('title', `Assign to Northwind Robotics (PostHog organization ID ${id})`);
    expect(option).toHaveAccessibleDescription(expect.stringContaining(`PostHog organization ID ${id}`));
  });
});

describe('countdowns', () => {
  it('colours from the snapshot: amber in the warning window, red under an hour, red once breached', async () => {
    const queue = [
      entry({ subject: 'warn' }, { sla: sla(150, 'warning') }),
      entry({ subject: 'soon' }, { sla: sla(42, 'warning') }),
      entry({ subject: 'late' }, { sla: sla(-20, 'breached') }),
      entry({ subject: 'calm' }, { sla: sla(600, 'ok') }),
      entry({ subject: 'held' }, { sla: { state: 'paused', metric: 'x', breachAt: null, msToBreach: null } }),
    ];
    renderApp(fakeBridge(snapshot(queue)));
    const countdownOf = async (subject: string) =>
      within((await screen.findByText(subject)).closest('[role="option"]') as HTMLElement).getByText(/breach|SLA/);
    expect(await countdownOf('warn')).toHaveTextContent('breaches in 2h 30m');
    expect(await countdownOf('warn')).toHaveClass('countdown-amber');
    expect(await countdownOf('soon')).toHaveTextContent('breaches in 42m');
    expect(await countdownOf('soon')).toHaveClass('countdown-red');
    expect(await countdownOf('late')).toHaveTextContent('breached 20m ago');
    expect(await countdownOf('late')).toHaveClass('countdown-red');
    expect(await countdownOf('calm')).toHaveClass('countdown-ok');
    expect(await countdownOf('held')).toHaveTextContent('SLA paused');
  });

  it('ticks the displayed duration from breachAt and the current time', async () => {
    renderApp(fakeBridge(snapshot([entry({ subject: 'soon' }, { sla: sla(42, 'warning') })])));
    expect(await screen.findByText('breaches in 42m')).toBeInTheDocument();
    act(() => useAppStore.getState().setNow(NOW + 12 * MINUTE));
    expect(screen.getByText('breaches in 30m')).toBeInTheDocument();
    act(() => useAppStore.getState().setNow(NOW + 50 * MINUTE));
    expect(screen.getByText('breached 8m ago')).toBeInTheDocument();
  });
});

describe('content warnings', () => {
  const organization = {
    id: 2,
    name: 'Lumen Health',
    plan: 'teams',
    mrr: 450,
    contentWarning: 'explicit imagery',
    isFreeEmailTemp: false,
  };
  const hidden = () =>
    entry({ id: 77, subject: 'Recording shows X', organization, contentWarning: true }, { flags: ['content_warning'] });

  it('hides subject and organization until revealed with the button', async () => {
    renderApp(fakeBridge(snapshot([hidden()])));
    const option = await screen.findByRole('option');
    expect(option).toHaveTextContent('Subject hidden: content warning');
    expect(option).toHaveTextContent('Organization hidden');
    expect(option).not.toHaveTextContent('Recording shows X');
    expect(option).not.toHaveTextContent('Lumen Health');
    await userEvent.click(within(option).getByRole('button', { name: 'Reveal' }));
    expect(option).toHaveTextContent('Recording shows X');
    expect(option).toHaveTextContent('Lumen Health');
  });

  it("a reveal shows the organization's content-warning text, which stays hidden until then", async () => {
    renderApp(fakeBridge(snapshot([hidden()])));
    const option = await screen.findByRole('option');
    expect(option).not.toHaveTextContent('explicit imagery');
    expect(option).not.toHaveAccessibleDescription(expect.stringContaining('explicit imagery'));
    expect(within(option).getByText('Content warning')).toBeInTheDocument();
    await userEvent.click(within(option).getByRole('button', { name: 'Reveal' }));
    expect(within(option).getByText('Content warning: explicit imagery')).toHaveAttribute('title', 'explicit imagery');
    expect(option).toHaveAccessibleDescription(expect.stringContaining('Content warning: explicit imagery.'));
  });

  it('reveals with R on the active row, and the filter never matches hidden text', async () => {
    renderApp(fakeBridge(snapshot([hidden(), entry({ subject: 'Other ticket' })])));
    const filter = await screen.findByRole('searchbox');
    await userEvent.type(filter, 'recording');
    expect(screen.queryByRole('option')).not.toBeInTheDocument();
    await userEvent.clear(filter);
    act(() => queueOf().focus());
    await userEvent.keyboard('r');
    expect(screen.getByText('Recording shows X')).toBeInTheDocument();
  });
});

describe('keyboard and opening tickets', () => {
  const community = () =>
    entry(
      {
        id: 3,
        subject: 'How do cohorts work?',
        source: 'community',
        moderationUrl: 'https://posthog.com/questions/cohorts',
      },
      { flags: ['community'] },
    );

  it('moves with the arrows, opens with Enter, and opens a community question on its moderation page', async () => {
    const bridge = fakeBridge(snapshot([entry({ id: 1, subject: 'First' }), entry({ id: 2 }), community()]));
    renderApp(bridge);
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    expect(list).toHaveAttribute('aria-activedescendant', 'ticket-1');
    await userEvent.keyboard('{ArrowDown}');
    expect(list).toHaveAttribute('aria-activedescendant', 'ticket-2');
    expect(screen.getByRole('option', { selected: true })).toHaveAttribute('id', 'ticket-2');
    await userEvent.keyboard('{Enter}');
    expect(bridge.callsOf('openTicket')).toEqual([[2, 'ticket']]);
    await userEvent.keyboard('{End}{Enter}');
    expect(bridge.callsOf('openTicket').at(-1)).toEqual([3, 'moderation']);
    await userEvent.keyboard('z');
    expect(bridge.callsOf('openTicket').at(-1)).toEqual([3, 'ticket']);
    await userEvent.keyboard('{Home}{ArrowUp}');
    expect(list).toHaveAttribute('aria-activedescendant', 'ticket-1');
  });

  it('opens on click; the community row offers the Zendesk ticket one click away', async () => {
    const bridge = fakeBridge(snapshot([entry({ id: 1, subject: 'First' }), community()]));
    renderApp(bridge);
    await userEvent.click(await screen.findByText('First'));
    expect(bridge.callsOf('openTicket')).toEqual([[1, 'ticket']]);
    const row = screen.getByText('How do cohorts work?').closest('[role="option"]') as HTMLElement;
    await userEvent.click(within(row).getByRole('button', { name: 'Zendesk' }));
    expect(bridge.callsOf('openTicket').at(-1)).toEqual([3, 'ticket']);
    await userEvent.click(within(row).getByText('How do cohorts work?'));
    expect(bridge.callsOf('openTicket').at(-1)).toEqual([3, 'moderation']);
  });

  it('focuses the filter with / and filters by subject, organization, requester and id', async () => {
    const org = { id: 5, name: 'Acme', plan: null, mrr: null, contentWarning: null, isFreeEmailTemp: false };
    renderApp(
      fakeBridge(
        snapshot([
          entry({ id: 10, subject: 'Alpha' }),
          entry({ id: 11, subject: 'Beta', organization: org }),
          entry({ id: 12, subject: 'Gamma', requester: { id: 2, name: 'Zed Shaw', email: null } }),
        ]),
      ),
    );
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('/');
    const filter = screen.getByRole('searchbox');
    expect(filter).toHaveFocus();
    const visible = () => screen.queryAllByRole('option').map((o) => o.id);
    await userEvent.keyboard('acme');
    expect(visible()).toEqual(['ticket-11']);
    await userEvent.clear(filter);
    await userEvent.type(filter, 'zed');
    expect(visible()).toEqual(['ticket-12']);
    await userEvent.clear(filter);
    await userEvent.type(filter, '10');
    expect(visible()).toEqual(['ticket-10']);
    fireEvent.keyDown(filter, { key: 'Escape' });
    expect(visible()).toHaveLength(3);
  });
});

describe('escape', () => {
  it('hides the window from the queue, and goes back to the queue from the settings', async () => {
    const bridge = fakeBridge(snapshot([entry()]));
    renderApp(bridge);
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('{Escape}');
    expect(bridge.callsOf('hideWindow')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Settings' });
    await userEvent.click(screen.getByRole('button', { name: 'Back to queue' }));
    expect(await screen.findByRole('listbox')).toBeInTheDocument();
    expect(bridge.callsOf('hideWindow')).toHaveLength(1);
  });
});

describe('untrusted ticket text', () => {
  it('renders hostile subjects and names as inert text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const bidi = '\u202Egnp.exe\u202C \u2066evil\u2069';
    const org = { id: 9, name: hostile, plan: '<b>x</b>', mrr: null, contentWarning: null, isFreeEmailTemp: false };
    renderApp(
      fakeBridge(
        snapshot([entry({ subject: hostile, organization: org, requester: { id: 3, name: bidi, email: null } })]),
      ),
    );
    const option = await screen.findByRole('option');
    expect(option.querySelector('img, script, b')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(within(option).getAllByText(hostile)).toHaveLength(2);
    expect(within(option).getByText(bidi).tagName).toBe('BDI');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('handover', () => {
  it('shows the Markdown main computed and copies it', async () => {
    const bridge = fakeBridge(snapshot([entry()]));
    const user = userEvent.setup();
    renderApp(bridge);
    await user.click(await screen.findByRole('button', { name: 'Handover' }));
    const text = await screen.findByRole('textbox', { name: 'Handover Markdown' });
    await waitFor(() => expect(text).toHaveValue('# Support Hero handover\n\n- [#1 Broken](https://x)\n'));
    await user.click(screen.getByRole('button', { name: 'Copy Markdown' }));
    // Main copies (the page's clipboard permission is denied); the page only names the handover.
    expect(bridge.callsOf('copyHandover')).toEqual([[]]);
    expect(await navigator.clipboard.readText()).toBe('');
    await waitFor(() => expect(screen.getByTestId('live-region')).toHaveTextContent('Handover copied as Markdown'));
    expect(screen.getByText('Next Support Hero: unknown (the handover below says why)')).toBeInTheDocument();
  });

  it('shows the handover main copied when a newer snapshot changed it, so the page and the paste agree', async () => {
    const copied = '# Support Hero handover\n\n- [#1 Broken](https://x)\n- [#2 New since](https://y)\n';
    const bridge = fakeBridge(snapshot([entry()]), {
      copyHandover: async () => ({ ok: true as const, copied }),
    });
    const user = userEvent.setup();
    renderApp(bridge);
    await user.click(await screen.findByRole('button', { name: 'Handover' }));
    const text = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Handover Markdown' });
    await waitFor(() => expect(text).toHaveValue('# Support Hero handover\n\n- [#1 Broken](https://x)\n'));
    await user.click(screen.getByRole('button', { name: 'Copy Markdown' }));
    await waitFor(() => expect(text).toHaveValue(copied));
  });

  it('leaves the handover selected for Ctrl+C when main cannot write the clipboard', async () => {
    const bridge = fakeBridge(snapshot([entry()]), {
      copyHandover: async () => ({
        ok: false as const,
        message: 'The clipboard could not be written; select the text and copy it.',
      }),
    });
    const user = userEvent.setup();
    renderApp(bridge);
    await user.click(await screen.findByRole('button', { name: 'Handover' }));
    const text = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Handover Markdown' });
    await waitFor(() => expect(text).toHaveValue('# Support Hero handover\n\n- [#1 Broken](https://x)\n'));
    await user.click(screen.getByRole('button', { name: 'Copy Markdown' }));
    await waitFor(() =>
      expect(screen.getByTestId('live-region')).toHaveTextContent('Press Ctrl+C to copy the selected handover'),
    );
    expect([text.selectionStart, text.selectionEnd]).toEqual([0, text.value.length]);
  });

  it('names the next Support Hero from the snapshot', async () => {
    const nextHero = {
      userName: 'Lena Latency',
      scheduleId: 'PXUZ9XL',
      scheduleName: 'Product Analytics',
      start: '2026-12-07T10:20:00.000Z',
    };
    const turn = { onCall: true, current: null, next: null, onCallNow: [], nextHero };
    const user = userEvent.setup();
    renderApp(fakeBridge(snapshot([entry()], { turn })));
    await user.click(await screen.findByRole('button', { name: 'Handover' }));
    expect(await screen.findByText('Hand over to Lena Latency (from Mon 7 Dec 10:20)')).toBeInTheDocument();
  });
});
