import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/shared/domain';
import { expectAccessibleInBothSchemes } from './support/a11y';
import { API_METHODS, type TestBridge } from './support/bridge';
import { createHarness } from './support/harness';

const harness = createHarness();
beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop());

/** The first snapshot with the demo's tickets and its two Slack requests, once the page draws it. */
async function firstSnapshot(page: Page, bridge: TestBridge): Promise<Snapshot> {
  await page.locator('[role="option"]').first().waitFor();
  await expect.poll(() => bridge.runtime.engine.snapshot()?.requests?.length ?? 0, { timeout: 15_000 }).toBe(2);
  await page.locator('.row-slack').first().waitFor();
  const snapshot = bridge.runtime.engine.snapshot();
  if (!snapshot) throw new Error('no snapshot');
  return snapshot;
}

/** Tier labels in queue order, as main ordered them: Slack requests first (Other is collapsed, so left out). */
function tierOrder(snapshot: Snapshot): string[] {
  const rows = [...(snapshot.requests ?? []), ...snapshot.queue];
  const labels: string[] = [];
  for (const entry of [...rows].sort((a, b) => a.tierRank - b.tierRank)) {
    if (entry.tier === 'other') continue;
    const requests = (snapshot.requests ?? []).filter((e) => e.tier === entry.tier).length;
    const tickets = snapshot.queue.filter((e) => e.tier === entry.tier).length;
    const counts = [
      requests > 0 ? `${requests} Slack ${requests === 1 ? 'request' : 'requests'}` : null,
      tickets > 0 ? `${tickets} ${tickets === 1 ? 'ticket' : 'tickets'}` : null,
    ].filter(Boolean);
    const label = `${entry.tierLabel}: ${counts.join(' and ')}`;
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

/** The id of a Slack request's row. */
const slackOptionId = (requestId: string) => `slack-${requestId.replace(/[^A-Za-z0-9]/g, '-')}`;

describe('queue window in Chromium over the real runtime', () => {
  it('exposes exactly the preload API', async () => {
    const { page } = await harness.open();
    const keys = await page.evaluate(() => Object.keys((globalThis as unknown as { supportHero: object }).supportHero));
    expect(keys.sort()).toEqual([...API_METHODS].sort());
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the demo queue in tier order (${colorScheme})`, async () => {
      const { page, bridge } = await harness.open({ colorScheme });
      const snapshot = await firstSnapshot(page, bridge);
      expect(snapshot.demo).toBe(true);
      await expect.poll(() => page.getByRole('button', { name: 'Connect your accounts' }).count()).toBe(1);
      const groups = await page
        .locator('[role="listbox"] > [role="group"]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')));
      // Only what fits the window is in the DOM; it must be the start of main's order.
      const expected = tierOrder(snapshot);
      expect(groups.length).toBeGreaterThan(0);
      expect(groups).toEqual(expected.slice(0, groups.length));
      // Slack requests from Customer Success head the queue, then main's first ticket.
      const rowIds = await page.locator('[role="option"]').evaluateAll((nodes) => nodes.map((node) => node.id));
      const requests = snapshot.requests ?? [];
      expect(requests.length).toBeGreaterThan(0);
      expect(rowIds.slice(0, requests.length + 1)).toEqual([
        ...requests.map((entry) => slackOptionId(entry.request.id)),
        `ticket-${snapshot.queue[0]?.ticket.id}`,
      ]);
      await expectAccessibleInBothSchemes(page, 'the demo queue');
      await harness.screenshot(page, `queue-${colorScheme}`);
    });
  }

  it('asks main to open the ticket clicked, and a community question on its moderation page', async () => {
    const { page, bridge } = await harness.open();
    const snapshot = await firstSnapshot(page, bridge);
    const first = snapshot.queue[0]!;
    await page.locator(`#ticket-${first.ticket.id}`).click();
    await expect.poll(() => bridge.opened.length).toBe(1);
    expect(bridge.opened[0]).toBe(first.ticket.moderationUrl ?? first.ticket.url);

    const community = snapshot.queue.find((entry) => entry.ticket.moderationUrl !== null);
    expect(community).toBeDefined();
    await page.keyboard.press('/');
    await page.keyboard.type(String(community!.ticket.id));
    const row = page.locator(`#ticket-${community!.ticket.id}`);
    await row.click();
    await expect.poll(() => bridge.opened.at(-1)).toBe(community!.ticket.moderationUrl);
    await row.getByRole('button', { name: 'Zendesk' }).click();
    await expect.poll(() => bridge.opened.at(-1)).toBe(community!.ticket.url);
  });

  it('shows the end-of-rotation handover: every tier 1 to 4 ticket still open, as Markdown with links', async () => {
    const { page, bridge } = await harness.open();
    const snapshot = await firstSnapshot(page, bridge);
    await page.getByRole('button', { name: 'Handover' }).click();
    const text = page.getByRole('textbox', { name: 'Handover Markdown' });
    await expect.poll(() => text.inputValue()).toContain('](https://');
    const markdown = await text.inputValue();
    const handover = snapshot.queue.filter((entry) => entry.handover);
    expect(handover.length).toBeGreaterThan(0);
    for (const entry of handover) expect(markdown).toContain(entry.ticket.url);
    for (const entry of snapshot.queue.filter((e) => !e.handover)) expect(markdown).not.toContain(entry.ticket.url);
    // It names the tiers of the rule table in force, and who takes over (or why that is unknown).
    expect(markdown).toContain(
      '\nTiers 1 to 5: Slack request from Customer Success; Tagged by Customer Success; Escalated, High priority; Escalated, Normal priority; Nearing or past SLA breach.\n',
    );
    const hero = snapshot.turn.nextHero;
    expect(markdown).toContain(hero ? `Hand over to ${hero.userName} (from ` : 'The next Support Hero is unknown: ');
    await page.getByText(hero ? `Hand over to ${hero.userName} (from ` : 'Next Support Hero: unknown').waitFor();
    // The window's session denies the page's clipboard: main copies the Markdown it built.
    await page.getByRole('button', { name: 'Copy Markdown' }).click();
    await page.getByTestId('live-region').filter({ hasText: 'Handover copied as Markdown' }).waitFor();
    expect(bridge.electron.copied).toEqual([markdown]);
    await expectAccessibleInBothSchemes(page, 'the handover');
    await harness.screenshot(page, 'handover');
  });

  it('moves with the keyboard and opens with Enter', async () => {
    const { page, bridge } = await harness.open();
    const snapshot = await firstSnapshot(page, bridge);
    await page.getByRole('listbox').focus();
    // Past the Slack requests at the top, to the queue's second ticket.
    for (let i = 0; i <= (snapshot.requests ?? []).length; i++) await page.keyboard.press('ArrowDown');
    const second = snapshot.queue[1]!.ticket;
    await expect
      .poll(() => page.getByRole('listbox').getAttribute('aria-activedescendant'))
      .toBe(`ticket-${second.id}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => bridge.opened.at(-1)).toBe(second.moderationUrl ?? second.url);
  });

  it('shows which source fails after a refresh, and recovers on retry', async () => {
    const { page, bridge } = await harness.open();
    await firstSnapshot(page, bridge);
    bridge.runtime.sandbox!.inject({ service: 'zendesk', kind: 'server_error' });
    await page.getByRole('button', { name: 'Refresh now' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Zendesk' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Zendesk/);
    // The last good queue stays on screen.
    expect(await page.locator('[role="option"]').count()).toBeGreaterThan(0);
    await expectAccessibleInBothSchemes(page, 'a failing source');
    await harness.screenshot(page, 'source-failing');
    bridge.runtime.sandbox!.clearFaults();
    await banner.getByRole('button', { name: 'Retry' }).click();
    await banner.waitFor({ state: 'detached' });
  });

  it('pauses notifications and shows until when', async () => {
    const { page, bridge } = await harness.open({ colorScheme: 'dark' });
    await firstSnapshot(page, bridge);
    await page.getByRole('button', { name: 'Pause 1h' }).click();
    const banner = page.getByRole('region', { name: 'Notifications paused' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Notifications paused until \w{3} \d\d:\d\d/);
    await expectAccessibleInBothSchemes(page, 'paused notifications');
    await harness.screenshot(page, 'paused-dark');
    await banner.getByRole('button', { name: 'Resume' }).click();
    await banner.waitFor({ state: 'detached' });
  });

  it('keeps hostile ticket text inert and the layout within 400 px', async () => {
    const { page, bridge, dialogs } = await harness.open();
    await firstSnapshot(page, bridge);
    const sandbox = bridge.runtime.sandbox!;
    const scenario = sandbox.scenario();
    const [a, b, c] = scenario.zendesk.tickets;
    a!.subject = '<img src=x onerror="window.__pwned=1;alert(1)">';
    b!.subject = `<script>window.__pwned=2</script>${'𝒳ẞ漢字😀🏳️‍🌈'.repeat(10_000)}`;
    c!.subject = '\u202Eevil.exe\u202C \u2067right-to-left\u2069 \u200Fmixed';
    const requester = scenario.zendesk.users.find((user) => user.id === a!.requester_id)!;
    requester.name = `\u202E${'W'.repeat(2_000)}`;
    const org = scenario.zendesk.organizations.find((o) => o.id === b!.organization_id);
    if (org) org.name = `<b onmouseover=alert(1)>${'Ω'.repeat(5_000)}</b>`;
    sandbox.setScenario(scenario);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByText('<img src=x onerror', { exact: false }).first().waitFor();
    await page.getByRole('listbox').focus();
    await page.keyboard.press('End');

    // A string, because this file compiles without the DOM library.
    const checks = await page.evaluate(`(() => {
      const scroll = document.querySelector('.queue-scroll');
      return {
        pwned: window.__pwned ?? null,
        images: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('body script').length,
        bold: document.querySelectorAll('#root b').length,
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
        listOverflow: scroll.scrollWidth - scroll.clientWidth,
      };
    })()`);
    expect(dialogs).toEqual([]);
    expect(checks).toEqual({ pwned: null, images: 0, scripts: 0, bold: 0, pageOverflow: 0, listOverflow: 0 });
    await page.keyboard.press('Home');
    await expectAccessibleInBothSchemes(page, 'hostile ticket text');
    await harness.screenshot(page, 'hostile-text');
  });

  it('shows inbox zero when the team queue is empty', async () => {
    const { page, bridge } = await harness.open();
    await firstSnapshot(page, bridge);
    const sandbox = bridge.runtime.sandbox!;
    const scenario = sandbox.scenario();
    scenario.zendesk.tickets = [];
    sandbox.setScenario(scenario);
    // Slack requests are rows of the queue too: inbox zero once they are dismissed.
    for (const entry of bridge.runtime.engine.snapshot()?.requests ?? []) {
      bridge.runtime.engine.dismissSlackRequest(entry.request.id);
    }
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByText('Inbox zero').waitFor();
    await expectAccessibleInBothSchemes(page, 'inbox zero');
    await harness.screenshot(page, 'inbox-zero');
  });
});
