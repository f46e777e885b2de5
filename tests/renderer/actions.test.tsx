/**
 * Ticket actions in the window: `a` on the active row opens the menu, a status change asks first in words and
 * sends only on Confirm, conflicts and refusals are shown as alerts, Escape cancels, and the log lists entries.
 */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useActionDialog } from '../../src/renderer/queue/ActionDialog';
import type { ActionPrompt, PlaybookView, TicketActionRequest } from '../../src/shared/ipc';
import { entry, fakeBridge, snapshot } from './fixtures';
import { renderApp } from './render';

afterEach(() => {
  act(() => useActionDialog.setState({ ticketId: null, prompt: null, logOpen: false }));
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
      // "Assign to me" is offered only when the settings turn it on.
      actionOffers: async () => ({ assignToMe: true, playbooks: [] }),
    });
    renderApp(bridge);
    for (const expected of ['changed since you looked', 'Missing permission: your Zendesk role cannot update']) {
      const dialog = await openActionsOnFirstRow();
      await userEvent.click(await within(dialog).findByRole('button', { name: 'Assign to me' }));
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

  it('reaches every action from the keyboard alone, and Escape or Close hands the keyboard back to the row', async () => {
    const bridge = fakeBridge(
      snapshot([entry({ id: 1 }), entry({ id: 2 }, { flags: ['needs_org', 'community'] }), entry({ id: 3 })]),
      { actionOffers: async () => ({ assignToMe: true, playbooks: [] }) },
    );
    renderApp(bridge);
    // Selected by role only: the listbox's name is the header's business.
    const list = await screen.findByRole('listbox');
    act(() => list.focus());
    await userEvent.keyboard('{ArrowDown}');
    expect(list).toHaveAttribute('aria-activedescendant', 'ticket-2');
    expect(document.getElementById('ticket-2')).toHaveAttribute('aria-keyshortcuts', expect.stringContaining('A'));
    const labels = [
      'Set status…',
      'Replied on the website…',
      'Assign to organization…',
      'Assign to me',
      'Bug report on GitHub…',
      'Feature request on GitHub…',
      'Playbook…',
    ];
    for (const [index, label] of labels.entries()) {
      await userEvent.keyboard('a');
      const dialog = await screen.findByRole('dialog', { name: 'Ticket #2' });
      await within(dialog).findByRole('button', { name: 'Assign to me' });
      // Tab from the first item to this one, then Enter chooses it.
      for (let step = 0; step < index; step += 1) await userEvent.keyboard('{Tab}');
      expect(within(dialog).getByRole('button', { name: label })).toHaveFocus();
      await userEvent.keyboard('{Enter}');
      expect(within(dialog).queryByRole('button', { name: label })).not.toBeInTheDocument();
      await userEvent.keyboard('{Escape}');
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(list).toHaveFocus();
      expect(list).toHaveAttribute('aria-activedescendant', 'ticket-2');
    }
    // Confirm with Enter, then Close (Enter on it) returns to the row too.
    await userEvent.keyboard('a');
    const dialog = await screen.findByRole('dialog', { name: 'Ticket #2' });
    await within(dialog).findByRole('button', { name: 'Assign to me' });
    expect(within(dialog).getByRole('button', { name: 'Set status…' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{Enter}');
    expect(await within(dialog).findByRole('button', { name: 'Confirm' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(bridge.callsOf('runAction')).toEqual([[{ ticketId: 2, action: 'status', params: { status: 'pending' } }]]);
    expect(await within(dialog).findByRole('button', { name: 'Close' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(list).toHaveFocus();
    expect(list).toHaveAttribute('aria-activedescendant', 'ticket-2');
    expect(bridge.callsOf('runAction')).toHaveLength(1);
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

const TWO_FACTOR: PlaybookView = {
  id: 'two_factor_removal',
  title: '2FA removal',
  warning: null,
  steps: [
    { text: 'Send the confirmation email below to the account owner.' },
    {
      text: 'After they confirm, delete their TOTP device.',
      link: { label: 'TOTP devices (US)', url: 'https://us.posthog.com/admin/otp_totp/totpdevice/' },
    },
  ],
  templates: [
    { label: 'Confirmation email', text: 'Subject: Confirmation Required\n\nHi Grace,\n\nAccording to ticket #1, …' },
  ],
};

describe('ticket workflows in the dialog', () => {
  it('offers "Assign to me" only when the settings turn it on', async () => {
    renderApp(fakeBridge(snapshot([entry({ id: 1 })])));
    const dialog = await openActionsOnFirstRow();
    await within(dialog).findByRole('button', { name: 'Set status…' });
    expect(within(dialog).queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument();
  });

  it('opens at the action a tray prompt names, and still sends only on Confirm', async () => {
    let prompt: ((value: ActionPrompt) => void) | null = null;
    const bridge = fakeBridge(snapshot([entry({ id: 1 }), entry({ id: 2 })]), {
      onActionPrompt: (listener) => {
        prompt = listener;
        return () => {};
      },
    });
    renderApp(bridge);
    await screen.findByRole('listbox');
    act(() => prompt!({ ticketId: 2, action: 'status', params: { status: 'solved' } }));
    const dialog = await screen.findByRole('dialog', { name: 'Ticket #2' });
    expect(within(dialog).getByRole('radio', { name: 'Solved' })).toBeChecked();
    expect(bridge.callsOf('planAction')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(bridge.callsOf('planAction')).toEqual([[{ ticketId: 2, action: 'status', params: { status: 'solved' } }]]);
    expect(bridge.callsOf('runAction')).toHaveLength(0);
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Confirm' }));
    expect(bridge.callsOf('runAction')).toEqual([[{ ticketId: 2, action: 'status', params: { status: 'solved' } }]]);
  });

  it('says On-hold pauses the SLA and requires its note', async () => {
    renderApp(fakeBridge(snapshot([entry({ id: 1 })])));
    const dialog = await openActionsOnFirstRow();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set status…' }));
    await userEvent.click(within(dialog).getByRole('radio', { name: 'On-hold' }));
    expect(within(dialog).getByText(/On-hold pauses the SLA timer: use it sparingly/)).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /required for On-hold/ })).toBeRequired();
  });

  it('notes a website reply with the pasted question link and the chosen status', async () => {
    const bridge = fakeBridge(snapshot([entry({ id: 1 }, { flags: ['community'] })]));
    renderApp(bridge);
    const dialog = await openActionsOnFirstRow();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Replied on the website…' }));
    expect(within(dialog).getByRole('radio', { name: 'Pending' })).toBeChecked();
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Solved' }));
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Question link/ }),
      'https://posthog.com/questions/x',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(bridge.callsOf('planAction')).toEqual([
      [
        {
          ticketId: 1,
          action: 'replied_on_website',
          params: { status: 'solved', questionUrl: 'https://posthog.com/questions/x' },
        },
      ],
    ]);
  });

  it('opens the bug form, then offers Pending and copies the team message (never posts it)', async () => {
    const planned: TicketActionRequest[] = [];
    let runs = 0;
    const bridge = fakeBridge(snapshot([entry({ id: 1 })]), {
      planAction: async (request) =>
        planned.push(request) && request.action === 'bug_report'
          ? {
              kind: 'issue_form' as const,
              confirmation: "Open GitHub's bug report form for PostHog/posthog, prefilled from ticket #1",
              followUps: ['Reply to thank them', 'Set the ticket to Pending when you send the reply'],
            }
          : { kind: 'confirm' as const, confirmation: 'Set ticket #1 to Pending.', requests: [] },
      runAction: async () => {
        runs++;
        return { result: 'applied', message: 'Opened the bug report form on GitHub.', permission: null };
      },
    });
    renderApp(bridge);
    const dialog = await openActionsOnFirstRow();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Bug report on GitHub…' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Open the form' }));
    expect(await within(dialog).findByText('Opened the bug report form on GitHub.')).toBeInTheDocument();
    const link = within(dialog).getByRole('textbox', { name: /Link of the new issue/ });
    await userEvent.type(link, 'https://github.com/PostHog/posthog/issues/123');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy team message' }));
    expect(bridge.callsOf('copyTeamMessage')).toEqual([['https://github.com/PostHog/posthog/issues/123']]);
    expect(await within(dialog).findByText(/Team message copied to the clipboard \(not sent\)/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set Pending…' }));
    expect(within(dialog).getByRole('radio', { name: 'Pending' })).toBeChecked();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(planned.at(-1)).toEqual({ ticketId: 1, action: 'status', params: { status: 'pending' } });
    // Opening the form was the only run: Pending waits for its own confirmation.
    expect(runs).toBe(1);
  });

  it('suggests the matching playbook and shows it as checkable steps with a copy button', async () => {
    const planned: TicketActionRequest[] = [];
    const bridge = fakeBridge(snapshot([entry({ id: 1 })]), {
      actionOffers: async () => ({
        assignToMe: false,
        playbooks: [{ id: 'two_factor_removal', title: '2FA removal', reason: 'tag 2fa' }],
      }),
      planAction: async (request) => {
        planned.push(request);
        return { kind: 'guide' as const, text: '2FA removal', playbook: TWO_FACTOR };
      },
    });
    renderApp(bridge);
    const dialog = await openActionsOnFirstRow();
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Playbook: 2FA removal' }));
    expect(planned).toEqual([{ ticketId: 1, action: 'playbook', params: { playbook: 'two_factor_removal' } }]);
    const steps = await within(dialog).findAllByRole('checkbox');
    expect(steps).toHaveLength(2);
    await userEvent.click(steps[0]!);
    expect(steps[0]).toBeChecked();
    expect(within(dialog).getByRole('textbox', { name: 'Confirmation email' })).toHaveValue(
      TWO_FACTOR.templates[0]!.text,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy confirmation email' }));
    // The button names the template; main fills it again from the ticket and copies that.
    expect(bridge.callsOf('copyTemplate')).toEqual([[1, 'two_factor_removal', 0]]);
    expect(
      await within(dialog).findByText('Confirmation email copied to the clipboard (not sent).'),
    ).toBeInTheDocument();
    expect(bridge.callsOf('runAction')).toHaveLength(0);
  });

  it('shows the deleting-groups warning in bold', async () => {
    const bridge = fakeBridge(snapshot([entry({ id: 1 })]), {
      planAction: async () => ({
        kind: 'guide' as const,
        text: 'Deleting groups',
        playbook: {
          id: 'delete_groups' as const,
          title: 'Deleting groups',
          warning: 'Do NOT click the DELETE button! That will delete the entire project!',
          steps: [{ text: 'Click the SAVE button. (Do NOT use the DELETE button!)', bold: true }],
          templates: [],
        },
      }),
    });
    renderApp(bridge);
    const dialog = await openActionsOnFirstRow();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Playbook…' }));
    await userEvent.selectOptions(within(dialog).getByRole('combobox'), 'delete_groups');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    const warning = await within(dialog).findByText(/WARNING: Do NOT click the DELETE button/);
    expect(warning.tagName).toBe('STRONG');
    expect(within(dialog).getByText('Click the SAVE button. (Do NOT use the DELETE button!)').tagName).toBe('STRONG');
  });
});
