/**
 * Ticket actions in Chromium over the real composition and the demo sandbox: the confirmation names the change,
 * Confirm sends it and the row shows the server's new state; a change made meanwhile by someone else is a
 * conflict; a refused write names the missing permission. Checked with axe, light and dark.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/main/sources/sandbox';
import { expectAccessible } from './support/a11y';
import type { TestBridge } from './support/bridge';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

const AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.zendesk.email}/token:${SANDBOX_CREDENTIALS.zendesk.token}`).toString('base64')}`;

/** Whether the element has the keyboard (evaluated in the page). */
function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.ownerDocument.activeElement === element);
}

/** An open demo ticket, made the active row, with its actions dialog open at the status form. */
async function openStatusForm(page: Page, bridge: TestBridge): Promise<number> {
  await page.locator('[role="option"]').first().waitFor();
  const ticket = bridge.runtime.engine.snapshot()!.queue.find((entry) => entry.ticket.status === 'open')!.ticket;
  await page.keyboard.press('/');
  await page.keyboard.type(String(ticket.id));
  await page.keyboard.press('Tab');
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: `Ticket #${ticket.id}` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Set status…' }).click();
  await dialog.getByRole('radio', { name: 'Pending' }).check();
  await dialog.getByRole('button', { name: 'Review' }).click();
  await dialog.getByText(`Set ticket #${ticket.id} to Pending`).waitFor();
  return ticket.id;
}

describe('ticket actions in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`confirms, sends once and shows the server's new state (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      const id = await openStatusForm(page, bridge);
      const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
      expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);
      await expectAccessible(page, `the action confirmation (${colorScheme})`);
      await harness.screenshot(page, `action-confirm-${colorScheme}`);
      await dialog.getByRole('button', { name: 'Confirm' }).press('Enter');
      await dialog
        .getByRole('status')
        .filter({ hasText: `Done: Set ticket #${id} to Pending` })
        .waitFor();
      await expectAccessible(page, `the action result (${colorScheme})`);
      expect(bridge.runtime.sandbox!.zendeskWrites().map((write) => write.id)).toEqual([id]);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await page.locator(`#ticket-${id} .status-pending`).waitFor();
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`says "changed since you looked" when someone else changed the ticket meanwhile (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      const id = await openStatusForm(page, bridge);
      const base = bridge.runtime.sandbox!.zendeskBaseUrl;
      const current = await fetch(`${base}/tickets/${id}.json`, { headers: { authorization: AUTH } });
      const stamp = ((await current.json()) as { ticket: { updated_at: string } }).ticket.updated_at;
      const other = await fetch(`${base}/tickets/${id}.json`, {
        method: 'PUT',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: { status: 'hold', safe_update: true, updated_stamp: stamp } }),
      });
      expect(other.status).toBe(200);
      const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'changed since you looked' }).waitFor();
      await expectAccessible(page, `a conflict (${colorScheme})`);
      // Nothing overwritten: the other agent's On-hold stays, and the row reloads to show it.
      await page.locator(`#ticket-${id} .status-hold`).waitFor();
      await harness.screenshot(page, `action-conflict-${colorScheme}`);
    });

    it(`names the missing permission when Zendesk refuses the write (403) (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      const id = await openStatusForm(page, bridge);
      bridge.runtime.sandbox!.inject({
        service: 'zendesk',
        kind: 'forbidden',
        pathPrefix: `/api/v2/tickets/${id}`,
        times: 1,
      });
      const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      const alert = dialog.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('(403)');
      expect(await dialog.textContent()).toContain('Missing permission: your Zendesk role cannot update this ticket');
      await expectAccessible(page, `a refused write (${colorScheme})`);
      await harness.screenshot(page, `action-refused-${colorScheme}`);
      expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);
      await page.getByRole('button', { name: 'Action log' }).click();
      await page
        .getByRole('region', { name: 'Action log' })
        .getByText(/forbidden/)
        .waitFor();
    });
  }

  it('reaches an action from the keyboard alone: A opens, Tab and Enter choose, Escape and Close return to the row', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'light' });
    await page.locator('[role="option"]').first().waitFor();
    const id = bridge.runtime.engine.snapshot()!.queue.find((entry) => entry.ticket.status === 'open')!.ticket.id;
    // The listbox by role and a loose name: its label belongs to the header's wording.
    const list = page.getByRole('listbox', { name: /queue/i });
    await page.keyboard.press('/');
    await page.keyboard.type(String(id));
    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(list)).toBe(true);
    expect(await list.getAttribute('aria-activedescendant')).toBe(`ticket-${id}`);
    const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });

    // Escape cancels from the menu and from a form, and the keyboard is back on the row each time.
    await page.keyboard.press('a');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(list)).toBe(true);
    expect(await list.getAttribute('aria-activedescendant')).toBe(`ticket-${id}`);

    await page.keyboard.press('a');
    const status = dialog.getByRole('button', { name: 'Set status…' });
    await expect.poll(() => isFocused(status)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.getByRole('radio', { name: 'Pending' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(list)).toBe(true);
    expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);

    // The whole flow: A, Enter on the first item, Enter submits the form, Enter confirms, Enter closes.
    await page.keyboard.press('a');
    await expect.poll(() => isFocused(status)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.getByRole('radio', { name: 'Pending' }).waitFor();
    await page.keyboard.press('Enter');
    const confirm = dialog.getByRole('button', { name: 'Confirm' });
    await confirm.waitFor();
    await expect.poll(() => isFocused(confirm)).toBe(true);
    await harness.screenshot(page, 'action-keyboard-light');
    await page.keyboard.press('Enter');
    await dialog
      .getByRole('status')
      .filter({ hasText: `Done: Set ticket #${id} to Pending` })
      .waitFor();
    expect(bridge.runtime.sandbox!.zendeskWrites().map((write) => write.id)).toEqual([id]);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(list)).toBe(true);
    expect(await list.getAttribute('aria-activedescendant')).toBe(`ticket-${id}`);
    await page.locator(`#ticket-${id} .status-pending`).waitFor();
  });
});

