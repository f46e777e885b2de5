/**
 * Ticket actions in the window: `a` on the active row opens the menu, a status change asks first in words and
 * sends only on Confirm, conflicts and refusals are shown as alerts, Escape cancels, and the log lists entries.
 */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useActionDialog } from '../../src/renderer/queue/ActionDialog';
import { entry, fakeBridge, snapshot } from './fixtures';
import { renderApp } from './render';

afterEach(() => {
  act(() => useActionDialog.setState({ ticketId: null, logOpen: false }));
});

async function openActionsOnFirstRow() {
  const list = await screen.findByRole('listbox');
  act(() => list.focus());
  await userEvent.keyboard('a');
  return screen.findByRole('dialog', { name: 'Ticket #1' });
}

describe('ticket actions', () => {
  it('asks with the sentence main planned, sends only on Confirm, and shows the result', async () => {
    const bridge = fakeBridge(snapshot([entry({ id: 1, subject: 'First' })]));
    renderApp(bridge);
    const dialog = await openActionsOnFirstRow();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set status…' }));
    await userEvent.click(within(dialog).getByRole('radio', { name: 'On-hold' }));
    await userEvent.type(within(dialog).getByRole('textbox'), 'Waiting on the team');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(bridge.callsOf('planAction')).toEqual([
      [{ ticketId: 1, action: 'status', params: { status: 'hold', note: 'Waiting on the team' } }],
    ]);
    expect(await within(dialog).findByText('Set ticket #1 to Pending.')).toBeInTheDocument();
    expect(bridge.callsOf('runAction')).toHaveLength(0);
    // The keyboard lands on Confirm: Enter sends.
    expect(within(dialog).getByRole('button', { name: 'Confirm' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(bridge.callsOf('runAction')).toHaveLength(1);
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Done: Set ticket #1 to Pending.');
  });

  it('shows a conflict and a refusal (with the missing permission) as alerts', async () => {
    const answers = [
      { result: 'conflict', message: 'Ticket #1 changed since you looked; nothing was overwritten.', permission: null },
      {
        result: 'forbidden',
        message: 'Zendesk refused: your Zendesk role cannot update this ticket (403).',
        permission: 'your Zendesk role cannot update this ticket',
      },
    ];
    const bridge = fakeBridge(snapshot([entry({ id: 1 })]), {
      runAction: async () => answers.shift()!,
    });
    renderApp(bridge);
    for (const expected of ['changed since you looked', 'Missing permission: your Zendesk role cannot update']) {
      const dialog = await openActionsOnFirstRow();
      await userEvent.click(within(dialog).getByRole('button', { name: 'Assign to me' }));
      await userEvent.click(await within(dialog).findByRole('button', { name: 'Confirm' }));
      expect(await within(dialog).findByText(new RegExp(expected))).toBeInTheDocument();
      expect(within(dialog).getByRole('alert')).toBeInTheDocument();
      await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    }
  });

  it('cancels with Escape without sending, and offers org assignment only where the row needs it', async () => {
    const bridge = fakeBridge(
      snapshot([entry({ id: 1 }, { flags: ['needs_org'] }), entry({ id: 2 }, { flags: ['community'] })]),
    );
    renderApp(bridge);
    const dialog = await openActionsOnFirstRow();
    expect(within(dialog).getByRole('button', { name: 'Assign to organization…' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Replied on the website…' })).not.toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(bridge.callsOf('runAction')).toHaveLength(0);
  });

  it('lists the action log, newest first', async () => {
    const bridge = fakeBridge(snapshot([entry({ id: 1 })]), {
      actionLog: async () => [
        {
          at: Date.parse('2026-11-30T09:00:00Z'),
          action: 'status',
          ticketId: 1,
          result: 'applied',
          summary: 'status pending',
        },
        {
          at: Date.parse('2026-11-30T09:05:00Z'),
          action: 'assign_to_me',
          ticketId: 2,
          result: 'conflict',
          summary: 'assign to me',
        },
      ],
    });
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Action log' }));
    const panel = await screen.findByRole('region', { name: 'Action log' });
    const items = await within(panel).findAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      '2026-11-30 09:05 · #2 · assign to me · conflict',
      '2026-11-30 09:00 · #1 · status pending · applied',
    ]);
  });
});
