/** Slack requests in the window: who asked, where, the preview as text, how long ago, open thread and dismiss. */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SlackRequestEntry } from '../../src/shared/domain';
import { entry, fakeBridge, iso, MINUTE, NOW, snapshot } from './fixtures';
import { renderApp } from './render';

function request(overrides: Partial<SlackRequestEntry['request']> = {}): SlackRequestEntry {
  return {
    kind: 'slack_request',
    source: 'slack-api',
    tier: 'slack_customer_success',
    tierRank: 1,
    tierLabel: 'Slack request from Customer Success',
    reason: 'Slack request from Customer Success: Alice (CS) in #cs-requests',
    handover: true,
    request: {
      id: 'C0CSREQS01/1764493230.000100',
      channelId: 'C0CSREQS01',
      channelName: 'cs-requests',
      threadTs: '1764493230.000100',
      ts: '1764493230.000100',
      author: { id: 'U0CSALICE1', name: 'Alice (CS)' },
      preview: '@Demo Hero Acme sees <b>ingestion lag</b> & wants an ETA',
      postedAt: iso(NOW - 90 * MINUTE),
      permalink: 'https://acme.slack.com/archives/C0CSREQS01/p1764493230000100',
      mentions: { me: true, myGroup: false, broadcast: false },
      ...overrides,
    },
  };
}

describe('Slack requests', () => {
  it('shows who asked, in which channel, the preview as plain text and how long ago', async () => {
    renderApp(fakeBridge(snapshot([entry()], { requests: [request()] })));
    const section = await screen.findByRole('region', { name: /Slack request from Customer Success \(1\)/ });
    expect(within(section).getByText('Alice (CS)')).toBeInTheDocument();
    expect(within(section).getByText('cs-requests')).toBeInTheDocument();
    // Markup in the text stays text: no element is made from it.
    expect(within(section).getByText('@Demo Hero Acme sees <b>ingestion lag</b> & wants an ETA')).toBeInTheDocument();
    expect(section.querySelector('b')).toBeNull();
    expect(within(section).getByText(/1h 30m ago/)).toBeInTheDocument();
  });

  it('opens the thread and dismisses by request id, never by URL', async () => {
    const bridge = fakeBridge(snapshot([entry()], { requests: [request()] }));
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Open thread' }));
    expect(bridge.callsOf('openSlackRequest')).toEqual([['C0CSREQS01/1764493230.000100']]);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(bridge.callsOf('dismissSlackRequest')).toEqual([['C0CSREQS01/1764493230.000100']]);
  });

  it('offers no link when the request has none, and shows nothing without requests', async () => {
    renderApp(fakeBridge(snapshot([entry()], { requests: [request({ permalink: null })] })));
    await screen.findByText('Alice (CS)');
    expect(screen.queryByRole('button', { name: 'Open thread' })).not.toBeInTheDocument();
  });
});
