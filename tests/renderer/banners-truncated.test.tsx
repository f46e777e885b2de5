/** A list cut at its page cap (issue 10, class 3): the window says so in a small warning line. */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { entry, fakeBridge, health, snapshot } from './fixtures';
import { renderApp } from './render';

describe('a list cut short', () => {
  it('shows a warning line for the source whose list was cut, and none for the other', async () => {
    const zendesk = health('zendesk', {
      truncated: true,
      message: 'Zendesk: up to date (10:00); list cut short at 5,000 tickets per view',
    });
    renderApp(fakeBridge(snapshot([entry()], { sources: { zendesk, pagerduty: health('pagerduty') } })));
    const banner = await screen.findByRole('region', { name: 'Zendesk list cut short' });
    expect(banner).toHaveTextContent('Zendesk: the list was cut short at its page cap, so some items are missing.');
    expect(screen.queryByRole('region', { name: 'PagerDuty list cut short' })).not.toBeInTheDocument();
  });

  it('shows nothing when no list was cut', async () => {
    renderApp(fakeBridge(snapshot([entry()])));
    await screen.findByRole('listbox', { name: 'Queue' });
    expect(screen.queryByRole('region', { name: /list cut short/ })).not.toBeInTheDocument();
  });
});