/** The first open demo ticket's row, made active, with its actions dialog open at the menu. */
async function openMenu(page: Page, bridge: TestBridge): Promise<number> {
  await page.locator('[role="option"]').first().waitFor();
  const ticket = bridge.runtime.engine.snapshot()!.queue.find((entry) => entry.ticket.status === 'open')!.ticket;
  await page.keyboard.press('/');
  await page.keyboard.type(String(ticket.id));
  await page.keyboard.press('Tab');
  await page.keyboard.press('a');
  await page.getByRole('dialog', { name: `Ticket #${ticket.id}` }).waitFor();
  return ticket.id;
}

describe('handbook workflows in Chromium', () => {
  it('a tray click opens the dialog at that action; only Confirm sends', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'light' });
    await page.locator('[role="option"]').first().waitFor();
    const top = bridge.electron.tray().menu.find((item) => item.label?.startsWith('#'))!;
    const id = Number(/^#(\d+)/.exec(top.label!)![1]);
    const pending = (top.submenu as { label?: string; click?: () => void }[]).find(
      (item) => item.label === 'Pending…',
    )!;
    pending.click!();
    const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: 'Pending' }).isChecked()).toBe(true);
    await expectAccessible(page, 'the tray-prompted dialog');
    await harness.screenshot(page, 'action-tray-prompt-light');
    expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `Done: Set ticket #${id} to Pending` })
      .waitFor();
    expect(bridge.runtime.sandbox!.zendeskWrites().map((write) => write.id)).toEqual([id]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows a playbook as checkable steps and copies its email, never sending it (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      const id = await openMenu(page, bridge);
      const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
      await dialog.getByRole('button', { name: 'Playbook…' }).click();
      await dialog.getByRole('combobox').selectOption('two_factor_removal');
      await dialog.getByRole('button', { name: 'Review' }).click();
      const email = dialog.getByRole('textbox', { name: 'Confirmation email' });
      await email.waitFor();
      expect(await email.inputValue()).toContain(`According to ticket #${id}`);
      await dialog.getByRole('checkbox').first().check();
      await dialog.getByRole('button', { name: 'Copy confirmation email' }).click();
      await dialog.getByText('Confirmation email copied to the clipboard (not sent).').waitFor();
      expect(bridge.electron.copied).toEqual([await email.inputValue()]);
      await expectAccessible(page, `a playbook (${colorScheme})`);
      await harness.screenshot(page, `action-playbook-${colorScheme}`);
      expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);
    });
  }

  it('opens the prefilled bug form through main, then copies the team message', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'dark' });
    const id = await openMenu(page, bridge);
    const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
    await dialog.getByRole('button', { name: 'Bug report on GitHub…' }).click();
    await dialog.getByRole('button', { name: 'Open the form' }).click();
    await dialog.getByText('Opened the bug report form on GitHub.').waitFor();
    const form = bridge.opened.find((url) => url.startsWith('https://github.com/PostHog/posthog/issues/new?'))!;
    expect(new URL(form).searchParams.get('bug-description')).toContain(`/agent/tickets/${id}`);
    await dialog
      .getByRole('textbox', { name: /Link of the new issue/ })
      .fill('https://github.com/PostHog/posthog/issues/4242');
    await dialog.getByRole('button', { name: 'Copy team message' }).click();
    await dialog.getByText('Team message copied to the clipboard (not sent).').waitFor();
    expect(bridge.electron.copied).toEqual([
      'New bug report from a high priority customer: https://github.com/PostHog/posthog/issues/4242',
    ]);
    await expectAccessible(page, 'the bug report follow-ups (dark)');
    await harness.screenshot(page, 'action-bug-followups-dark');
    await dialog.getByRole('button', { name: 'Set Pending…' }).click();
    expect(await dialog.getByRole('radio', { name: 'Pending' }).isChecked()).toBe(true);
    expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);
  });
});

