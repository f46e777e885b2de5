/**
 * The action channels: sender-checked and validated like the others, the page names an action on a ticket id,
 * main plans it and answers in sentences; the GitHub form is opened by main only when it is PostHog/posthog's.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { type ActionsFace, registerActionHandlers } from '../../src/main/electron/action-handlers';
import { IpcBridge, type IpcMainLike } from '../../src/main/electron/ipc';
import { parseRequest } from '../../src/main/electron/ipc-validation';
import { allowedExternalUrl } from '../../src/main/electron/links';

const PAGE = 'file:///app/out/renderer/index.html';
const FORM = 'https://github.com/PostHog/posthog/issues/new?template=bug_report.yml&labels=bug&title=Broken';

function setup(actions: ActionsFace | null, handover: () => string = () => '') {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const contents = { mainFrame: { url: PAGE }, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents;
  const bridge = new IpcBridge(ipcMain, { webContents: () => contents, pageUrl: PAGE });
  const links = { open: vi.fn(async (_url: string) => {}) };
  const copied: string[] = [];
  registerActionHandlers(bridge, actions, links, { writeText: (text) => void copied.push(text) }, handover);
  const invoke = (channel: string, payload: unknown, sender: WebContents = contents) =>
    Promise.resolve().then(() =>
      handlers.get(channel)!({ sender, senderFrame: (sender as { mainFrame: unknown }).mainFrame } as never, payload),
    );
  return { invoke, links, copied };
}

function fakeActions(): ActionsFace & { [K in keyof ActionsFace]: ReturnType<typeof vi.fn> } {
  return {
    plan: vi.fn(async () => ({
      kind: 'confirm' as const,
      confirmation: 'Set ticket #7 to Pending.',
      requests: [{ method: 'PUT', url: 'http://127.0.0.1:9/api/v2/tickets/7', body: {} }],
      lookup: null,
    })),
    run: vi.fn(async () => ({
      result: 'conflict' as const,
      message: 'Ticket #7 changed since you looked; nothing was overwritten. Check it and try again.',
      permission: null,
      requests: 2,
    })),
    issueForm: vi.fn(async () => ({ url: FORM, followUps: ['Reply'] })),
    playbook: vi.fn(async () => ({
      text: '2FA removal',
      playbook: {
        id: 'two_factor_removal' as const,
        title: '2FA removal',
        warning: null,
        steps: [{ text: 'Send the email' }],
        templates: [{ label: 'Confirmation email', text: 'Hi Grace' }],
      },
    })),
    offers: vi.fn(async () => ({
      assignToMe: false,
      playbooks: [{ id: 'self_hosted' as const, title: 'Self-hosted question', reason: 'tag hobby' }],
    })),
    entries: vi.fn(() => [
      {
        at: 1,
        action: 'status' as const,
        ticketId: 7,
        result: 'applied' as const,
        summary: 'status pending',
        requests: 1,
      },
    ]),
  } as never;
}

describe('action IPC', () => {
  it('plans from the ticket id and answers with the sentence and request lines (no host)', async () => {
    const actions = fakeActions();
    const { invoke } = setup(actions);
    const plan = await invoke('action:plan', { ticketId: 7, action: 'status', params: { status: 'pending' } });
    expect(plan).toEqual({
      kind: 'confirm',
      confirmation: 'Set ticket #7 to Pending.',
      requests: ['PUT /api/v2/tickets/7'],
    });
    expect(actions.plan).toHaveBeenCalledWith({ action: 'status', ticketId: 7, params: { status: 'pending' } });
  });

  it('passes a conflict back as the server said it', async () => {
    const { invoke } = setup(fakeActions());
    const result = await invoke('action:run', { ticketId: 7, action: 'status', params: { status: 'hold', note: 'x' } });
    expect(result).toEqual({
      result: 'conflict',
      message: expect.stringContaining('changed since you looked'),
      permission: null,
    });
  });

  it('refuses bad payloads and unknown senders before the service is asked', async () => {
    const actions = fakeActions();
    const { invoke } = setup(actions);
    await expect(
      invoke('action:run', { ticketId: 7, action: 'status', params: { status: 'pending' }, url: 'https://evil.io' }),
    ).rejects.toThrow(/refused action:run/);
    await expect(invoke('action:plan', { ticketId: 7, action: 'delete_everything', params: {} })).rejects.toThrow(
      /refused action:plan: action/,
    );
    await expect(
      invoke('action:plan', { ticketId: 7, action: 'status', params: { note: 'x'.repeat(20_001) } }),
    ).rejects.toThrow(/params\.note/);
    const stranger = { mainFrame: { url: PAGE } } as unknown as WebContents;
    await expect(invoke('action:plan', { ticketId: 7, action: 'assign_to_me', params: {} }, stranger)).rejects.toThrow(
      /unknown sender/,
    );
    expect(actions.plan).not.toHaveBeenCalled();
    expect(actions.run).not.toHaveBeenCalled();
  });

  it('opens the issue form through main, and lists the log without notes', async () => {
    const actions = fakeActions();
    const { invoke, links } = setup(actions);
    const result = await invoke('action:run', { ticketId: 7, action: 'bug_report', params: {} });
    expect(result).toMatchObject({ result: 'applied' });
    expect(links.open).toHaveBeenCalledWith(FORM);
    expect(await invoke('actions:log', null)).toEqual([
      { at: 1, action: 'status', ticketId: 7, result: 'applied', summary: 'status pending' },
    ]);
  });

  it('refuses when no actions service is wired', async () => {
    const { invoke } = setup(null);
    await expect(invoke('action:plan', { ticketId: 7, action: 'assign_to_me', params: {} })).rejects.toThrow(
      /actions are not available/,
    );
  });
});

describe('offers, playbooks and the clipboard', () => {
  it('answers the offers for a ticket id, and a playbook as checkable data', async () => {
    const actions = fakeActions();
    const { invoke } = setup(actions);
    expect(await invoke('action:offers', { ticketId: 7 })).toEqual({
      assignToMe: false,
      playbooks: [{ id: 'self_hosted', title: 'Self-hosted question', reason: 'tag hobby' }],
    });
    expect(actions.offers).toHaveBeenCalledWith(7);
    await expect(invoke('action:offers', { ticketId: -1 })).rejects.toThrow(/refused action:offers: ticketId/);
    const guide = await invoke('action:plan', {
      ticketId: 7,
      action: 'playbook',
      params: { playbook: 'two_factor_removal' },
    });
    expect(guide).toMatchObject({
      kind: 'guide',
      playbook: {
        title: '2FA removal',
        steps: [{ text: 'Send the email' }],
        templates: [{ label: 'Confirmation email' }],
      },
    });
  });

  it('copies a template main fills again from the ticket, without unseen characters', async () => {
    const actions = fakeActions();
    actions.playbook.mockResolvedValue({
      text: '2FA removal',
      playbook: {
        id: 'two_factor_removal',
        title: '2FA removal',
        warning: null,
        steps: [],
        templates: [
          { label: 'Confirmation email', text: 'Hi Grace' },
          // Controls, a zero-width space, a bidi override, a line separator and a lone surrogate: none is seen.
          { label: 'Reply', text: 'Hi Grace,\r\n\tthanks\u0007\u001b[2J\u200b\u202egnp.exe\u2028\ud800 end' },
        ],
      },
    });
    const { invoke, copied } = setup(actions);
    expect(
      await invoke('clipboard:write', { template: { ticketId: 7, playbook: 'two_factor_removal', index: 1 } }),
    ).toEqual({ ok: true, copied: 'Hi Grace,\n\tthanks[2Jgnp.exe end' });
    expect(actions.playbook).toHaveBeenCalledWith(7, 'two_factor_removal');
    expect(
      await invoke('clipboard:write', { template: { ticketId: 7, playbook: 'two_factor_removal', index: 2 } }),
    ).toEqual({ ok: false, message: 'The 2FA removal playbook has no such template.' });
    actions.playbook.mockResolvedValue({ error: 'Ticket #8 is not in the queue.' });
    expect(await invoke('clipboard:write', { template: { ticketId: 8, playbook: 'self_hosted', index: 0 } })).toEqual({
      ok: false,
      message: 'Ticket #8 is not in the queue.',
    });
    expect(copied).toEqual(['Hi Grace,\n\tthanks[2Jgnp.exe end']);
  });

  it('refuses a text the page chose, and anything but one named thing', async () => {
    const actions = fakeActions();
    const { invoke, copied } = setup(actions, () => '# Handover');
    await expect(invoke('clipboard:write', { text: 'Hi Grace' })).rejects.toThrow(
      /^Support Hero refused clipboard:write: /,
    );
    await expect(
      invoke('clipboard:write', {
        handover: true,
        teamMessage: { issueUrl: 'https://github.com/PostHog/posthog/issues/1' },
      }),
    ).rejects.toThrow(/must name one of a template, a team message or the handover/);
    await expect(invoke('clipboard:write', {})).rejects.toThrow(/must name one of/);
    await expect(invoke('clipboard:write', { handover: false })).rejects.toThrow(/refused clipboard:write: handover/);
    await expect(
      invoke('clipboard:write', { template: { ticketId: 7, playbook: 'two_factor_removal', index: 0, text: 'x' } }),
    ).rejects.toThrow(/refused clipboard:write: template/);
    await expect(invoke('clipboard:write', { template: { ticketId: 7, playbook: 'rm_rf', index: 0 } })).rejects.toThrow(
      /refused clipboard:write: template\.playbook/,
    );
    await expect(
      invoke('clipboard:write', { template: { ticketId: 7, playbook: 'self_hosted', index: -1 } }),
    ).rejects.toThrow(/refused clipboard:write: template\.index/);
    await expect(invoke('clipboard:write', { html: '<b>x</b>' })).rejects.toThrow(/refused clipboard:write/);
    expect(actions.playbook).not.toHaveBeenCalled();
    expect(copied).toEqual([]);
  });

  it('copies the handover main builds, the same text handover:markdown shows', async () => {
    const handover = '# Support Hero handover\n\n- [#1 Broken\u202e](https://x)\u200b\n';
    const { invoke, copied } = setup(fakeActions(), () => handover);
    expect(await invoke('clipboard:write', { handover: true })).toEqual({
      ok: true,
      copied: '# Support Hero handover\n\n- [#1 Broken](https://x)\n',
    });
    expect(copied).toEqual(['# Support Hero handover\n\n- [#1 Broken](https://x)\n']);
    const empty = setup(fakeActions());
    expect(await empty.invoke('clipboard:write', { handover: true })).toEqual({
      ok: false,
      message: 'There is nothing to copy.',
    });
    expect(empty.copied).toEqual([]);
  });

  it('builds the team-channel message itself, only from a PostHog/posthog issue link', async () => {
    const { invoke, copied } = setup(fakeActions());
    expect(
      await invoke('clipboard:write', {
        teamMessage: { issueUrl: ' https://github.com/PostHog/posthog/issues/4242 ' },
      }),
    ).toEqual({
      ok: true,
      copied: 'New bug report from a high priority customer: https://github.com/PostHog/posthog/issues/4242',
    });
    for (const issueUrl of [
      'https://github.com/evil/posthog/issues/1',
      'https://github.com/PostHog/posthog/issues/1?x=<script>',
      'javascript:alert(1)',
    ]) {
      expect(await invoke('clipboard:write', { teamMessage: { issueUrl } })).toEqual({
        ok: false,
        message: expect.stringContaining('Paste the link of the issue on github.com/PostHog/posthog'),
      });
    }
    expect(copied).toEqual([
      'New bug report from a high priority customer: https://github.com/PostHog/posthog/issues/4242',
    ]);
  });
});

describe('GitHub links in the allow-list', () => {
  it("allows only PostHog/posthog's new-issue forms", () => {
    expect(allowedExternalUrl(FORM, DEFAULT_SETTINGS)).toBe(FORM);
    expect(allowedExternalUrl(FORM.replace('PostHog/posthog', 'evil/posthog'), DEFAULT_SETTINGS)).toBeNull();
    expect(allowedExternalUrl('https://github.com/PostHog/posthog/issues/1', DEFAULT_SETTINGS)).toBeNull();
    expect(allowedExternalUrl(`${FORM}&assignees=someone`, DEFAULT_SETTINGS)).toBeNull();
    expect(
      allowedExternalUrl(FORM.replace('https://github.com', 'https://github.com.evil.io'), DEFAULT_SETTINGS),
    ).toBeNull();
  });

  it('validates the note length in the schema without echoing it', () => {
    expect(() =>
      parseRequest('action:plan', { ticketId: 1, action: 'status', params: { note: 'secret'.repeat(5000) } }),
    ).toThrow(/^Support Hero refused action:plan: params\.note must be at most 20,000 characters$/);
  });
});
