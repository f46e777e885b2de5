/**
 * The Slack emulation mounted in the one sandbox: `/slack/api/<method>` beside Zendesk and PagerDuty, on the
 * scenario's timeline, with its own faults and call log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_SLACK,
  demoScenario,
  emptyScenario,
  type Sandbox,
  SLACK_SANDBOX_CREDENTIALS,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { createSlackSource } from '../../../src/main/sources/slack';
import { SourceError } from '../../../src/main/sources/source';
import { getJson, T0, ZENDESK_AUTH } from './support';

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

function slackSource(box: Sandbox, now: () => number) {
  return createSlackSource(
    {
      channelIds: Object.values(DEMO_SLACK.channels),
      csUserGroupId: DEMO_SLACK.csGroup,
      myGroupId: DEMO_SLACK.myGroup,
      apiUrl: box.slackApiUrl,
      timeoutMs: 2_000,
    },
    SLACK_SANDBOX_CREDENTIALS.user.token,
    { now },
  );
}

describe('Slack in the sandbox', () => {
  it('serves the demo workspace under /slack/api/ while Zendesk still answers', async () => {
    const now = T0;
    sandbox = await startSandbox({ clock: () => now });
    expect(sandbox.slackApiUrl).toBe(`${sandbox.url}/slack/api/`);
    const result = await slackSource(sandbox, () => now).fetchRequests(null);
    // The demo channel has two open requests for the demo user (one inside a thread).
    expect(result.open.map((request) => request.channelId)).toEqual([
      DEMO_SLACK.channels.requests,
      DEMO_SLACK.channels.requests,
    ]);
    expect(sandbox.slack.count({ method: 'conversations.history' })).toBe(3);
    expect(sandbox.count({ service: 'zendesk' })).toBe(0);
    const me = await getJson(`${sandbox.zendeskBaseUrl}/users/me.json`, ZENDESK_AUTH);
    expect(me.status).toBe(200);
  });

  it('lays the Slack world out from the scenario anchor', async () => {
    const anchorMs = T0 - 3 * 60 * 60_000;
    sandbox = await startSandbox({ scenario: { ...demoScenario(), anchorMs }, clock: () => T0 });
    expect(sandbox.slack.world().anchorMs).toBe(anchorMs);
    sandbox.setScenario(emptyScenario());
    expect(sandbox.slack.world().anchorMs).toBe(T0);
    expect(sandbox.slack.world().channels.every((channel) => channel.messages.length === 0)).toBe(true);
  });

  it('injects Slack faults without touching the other services', async () => {
    sandbox = await startSandbox({ clock: () => T0 });
    sandbox.slack.faults.inject({ kind: 'invalid_auth' });
    const error = await slackSource(sandbox, () => T0)
      .fetchRequests(null)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).failure.kind).toBe('auth_rejected');
    const me = await getJson(`${sandbox.zendeskBaseUrl}/users/me.json`, ZENDESK_AUTH);
    expect(me.status).toBe(200);
  });
});
