/**
 * The driver's wait for real I/O (tests/support/quiet-io.ts), which the fake-clock runs over real HTTP rely on:
 * it must not return while an answer is still on its way, however long the server takes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tallyServedRequests, untilQuiet } from '../../support/quiet-io';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A server that answers each request after `delayMs` of real time. */
async function slowServer(delayMs: number): Promise<string> {
  const server = createServer((_request, response) => {
    setTimeout(() => response.end('late'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('waiting for real I/O to settle', () => {
  it('counts the requests a server in this process receives, and holds on while one is open', async () => {
    const url = await slowServer(150);
    const tally = tallyServedRequests();
    cleanups.push(() => tally.stop());
    const request = fetch(url).then((response) => response.text());
    while (tally.received() === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const arrivedAt = Date.now();
    expect(tally.open()).toBe(1);
    // Nothing new arrives while the answer is on its way: only the open request keeps the driver waiting.
    await untilQuiet(tally);
    expect(tally.open()).toBe(0);
    expect(Date.now() - arrivedAt).toBeGreaterThanOrEqual(140);
    expect(await request).toBe('late');
    expect(tally.received()).toBe(1);
  });

  it('stops counting once stopped', async () => {
    const url = await slowServer(0);
    const tally = tallyServedRequests();
    tally.stop();
    await (await fetch(url)).text();
    expect(tally.received()).toBe(0);
  });
});
