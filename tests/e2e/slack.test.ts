/**
 * Slack requests in Chromium over the real runtime and sandbox: tier 1 rows at the top of the queue (light and
 * dark), reached and opened with the keyboard (main opens the real permalink), dismissed for good, and hostile
 * message text kept inert.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SLACK } from '../../src/main/sources/sandbox';
import type { SlackRequestEntry } from '../../src/shared/domain';
import { expectAccessibleInBothSchemes } from './support/a11y';
import type { TestBridge } from './support/bridge';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

/** The id SlackRow gives a request's option (only letters, digits and dashes). */
const optionId = (requestId: string) => `slack-${requestId.replace(/[^A-Za-z0-9]/g, '-')}`;

/** Waits until main has read Slack and the page draws its requests; returns them in main's order. */
async function slackRequests(page: Page, bridge: TestBridge, count = 2): Promise<SlackRequestEntry[]> {
  await expect.poll(() => bridge.runtime.engine.snapshot()?.requests?.length ?? 0, { timeout: 15_000 }).toBe(count);
  const requests = bridge.runtime.engine.snapshot()!.requests!;
  await page.locator(`#${optionId(requests[0]!.request.id)}`).waitFor();
  return requests;
}

/** Group labels and option ids the page draws, in order. */
async function drawn(page: Page): Promise<{ groups: (string | null)[]; options: string[] }> {
  const groups = await page
    .locator('[role="listbox"] > [role="group"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')));
  const options = await page.locator('[role="option"]').evaluateAll((nodes) => nodes.map((node) => node.id));
  return { groups, options };
}

/** Horizontal overflow of the page and the list (both must be 0 in a 400 px window). */
async function overflow(page: Page): Promise<{ page: number; list: number }> {
  // A string, because this file compiles without the DOM library.
  return page.evaluate(`(() => {
    const scroll = document.querySelector('.queue-scroll');
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      list: scroll.scrollWidth - scroll.clientWidth,
    };
  })()`);
}

