import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../src/shared/ipc';
import { entry, fakeBridge, snapshot } from './fixtures';
import { renderApp } from './render';

const kept: Notice = {
  id: 'settings',
  level: 'warning',
  title: 'Support Hero settings',
  body: 'Your settings file could not be read, so it was kept as settings.corrupt.json.',
};

describe('notices from main', () => {
  it('shows a notice raised before the window loaded, and forgets it in main when dismissed', async () => {
    const bridge = fakeBridge(snapshot([entry()]), { getNotices: async () => [kept] });
    renderApp(bridge);
    const banner = await screen.findByRole('region', { name: 'Support Hero settings' });
    expect(banner).toHaveTextContent('kept as settings.corrupt.json');
    await userEvent.click(within(banner).getByRole('button', { name: 'Dismiss: Support Hero settings' }));
    expect(screen.queryByRole('region', { name: 'Support Hero settings' })).not.toBeInTheDocument();
    expect(bridge.callsOf('dismissNotice')).toEqual([['settings']]);
  });

  it('shows a pushed notice once per id, an error as an alert', async () => {
    let push: (notice: Notice) => void = () => {};
    let subscribed = 0;
    const bridge = fakeBridge(snapshot([entry()]), {
      onNotice: (listener) => {
        subscribed++;
        push = listener;
        return () => {
          subscribed--;
        };
      },
    });
    const { unmount } = renderApp(bridge);
    await screen.findByRole('listbox');
    const error: Notice = { id: 'ledger-unwritable', level: 'error', title: 'Alerts cannot be recorded', body: 'a' };
    act(() => push(error));
    act(() => push({ ...error, body: 'b' }));
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toHaveTextContent('Alerts cannot be recorded: b');
    unmount();
    expect(subscribed).toBe(0);
  });
});
