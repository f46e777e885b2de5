/**
 * The queue window in Chromium with a 1,000-ticket queue: time to first render (loading -> full queue) and time
 * to apply a new snapshot. Measured inside the page with performance.now() around the store update plus a double
 * requestAnimationFrame, so the figure includes React's render, layout and the first paint after it.
 */
import type { Page } from 'playwright-core';
import type { Snapshot, Ticket, TicketPriority, TicketStatus } from '../../src/shared/domain';
import { launchBrowser } from '../e2e/support/browser';
import { ensureRendererBuilt } from '../e2e/support/build';
import { serveDirectory } from '../e2e/support/server';
import { MINUTE, makeTicket, slaIn, T0 } from '../support/factories';
import { makeSnapshot } from '../support/snapshots';
import type { BenchRow } from './types';

const TICKETS = 1_000;
const FIRST_RENDER_RUNS = 7;
const UPDATE_RUNS = 15;

function tickets(count: number, variant: number): Ticket[] {
  const statuses: TicketStatus[] = ['new', 'open', 'open', 'pending', 'hold'];
  const priorities: TicketPriority[] = ['urgent', 'high', 'normal', 'low', 'none'];
  const tags = [[], ['escalated'], ['cs_tagged'], ['escalated', 'plan_scale'], []];
  return Array.from({ length: count }, (_, i) =>
    makeTicket({
      id: 200_000 + i,
      subject: `Ticket ${i}: insights time out on a big dashboard (${variant})`,
      status: statuses[i % statuses.length],
      priority: priorities[(i * 7) % priorities.length],
      tags: tags[(i * 3) % tags.length],
      organization: {
        id: i % 50,
        name: `Org ${i % 50}`,
        plan: i % 3 === 0 ? 'scale' : null,
        mrr: i % 3 === 0 ? 1000 + i : null,
        contentWarning: null,
        isFreeEmailTemp: false,
      },
      slaMetrics: i % 4 === 0 ? [slaIn(((i + variant * 13) % 300) - 30)] : [],
    }),
  );
}

/** A page whose bridge answers nothing but lets the bench push snapshots from inside the page. */
const BENCH_BRIDGE = `(() => {
  const listeners = new Set();
  const never = () => new Promise(() => {});
  window.supportHero = {
    getSnapshot: () => Promise.resolve(null),
    refresh: never, openTicket: never, openSchedule: never, handoverMarkdown: never, pauseNotifications: never,
    getSettings: never, saveSettings: never, testConnection: never, listZendeskViews: never,
    listOrganizationFields: never, listPagerDutySchedules: never, hideWindow: never,
    onSnapshot: (l) => { listeners.add(l); return () => listeners.delete(l); },
    onShowView: () => () => {}, onSettingsChanged: () => () => {},
    getNotices: () => Promise.resolve([]), onNotice: () => () => {}, dismissNotice: never,
  };
  window.__bench = {
    pending: [],
    applyNext: () => new Promise((done) => {
      const snapshot = window.__bench.pending.shift();
      const start = performance.now();
      for (const l of listeners) l(snapshot);
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
    }),
  };
})();`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function load(page: Page, url: string, snapshots: Snapshot[]): Promise<void> {
  await page.goto(url);
  await page.getByText('Loading your queue…').waitFor();
  await page.evaluate((list) => {
    (globalThis as unknown as { __bench: { pending: unknown[] } }).__bench.pending.push(...list);
  }, snapshots);
}

const applyNext = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __bench: { applyNext(): Promise<number> } }).__bench.applyNext());

/** Runs the measurement; rows for `npm run bench`. */
export async function run(): Promise<BenchRow[]> {
  const a = makeSnapshot({ tickets: tickets(TICKETS, 0), nowMs: T0 });
  const b = makeSnapshot({ tickets: tickets(TICKETS, 1), nowMs: T0 + MINUTE });
  const server = await serveDirectory(await ensureRendererBuilt());
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript({ content: BENCH_BRIDGE });
    const url = `${server.url}index.html`;
    const first: number[] = [];
    for (let i = 0; i < FIRST_RENDER_RUNS; i++) {
      await load(page, url, [a]);
      first.push(await applyNext(page));
    }
    await load(page, url, [a, ...Array.from({ length: UPDATE_RUNS }, (_, i) => (i % 2 === 0 ? b : a))]);
    await applyNext(page);
    const updates: number[] = [];
    for (let i = 0; i < UPDATE_RUNS; i++) updates.push(await applyNext(page));
    const rows = await page.locator('[role="option"]').count();
    return [
      {
        name: `first render, ${TICKETS}-ticket queue`,
        value: median(first),
        unit: 'ms',
        target: '<= 100 ms',
        note: `median of ${FIRST_RENDER_RUNS}; Chromium, 400x600; ${rows} rows in the DOM (virtualized)`,
      },
      {
        name: `apply new snapshot, ${TICKETS} tickets`,
        value: median(updates),
        unit: 'ms',
        target: '<= 100 ms',
        note: `median of ${UPDATE_RUNS}; store update to the second animation frame`,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
