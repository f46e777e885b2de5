/** The Slack part of the settings form: a write-only token, channels and user groups saved into `slack`. */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../src/renderer/store';
import type { SaveSettingsRequest, TestConnectionRequest } from '../../src/shared/ipc';
import { fakeBridge, settingsView, snapshot } from './fixtures';
import { renderApp } from './render';

describe('Slack settings', () => {
  it('saves the token write-only with the channels, the Customer Success group and the rate tier', async () => {
    const bridge = fakeBridge(snapshot([]));
    renderApp(bridge);
    act(() => useAppStore.getState().setView('settings'));
    await screen.findByRole('heading', { name: 'Settings' });
    const token = screen.getByLabelText('Slack token');
    expect(token).toHaveAttribute('type', 'password');
    await userEvent.type(token, 'xoxp-secret');
    await userEvent.type(screen.getByLabelText('Dedicated channel ids'), 'C0CSREQS01, C0CSESCAL1');
    await userEvent.type(screen.getByLabelText('Customer Success user group id'), 'S0CSTEAM01');
    await userEvent.selectOptions(screen.getByLabelText('Slack app type'), 'limited');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const saved = () => bridge.callsOf('saveSettings').map((args) => args[0] as SaveSettingsRequest);
    await waitFor(() => expect(saved()).toHaveLength(1));
    const request = saved()[0]!;
    expect(request.secrets).toEqual({ slackToken: 'xoxp-secret' });
    expect(request.settings.slack).toMatchObject({
      channelIds: ['C0CSREQS01', 'C0CSESCAL1'],
      csUserGroupId: 'S0CSTEAM01',
      myGroupId: null,
      includeBroadcasts: false,
      rateTier: 'limited',
    });
    expect(document.body.textContent).not.toContain('xoxp-secret');
  });

  it('tests the Slack connection with the typed token and shows who and which workspace', async () => {
    const message = 'Connected to Support Hero Demo (support-hero-demo.slack.com) as demo.hero';
    const asked: TestConnectionRequest[] = [];
    const bridge = fakeBridge(snapshot([]), {
      testConnection: async (request) => {
        asked.push(request);
        return { ok: true, message };
      },
    });
    await openSettings(bridge);
    await userEvent.type(screen.getByLabelText('Slack token'), 'xoxp-typed');
    await userEvent.click(screen.getByRole('button', { name: 'Test Slack connection' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ service: 'slack', token: 'xoxp-typed' });
  });

  it('shows a failed Slack test as a failure, in words', async () => {
    const message = 'The Slack token lacks the `channels:history` scope (missing_scope): add it to the Slack app';
    await openSettings(fakeBridge(snapshot([]), { testConnection: async () => ({ ok: false, message }) }));
    await userEvent.click(screen.getByRole('button', { name: 'Test Slack connection' }));
    const failure = await screen.findByText(message);
    expect(failure.parentElement).toHaveClass('test-failed');
  });

  it('picks several channels and both user groups from the account', async () => {
    const bridge = fakeBridge(snapshot([]));
    await openSettings(bridge);
    const channels = screen.getByRole('group', { name: 'Dedicated channels' });
    await userEvent.click(within(channels).getByRole('button', { name: 'Load from account' }));
    await userEvent.click(await within(channels).findByRole('checkbox', { name: '#cs-requests' }));
    await userEvent.click(within(channels).getByRole('checkbox', { name: /#cs-vip/ }));
    // The typed field follows the picker.
    expect(screen.getByLabelText('Dedicated channel ids')).toHaveValue('C0CSREQS01, G0CSVIP001');
    await userEvent.click(screen.getByRole('button', { name: 'Load user groups' }));
    const cs = screen.getByLabelText('Who counts as Customer Success');
    await waitFor(() => expect(within(cs).getAllByRole('option')).toHaveLength(3));
    expect(within(cs).getByRole('option', { name: 'Anyone in the channels' })).toBeInTheDocument();
    await userEvent.selectOptions(cs, 'S0CSTEAM01');
    await userEvent.selectOptions(screen.getByLabelText("Your team's user group"), 'S0MYTEAM01');
    expect(screen.getByLabelText('Customer Success user group id')).toHaveValue('S0CSTEAM01');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved(bridge)).toHaveLength(1));
    expect(saved(bridge)[0]!.settings.slack).toMatchObject({
      channelIds: ['C0CSREQS01', 'G0CSVIP001'],
      csUserGroupId: 'S0CSTEAM01',
      myGroupId: 'S0MYTEAM01',
    });
    expect(bridge.callsOf('listSlackChannels')).toHaveLength(1);
    expect(bridge.callsOf('listSlackUsergroups')).toHaveLength(1);
    // A picker asks with the stored token: nothing typed, nothing sent.
    expect(bridge.callsOf('listSlackChannels')[0]![0]).not.toHaveProperty('token');
  });

  it("shows a picker's failure and its note", async () => {
    const bridge = fakeBridge(snapshot([]), {
      listSlackChannels: async () => ({
        ok: true as const,
        options: [{ id: 'C0CSREQS01', label: '#cs-requests' }],
        note: 'Only the first 2000 channels are listed; type an id for any other',
      }),
      listSlackUsergroups: async () => ({
        ok: false as const,
        message: 'Slack sent an unexpected answer: plan_upgrade_required',
      }),
    });
    await openSettings(bridge);
    const channels = screen.getByRole('group', { name: 'Dedicated channels' });
    await userEvent.click(within(channels).getByRole('button', { name: 'Load from account' }));
    expect(await within(channels).findByText(/Only the first 2000 channels/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load user groups' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('plan_upgrade_required');
  });

  it("puts main's refusal of the token next to the token field", async () => {
    const message = 'Not saved: Slack does not recognise this token (invalid_auth): check that you copied all of it';
    const bridge = fakeBridge(snapshot([]), {
      saveSettings: async () => ({ ok: false as const, errors: [{ path: 'secrets.slackToken', message }] }),
    });
    await openSettings(bridge);
    await userEvent.type(screen.getByLabelText('Slack token'), 'xoxp-typo');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Slack token')).toHaveAccessibleDescription(expect.stringContaining(message)),
    );
    expect(screen.getByLabelText('Slack token')).toHaveAttribute('aria-invalid', 'true');
    expect(document.body.textContent).not.toContain('xoxp-typo');
  });

  it("shows main's refusal of a malformed channel id next to its field", async () => {
    const bridge = fakeBridge(snapshot([]), {
      saveSettings: async () => ({
        ok: false as const,
        errors: [{ path: 'slack.channelIds.0', message: 'A channel id looks like C0123ABCD' }],
      }),
    });
    await openSettings(bridge);
    await userEvent.type(screen.getByLabelText('Dedicated channel ids'), 'general');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Dedicated channel ids')).toHaveAccessibleDescription(
        expect.stringContaining('A channel id looks like C0123ABCD'),
      ),
    );
  });

  it('says which workspace the stored token is bound to', async () => {
    const base = settingsView();
    const view = {
      ...base,
      settings: {
        ...base.settings,
        slack: { ...base.settings.slack, teamId: 'T0DEMO0001', workspaceUrl: 'https://support-hero-demo.slack.com/' },
      },
      secrets: { ...base.secrets, slackToken: { present: true, storage: 'encrypted' as const, connectedAs: null } },
    };
    await openSettings(fakeBridge(snapshot([]), {}, view));
    expect(screen.getByText(/bound to/)).toHaveTextContent(
      'The stored token is bound to support-hero-demo.slack.com: a token for another workspace must be saved again.',
    );
  });
});

async function openSettings(bridge: ReturnType<typeof fakeBridge>) {
  renderApp(bridge);
  act(() => useAppStore.getState().setView('settings'));
  await screen.findByRole('heading', { name: 'Settings' });
  return bridge;
}

function saved(bridge: ReturnType<typeof fakeBridge>) {
  return bridge.callsOf('saveSettings').map((args) => args[0] as SaveSettingsRequest);
}