describe('Slack requests in Chromium over the real runtime', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the open requests as tier 1 rows at the top of the queue (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      const requests = await slackRequests(page, bridge);
      const snapshot = bridge.runtime.engine.snapshot()!;
      expect(requests.map((entry) => [entry.tierRank, entry.tierLabel])).toEqual([
        [1, 'Slack request from Customer Success'],
        [1, 'Slack request from Customer Success'],
      ]);
      const { groups, options } = await drawn(page);
      expect(groups[0]).toBe('Slack request from Customer Success: 2 Slack requests');
      // Main's order: its requests first, then the tickets from the start of its queue.
      expect(options.slice(0, 3)).toEqual([
        optionId(requests[0]!.request.id),
        optionId(requests[1]!.request.id),
        `ticket-${snapshot.queue[0]!.ticket.id}`,
      ]);
      for (const { request } of requests) {
        const row = page.locator(`#${optionId(request.id)}`);
        expect(await row.locator('.slack-author').textContent()).toBe(request.author.name);
        expect(await row.locator('.slack-channel').textContent()).toContain(`#${request.channelName}`);
        expect(await row.locator('.slack-preview').textContent()).toBe(request.preview);
        expect(await row.locator('.slack-ago').textContent()).toMatch(/^\d+[hm]( \d+m)? ago$/);
      }
      // Slack markup arrives as text: the demo's link is its label, the mention a name.
      const previews = requests.map((entry) => entry.request.preview).join('\n');
      expect(previews).toContain('their dashboard');
      expect(previews).not.toMatch(/<[@#!]|https:\/\/acme/);
      expect(await overflow(page)).toEqual({ page: 0, list: 0 });
      await expectAccessibleInBothSchemes(page, `the Slack requests (${colorScheme})`);
      await harness.screenshot(page, `slack-requests-${colorScheme}`);
    });
  }

  it('reaches a Slack row with the keyboard, and Enter asks main to open its permalink', async () => {
    const { page, bridge } = await harness.open({ accounts: true });
    expect(bridge.runtime.demo).toBe(false);
    const requests = await slackRequests(page, bridge);
    const [first, second] = requests.map((entry) => entry.request);
    expect(second!.permalink).toMatch(/^https:\/\/support-hero-demo\.slack\.com\/archives\//);
    const list = page.getByRole('listbox', { name: 'Queue', exact: true });
    await list.focus();
    await expect.poll(() => list.getAttribute('aria-activedescendant')).toBe(optionId(first!.id));
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    await expect.poll(() => list.getAttribute('aria-activedescendant')).toBe(optionId(second!.id));
    expect(await page.getByRole('option', { selected: true }).getAttribute('id')).toBe(optionId(second!.id));
    await page.keyboard.press('Enter');
    // Main looked the link up in its own snapshot, and it passed the allow-list to the OS.
    await expect.poll(() => bridge.opened.at(-1)).toBe(second!.permalink);
    await expect.poll(() => bridge.electron.opened.at(-1)).toBe(second!.permalink);
  });

  it('dismisses with D and with the Dismiss button; the requests stay gone after a refresh', async () => {
    const { page, bridge } = await harness.open();
    const [first, second] = (await slackRequests(page, bridge)).map((entry) => entry.request);
    const list = page.getByRole('listbox', { name: 'Queue', exact: true });
    await list.focus();
    await expect.poll(() => list.getAttribute('aria-activedescendant')).toBe(optionId(first!.id));
    await page.keyboard.press('d');
    await page.locator(`#${optionId(first!.id)}`).waitFor({ state: 'detached' });
    // The keyboard stays in place: on the request that followed.
    await expect.poll(() => list.getAttribute('aria-activedescendant')).toBe(optionId(second!.id));
    expect((await drawn(page)).groups[0]).toBe('Slack request from Customer Success: 1 Slack request');
    await page
      .locator(`#${optionId(second!.id)}`)
      .getByRole('button', { name: 'Dismiss' })
      .click();
    await page.locator(`#${optionId(second!.id)}`).waitFor({ state: 'detached' });
    // Dismissing opened nothing.
    expect(bridge.opened).toEqual([]);

    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => bridge.runtime.engine.snapshot()?.sources.slack?.state).toBe('fresh');
    await page.getByTestId('live-region').filter({ hasText: 'Updated' }).waitFor();
    expect(bridge.runtime.engine.snapshot()!.requests).toEqual([]);
    const after = await drawn(page);
    expect(after.options.filter((id) => id.startsWith('slack-'))).toEqual([]);
    expect(after.groups.some((label) => label?.startsWith('Slack request'))).toBe(false);
  });

  it('keeps hostile Slack text inert: markup, scripts, bidi, fake mentions, links and very long text', async () => {
    const me = `<@${DEMO_SLACK.me}>`;
    const hostile = [
      `${me} &lt;script&gt;window.__pwned=2&lt;/script&gt; &lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;`,
      `${me} \u202Eevil.exe\u202C \u2067right-to-left\u2069 \u200Fmixed *bold* _it_ \`code\` <!subteam^S0FAKE|@everyone>`,
      `${me} <javascript:window.__pwned=3|click me> <https://evil.example/pixel.png|![img](https://evil.example/a.png)>`,
      `${me} fake @Demo Hero <@U0NOBODY1> <@U0CSALICE1|admin> ${'𝒳ẞ漢字😀🏳️‍🌈'.repeat(2_000)}`,
      `${me} ${'W'.repeat(10_000)}`,
    ];
    // A Customer Success colleague whose name is hostile too, posting before the app first reads Slack (names
    // and the group's members are cached for an hour, as they are for real).
    const mallory = 'U0CSMALLO1';
    const { page, bridge, dialogs } = await harness.open({
      accounts: true,
      prepare: (sandbox) => {
        const world = structuredClone(sandbox.slack.world());
        world.users.push({
          id: mallory,
          name: 'mallory',
          realName: 'Mallory',
          displayName: `\u202E<img src=x onerror="window.__pwned=1">Mallory ${'Ж'.repeat(300)}`,
        });
        world.usergroups.find((group) => group.id === DEMO_SLACK.csGroup)!.users.push(mallory);
        const channel = world.channels.find((c) => c.id === DEMO_SLACK.channels.requests)!;
        channel.members.push(mallory);
        hostile.forEach((text, i) => {
          channel.messages.push({ key: `hostile-${i}`, minutesAgo: 5 - i, user: mallory, text });
        });
        sandbox.slack.setWorld(world);
      },
    });
    const remote: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1') && !request.url().startsWith('http://localhost')) {
        remote.push(request.url());
      }
    });
    await slackRequests(page, bridge, 2 + hostile.length);
    // The hostile ones are the newest: the filter brings them into the 400 x 600 window.
    await page.keyboard.press('/');
    await page.keyboard.type('mallory');
    await page.locator('.slack-preview', { hasText: '<script>' }).first().waitFor();
    const requests = bridge.runtime.engine.snapshot()!.requests!;
    const fromMallory = requests.filter((entry) => entry.request.author.id === mallory);
    expect(fromMallory).toHaveLength(hostile.length);
    for (const { request } of fromMallory) {
      const row = page.locator(`#${optionId(request.id)}`);
      if ((await row.count()) === 0) continue;
      expect(await row.locator('.slack-author').textContent()).toBe(request.author.name);
      expect(await row.locator('.slack-preview').textContent()).toBe(request.preview);
      // However long the text, the row keeps its height: two lines of preview, cut with an ellipsis.
      expect((await row.boundingBox())?.height).toBe(76);
    }
    await page.getByRole('listbox', { name: 'Queue', exact: true }).focus();
    await page.keyboard.press('End');

    // A string, because this file compiles without the DOM library.
    const checks = await page.evaluate(`(() => ({
      pwned: window.__pwned ?? null,
      images: document.querySelectorAll('img').length,
      links: document.querySelectorAll('#root a').length,
      scripts: document.querySelectorAll('body script').length,
      bold: document.querySelectorAll('#root b, #root strong, #root code, #root em').length,
    }))()`);
    expect(dialogs).toEqual([]);
    expect(remote).toEqual([]);
    expect(checks).toEqual({ pwned: null, images: 0, links: 0, scripts: 0, bold: 0 });
    expect(await overflow(page)).toEqual({ page: 0, list: 0 });
    await page.keyboard.press('Home');
    await expectAccessibleInBothSchemes(page, 'hostile Slack text');
    await harness.screenshot(page, 'slack-hostile-text');
  });
});
