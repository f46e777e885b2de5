/**
 * Ticket actions in Chromium over the real composition and the demo sandbox: the confirmation names the change,
 * Confirm sends it and the row shows the server's new state; a change made meanwhile by someone else is a
 * conflict; a refused write names the missing permission. Checked with axe, light and dark.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/main/sources/sandbox';
import { expectAccessible } from './support/a11y';
import type { TestBridge } from './support/bridge';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

const AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.zendesk.email}/token:${SANDBOX_CREDENTIALS.zendesk.token}`).toString('base64')}`;

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

  it('says "changed since you looked" when someone else changed the ticket meanwhile', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'dark' });
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
    await expectAccessible(page, 'a conflict (dark)');
    // Nothing overwritten: the other agent's On-hold stays, and the row reloads to show it.
    await page.locator(`#ticket-${id} .status-hold`).waitFor();
  });

  it('names the missing permission when Zendesk refuses the write (403)', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'light' });
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
    await expectAccessible(page, 'a refused write (light)');
    expect(bridge.runtime.sandbox!.zendeskWrites()).toEqual([]);
    await page.getByRole('button', { name: 'Action log' }).click();
    await page
      .getByRole('region', { name: 'Action log' })
      .getByText(/forbidden/)
      .waitFor();
  });
});
