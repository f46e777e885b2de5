/**
 * Requests per Zendesk action against the sandbox writes over HTTP, counted at the server. Targets are the API
 * minimum: status 1, replied_on_website 1, assign_to_me 1 (one ticket update each, note and status together),
 * assign_org 2 (the organization lookup and the user update). A dropped connection adds only the re-read.
 * Opening the dialog reads the ticket once (its first comment, for playbook matching), through the actions service
 * every face uses; the playbook chosen next reuses that read.
 */
import {
  type ActionPlan,
  type ActionRefusal,
  isRefusal,
  planAction,
  planOrgLookup,
} from '../../src/main/core/actions/catalog';
import { SANDBOX_CREDENTIALS } from '../../src/main/sources/sandbox';
import { createZendeskWriteClient } from '../../src/main/sources/zendesk/write-client';
import { ticket as snapshotTicket } from '../main/fixtures';
import { actionsServiceOver, demoTicketIds, startWriteSandbox } from '../support/write-sandbox';
import type { BenchRow } from './types';

const NOW = Date.parse('2026-11-30T09:00:00Z');
const context = { meId: 7_001, assignToMeEnabled: true };

function plan(result: ActionPlan | ActionRefusal): ActionPlan {
  if (isRefusal(result)) throw new Error(result.message);
  return result;
}

export async function run(): Promise<BenchRow[]> {
  const sandbox = await startWriteSandbox(() => NOW);
  try {
    const ids = demoTicketIds(sandbox.world);
    const client = createZendeskWriteClient({
      subdomain: 'posthoghelp-demo',
      ...SANDBOX_CREDENTIALS.zendesk,
      baseUrl: sandbox.baseUrl,
      timeoutMs: 5_000,
      now: () => NOW,
    });
    const counted = async (action: () => Promise<{ kind: string }>): Promise<number> => {
      const before = sandbox.requests.length;
      const outcome = await action();
      if (outcome.kind !== 'applied' && outcome.kind !== 'found') throw new Error(`bench action ended ${outcome.kind}`);
      return sandbox.requests.length - before;
    };

    const status = await counted(() =>
      client.execute(plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending', note: 'n' }, context))),
    );
    const replied = await counted(() =>
      client.execute(plan(planAction('replied_on_website', sandbox.ticket(ids.community), {}, context))),
    );
    const assignToMe = await counted(() =>
      client.execute(plan(planAction('assign_to_me', sandbox.ticket(ids.plain), {}, context))),
    );
    const ticket = sandbox.ticket(ids.freeEmail);
    const lookupPlan = planOrgLookup(ticket);
    if (isRefusal(lookupPlan)) throw new Error(lookupPlan.message);
    let assignOrg = 0;
    let organization: { id: number; name: string } | null = null;
    assignOrg += await counted(async () => {
      const found = await client.lookup(lookupPlan);
      if (found.kind === 'found' && found.result.kind === 'match') organization = found.result.organization;
      return found;
    });
    const chosen = organization as { id: number; name: string } | null;
    if (!chosen) throw new Error('the lookup found no match');
    assignOrg += await counted(() =>
      client.execute(
        plan(planAction('assign_org', ticket, { organizationId: chosen.id, organizationName: chosen.name }, context)),
      ),
    );
    sandbox.dropNextWriteAfterApplying();
    const dropped = await counted(() =>
      client.execute(plan(planAction('status', sandbox.ticket(ids.plain), { status: 'solved', note: 'm' }, context))),
    );

    // The dialog's reads, counted through the actions service: opening it (offers), then a playbook from it.
    const service = actionsServiceOver(sandbox, () => [snapshotTicket(ids.plain)], NOW);
    const readsSince = async (step: () => Promise<unknown>): Promise<number> => {
      const before = sandbox.requests.length;
      await step();
      return sandbox.requests.length - before;
    };
    const openDialog = await readsSince(() => service.offers(ids.plain));
    const playbookAfter = await readsSince(() => service.playbook(ids.plain, 'two_factor_removal'));

    return [
      {
        name: 'open the action dialog (playbook matching)',
        value: openDialog,
        unit: 'requests',
        target: '1',
        note: 'GET /tickets/{id}.json: the first comment, which the snapshot does not hold',
      },
      {
        name: 'playbook chosen in that dialog',
        value: playbookAfter,
        unit: 'requests',
        target: '1',
        note: 'GET /users/me once per run for the signature; the ticket read is reused',
      },
      { name: 'status (with a note)', value: status, unit: 'requests', target: '1' },
      { name: 'replied_on_website (note + status)', value: replied, unit: 'requests', target: '1' },
      { name: 'assign_to_me', value: assignToMe, unit: 'requests', target: '1' },
      { name: 'assign_org (lookup + user update)', value: assignOrg, unit: 'requests', target: '2' },
      {
        name: 'status with a note, connection dropped after applying',
        value: dropped,
        unit: 'requests',
        target: '3',
        note: 'the write + re-read of ticket and comments; not sent twice',
      },
    ];
  } finally {
    await sandbox.close();
  }
}
