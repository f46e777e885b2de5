/**
 * Slack requests in the window: tier rows of the same listbox as tickets, with who asked, where, the preview as
 * text and how long ago; the same keyboard model (arrows, j/k, Enter opens the thread, D dismisses) and filter.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { presentHealth } from '../../src/main/core/presentation';
import { refreshSummary } from '../../src/renderer/queue/Header';
import { useAppStore } from '../../src/renderer/store';
import type { SlackRequestEntry, Snapshot } from '../../src/shared/domain';
import { makeSlackRequestEntry } from '../support/factories';
import { entry, fakeBridge, iso, MINUTE, NOW, snapshot } from './fixtures';
import { renderApp } from './render';

const request = makeSlackRequestEntry;

const ALICE = request();
const BOB = request({
  id: 'C0CSESCAL1/1764495000.000200',
  channelId: 'C0CSESCAL1',
  channelName: 'cs-escalations',
  author: { id: 'U0CSBOB001', name: 'Bob' },
  preview: 'Could you confirm the 1 MB payload limit?',
  postedAt: iso(NOW - 45 * MINUTE),
  permalink: null,
  mentions: { me: false, myGroup: true, broadcast: false },
});

/** A queue of two requests (Alice's first, as main ranked them) above two escalated tickets. */
function mixed(requests: SlackRequestEntry[] = [ALICE, BOB]): Snapshot {
  return snapshot([entry({ id: 1, subject: 'Funnel is empty' }), entry({ id: 2, subject: 'Exports fail' })], {
    requests,
  });
}

const queueOf = () => screen.getByRole('listbox', { name: 'Queue' });
const optionIds = () =>
  within(queueOf())
    .queryAllByRole('option')
    .map((option) => option.id);
const aliceRow = 'slack-C0CSREQS01-1764493230-000100';
const bobRow = 'slack-C0CSESCAL1-1764495000-000200';

