/**
 * The full sandbox (startSandbox) serves the write routes: a status change shows in later reads, the read-only
 * token reads and gets 403 on writes, a swap override lands in the schedule, and setScenario starts clean.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRefusal, planAction } from '../../../src/main/core/actions/catalog';
import { demoScenario, SANDBOX_CREDENTIALS, type Sandbox, startSandbox } from '../../../src/main/sources/sandbox';
import { SANDBOX_READ_ONLY_ZENDESK } from '../../../src/main/sources/sandbox/zendesk-writes';
import { createZendeskWriteClient } from '../../../src/main/sources/zendesk/write-client';
import { demoTicketIds } from '../../support/write-sandbox';
import { getJson, PAGERDUTY_ACCEPT, PAGERDUTY_ACCOUNT_AUTH, PAGERDUTY_AUTH, T0, ZENDESK_AUTH } from './support';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ clock: () => T0 });
});

afterEach(async () => {
  await sandbox.close();
});

function writer(credentials: { email: string; token: string }) {
  return createZendeskWriteClient({
    subdomain: sandbox.subdomain,
    ...credentials,
    baseUrl: sandbox.zendeskBaseUrl,
    timeoutMs: 3_000,
    now: () => T0,
  });
}

async function actionTicket(id: number) {
  const { body } = await getJson(`${sandbox.zendeskBaseUrl}/tickets/${id}.json`, ZENDESK_AUTH);
  const ticket = body.ticket;
  return {
    id,
    status: ticket.status,
    updatedAt: new Date(Date.parse(ticket.updated_at)).toISOString(),
    assigneeId: ticket.assignee_id,
    requester: { id: ticket.requester_id, name: 'Requester' },
    organization: null,
    moderationUrl: null,
    orgAssignment: null,
  };
}

describe('sandbox writes', () => {
  it('applies a status change that later reads see, and records it', async () => {
    const { plain } = demoTicketIds(sandbox.scenario());
    const plan = planAction(
      'status',
      await actionTicket(plain),
      { status: 'hold', note: 'Waiting on eng' },
      {
        meId: null,
        assignToMeEnabled: false,
      },
    );
    if (isRefusal(plan)) throw new Error(plan.message);
    const outcome = await writer(SANDBOX_CREDENTIALS.zendesk).execute(plan);
    expect(outcome.kind).toBe('applied');
    const after = await getJson(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, ZENDESK_AUTH);
    expect(after.body.ticket.status).toBe('hold');
    expect(sandbox.zendeskWrites().map((write) => write.id)).toEqual([plain]);
    expect(sandbox.requests.some((record) => record.method === 'PUT' && record.status === 200)).toBe(true);
  });

  it('lets the read-only token read and refuses its writes with 403', async () => {
    const { plain } = demoTicketIds(sandbox.scenario());
    const readOnlyAuth = `Basic ${Buffer.from(
      `${SANDBOX_READ_ONLY_ZENDESK.email}/token:${SANDBOX_READ_ONLY_ZENDESK.token}`,
    ).toString('base64')}`;
    expect((await getJson(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, readOnlyAuth)).status).toBe(200);
    const plan = planAction(
      'status',
      await actionTicket(plain),
      { status: 'solved' },
      {
        meId: null,
        assignToMeEnabled: false,
      },
    );
    if (isRefusal(plan)) throw new Error(plan.message);
    const outcome = await writer(SANDBOX_READ_ONLY_ZENDESK).execute(plan);
    expect(outcome.kind).toBe('forbidden');
    expect(sandbox.zendeskWrites()).toEqual([]);
  });

  it('answers override writes under /pagerduty, and a new scenario starts without them', async () => {
    const schedule = sandbox.scenario().pagerduty.schedules[0]!;
    const users = await getJson(
      `${sandbox.pagerdutyBaseUrl}/schedules/${schedule.id}/users?since=${new Date(T0).toISOString()}&until=${new Date(T0 + 86_400_000).toISOString()}`,
      PAGERDUTY_AUTH,
      PAGERDUTY_ACCEPT,
    );
    expect(users.status).toBe(200);
    const user = users.body.users[0];
    const response = await fetch(`${sandbox.pagerdutyBaseUrl}/schedules/${schedule.id}/overrides`, {
      method: 'POST',
      headers: { authorization: PAGERDUTY_AUTH, accept: PAGERDUTY_ACCEPT, 'content-type': 'application/json' },
      body: JSON.stringify({
        overrides: [
          {
            start: new Date(T0 + 3_600_000).toISOString(),
            end: new Date(T0 + 7_200_000).toISOString(),
            user: { id: user.id, type: 'user_reference' },
          },
        ],
      }),
    });
    expect(response.status).toBe(201);
    const listed = await getJson(
      `${sandbox.pagerdutyBaseUrl}/schedules/${schedule.id}/overrides?since=${new Date(T0).toISOString()}&until=${new Date(T0 + 86_400_000).toISOString()}`,
      PAGERDUTY_AUTH,
      PAGERDUTY_ACCEPT,
    );
    expect(listed.body.overrides).toHaveLength(1);
    sandbox.setScenario(demoScenario());
    const fresh = await getJson(
      `${sandbox.pagerdutyBaseUrl}/schedules/${schedule.id}/overrides?since=${new Date(T0).toISOString()}&until=${new Date(T0 + 86_400_000).toISOString()}`,
      PAGERDUTY_AUTH,
      PAGERDUTY_ACCEPT,
    );
    expect(fresh.body.overrides).toHaveLength(0);
  });

  it('injects the write extras as faults: an override write applied then dropped, reads passing by, a 429', async () => {
    const schedule = sandbox.scenario().pagerduty.schedules[0]!;
    const window = `since=${new Date(T0).toISOString()}&until=${new Date(T0 + 86_400_000).toISOString()}`;
    const overridesPath = `/schedules/${schedule.id}/overrides`;
    const users = await getJson(
      `${sandbox.pagerdutyBaseUrl}/schedules/${schedule.id}/users?${window}`,
      PAGERDUTY_AUTH,
      PAGERDUTY_ACCEPT,
    );
    const body = JSON.stringify({
      overrides: [
        {
          start: new Date(T0 + 3_600_000).toISOString(),
          end: new Date(T0 + 7_200_000).toISOString(),
          user: { id: users.body.users[0].id, type: 'user_reference' },
        },
      ],
    });
    const post = () =>
      fetch(`${sandbox.pagerdutyBaseUrl}${overridesPath}`, {
        method: 'POST',
        headers: { authorization: PAGERDUTY_AUTH, accept: PAGERDUTY_ACCEPT, 'content-type': 'application/json' },
        body,
      });
    const list = () =>
      getJson(`${sandbox.pagerdutyBaseUrl}${overridesPath}?${window}`, PAGERDUTY_AUTH, PAGERDUTY_ACCEPT);

    sandbox.inject({
      service: 'pagerduty',
      kind: 'rate_limited',
      pathPrefix: overridesPath,
      retryAfterSeconds: 45,
      times: 1,
    });
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await list()).body.overrides).toHaveLength(0);

    sandbox.inject({ service: 'pagerduty', kind: 'drop_after_applying', pathPrefix: overridesPath, times: 1 });
    // A read on the same path is not a write: it passes, and the fault waits for the write.
    expect((await list()).status).toBe(200);
    await expect(post()).rejects.toThrow();
    expect((await list()).body.overrides).toHaveLength(1);
    // Used up: the next write is answered.
    expect((await post()).status).toBe(201);
  });

  it('a drop goes only with a write the handler applied: a 403 is answered, a 405 arms nothing for later', async () => {
    const schedule = sandbox.scenario().pagerduty.schedules[0]!;
    const window = `since=${new Date(T0).toISOString()}&until=${new Date(T0 + 86_400_000).toISOString()}`;
    const overridesPath = `/schedules/${schedule.id}/overrides`;
    const users = await getJson(
      `${sandbox.pagerdutyBaseUrl}/schedules/${schedule.id}/users?${window}`,
      PAGERDUTY_AUTH,
      PAGERDUTY_ACCEPT,
    );
    const body = JSON.stringify({
      overrides: [
        {
          start: new Date(T0 + 3_600_000).toISOString(),
          end: new Date(T0 + 7_200_000).toISOString(),
          user: { id: users.body.users[0].id, type: 'user_reference' },
        },
      ],
    });
    const post = (path: string, authorization = PAGERDUTY_AUTH) =>
      fetch(`${sandbox.pagerdutyBaseUrl}${path}`, {
        method: 'POST',
        headers: { authorization, accept: PAGERDUTY_ACCEPT, 'content-type': 'application/json' },
        body,
      });
    const stored = async () =>
      (await getJson(`${sandbox.pagerdutyBaseUrl}${overridesPath}?${window}`, PAGERDUTY_AUTH, PAGERDUTY_ACCEPT)).body
        .overrides as unknown[];

    // The read-only key's write applies nothing: its 403 arrives (the connection is not dropped).
    sandbox.inject({ service: 'pagerduty', kind: 'drop_after_applying', pathPrefix: overridesPath, times: 1 });
    expect((await post(overridesPath, PAGERDUTY_ACCOUNT_AUTH)).status).toBe(403);
    expect(await stored()).toHaveLength(0);

    // A write to a route no handler serves gets its 405; the drop it took is not left armed for the next write.
    sandbox.inject({ service: 'pagerduty', kind: 'drop_after_applying', times: 1 });
    expect((await post('/oncalls')).status).toBe(405);
    expect((await post(overridesPath)).status).toBe(201);
    expect(await stored()).toHaveLength(1);
  });

  it('a Zendesk drop goes only with a write applied: a 405 arms nothing for a later write', async () => {
    const { plain } = demoTicketIds(sandbox.scenario());
    sandbox.inject({ service: 'zendesk', kind: 'drop_after_applying', times: 1 });
    const before = await getJson(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, ZENDESK_AUTH);
    const refused = await fetch(`${sandbox.zendeskBaseUrl}/views.json`, {
      method: 'POST',
      headers: { authorization: ZENDESK_AUTH, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(405);
    const put = await fetch(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, {
      method: 'PUT',
      headers: { authorization: ZENDESK_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        ticket: { status: 'pending', safe_update: true, updated_stamp: before.body.ticket.updated_at },
      }),
    });
    expect(put.status).toBe(200);
  });

  it('injects a Zendesk write applied then dropped: the connection fails, later reads see the change', async () => {
    const { plain } = demoTicketIds(sandbox.scenario());
    sandbox.inject({
      service: 'zendesk',
      kind: 'drop_after_applying',
      pathPrefix: `/api/v2/tickets/${plain}`,
      times: 1,
    });
    const before = await getJson(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, ZENDESK_AUTH);
    const put = fetch(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, {
      method: 'PUT',
      headers: { authorization: ZENDESK_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        ticket: { status: 'pending', safe_update: true, updated_stamp: before.body.ticket.updated_at },
      }),
    });
    await expect(put).rejects.toThrow();
    expect(sandbox.zendeskWrites().map((write) => write.id)).toEqual([plain]);
    expect((await getJson(`${sandbox.zendeskBaseUrl}/tickets/${plain}.json`, ZENDESK_AUTH)).body.ticket.status).toBe(
      'pending',
    );
  });
});
