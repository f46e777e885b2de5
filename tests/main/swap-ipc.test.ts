/**
 * The swap channels: sender-checked and validated like the others; the page names a schedule, a teammate id and
 * a day or local range (or an override id), main converts and checks them and answers in sentences; the log
 * lists swaps by schedule.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { type ActionsFace, registerActionHandlers } from '../../src/main/electron/action-handlers';
import { IpcBridge, type IpcMainLike } from '../../src/main/electron/ipc';
import { parseRequest } from '../../src/main/electron/ipc-validation';
import { swapInputOf } from '../../src/main/electron/swap-handlers';

const PAGE = 'file:///app/out/renderer/index.html';

function setup(actions: ActionsFace | null) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const contents = { mainFrame: { url: PAGE }, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents;
  const bridge = new IpcBridge(ipcMain, { webContents: () => contents, pageUrl: PAGE });
  registerActionHandlers(bridge, actions, { open: vi.fn(async () => {}) });
  const invoke = (channel: string, payload: unknown, sender: WebContents = contents) =>
    Promise.resolve().then(() =>
      handlers.get(channel)!({ sender, senderFrame: (sender as { mainFrame: unknown }).mainFrame } as never, payload),
    );
  return { invoke, bridge };
}

function fakeSwaps() {
  return {
    plan: vi.fn(),
    run: vi.fn(),
    issueForm: vi.fn(),
    playbook: vi.fn(),
    entries: vi.fn(() => [
      {
        at: 2,
        action: 'swap' as const,
        ticketId: null,
        scheduleId: 'PXUZ9XL',
        scheduleName: 'Product Analytics',
        overrideIds: ['Q000001'],
        result: 'applied' as const,
        summary: 'Robin Rotation covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00',
        requests: 3,
      },
    ]),
    swapOptions: vi.fn(async () => ({ ok: true as const, timeZone: 'Europe/London', turns: [] })),
    planSwap: vi.fn(async () => ({
      kind: 'confirm' as const,
      confirmation:
        "Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00; the rotation's order does not change",
      requests: [{ method: 'POST', url: 'https://api.pagerduty.com/schedules/PXUZ9XL/overrides', body: {} }],
      note: null,
    })),
    runSwap: vi.fn(async () => ({
      result: 'applied' as const,
      message: 'Done.',
      permission: null,
      requests: 1,
      overrideIds: ['Q000001'],
    })),
    listOverrides: vi.fn(async () => ({
      scheduleId: 'PXUZ9XL',
      scheduleName: 'Product Analytics',
      overrides: [
        {
          id: 'Q000001',
          scheduleId: 'PXUZ9XL',
          start: '2026-12-01T09:00:00.000Z',
          end: '2026-12-02T09:00:00.000Z',
          userId: 'PROBIN1',
          userName: 'Robin Rotation',
          replacedUserId: null,
          who: 'Robin Rotation',
          sentence: 'Remove the override: Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00',
          coverage: 'Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00',
          inProgress: false,
          removable: true,
        },
      ],
    })),
    removeOverride: vi.fn(async () => ({
      result: 'applied' as const,
      message: 'Removed.',
      permission: null,
      requests: 1,
    })),
  };
}

const request = { scheduleId: 'PXUZ9XL', teammateId: 'PROBIN1', span: { kind: 'day', date: '2026-12-01' } };

describe('swap channels', () => {
  it('plans with request lines (no host) and runs; a range stays local time for main to convert', async () => {
    const swaps = fakeSwaps();
    const { invoke } = setup(swaps as unknown as ActionsFace);
    expect(await invoke('swap:plan', request)).toEqual({
      kind: 'confirm',
      confirmation: expect.stringContaining('Robin Rotation covers'),
      requests: ['POST /schedules/PXUZ9XL/overrides'],
    });
    expect(
      await invoke('swap:run', {
        ...request,
        span: { kind: 'range', from: '2026-12-01T10:00', to: '2026-12-01T12:00' },
      }),
    ).toEqual({
      result: 'applied',
      message: 'Done.',
      permission: null,
    });
    expect(swaps.runSwap).toHaveBeenCalledWith({
      scheduleId: 'PXUZ9XL',
      teammateId: 'PROBIN1',
      span: { kind: 'local', from: '2026-12-01T10:00', to: '2026-12-01T12:00' },
    });
  });

  it('lists overrides as instants and sentences, and removes by schedule and id', async () => {
    const swaps = fakeSwaps();
    const { invoke } = setup(swaps as unknown as ActionsFace);
    expect(await invoke('overrides:list', { scheduleId: 'PXUZ9XL' })).toEqual({
      ok: true,
      scheduleId: 'PXUZ9XL',
      scheduleName: 'Product Analytics',
      overrides: [
        {
          id: 'Q000001',
          scheduleId: 'PXUZ9XL',
          who: 'Robin Rotation',
          startMs: Date.parse('2026-12-01T09:00:00Z'),
          endMs: Date.parse('2026-12-02T09:00:00Z'),
          sentence: expect.stringMatching(/^Remove the override/),
          coverage: 'Robin Rotation covers Product Analytics from Tue 09:00 to Wed 09:00',
          inProgress: false,
          removable: true,
        },
      ],
    });
    expect(await invoke('override:remove', { scheduleId: 'PXUZ9XL', overrideId: 'Q000001' })).toMatchObject({
      result: 'applied',
    });
    expect(swaps.removeOverride).toHaveBeenCalledWith('Q000001', 'PXUZ9XL');
  });

  it('the log names the schedule of a swap instead of a ticket', async () => {
    const { invoke } = setup(fakeSwaps() as unknown as ActionsFace);
    expect(await invoke('actions:log', null)).toEqual([
      {
        at: 2,
        action: 'swap',
        ticketId: null,
        result: 'applied',
        summary: 'Robin Rotation covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00',
        schedule: 'Product Analytics',
      },
    ]);
  });

  it('refuses a bad payload before the service sees it, without echoing it', async () => {
    const swaps = fakeSwaps();
    const { invoke } = setup(swaps as unknown as ActionsFace);
    await expect(invoke('swap:run', { ...request, scheduleId: '../users' })).rejects.toThrow(
      /^Support Hero refused swap:run: scheduleId must be a PagerDuty id$/,
    );
    await expect(
      invoke('swap:run', { ...request, span: { kind: 'range', from: '2026-12-01', to: 'x' } }),
    ).rejects.toThrow(/span\.from must be a local time/);
    await expect(invoke('swap:plan', { ...request, extra: 'token' })).rejects.toThrow(/refused swap:plan/);
    await expect(invoke('override:remove', { scheduleId: 'PXUZ9XL', overrideId: 'Q1/../x' })).rejects.toThrow(
      /overrideId must be a PagerDuty id/,
    );
    expect(swaps.runSwap).not.toHaveBeenCalled();
    expect(swaps.planSwap).not.toHaveBeenCalled();
    expect(swaps.removeOverride).not.toHaveBeenCalled();
    expect(() => parseRequest('swap:options', { anything: 1 })).toThrow(/refused swap:options/);
  });

  it('refuses a call from another page', async () => {
    const swaps = fakeSwaps();
    const { invoke } = setup(swaps as unknown as ActionsFace);
    const other = { mainFrame: { url: 'https://evil.example/' } } as unknown as WebContents;
    await expect(invoke('swap:run', request, other)).rejects.toThrow(/unknown sender/);
    expect(swaps.runSwap).not.toHaveBeenCalled();
  });

  it('refuses when no swap service is wired, and maps a day as it is', async () => {
    const { invoke } = setup(null);
    await expect(invoke('swap:options', null)).rejects.toThrow(/swaps are not available/);
    expect(swapInputOf(request as never)).toEqual(request);
  });
});
