import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/main/core/settings';
import { useAppStore } from '../../src/renderer/store';
import type { SaveSettingsRequest } from '../../src/shared/ipc';
import type { Settings } from '../../src/shared/settings';
import { fakeBridge, settingsView, snapshot } from './fixtures';
import { renderApp } from './render';

async function openSettings(bridge = fakeBridge(snapshot([]))) {
  renderApp(bridge);
  act(() => useAppStore.getState().setView('settings'));
  await screen.findByRole('heading', { name: 'Settings' });
  return bridge;
}

const saved = (bridge: ReturnType<typeof fakeBridge>) =>
  bridge.callsOf('saveSettings').map((args) => args[0] as SaveSettingsRequest);

describe('settings', () => {
  it('never shows a token back: only whether one is stored, where, and as whom it connected', async () => {
    const bridge = await openSettings();
    const token = screen.getByLabelText('Zendesk API token');
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveValue('');
    expect(token).toHaveAccessibleDescription(
      'A token is stored encrypted; Connected as Ada Lovelace (ada@example.com). Type a new one to replace it.',
    );
    expect(screen.getByLabelText('PagerDuty API token')).toHaveAccessibleDescription('No token stored.');

    await userEvent.type(token, 'new-secret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved(bridge)).toHaveLength(1));
    expect(saved(bridge)[0]!.secrets).toEqual({ zendeskToken: 'new-secret-token' });
    expect(screen.getByLabelText('Zendesk API token')).toHaveValue('');
    expect(document.body.textContent).not.toContain('new-secret-token');
  });

  it('checks fields as the user types and does not save until they are right', async () => {
    const bridge = await openSettings();
    const subdomain = screen.getByLabelText('Subdomain');
    await userEvent.clear(subdomain);
    await userEvent.type(subdomain, 'Posthog Help!');
    expect(subdomain).toHaveAttribute('aria-invalid', 'true');
    expect(subdomain).toHaveAccessibleDescription(
      expect.stringContaining('Use the part before .zendesk.com: lowercase letters, digits and -'),
    );
    const sla = screen.getByLabelText('SLA warnings (minutes before breach)');
    await userEvent.clear(sla);
    await userEvent.type(sla, '180, 120, 60, 30');
    expect(sla).toHaveAccessibleDescription(expect.stringContaining('At most 3 SLA warnings per ticket'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(saved(bridge)).toHaveLength(0);
  });

  it.each<[label: string, typed: string, path: string, change: (s: Settings) => void]>([
    [
      'Subdomain',
      'acme-',
      'zendesk.subdomain',
      (s) => {
        s.zendesk.subdomain = 'acme-';
      },
    ],
    [
      'Zendesk every (s)',
      '5',
      'polling.zendeskSeconds',
      (s) => {
        s.polling.zendeskSeconds = 5;
      },
    ],
    [
      'PagerDuty every (s)',
      '100000',
      'polling.pagerdutySeconds',
      (s) => {
        s.polling.pagerdutySeconds = 100_000;
      },
    ],
    [
      'SLA warnings (minutes before breach)',
      '180, 120, 60, 30',
      'notifications.slaWarningMinutes',
      (s) => {
        s.notifications.slaWarningMinutes = [180, 120, 60, 30];
      },
    ],
    [
      'Turn heads-ups (minutes before)',
      '15, 15',
      'notifications.turnLeadMinutes',
      (s) => {
        s.notifications.turnLeadMinutes = [15, 15];
      },
    ],
    [
      'Work ends',
      '08:00',
      'notifications.workingHours.end',
      (s) => {
        s.notifications.workingHours.end = '08:00';
      },
    ],
  ])('refuses %s = "%s" as main does, with the sentence main would send', async (label, typed, path, change) => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    change(settings);
    const verdict = validateSettings(settings);
    expect(verdict.ok).toBe(false);
    const mainSays = verdict.ok ? '' : verdict.errors.find((error) => error.path === path)?.message;
    expect(mainSays).toBeTruthy();

    const bridge = await openSettings();
    const input = screen.getByLabelText(label);
    await userEvent.clear(input);
    await userEvent.type(input, typed);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(expect.stringContaining(mainSays!));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(saved(bridge)).toHaveLength(0);
  });

  it("puts main's field errors next to their fields, nested paths included, and the rest on top", async () => {
    const bridge = fakeBridge(snapshot([]), {
      saveSettings: async () => ({
        ok: false,
        errors: [
          { path: 'polling.zendeskSeconds', message: 'Poll Zendesk at most every 15 seconds' },
          { path: 'notifications.turnLeadMinutes.1', message: 'Use at most a week' },
          { path: 'priority.rules', message: 'Keep at least one tier' },
        ],
      }),
    });
    await openSettings(bridge);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByLabelText('Zendesk every (s)')).toHaveAccessibleDescription(
      'Poll Zendesk at most every 15 seconds',
    );
    expect(screen.getByLabelText('Turn heads-ups (minutes before)')).toHaveAccessibleDescription(
      expect.stringContaining('Use at most a week'),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('priority.rules: Keep at least one tier');
  });

  it('saves the edited settings and the views picked from the list loaded from the account', async () => {
    const bridge = await openSettings();
    const views = screen.getByRole('group', { name: 'Team views' });
    await userEvent.click(within(views).getByRole('button', { name: 'Load from account' }));
    await userEvent.click(await within(views).findByRole('checkbox', { name: 'Infrastructure' }));
    const tags = screen.getByLabelText('Escalation tags');
    await userEvent.clear(tags);
    await userEvent.type(tags, 'escalated, tier2');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Start at login' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved(bridge)).toHaveLength(1));
    const request = saved(bridge)[0]!;
    expect(request.settings.zendesk.viewIds).toEqual([17989255082139, 14507148758939]);
    expect(request.settings.zendesk.escalationTags).toEqual(['escalated', 'tier2']);
    expect(request.settings.app.startAtLogin).toBe(true);
    expect(request.secrets).toEqual({});
    expect(bridge.callsOf('listZendeskViews')).toHaveLength(1);
  });

  it('shows the result of each connection test', async () => {
    let answer = { ok: true, message: 'Connected to posthoghelp as Ada Lovelace (ada@example.com)' };
    const bridge = fakeBridge(snapshot([]), { testConnection: async () => answer });
    await openSettings(bridge);
    await userEvent.click(screen.getByRole('button', { name: 'Test Zendesk connection' }));
    expect(await screen.findByText(answer.message)).toBeInTheDocument();
    answer = { ok: false, message: 'PagerDuty refused the token (401): check the API token' };
    await userEvent.click(screen.getByRole('button', { name: 'Test PagerDuty connection' }));
    const failure = await screen.findByText(answer.message);
    expect(failure.parentElement).toHaveClass('test-failed');
  });

  it('explains session-only tokens without encryption, and asks before storing plain text', async () => {
    const bridge = fakeBridge(snapshot([]), {}, settingsView({ encryptionAvailable: false }));
    await openSettings(bridge);
    expect(screen.getByText(/tokens are kept for this run only/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('PagerDuty API token'), 'u+abc');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Store tokens in plain text' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved(bridge)).toHaveLength(1));
    expect(saved(bridge)[0]!.allowPlainTextSecrets).toBe(true);
  });

  it("shows main's notice about the settings file", async () => {
    const notice = 'Your settings file could not be read; it was moved aside to settings.json.corrupt';
    await openSettings(fakeBridge(snapshot([]), {}, settingsView({ notice })));
    expect(screen.getByText(notice)).toBeInTheDocument();
  });
});
