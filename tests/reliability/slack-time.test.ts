/**
 * Time for the third source: Slack's read position and alerts across sleep and wake, wall-clock jumps forward and
 * back, through the real engine, ledger and Slack source over the sandbox. A request is alerted once however the
 * clock moves, none that arrived while asleep is lost, and nothing older than the look-back is read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SLACK, demoScenario, slackDemoWorld } from '../../src/main/sources/sandbox';
import type { Settings } from '../../src/shared/settings';
import { HOUR, MINUTE, NOW, startWorld, type World } from './harness';

const ANCHOR = NOW - 30 * MINUTE;

const worlds: World[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.close();
});

/** The demo (its turn running from 10 minutes before NOW for a week) with requests tagging the user at `arrivals`. */
async function world(arrivals: number[], settings: (settings: Settings) => Settings = (s) => s) {
  const slack = slackDemoWorld();
  const channel = slack.channels.find((item) => item.id === DEMO_SLACK.channels.requests)!;
  for (const at of arrivals) {
    channel.messages.push({
      key: `arrival-${at}`,
      minutesAgo: -(at - ANCHOR) / MINUTE,
      user: DEMO_SLACK.alice,
      text: `<@${DEMO_SLACK.me}> request posted at ${new Date(at).toISOString()}`,
    });
  }
  const w = await startWorld({
    sandbox: { scenario: { ...demoScenario(), anchorMs: ANCHOR, slack } },
    slack: true,
    // Quiet hours off, so alerts show at the instant they fall due, evenings included.
    settings: (s) => settings({ ...s, notifications: { ...s.notifications, quietOutsideWorkingHours: false } }),
  });
  worlds.push(w);
  return w;
}

/** When a request was posted, from its id (`<channel>/<seconds>.<micros>`), in ms. */
const postedAt = (id: string) => Number(id.split('/')[1]!.split('.')[0]) * 1000;
/** The Slack alerts delivered so far, as the instants their requests were posted (each id once per alert). */
const slackAlerts = (w: World) =>
  w.delivered.filter((alert) => alert.id.startsWith('slack:')).map((alert) => postedAt(alert.id));
const requestTimes = (w: World) => (w.engine.snapshot()!.requests ?? []).map((entry) => postedAt(entry.request.id));

function expectOnce(w: World): void {
  const ids = w.delivered.filter((alert) => alert.id.startsWith('slack:')).map((alert) => alert.id);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('Slack across time', () => {
  it('sleep 8 h then wake: each request that arrived while asleep is alerted once, the earlier ones not again', async () => {
    const arrivals = [NOW + HOUR, NOW + 3 * HOUR, NOW + 7 * HOUR];
    const w = await world(arrivals);
    await w.start();
    const before = slackAlerts(w);
    expect(before).toHaveLength(2);
    // The machine sleeps: no timer fires, the wall clock moves 8 hours.
    await w.jump(8 * HOUR);
    w.engine.wake();
    await w.quiesce();
    expect(w.engine.snapshot()!.sources.slack?.state).toBe('fresh');
    expect(slackAlerts(w)).toEqual([...before, ...arrivals]);
    await w.advanceBy(20 * MINUTE);
    expect(slackAlerts(w)).toHaveLength(5);
    expectOnce(w);
  });

  it('the wall clock set back 3 h and forward again: nothing re-alerted, the next request once', {
    timeout: 60_000,
  }, async () => {
    const later = NOW + 90 * MINUTE;
    const w = await world([later]);
    await w.start();
    await w.advanceBy(30 * MINUTE);
    expect(slackAlerts(w)).toHaveLength(2);
    await w.jump(-3 * HOUR);
    const calls = w.sandbox.slack.calls.length;
    await w.advanceBy(20 * MINUTE);
    // Polls kept their cadence (three history calls a minute): a clock set back neither blocks nor speeds them.
    const polled = w.sandbox.slack.calls.length - calls;
    expect(polled).toBeGreaterThanOrEqual(3 * 19);
    expect(polled).toBeLessThanOrEqual(3 * 21);
    // Polls kept running (a clock set back does not block the read spacing) and announced nothing again.
    expect(w.engine.snapshot()!.sources.slack?.state).toBe('fresh');
    expect(slackAlerts(w)).toHaveLength(2);
    await w.jump(3 * HOUR);
    await w.advanceBy(45 * MINUTE);
    expect(slackAlerts(w)).toEqual([...slackAlerts(w).slice(0, 2), later]);
    expectOnce(w);
  });

  it('the wall clock jumps forward a day: the request posted in the gap arrives, once', async () => {
    const inGap = NOW + 20 * HOUR;
    const w = await world([inGap]);
    await w.start();
    await w.jump(24 * HOUR);
    await w.advanceBy(5 * MINUTE);
    expect(slackAlerts(w)).toContain(inGap);
    await w.advanceBy(HOUR);
    expect(slackAlerts(w)).toHaveLength(3);
    expectOnce(w);
  });

  it('asleep longer than the look-back: what is older than the look-back is not read, the rest is, once', async () => {
    const tooOld = NOW + 4 * HOUR;
    const recent = NOW + 40 * HOUR;
    const w = await world([tooOld, recent], (s) => ({ ...s, slack: { ...s.slack, lookBackDays: 1 } }));
    await w.start();
    const [first, second] = requestTimes(w);
    expect(requestTimes(w)).toHaveLength(2);
    // Two days asleep: the read window starts at the look-back (24 h before the wake), not at the last read.
    await w.jump(48 * HOUR);
    w.engine.wake();
    await w.quiesce();
    const ids = requestTimes(w);
    expect(ids).toContain(recent);
    expect(ids).not.toContain(tooOld);
    // The requests that were open before the sleep are still open: they live in the read position, not the window.
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    expect(slackAlerts(w)).toEqual(expect.arrayContaining([recent]));
    expect(slackAlerts(w)).not.toContain(tooOld);
    expectOnce(w);
  });
});
