/**
 * "How this queue is sorted" in Chromium over the real runtime: reached from the header by keyboard, it says the
 * rule table the core explained in the snapshot, and passes axe in light and dark.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectAccessibleInBothSchemes } from './support/a11y';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

const BUTTON = 'How this queue is sorted';

/** Presses Tab until the header's button has focus, as a keyboard user would reach it. */
async function tabTo(page: Page, name: string): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")');
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('How this queue is sorted', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`opens from the header by keyboard, says the rules in force, and is axe-clean (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      await page.locator('[role="option"]').first().waitFor();
      const snapshot = bridge.runtime.engine.snapshot();
      if (!snapshot) throw new Error('no snapshot');

      await tabTo(page, BUTTON);
      await page.keyboard.press('Enter');
      const panel = page.getByRole('region', { name: BUTTON });
      await panel.waitFor();
      expect(await page.getByRole('button', { name: BUTTON }).getAttribute('aria-expanded')).toBe('true');

      // Exactly the sentences the core wrote, in the table's order, tags shown without their backticks.
      const items = await panel.getByRole('listitem').allTextContents();
      expect(items).toEqual(
        snapshot.assumptions.explanation.rules.map(
          (rule) =>
            `${rule.label}: ${rule.sentence.replaceAll('`', '')}${rule.handover ? '' : ' Not in the handover.'}`,
        ),
      );
      const text = await panel.textContent();
      for (const tag of [...snapshot.assumptions.escalationTags, ...snapshot.assumptions.customerSuccessTags]) {
        expect(text).toContain(tag);
      }
      await expect(panel.getByRole('button', { name: 'Change the tags in Settings' }).isVisible()).resolves.toBe(true);

      await expectAccessible(page, `the open "How this queue is sorted" view (${colorScheme})`);
      await expectAccessibleInBothSchemes(page, 'the open "How this queue is sorted" view');
      await harness.screenshot(page, `how-sorted-${colorScheme}`);

      // Escape closes the view, not the window, and focus goes back to the button.
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      const focused = await page.evaluate(
        'document.activeElement && document.activeElement.getAttribute("aria-label")',
      );
      expect(focused).toBe(BUTTON);
    }, 60_000);
  }

  it('leads to Settings, where the tags are changed', async () => {
    const { page } = await harness.open();
    await page.locator('[role="option"]').first().waitFor();
    await page.getByRole('button', { name: BUTTON }).click();
    await page.getByRole('button', { name: 'Change the tags in Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getByLabel('Escalation tags').isVisible()).toBe(true);
  }, 60_000);
});
