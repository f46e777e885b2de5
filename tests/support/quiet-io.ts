/**
 * Driving a run over real HTTP on a fake clock: fake time may move on only once real I/O has settled, that is, no
 * request is still open and none new arrived for a few event-loop rounds. Moving it while a response is still on
 * its way (likely on a loaded machine) fires timers the run would not have reached yet: a watchdog, or the next
 * poll of a source whose answer is late.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a server was asked so far: every request received, and how many of them are not answered yet. */
export interface RequestTally {
  received(): number;
  open(): number;
}

/**
 * Returns once no request is open and none new arrived for a round (5 event-loop turns and 2 ms); gives up after
 * 2,000 rounds.
 */
export async function untilQuiet(tally: RequestTally): Promise<void> {
  let seen = -1;
  for (let round = 0; round < 2000; round++) {
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (tally.open() === 0 && tally.received() === seen) return;
    seen = tally.received();
  }
}

const SERVER_REQUEST_START = 'http.server.request.start';

/**
 * Counts the requests every HTTP server in this process receives from now on (the sandbox, say, whose handle does
 * not say which requests are still open), and which of them are not closed yet. Call `stop()` when done.
 */
export function tallyServedRequests(): RequestTally & { stop(): void } {
  let received = 0;
  let open = 0;
  const onRequest = (message: unknown) => {
    const { response } = message as { request: IncomingMessage; response: ServerResponse };
    received++;
    open++;
    response.once('close', () => {
      open--;
    });
  };
  subscribe(SERVER_REQUEST_START, onRequest);
  return {
    received: () => received,
    open: () => open,
    stop: () => {
      unsubscribe(SERVER_REQUEST_START, onRequest);
    },
  };
}
