/**
 * Swapping a turn from the header: the dialog offers the schedule's teammates and your turn's days (from main),
 * names the change before anything is sent, sends once on Confirm (Enter too), lists your overrides and removes
 * one only after its own confirmation. Escape closes and gives the keyboard back to the header's button.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useSwapDialog } from '../../src/renderer/queue/SwapTurn';
import type { SwapOptionsView } from '../../src/shared/ipc';
import { fakeBridge, snapshot } from './fixtures';
import { renderApp } from './render';

afterEach(() => {
  act(() => useSwapDialog.setState({ open: false }));
});

const TURN = {
  start: '2026-11-30T09:00:00.000Z',
  end: '2026-12-07T09:00:00.000Z',
  scheduleIds: ['PXUZ9XL'],
  scheduleNames: ['Product Analytics'],
  scheduleUrl: null,
};

const OPTIONS: SwapOptionsView = {
  ok: true,
  timeZone: 'UTC',
  turns: [
    {
      scheduleId: 'PXUZ9XL',
      scheduleName: 'Product Analytics',
      startMs: Date.parse(TURN.start),
      endMs: Date.parse(TURN.end),
      from: '2026-11-30T09:00',
      to: '2026-12-07T09:00',
      label: 'Mon 09:00 to Mon 09:00',
      days: [
        { date: '2026-11-30', label: 'Mon 09:00 to Tue 09:00' },
        { date: '2026-12-01', label: 'Tue 09:00 to Wed 09:00' },
      ],
      teammates: [
        { id: 'PROBIN1', name: 'Robin Rotation' },
        { id: 'PKAI001', name: 'Kai Keeper' },
      ],
    },
  ],
};

const SENTENCE =
  "Kai Keeper covers Product Analytics from Tue 09:00 to Wed 09:00; the rotation's order does not change";

type Bridge = ReturnType<typeof fakeBridge>;

/** A bridge on my turn whose swap methods answer as given and are recorded like the fixture's own. */
function onTurn(overrides: Partial<Bridge> = {}): Bridge {
  const bridge = fakeBridge(
    snapshot([], { turn: { onCall: true, current: TURN, next: null, onCallNow: [], nextHero: null } }),
  );
  const answers: Partial<Bridge> = {
    swapOptions: async () => OPTIONS,
    listOverrides: async () => ({
      ok: true as const,
      scheduleId: 'PXUZ9XL',
      scheduleName: 'Product Analytics',
      overrides: [
        {
          id: 'Q000001',
          scheduleId: 'PXUZ9XL',
          who: 'Robin Rotation',
          startMs: Date.parse('2026-12-03T09:00:00Z'),
          endMs: Date.parse('2026-12-04T09:00:00Z'),
          sentence:
            "Remove the override: Robin Rotation covers Product Analytics from Thu 09:00 to Fri 09:00; the rotation's order does not change",
          coverage: 'Robin Rotation covers Product Analytics from Thu 09:00 to Fri 09:00',
          inProgress: false,
          removable: true,
        },
      ],
    }),
    planSwap: async () => ({
      kind: 'confirm' as const,
      confirmation: SENTENCE,
      requests: ['POST /schedules/PXUZ9XL/overrides'],
    }),
    runSwap: async () => ({ result: 'applied', message: `Done: ${SENTENCE}`, permission: null }),
    removeOverride: async () => ({ result: 'applied', message: 'Removed.', permission: null }),
    ...overrides,
  };
  for (const [method, answer] of Object.entries(answers)) {
    Object.assign(bridge, {
      [method]: (...args: unknown[]) => {
        bridge.calls.push({ method, args });
        return (answer as (...args: unknown[]) => unknown)(...args);
      },
    });
  }
  return bridge;
}

