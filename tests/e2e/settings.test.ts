import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessibleInBothSchemes } from './support/a11y';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

describe('settings view in Chromium over the real runtime', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`opens from the queue and shows the saved settings without any token (${colorScheme})`, async () => {
      const { page } = await harness.open({ colorScheme });
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await page.getByLabel('Zendesk API token').inputValue()).toBe('');
      expect(await page.getByLabel('Zendesk API token').getAttribute('type')).toBe('password');
      await expectAccessibleInBothSchemes(page, 'the settings form');
      await harness.screenshot(page, `settings-${colorScheme}`);
    });
  }

  it("shows the form's and main's validation messages next to their fields", async () => {
    const { page, bridge } = await harness.open();
    await page.getByRole('button', { name: 'Settings' }).click();
    const subdomain = page.getByLabel('Subdomain');
    await subdomain.fill('Not A Subdomain!');
    await page.getByText('Use the part before .zendesk.com').waitFor();
    expect(await subdomain.getAttribute('aria-invalid')).toBe('true');

    // A value only main refuses: the form lets it through, main answers with a FieldError.
    await subdomain.fill('posthoghelp');
    const token = page.getByLabel('Zendesk API token');
    await token.fill(' token-with-spaces ');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => token.getAttribute('aria-invalid')).toBe('true');
    const tokenDescribedBy = (await token.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${tokenDescribedBy.split(' ').at(-1)}"]`).textContent()).toBe(
      'Remove the spaces around the token',
    );

    // A value out of main's bounds: the form refuses it with main's own sentence (one shared rule table).
    await page.getByLabel('Zendesk every (s)').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    const poll = page.getByLabel('Zendesk every (s)');
    await expect.poll(() => poll.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await poll.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toBe(
      'Poll Zendesk at most every 15 seconds',
    );
    await page.locator('.settings-form').evaluate((form) => {
      form.scrollTop = form.scrollHeight;
    });
    await expectAccessibleInBothSchemes(page, 'the settings form with errors');
    await harness.screenshot(page, 'settings-errors');
    expect(bridge.runtime.effectiveSettings().polling.zendeskSeconds).not.toBe(5);
  });

  it('tests the Zendesk connection against the sandbox and says why it failed', async () => {
    const { page, bridge } = await harness.open();
    await page.getByRole('button', { name: 'Settings' }).click();
    const sandbox = bridge.runtime.sandbox!;
    await page.getByLabel('Subdomain').fill(sandbox.subdomain);
    await page.getByLabel('Email', { exact: true }).fill('nobody@example.com');
    await page.getByLabel('Zendesk API token').fill('wrong-token');
    await page.getByRole('button', { name: 'Test Zendesk connection' }).click();
    const result = page.locator('.test-failed');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toMatch(/Zendesk/);
    expect(text).not.toContain('wrong-token');
    await expectAccessibleInBothSchemes(page, 'a failed connection test');
  });
});
