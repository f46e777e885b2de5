/**
 * SUPPORT_HERO_DEMO_ANCHOR alone reproduces the demo's output: it lays the demo out AND fixes the instant looked at,
 * so two runs seconds apart print the same bytes. Run on the built bin, as a user would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliJson } from '../../../src/main/cli/json';
import { ensureBuilt, runBin } from './support';

const ANCHOR = '2026-11-30T10:00:00.000Z';
const DEMO = { SUPPORT_HERO_DEMO_ANCHOR: ANCHOR };

beforeAll(() => {
  ensureBuilt();
}, 120_000);

describe('support-hero status with SUPPORT_HERO_DEMO_ANCHOR and no --now', () => {
  it('prints the same text, byte for byte, when run twice a few seconds apart', async () => {
    const first = await runBin(['status'], DEMO);
    await sleep(2_500);
    const second = await runBin(['status'], DEMO);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(0);
    expect(Buffer.from(second.stdout)).toEqual(Buffer.from(first.stdout));
    // Looked at from the anchor, not from today: the demo turn starts 20 minutes after it.
    expect(first.stdout.split('\n')[1]).toMatch(/^Off duty · next turn Mon 10:20, in 20m/);
  }, 30_000);

  it('prints the same JSON, byte for byte, evaluated at the anchor', async () => {
    const first = await runBin(['status', '--json'], DEMO);
    await sleep(2_500);
    const second = await runBin(['status', '--json'], DEMO);
    expect(first.code).toBe(0);
    expect(Buffer.from(second.stdout)).toEqual(Buffer.from(first.stdout));
    expect((JSON.parse(first.stdout) as CliJson).generatedAt).toBe(ANCHOR);
  }, 30_000);

  it('--now still chooses the instant looked at, and the real clock is used without the anchor', async () => {
    const later = await runBin(['status', '--json', '--now', '2026-11-30T10:30:00Z'], DEMO);
    expect((JSON.parse(later.stdout) as CliJson).generatedAt).toBe('2026-11-30T10:30:00.000Z');
    const before = Date.now();
    const live = await runBin(['status', '--json']);
    const generated = Date.parse((JSON.parse(live.stdout) as CliJson).generatedAt);
    expect(generated).toBeGreaterThanOrEqual(before - 1_000);
    expect(generated).toBeLessThanOrEqual(Date.now() + 1_000);
  }, 30_000);
});