async function openSwap() {
  await userEvent.click(await screen.findByRole('button', { name: 'Swap a turn…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Swap a turn' });
  await within(dialog).findByRole('combobox', { name: 'Teammate who covers' });
  return dialog;
}

describe('swap a turn', () => {
  it('names the change before sending, then sends once on Enter and shows the server answer', async () => {
    const bridge = onTurn();
    renderApp(bridge);
    const dialog = await openSwap();
    expect(bridge.callsOf('swapOptions')).toHaveLength(1);
    const teammate = within(dialog).getByRole('combobox', { name: 'Teammate who covers' });
    expect(
      within(teammate)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Robin Rotation', 'Kai Keeper']);
    await userEvent.selectOptions(teammate, 'PKAI001');
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Day' }), '2026-12-01');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(bridge.callsOf('planSwap')).toEqual([
      [{ scheduleId: 'PXUZ9XL', teammateId: 'PKAI001', span: { kind: 'day', date: '2026-12-01' } }],
    ]);
    expect(await within(dialog).findByText(SENTENCE)).toBeInTheDocument();
    expect(bridge.callsOf('runSwap')).toHaveLength(0);
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    expect(confirm).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    // A second press finds the button already spent.
    await userEvent.keyboard('{Enter}');
    expect(await within(dialog).findByRole('status')).toHaveTextContent(`Done: ${SENTENCE}`);
    expect(bridge.callsOf('runSwap')).toHaveLength(1);
    // The list is read again after the change.
    expect(bridge.callsOf('listOverrides').length).toBeGreaterThanOrEqual(2);
  });

  it('a range is sent as local times, inside the turn bounds the inputs allow', async () => {
    const bridge = onTurn();
    renderApp(bridge);
    const dialog = await openSwap();
    await userEvent.click(within(dialog).getByRole('radio', { name: 'A range' }));
    const from = within(dialog).getByLabelText('From');
    const to = within(dialog).getByLabelText('To');
    expect(from).toHaveAttribute('min', '2026-11-30T09:00');
    expect(to).toHaveAttribute('max', '2026-12-07T09:00');
    fireEvent.change(from, { target: { value: '2026-12-02T13:00' } });
    fireEvent.change(to, { target: { value: '2026-12-02T18:00' } });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(bridge.callsOf('planSwap')).toEqual([
      [
        {
          scheduleId: 'PXUZ9XL',
          teammateId: 'PROBIN1',
          span: { kind: 'range', from: '2026-12-02T13:00', to: '2026-12-02T18:00' },
        },
      ],
    ]);
  });

  it('lists my overrides and removes one only after its own confirmation', async () => {
    const bridge = onTurn();
    renderApp(bridge);
    const dialog = await openSwap();
    const list = within(dialog).getByRole('region', { name: 'Your overrides on Product Analytics' });
    const remove = await within(list).findByRole('button', { name: /^Remove: Robin Rotation covers/ });
    await userEvent.click(remove);
    expect(within(dialog).getByText(/^Remove the override: Robin Rotation covers/)).toBeInTheDocument();
    expect(bridge.callsOf('removeOverride')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Removed.');
    expect(bridge.callsOf('removeOverride')).toEqual([['PXUZ9XL', 'Q000001']]);
  });

  it("shows main's who-and-when for each override as given, whatever the removal sentence says", async () => {
    const bridge = onTurn({
      listOverrides: async () => ({
        ok: true as const,
        scheduleId: 'PXUZ9XL',
        scheduleName: 'Product Analytics',
        overrides: [
          {
            id: 'Q000002',
            scheduleId: 'PXUZ9XL',
            who: 'Kai Keeper',
            startMs: Date.parse('2026-12-02T09:00:00Z'),
            endMs: Date.parse('2026-12-02T13:00:00Z'),
            // Worded differently from the list: the list must not be carved out of this sentence.
            sentence: 'Cut short now: Kai Keeper covers Product Analytics from 09:00 to 13:00; the order stays',
            coverage: 'Kai Keeper covers Product Analytics from 09:00 to 13:00',
            inProgress: true,
            removable: true,
          },
        ],
      }),
    });
    renderApp(bridge);
    const dialog = await openSwap();
    const list = within(dialog).getByRole('region', { name: 'Your overrides on Product Analytics' });
    expect(
      await within(list).findByText('Kai Keeper covers Product Analytics from 09:00 to 13:00'),
    ).toBeInTheDocument();
    expect(
      within(list).getByRole('button', { name: 'End now: Kai Keeper covers Product Analytics from 09:00 to 13:00' }),
    ).toBeInTheDocument();
  });

  it('shows a refusal as an alert without sending; Escape closes and returns to the button', async () => {
    const bridge = onTurn({
      planSwap: async () => ({ kind: 'refused' as const, message: 'That day is not in your turn.' }),
      runSwap: async () => ({
        result: 'forbidden',
        message: 'PagerDuty refused (403).',
        permission: 'a PagerDuty user token with rights to edit this schedule',
      }),
    });
    renderApp(bridge);
    const dialog = await openSwap();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('That day is not in your turn.');
    expect(bridge.callsOf('runSwap')).toHaveLength(0);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Swap a turn' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Swap a turn…' })).toHaveFocus();
  });

  it('names the missing permission when PagerDuty refuses the write', async () => {
    const bridge = onTurn({
      runSwap: async () => ({
        result: 'forbidden',
        message: 'PagerDuty refused (403).',
        permission: 'a PagerDuty user token with rights to edit this schedule',
      }),
    });
    renderApp(bridge);
    const dialog = await openSwap();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('PagerDuty refused (403).');
    expect(within(dialog).getByText(/Missing permission: a PagerDuty user token/)).toBeInTheDocument();
  });

  it("the window's action log lists a swap by its schedule", async () => {
    const bridge = onTurn({
      actionLog: async () => [
        {
          at: Date.parse('2026-11-29T12:00:00Z'),
          action: 'swap',
          ticketId: null,
          result: 'applied',
          summary: 'Kai Keeper covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00',
          schedule: 'Product Analytics',
        },
      ],
    });
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Action log' }));
    expect(
      await screen.findByText(
        '2026-11-29 12:00 · swap on Product Analytics · Kai Keeper covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00 · applied',
      ),
    ).toBeInTheDocument();
  });

  it('offers no swap without a bounded turn', async () => {
    renderApp(fakeBridge(snapshot([])));
    await screen.findByRole('button', { name: 'Refresh now' });
    expect(screen.queryByRole('button', { name: 'Swap a turn…' })).not.toBeInTheDocument();
  });
});
