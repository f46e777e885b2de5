/** The Actions part of the settings form: "Assign to me" (off by default) and when playbooks are suggested. */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { withPlaybookList } from '../../src/renderer/settings/actions-section';
import { useAppStore } from '../../src/renderer/store';
import type { SaveSettingsRequest } from '../../src/shared/ipc';
import { fakeBridge, snapshot } from './fixtures';
import { renderApp } from './render';

describe('Actions settings', () => {
  it('starts with "Assign to me" off and saves it on, with a playbook suggested on other words', async () => {
    const bridge = fakeBridge(snapshot([]));
    renderApp(bridge);
    act(() => useAppStore.getState().setView('settings'));
    await screen.findByRole('heading', { name: 'Settings' });
    const assign = screen.getByRole('checkbox', { name: 'Offer “Assign to me” on tickets' });
    expect(assign).not.toBeChecked();
    await userEvent.click(assign);
    // Closed, the playbook lists are not in the page at all (nothing hidden for the keyboard to miss).
    expect(screen.queryByLabelText('Self-hosted question: words in the ticket')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'When playbooks are suggested' }));
    await userEvent.type(screen.getByLabelText('Self-hosted question: words in the ticket'), 'on prem, own servers');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const saved = () => bridge.callsOf('saveSettings').map((args) => args[0] as SaveSettingsRequest);
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0]!.settings.actions).toEqual({
      assignToMe: true,
      playbookRules: { self_hosted: { keywords: ['on prem', 'own servers'] } },
    });
  });

  it("shows main's validation of a playbook list next to that list, like every other field", async () => {
    const bridge = fakeBridge(snapshot([]), {
      saveSettings: async () => ({
        ok: false as const,
        errors: [
          { path: 'actions.playbookRules.two_factor_removal.tags', message: 'At most 30 entries' },
          // An entry's error belongs to its list.
          { path: 'actions.playbookRules.self_hosted.keywords.1', message: 'Use at most 60 characters per entry' },
        ],
      }),
    });
    renderApp(bridge);
    act(() => useAppStore.getState().setView('settings'));
    await screen.findByRole('heading', { name: 'Settings' });
    await userEvent.click(screen.getByRole('button', { name: 'When playbooks are suggested' }));
    await userEvent.type(screen.getByLabelText('2FA removal: tags'), 'a, b');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const tags = screen.getByLabelText('2FA removal: tags');
    await waitFor(() => expect(tags).toBeInvalid());
    expect(tags).toHaveAccessibleDescription(expect.stringContaining('At most 30 entries'));
    const words = screen.getByLabelText('Self-hosted question: words in the ticket');
    expect(words).toBeInvalid();
    expect(words).toHaveAccessibleDescription(expect.stringContaining('Use at most 60 characters per entry'));
    expect(screen.getByLabelText('2FA removal: words in the ticket')).toBeValid();
    // Placed at its field, not repeated in the summary above the form.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('opens the closed playbook lists when main finds an error in one', async () => {
    const bridge = fakeBridge(snapshot([]), {
      saveSettings: async () => ({
        ok: false as const,
        errors: [{ path: 'actions.playbookRules.delete_groups.keywords', message: 'At most 30 entries' }],
      }),
    });
    renderApp(bridge);
    act(() => useAppStore.getState().setView('settings'));
    await screen.findByRole('heading', { name: 'Settings' });
    expect(screen.queryByLabelText('Deleting groups: words in the ticket')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const words = await screen.findByLabelText('Deleting groups: words in the ticket');
    expect(words).toHaveAccessibleDescription(expect.stringContaining('At most 30 entries'));
    expect(screen.getByRole('button', { name: 'When playbooks are suggested' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('keeps the defaults for whatever is left empty', () => {
    const one = withPlaybookList(null, 'delete_groups', 'tags', ['groups']);
    expect(one).toEqual({ delete_groups: { tags: ['groups'] } });
    expect(withPlaybookList(one, 'delete_groups', 'keywords', ['remove a group'])).toEqual({
      delete_groups: { tags: ['groups'], keywords: ['remove a group'] },
    });
    expect(withPlaybookList(one, 'delete_groups', 'tags', [])).toBeNull();
  });
});