describe('ticket fixes in Chromium', () => {
  /** Opens the dialog on the first demo ticket with `flag`. */
  async function openFlagged(page: Page, bridge: TestBridge, flag: 'needs_org' | 'community'): Promise<number> {
    await page.locator('[role="option"]').first().waitFor();
    const found = bridge.runtime.engine.snapshot()!.queue.find((entry) => entry.flags.includes(flag));
    expect(found, `a demo ticket flagged ${flag}`).toBeDefined();
    const id = found!.ticket.id;
    await page.keyboard.press('/');
    await page.keyboard.type(String(id));
    await page.keyboard.press('Tab');
    await page.keyboard.press('a');
    await page.getByRole('dialog', { name: `Ticket #${id}` }).waitFor();
    return id;
  }

  it('looks the organization up, shows the match or the candidates, and moves the requester on Confirm', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'light' });
    const id = await openFlagged(page, bridge, 'needs_org');
    const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
    await dialog.getByRole('button', { name: 'Assign to organization…' }).click();
    const confirm = dialog.getByRole('button', { name: 'Confirm' });
    const candidates = dialog.getByRole('radio');
    await confirm.or(candidates.first()).waitFor();
    if (!(await confirm.isVisible())) {
      await candidates.first().check();
      await dialog.getByRole('button', { name: 'Review' }).click();
    }
    await dialog.getByText(/^Move .* \(the requester of ticket #\d+\).* to the organization ".+"\.$/).waitFor();
    await expectAccessible(page, 'the organization fix');
    await confirm.click();
    await dialog.getByRole('status').filter({ hasText: 'Done: Move' }).waitFor();
    // The re-poll after the write shows the server's truth: the row no longer asks for an organization.
    const flagsNow = () => bridge.runtime.engine.snapshot()!.queue.find((entry) => entry.ticket.id === id)?.flags;
    await expect.poll(flagsNow, { timeout: 10_000 }).not.toContain('needs_org');
  });

  it('notes a reply on the website and sets the status in one update', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'dark' });
    const id = await openFlagged(page, bridge, 'community');
    const dialog = page.getByRole('dialog', { name: `Ticket #${id}` });
    await dialog.getByRole('button', { name: 'Replied on the website…' }).click();
    expect(await dialog.getByRole('radio', { name: 'Pending' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog
      .getByText(/Add the internal note "Replied on the community page: https:\/\/posthog\.com\/questions\//)
      .waitFor();
    await dialog.getByText('in one update', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Done:' }).waitFor();
    expect(bridge.runtime.sandbox!.zendeskWrites().map((write) => write.id)).toEqual([id]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator(`#ticket-${id} .status-pending`).waitFor();
  });
});
