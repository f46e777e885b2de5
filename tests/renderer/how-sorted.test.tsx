/** The "How this queue is sorted" view: what the snapshot says was assumed, reachable from the header by keyboard. */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { assumptionsOf } from '../../src/main/core/snapshot';
import type { Settings } from '../../src/shared/settings';
import { entry, fakeBridge, snapshot } from './fixtures';
import { renderApp } from './render';

const button = () => screen.getByRole('button', { name: 'How this queue is sorted' });
const panel = () => screen.getByRole('region', { name: 'How this queue is sorted' });

describe('How this queue is sorted', () => {
  it("opens from the header and says the handbook's tiers in order, with the tags and the window assumed", async () => {
    renderApp(fakeBridge(snapshot([entry()], { assumptions: assumptionsOf(DEFAULT_SETTINGS) })));
    await screen.findByRole('option');
    expect(button()).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('region', { name: 'How this queue is sorted' })).not.toBeInTheDocument();

    await userEvent.click(button());
    expect(button()).toHaveAttribute('aria-expanded', 'true');
    expect(button()).toHaveAttribute('aria-controls', panel().id);
    expect(panel()).toHaveFocus();
    expect(panel()).toHaveTextContent("By the handbook's tiers.");
    const rules = within(panel()).getAllByRole('listitem');
    expect(rules.map((rule) => rule.textContent)).toEqual([
      'Slack request from Customer Success: Slack messages in the dedicated channels where Customer Success tagged you or your team, not yet answered.',
      'Tagged by Customer Success: New, Open, Pending or On-hold tickets tagged by Customer Success (tag customer_success or cs_tagged).',
      'Escalated, High priority: Open tickets escalated (tag escalated), with Urgent or High priority.',
      'Escalated, Normal priority: Open tickets escalated (tag escalated), with Normal priority.',
      'Nearing or past SLA breach: New or Open tickets not escalated, breaching within 3h or already breached.',
      'Low priority: Open tickets with Low priority. Not in the handover.',
    ]);
    // Tag names are set as code, without the backticks of the sentences.
    expect(within(rules[1]!).getByText('cs_tagged').tagName).toBe('CODE');
    expect(panel()).not.toHaveTextContent('`');
    expect(panel()).toHaveTextContent('Tickets no tier takes are kept under "Other", never dropped.');
    expect(panel()).toHaveTextContent('Within a tier, the ticket closest to breach comes first');
    expect(
      within(panel())
        .getAllByRole('term')
        .map((term) => term.textContent),
    ).toEqual(['Escalated', 'Customer Success', 'Nearing breach']);
    expect(panel()).toHaveTextContent('Escalatedtagged escalated');
    expect(panel()).toHaveTextContent('Customer Successtagged customer_success or cs_tagged');
    expect(panel()).toHaveTextContent('Nearing breachwithin 3h of the SLA breach');
  });

  it("says a replaced table is the user's own, with the user's tags and window", async () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      zendesk: { ...DEFAULT_SETTINGS.zendesk, escalationTags: ['esc', 'l2'], customerSuccessTags: ['cs'] },
      priority: {
        nearingBreachMinutes: 90,
        rules: [{ id: 'top', label: 'Top 20', handover: true, when: { tagsAny: ['top_20'] } }],
      },
    };
    renderApp(fakeBridge(snapshot([entry()], { assumptions: assumptionsOf(settings) })));
    await userEvent.click(await screen.findByRole('button', { name: 'How this queue is sorted' }));
    expect(panel()).toHaveTextContent('By your own rule table.');
    expect(
      within(panel())
        .getAllByRole('listitem')
        .map((rule) => rule.textContent),
    ).toEqual(['Top 20: Tickets tagged top_20.']);
    expect(panel()).toHaveTextContent('Escalatedtagged esc or l2');
    expect(panel()).toHaveTextContent('Customer Successtagged cs');
    expect(panel()).toHaveTextContent('Nearing breachwithin 1h 30m of the SLA breach');
  });

  it('is reached and closed by keyboard: Escape closes it (not the window) and focus returns to the button', async () => {
    const bridge = fakeBridge(snapshot([entry()]));
    renderApp(bridge);
    await screen.findByRole('option');
    button().focus();
    await userEvent.keyboard('{Enter}');
    expect(panel()).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'How this queue is sorted' })).not.toBeInTheDocument();
    expect(button()).toHaveFocus();
    expect(bridge.callsOf('hideWindow')).toHaveLength(0);
    await userEvent.keyboard('{Enter}');
    await userEvent.click(within(panel()).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'How this queue is sorted' })).not.toBeInTheDocument();
    expect(button()).toHaveFocus();
  });

  it('leads to Settings, where the tags are changed', async () => {
    renderApp(fakeBridge(snapshot([entry()])));
    await userEvent.click(await screen.findByRole('button', { name: 'How this queue is sorted' }));
    await userEvent.click(within(panel()).getByRole('button', { name: 'Change the tags in Settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Escalation tags/i)).toBeInTheDocument();
  });
});
