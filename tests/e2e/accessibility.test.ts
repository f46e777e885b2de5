import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, expectAccessible } from './support/a11y';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

interface Control {
  id: string;
  name: string;
}

interface Stop {
  id: string | null;
  name: string;
  /** The focused element draws an outline or a ring (box-shadow) while it has keyboard focus. */
  visibleFocus: boolean;
}

/**
 * Every enabled, rendered control a keyboard user should reach, each tagged with data-kb for the walk below.
 * The shortcuts inside a queue row are left out on purpose: an option's content cannot hold a tab stop, and R and
 * Z on the active row do the same (the row's description says so).
 */
async function controls(page: Page): Promise<Control[]> {
  // A string, because this file compiles without the DOM library.
  return page.evaluate(`(() => {
    const selector = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex^="-"])';
    const found = [...document.querySelectorAll(selector)].filter(
      (el) => !el.disabled && !el.closest('[role="option"]') && el.getClientRects().length > 0,
    );
    return found.map((el, index) => {
      el.setAttribute('data-kb', String(index));
      const label = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.id;
      return { id: String(index), name: el.tagName.toLowerCase() + ' "' + label.trim().slice(0, 40) + '"' };
    });
  })()`);
}

/** Presses Tab from the top of the page until focus comes back round, recording each stop. */
async function tabWalk(page: Page, limit: number): Promise<Stop[]> {
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  const stops: Stop[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop: Stop = await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { id: null, name: 'body', visibleFocus: false };
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const ring = style.boxShadow !== 'none';
      const label = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.id;
      return {
        id: el.getAttribute('data-kb'),
        name: el.tagName.toLowerCase() + ' "' + label.trim().slice(0, 40) + '"',
        visibleFocus: outline || ring,
      };
    })()`);
    if (stops.length > 0 && stop.id !== null && stop.id === stops[0]!.id) break;
    stops.push(stop);
  }
  return stops;
}

async function expectEveryControlReached(page: Page): Promise<void> {
  const all = await controls(page);
  expect(all.length).toBeGreaterThan(0);
  const stops = (await tabWalk(page, all.length * 2 + 5)).filter((stop) => stop.id !== null || stop.name !== 'body');
  const reached = new Set(stops.map((stop) => stop.id));
  expect(all.filter((control) => !reached.has(control.id)).map((control) => control.name)).toEqual([]);
  expect(stops.filter((stop) => stop.id === null).map((stop) => stop.name)).toEqual([]);
  expect(stops.filter((stop) => !stop.visibleFocus).map((stop) => stop.name)).toEqual([]);
}

describe('the keyboard reaches every control, and shows where it is', () => {
  it('in the queue, with the handover open', async () => {
    const { page } = await harness.open();
    await page.locator('[role="option"]').first().waitFor();
    await page.getByRole('button', { name: 'Handover' }).click();
    await page.getByRole('textbox', { name: 'Handover Markdown' }).waitFor();
    await expectEveryControlReached(page);
  });

  it('in the settings', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await expectEveryControlReached(page);
  });
});

describe('the axe check', () => {
  it('fails, naming the rule and the element, when the page has a violation', async () => {
    const { page } = await harness.open();
    await page.locator('[role="option"]').first().waitFor();
    await expectAccessible(page, 'the demo queue');
    await page.evaluate(`(() => {
      const faint = document.createElement('p');
      faint.id = 'faint';
      faint.textContent = 'Barely there';
      faint.style.cssText = 'color: #eeeeee; background: #ffffff; margin: 0';
      document.querySelector('main').prepend(faint);
    })()`);
    const violations = await axeViolations(page);
    expect(violations.map((v) => v.id)).toContain('color-contrast');
    await expect(expectAccessible(page, 'a faint line')).rejects.toThrow(/color-contrast .*\n {2}at #faint: /);
  });
});
