import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

describe('notices in Chromium over the real composition', () => {
  it('says a demo ticket has no Zendesk page in a banner, and forgets it in main when dismissed', async () => {
    const { page, bridge } = await harness.open();
    await page.locator('[role="option"]').first().waitFor();
    const demoTicket = bridge.runtime.engine.snapshot()!.queue.find((entry) => entry.ticket.moderationUrl === null)!;
    await page.keyboard.press('/');
    await page.keyboard.type(String(demoTicket.ticket.id));
    await page.locator(`#ticket-${demoTicket.ticket.id}`).click();
    const banner = page.getByRole('region', { name: 'Demo ticket' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('there is no Zendesk page to open');
    expect(bridge.electron.opened).toEqual([]);
    expect(bridge.electron.notifications.map((n) => n.title)).toContain('Demo ticket');
    await harness.screenshot(page, 'notice-demo-ticket');
    await banner.getByRole('button', { name: 'Dismiss: Demo ticket' }).click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => bridge.app.notices.list()).toEqual([]);
  });

  it('shows a notice main raised, and again after the page reloads, as an alert when it is an error', async () => {
    const { page, bridge } = await harness.open();
    await page.locator('[role="option"]').first().waitFor();
    bridge.app.notices.show({ id: 'ledger-unwritable', level: 'error', title: 'Alerts cannot be recorded', body: 'x' });
    const alert = page.getByRole('alert').filter({ hasText: 'Alerts cannot be recorded' });
    await alert.waitFor();
    await page.reload();
    await page.locator('[role="option"]').first().waitFor();
    await alert.waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Alerts cannot be recorded' }).count()).toBe(1);
  });
});