describe('Slack requests as queue rows', () => {
  it('draws each request as a tier 1 option above the tickets, in the order main ranked them', async () => {
    renderApp(fakeBridge(mixed()));
    const list = await screen.findByRole('listbox', { name: 'Queue' });
    expect(
      within(list)
        .getAllByRole('group')
        .map((group) => group.getAttribute('aria-label')),
    ).toEqual(['Slack request from Customer Success: 2 Slack requests', 'Escalated: 2 tickets']);
    expect(optionIds()).toEqual([aliceRow, bobRow, 'ticket-1', 'ticket-2']);
    // The visible tier header counts the rows under it.
    const header = within(list).getByText('Slack request from Customer Success').parentElement!;
    expect(header).toHaveTextContent('Slack request from Customer Success2');
    // Every option knows its place in the whole list, requests included.
    expect(screen.getByText('Funnel is empty').closest('[role="option"]')).toHaveAttribute('aria-posinset', '3');
    expect(document.getElementById(aliceRow)).toHaveAttribute('aria-setsize', '4');
  });

  it('keeps the snapshot order even when main ranks the later request first', async () => {
    renderApp(fakeBridge(mixed([BOB, ALICE])));
    await screen.findByRole('listbox');
    expect(optionIds()).toEqual([bobRow, aliceRow, 'ticket-1', 'ticket-2']);
  });

  it('puts a request in the tier the rule table gave it, before that tier’s tickets', async () => {
    const shared = request({}, { tier: 'escalated', tierRank: 3, tierLabel: 'Escalated' });
    renderApp(fakeBridge(mixed([shared])));
    await screen.findByRole('listbox');
    expect(
      within(queueOf())
        .getAllByRole('group')
        .map((group) => group.getAttribute('aria-label')),
    ).toEqual(['Escalated: 1 Slack request and 2 tickets']);
    expect(optionIds()).toEqual([aliceRow, 'ticket-1', 'ticket-2']);
  });

  it('shows who asked, in which channel, the preview as plain text and how long ago, ticking', async () => {
    renderApp(fakeBridge(mixed()));
    const row = await screen.findByRole('option', { name: /Alice \(CS\)/ });
    expect(within(row).getByText('Alice (CS)')).toBeInTheDocument();
    expect(within(row).getByText('cs-requests')).toBeInTheDocument();
    expect(row).toHaveTextContent('#cs-requests');
    // Markup in the text stays text: no element is made from it.
    expect(within(row).getByText('@Demo Hero Acme sees <b>ingestion lag</b> & wants an ETA')).toBeInTheDocument();
    expect(row.querySelector('b')).toBeNull();
    expect(within(row).getByText('1h 30m ago')).toBeInTheDocument();
    // Screen readers hear why it is here, whom it tagged, and the keys that act on it.
    expect(row).toHaveAccessibleDescription(
      'Why here: Slack request from Customer Success: Alice (CS) in #cs-requests. It mentions you. ' +
        'Press Enter to open the thread in Slack. Press D to dismiss.',
    );
    expect(document.getElementById(bobRow)).toHaveAccessibleDescription(
      /It mentions your team\. No link to the thread\./,
    );
    act(() => useAppStore.getState().setNow(NOW + 15 * MINUTE));
    expect(within(row).getByText('1h 45m ago')).toBeInTheDocument();
  });

  it('marks a request apart from a ticket Pylon made from Slack, by icon shape and words, not colour', async () => {
    renderApp(
      fakeBridge(snapshot([entry({ id: 7, subject: 'Thread from #support', source: 'slack' })], { requests: [ALICE] })),
    );
    const requestRow = await screen.findByRole('option', { name: /Alice \(CS\)/ });
    const ticketRow = screen.getByRole('option', { name: /Thread from #support/ });
    const requestIcon = requestRow.querySelector('svg.source-icon');
    const ticketIcon = ticketRow.querySelector('svg.source-icon');
    expect(requestIcon).not.toBeNull();
    expect(ticketIcon).not.toBeNull();
    // Same colour (currentColor) for both: what tells them apart is the drawing itself.
    expect(requestIcon!.innerHTML).not.toBe(ticketIcon!.innerHTML);
    expect(requestRow).toHaveTextContent(/^Slack request from Alice \(CS\)/);
    // Screen readers hear "Slack request from …" for a request, "Slack: <subject>" for Pylon's ticket.
    expect(ticketRow).toHaveTextContent(/^Slack: Thread from #support/);
  });

  it('renders hostile message text inert: tags, scripts, bidi controls and fake mentions stay characters', async () => {
    const hostile = request({
      author: { id: 'U1', name: '\u202Eevil.exe\u202C <img src=x onerror=alert(1)>' },
      channelName: '<script>alert(1)</script>',
      preview: `<script>window.__pwned=1</script> <@U0DEMOME01> [click](javascript:alert(1)) ${'x'.repeat(400)}`,
    });
    renderApp(fakeBridge(mixed([hostile])));
    const row = await screen.findByRole('option', { name: /evil\.exe/ });
    expect(row.querySelectorAll('script, img, a, b')).toHaveLength(0);
    expect(row).toHaveTextContent('<script>window.__pwned=1</script> <@U0DEMOME01> [click](javascript:alert(1))');
    // Bidi controls are isolated, so they cannot reorder the text around the name.
    expect(row.querySelector('.slack-author')?.tagName).toBe('BDI');
    expect(row.querySelector('.slack-author')).toHaveTextContent('evil.exe');
  });
});

describe('Slack rows and the keyboard', () => {
  it('moves through requests and tickets with the arrows and j/k, and Enter opens the thread by request id', async () => {
    const bridge = fakeBridge(mixed());
    renderApp(bridge);
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    expect(list).toHaveAttribute('aria-activedescendant', aliceRow);
    expect(screen.getByRole('option', { selected: true })).toHaveAttribute('id', aliceRow);
    await userEvent.keyboard('{Enter}');
    expect(bridge.callsOf('openSlackRequest')).toEqual([['C0CSREQS01/1764493230.000100']]);
    await userEvent.keyboard('j');
    expect(list).toHaveAttribute('aria-activedescendant', bobRow);
    await userEvent.keyboard('{ArrowDown}');
    expect(list).toHaveAttribute('aria-activedescendant', 'ticket-1');
    await userEvent.keyboard('{Enter}');
    expect(bridge.callsOf('openTicket')).toEqual([[1, 'ticket']]);
    await userEvent.keyboard('k{ArrowUp}');
    expect(list).toHaveAttribute('aria-activedescendant', aliceRow);
    await userEvent.keyboard('{End}{Home}');
    expect(list).toHaveAttribute('aria-activedescendant', aliceRow);
    // Ticket keys do nothing on a request, and D does nothing on a ticket.
    await userEvent.keyboard('azr');
    expect(bridge.callsOf('openTicket')).toHaveLength(1);
    expect(bridge.callsOf('planAction')).toEqual([]);
    await userEvent.keyboard('{End}d');
    expect(bridge.callsOf('dismissSlackRequest')).toEqual([]);
  });

  it('says so instead of opening a request that has no link', async () => {
    const bridge = fakeBridge(mixed());
    renderApp(bridge);
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(list).toHaveAttribute('aria-activedescendant', bobRow);
    expect(bridge.callsOf('openSlackRequest')).toEqual([]);
    expect(screen.getByTestId('live-region')).toHaveTextContent('This request has no link to open');
  });

  it('opens on click, and the Dismiss button dismisses without opening', async () => {
    const bridge = fakeBridge(mixed());
    renderApp(bridge);
    await userEvent.click(await screen.findByText('@Demo Hero Acme sees <b>ingestion lag</b> & wants an ETA'));
    expect(bridge.callsOf('openSlackRequest')).toEqual([['C0CSREQS01/1764493230.000100']]);
    const row = document.getElementById(aliceRow)!;
    await userEvent.click(within(row).getByRole('button', { name: 'Dismiss' }));
    expect(bridge.callsOf('dismissSlackRequest')).toEqual([['C0CSREQS01/1764493230.000100']]);
    expect(bridge.callsOf('openSlackRequest')).toHaveLength(1);
  });

  it('dismisses the active request with D, announces it, and keeps the keyboard on the next row', async () => {
    const bridge = fakeBridge(mixed());
    renderApp(bridge);
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('d');
    expect(bridge.callsOf('dismissSlackRequest')).toEqual([['C0CSREQS01/1764493230.000100']]);
    await waitFor(() =>
      expect(screen.getByTestId('live-region')).toHaveTextContent('Dismissed the Slack request from Alice (CS)'),
    );
    // Main remembers it and pushes the queue without it.
    act(() => bridge.push(mixed([BOB])));
    expect(optionIds()).toEqual([bobRow, 'ticket-1', 'ticket-2']);
    expect(list).toHaveAttribute('aria-activedescendant', bobRow);
    expect(within(list).getAllByRole('group')[0]).toHaveAttribute(
      'aria-label',
      'Slack request from Customer Success: 1 Slack request',
    );
    await userEvent.keyboard('{Delete}');
    expect(bridge.callsOf('dismissSlackRequest').at(-1)).toEqual(['C0CSESCAL1/1764495000.000200']);
  });

  it('says when a dismissal failed, and the request stays', async () => {
    const bridge = fakeBridge(mixed(), { dismissSlackRequest: () => Promise.reject(new Error('not open')) });
    renderApp(bridge);
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('d');
    await waitFor(() => expect(screen.getByTestId('live-region')).toHaveTextContent('Could not dismiss the request'));
    expect(optionIds()).toContain(aliceRow);
  });
});

describe('Slack rows and the filter', () => {
  it('matches author, channel and preview text, alongside tickets', async () => {
    renderApp(fakeBridge(mixed()));
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('/');
    const filter = screen.getByRole('searchbox');
    expect(filter).toHaveFocus();
    await userEvent.type(filter, 'bob');
    expect(optionIds()).toEqual([bobRow]);
    await userEvent.clear(filter);
    await userEvent.type(filter, '#cs-req');
    expect(optionIds()).toEqual([aliceRow]);
    await userEvent.clear(filter);
    await userEvent.type(filter, 'escalations');
    expect(optionIds()).toEqual([bobRow]);
    await userEvent.clear(filter);
    await userEvent.type(filter, 'payload LIMIT');
    expect(optionIds()).toEqual([bobRow]);
    await userEvent.clear(filter);
    await userEvent.type(filter, 'ingestion');
    expect(optionIds()).toEqual([aliceRow]);
    await userEvent.clear(filter);
    await userEvent.type(filter, 'funnel');
    expect(optionIds()).toEqual(['ticket-1']);
    fireEvent.keyDown(filter, { key: 'Escape' });
    expect(optionIds()).toHaveLength(4);
  });
});

describe('Slack rows and the empty states', () => {
  it('draws no Slack row or group without requests', async () => {
    renderApp(fakeBridge(snapshot([entry({ id: 1 })])));
    await screen.findByRole('listbox');
    expect(optionIds()).toEqual(['ticket-1']);
    expect(screen.queryByText('Slack request from Customer Success')).not.toBeInTheDocument();
  });

  it('shows the requests, not inbox zero, when only Slack has work; inbox zero once they are done', async () => {
    const bridge = fakeBridge(snapshot([], { requests: [ALICE] }));
    renderApp(bridge);
    await screen.findByRole('listbox');
    expect(optionIds()).toEqual([aliceRow]);
    expect(screen.queryByText('Inbox zero')).not.toBeInTheDocument();
    act(() => bridge.push(snapshot([], { requests: [] })));
    expect(await screen.findByText('Inbox zero')).toBeInTheDocument();
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('keeps a request the rule table left in Other behind the Other toggle, named as a request', async () => {
    const other = request({}, { tier: 'other', tierRank: 6, tierLabel: 'Other' });
    renderApp(fakeBridge(snapshot([entry({ id: 1 })], { requests: [other] })));
    await screen.findByRole('listbox');
    expect(optionIds()).toEqual(['ticket-1']);
    await userEvent.click(screen.getByRole('button', { name: 'Show Other: 1 Slack request' }));
    expect(optionIds()).toEqual(['ticket-1', aliceRow]);
  });
});

describe('Slack requests in the refresh announcement', () => {
  it('counts the requests beside the tickets, worded as the tier groups word them', async () => {
    const bridge = fakeBridge(mixed());
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(screen.getByTestId('live-region')).toHaveTextContent('Updated 10:00 · 2 Slack requests and 2 tickets'),
    );
  });

  it('says "1 Slack request" alone when Slack holds the only work', () => {
    expect(refreshSummary(snapshot([], { requests: [ALICE] }))).toBe('Updated 10:00 · 1 Slack request');
    expect(refreshSummary(snapshot([]))).toBe('Updated 10:00 · 0 tickets');
  });

  it('names a troubled Slack source like the others', () => {
    const failing = presentHealth({
      source: 'slack',
      state: 'failing',
      lastSuccessAt: null,
      failingSince: iso(NOW - 5 * MINUTE),
      failure: { kind: 'offline', detail: 'ECONNREFUSED' },
      message: 'Slack: unreachable (offline?)',
    });
    const base = mixed([BOB]);
    expect(refreshSummary({ ...base, sources: { ...base.sources, slack: failing } })).toBe(
      'Updated 10:00 · 1 Slack request and 2 tickets · Slack: unreachable (offline?)',
    );
  });
});
