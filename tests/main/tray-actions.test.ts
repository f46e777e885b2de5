/**
 * The tray's ticket actions through the whole composition (createApp over the stand-in electron and the demo
 * sandbox): a submenu click shows the window and asks it to open the action dialog, and nothing is written to
 * Zendesk until the window's Confirm; copies go through main's clipboard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SupportHeroApp } from '../../src/main/app/create-app';
import { createFakeElectron, type FakeElectron } from './stand-in/electron';

register('./stand-in/electron-hooks.mjs', import.meta.url, {
  data: { standInUrl: new URL('./stand-in/empty-electron.mjs', import.meta.url).href },
});
const { createApp } = await import('../../src/main/app/create-app');

const ROOT = join(import.meta.dirname, '../..');
const PAGE = 'file:///app/out/renderer/index.html';

let userData: string;
let fake: FakeElectron;
let app: SupportHeroApp | null = null;

beforeEach(async () => {
  userData = mkdtempSync(join(tmpdir(), 'support-hero-tray-actions-'));
  fake = createFakeElectron({ pageUrl: PAGE });
  app = await createApp(fake.electron, {
    paths: {
      userData,
      resources: join(ROOT, 'resources'),
      preload: join(ROOT, 'out/preload/index.cjs'),
      page: { url: PAGE, file: '/app/out/renderer/index.html' },
    },
    platform: 'linux',
    runtime: { timeZone: () => 'UTC' },
  });
});

afterEach(async () => {
  await app?.quit();
  app = null;
  rmSync(userData, { recursive: true, force: true });
});

async function ticketMenu(): Promise<{ id: number; items: MenuItemConstructorOptions[] }> {
  for (let i = 0; i < 200 && !fake.tray().menu.some((item) => item.label?.startsWith('#')); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const top = fake.tray().menu.find((item) => item.label?.startsWith('#'));
  if (!top) throw new Error('no ticket in the tray menu');
  return { id: Number(/^#(\d+)/.exec(top.label!)![1]), items: top.submenu as MenuItemConstructorOptions[] };
}

function click(items: MenuItemConstructorOptions[], label: string) {
  const found = items.find((item) => item.label === label);
  if (!found?.click) throw new Error(`no "${label}" in ${items.map((item) => item.label).join(', ')}`);
  (found.click as (menuItem: object) => void)({});
}

describe('ticket actions from the tray', () => {
  it('shows the window at the dialog for that ticket and action, and sends nothing itself', async () => {
    const { id, items } = await ticketMenu();
    fake.window().hide();
    click(items, 'Solved…');
    expect(fake.window().isVisible()).toBe(true);
    const sent = fake.window().webContents.sent;
    const prompt = sent.findIndex((s) => s.channel === 'action:prompt');
    expect(sent[prompt]?.payload).toEqual({ ticketId: id, action: 'status', params: { status: 'solved' } });
    // The queue view is shown first, so the dialog opens over the queue.
    expect(sent.slice(0, prompt).some((s) => s.channel === 'view:show' && s.payload === 'queue')).toBe(true);
    expect(app!.runtime.sandbox!.zendeskWrites()).toEqual([]);
  });

  it("copies through electron's clipboard, and only what main checked", async () => {
    const { id } = await ticketMenu();
    await expect(fake.invoke('clipboard:write', { text: 'Hi Grace' })).rejects.toThrow(/refused clipboard:write/);
    const guide = (await fake.invoke('action:plan', {
      ticketId: id,
      action: 'playbook',
      params: { playbook: 'two_factor_removal' },
    })) as { kind: 'guide'; playbook: { templates: { text: string }[] } };
    const email = guide.playbook.templates[0]!.text;
    expect(email).toContain(`ticket #${id}`);
    expect(
      await fake.invoke('clipboard:write', {
        template: { ticketId: id, playbook: 'two_factor_removal', index: 0 },
      }),
    ).toEqual({ ok: true, copied: email });
    expect(
      await fake.invoke('clipboard:write', {
        teamMessage: { issueUrl: 'https://github.com/PostHog/posthog/issues/7' },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await fake.invoke('clipboard:write', { teamMessage: { issueUrl: 'https://evil.io/issues/7' } }),
    ).toMatchObject({ ok: false });
    expect(fake.copied).toEqual([
      email,
      'New bug report from a high priority customer: https://github.com/PostHog/posthog/issues/7',
    ]);
  });

  it('copies the handover Markdown main shows, built by main', async () => {
    await ticketMenu();
    const markdown = (await fake.invoke('handover:markdown', null)) as string;
    expect(markdown).toContain('#');
    expect(await fake.invoke('clipboard:write', { handover: true })).toEqual({ ok: true, copied: markdown });
    expect(fake.copied).toEqual([markdown]);
  });
});
