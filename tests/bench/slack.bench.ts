/**
 * Requests per Slack poll against the Slack sandbox over HTTP: 3 channels with nothing new (target 3: one history
 * call each) and with K threads active (target 3 + K: one replies call per changed thread).
 */

import {
  DEMO_SLACK,
  SLACK_SANDBOX_CREDENTIALS,
  slackDemoWorld,
} from '../../src/main/sources/sandbox/scenarios/slack-demo';
import { startSlackSandbox } from '../../src/main/sources/sandbox/slack';
import { createSlackSource } from '../../src/main/sources/slack';
import type { BenchRow } from './types';

const K = 5;

export async function run(): Promise<BenchRow[]> {
  let now = Date.parse('2026-11-30T09:00:30Z');
  const world = slackDemoWorld();
  const requests = world.channels.find((channel) => channel.id === DEMO_SLACK.channels.requests)!;
  // K thread parents in the watch window, each with one reply already.
  for (let index = 0; index < K; index++) {
    requests.messages.push({
      key: `p${index}`,
      minutesAgo: 100 + index,
      user: DEMO_SLACK.carl,
      text: `topic ${index}`,
    });
    requests.messages.push({
      key: `p${index}-r`,
      minutesAgo: 90,
      threadOf: `p${index}`,
      user: DEMO_SLACK.bob,
      text: 'reply',
    });
  }
  const sandbox = await startSlackSandbox(world, { clock: () => now });
  try {
    const source = createSlackSource(
      {
        channelIds: Object.values(DEMO_SLACK.channels),
        csUserGroupId: DEMO_SLACK.csGroup,
        myGroupId: DEMO_SLACK.myGroup,
        apiUrl: sandbox.apiUrl,
        permalinks: 'build',
      },
      SLACK_SANDBOX_CREDENTIALS.user.token,
      { now: () => now },
    );
    const first = await source.fetchRequests(null);
    now += 60_000;
    const quiet = await source.fetchRequests(first.state);
    now += 60_000;
    for (let index = 0; index < K; index++) {
      sandbox.handler
        .world()
        .channels.find((channel) => channel.id === DEMO_SLACK.channels.requests)!
        .messages.push({
          key: `p${index}-r2`,
          minutesAgo: -1.5,
          threadOf: `p${index}`,
          user: DEMO_SLACK.bob,
          text: 'more',
        });
    }
    const active = await source.fetchRequests(quiet.state);
    return [
      {
        name: 'requests, first poll (3 channels, warm-up)',
        value: first.requests,
        unit: 'requests',
        note: 'identity, names, threads',
      },
      { name: 'requests per poll, 3 channels, nothing new', value: quiet.requests, unit: 'requests', target: '3' },
      {
        name: `requests per poll, 3 channels, K=${K} threads active`,
        value: active.requests,
        unit: 'requests',
        target: `${3 + K}`,
      },
    ];
  } finally {
    await sandbox.close();
  }
}
