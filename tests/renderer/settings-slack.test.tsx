/** The Slack part of the settings form: a write-only token, channels and user groups saved into `slack`. */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../src/renderer/store';
import type { SaveSettingsRequest } from '../../src/shared/ipc';
import { fakeBridge, snapshot } from './fixtures';
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
});
