/**
 * "Assign to me" names the Zendesk user behind the credentials in use, over real HTTP against the sandbox: the
 * user found once is kept for that account only, so new credentials (another agent) look the user up again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionLog } from '../../../src/main/core/actions/log';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { createActionsService } from '../../../src/main/runtime/actions';
import { SANDBOX_CREDENTIALS } from '../../../src/main/sources/sandbox';
import type { Settings } from '../../../src/shared/settings';
import { entry, snapshot, ticket } from '../../main/fixtures';
import { fixedClock, memoryStore } from '../../support/factories';
import { demoTicketIds, startWriteSandbox, type WriteSandbox } from '../../support/write-sandbox';

const NOW = Date.parse('2026-11-30T09:00:00Z');
// Casey Comms (7002), an agent of the demo world, with a token of her own.
const CASEY = { email: 'casey@posthog.com', token: 'casey-zendesk-token' };

let sandbox: WriteSandbox;

beforeEach(async () => {
  sandbox = await startWriteSandbox(() => NOW);
  sandbox.world.zendesk.apiTokens.push({ ...CASEY });
});

afterEach(async () => {
  await sandbox.close();
});

describe('assign to me', () => {
  it('uses the user of the credentials now in use: a change of credentials looks "me" up again', async () => {
    const id = demoTicketIds(sandbox.world).plain;
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp-demo', baseUrl: sandbox.baseUrl },
      polling: { ...DEFAULT_SETTINGS.polling, timeoutSeconds: 5 },
      actions: { ...DEFAULT_SETTINGS.actions, assignToMe: true },
    };
    let credentials: { email: string; token: string } = SANDBOX_CREDENTIALS.zendesk;
    const service = createActionsService({
      settings: () => settings,
      zendeskCredentials: () => credentials,
      pagerdutyToken: () => null,
      snapshot: () => snapshot({ queue: [entry(ticket(id, { assigneeId: null }))] }),
      repoll: async () => undefined,
      log: createActionLog(memoryStore()),
      clock: fixedClock(NOW),
      timeZone: () => 'UTC',
    });
    const assignee = async () => {
      const preview = await service.plan({ action: 'assign_to_me', ticketId: id });
      if (preview.kind !== 'confirm') throw new Error(`not planned: ${JSON.stringify(preview)}`);
      return JSON.stringify(preview.requests.map((request) => request.body));
    };
    const meReads = () => sandbox.requests.filter((line) => line.startsWith('GET /api/v2/users/me')).length;

    expect(await assignee()).toContain('"assignee_id":7001');
    expect(await assignee()).toContain('"assignee_id":7001');
    // Kept for the account: the second plan did not ask again.
    expect(meReads()).toBe(1);
    credentials = CASEY;
    expect(await assignee()).toContain('"assignee_id":7002');
    expect(meReads()).toBe(2);
  });
});
