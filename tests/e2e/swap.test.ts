/**
 * Swapping a turn in Chromium over the real composition and the demo sandbox: "Swap a turn…" in the header, a
 * teammate from the schedule and a day of the turn, a confirmation that names the change before anything is
 * sent, Enter sends one override, the list shows it and removes it after its own confirmation, and the window's
 * action log records both. Checked with axe, light and dark.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import type { TestBridge } from './support/bridge';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

/** The sandbox's PagerDuty writes so far, as `METHOD /path`. */
function overrideWrites(bridge: TestBridge): string[] {
  return bridge.runtime
    .sandbox!.requests.filter((record) => record.service === 'pagerduty' && record.method !== 'GET')
    .map((record) => `${record.method} ${record.path}`);
}

/** Opens the dialog from the keyboard and reviews a swap of the last day offered to the first teammate. */
async function reviewSwap(page: Page) {
  const button = page.getByRole('button', { name: 'Swap a turn…' });
  await button.waitFor();
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Swap a turn' });
  const teammate = dialog.getByRole('combobox', { name: 'Teammate who covers' });
  await teammate.waitFor();
  const day = dialog.getByRole('combobox', { name: 'Day' });
  const days = await day
    .locator('option')
    .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
  await day.selectOption(days.at(-1)!);
  const name = (await teammate.locator('option:checked').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Review' }).click();
  const sentence = dialog.getByText(/covers .* the rotation's order does not change$/);
  await sentence.waitFor();
  expect(await sentence.textContent()).toContain(name);
  return dialog;
}

describe('swap a turn in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`confirms, creates one override, lists it and removes it (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      await page.locator('[role="option"]').first().waitFor();
      const dialog = await reviewSwap(page);
      expect(overrideWrites(bridge)).toEqual([]);
      await expectAccessible(page, `the swap confirmation (${colorScheme})`);
      await harness.screenshot(page, `swap-confirm-${colorScheme}`);
      const confirm = dialog.getByRole('button', { name: 'Confirm' });
      await expect
        .poll(() => confirm.evaluate((element) => element === element.ownerDocument.activeElement))
        .toBe(true);
      await page.keyboard.press('Enter');
      await dialog
        .getByRole('status')
        .filter({ hasText: /^Done: / })
        .waitFor();
      expect(overrideWrites(bridge)).toEqual([expect.stringMatching(/^POST \/schedules\/\w+\/overrides$/)]);
      const remove = dialog.getByRole('button', { name: /^Remove: / });
      await remove.waitFor();
      await expectAccessible(page, `the swap result and my overrides (${colorScheme})`);
      await harness.screenshot(page, `swap-done-${colorScheme}`);
      await remove.click();
      await dialog.getByText(/^Remove the override: /).waitFor();
      expect(overrideWrites(bridge)).toHaveLength(1);
      await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
      await dialog
        .getByRole('status')
        .filter({ hasText: /^Removed: / })
        .waitFor();
      expect(overrideWrites(bridge)[1]).toMatch(/^DELETE \/schedules\/\w+\/overrides\/\w+$/);
      await dialog.getByText('No upcoming overrides.').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Swap a turn…' }).waitFor();
      await page.getByRole('button', { name: 'Action log' }).click();
      const log = page.getByRole('region', { name: 'Action log' });
      await log.getByText(/swap on .* covers .* applied$/).waitFor();
      await log.getByText(/override on .* remove: .* applied$/).waitFor();
    });
  }

  it('names the missing permission when PagerDuty refuses the write (403), and creates nothing', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'dark' });
    await page.locator('[role="option"]').first().waitFor();
    const dialog = await reviewSwap(page);
    const turn = bridge.runtime.engine.snapshot()!.turn;
    const scheduleId = (turn.current ?? turn.next)!.scheduleIds[0];
    // The write itself is refused (the teammate lookup before it still works: a key may read but not write).
    bridge.runtime.sandbox!.inject({
      service: 'pagerduty',
      kind: 'forbidden',
      pathPrefix: `/schedules/${scheduleId}/overrides`,
      times: 1,
    });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('403');
    expect(await dialog.textContent()).toContain('Missing permission: a PagerDuty user token');
    await expectAccessible(page, 'a refused swap (dark)');
    const writes = bridge.runtime.sandbox!.requests.filter(
      (record) => record.service === 'pagerduty' && record.method === 'POST',
    );
    expect(writes.map((record) => record.status)).toEqual([403]);
  });
});
