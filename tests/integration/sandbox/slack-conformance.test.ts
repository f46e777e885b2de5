/**
 * The Slack sandbox must serve the shapes Slack documents: each method's success and error bodies are validated
 * against the response schemas of the official (trimmed) OpenAPI 2.0 file in specs/slack/.
 *
 * That file is from 2020. Fields the current API sends that it lacks are removed before validation, and only
 * those, each named below: `response_metadata` (cursor paging, 2017+, absent from the history/replies schemas),
 * `edited` and `hidden` (documented message fields the message object omits), `reactions` on replies (the
 * replies item schemas list no reactions), and the error codes `not_in_channel`/`ratelimited`/`token_expired`
 * (absent from the enums). `conversations.info` is not in the file and is checked by hand. The file's conversation
 * object (`objs_conversation`) is a tuple schema that any object passes, so each listed channel is also checked
 * against its first (channel) entry directly.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SLACK,
  OTHER_SLACK_TEAM,
  SLACK_SANDBOX_CREDENTIALS,
  slackDemoWorld,
} from '../../../src/main/sources/sandbox/scenarios/slack-demo';
import { type SlackSandbox, startSlackSandbox } from '../../../src/main/sources/sandbox/slack';

const SPEC = fileURLToPath(new URL('../../../specs/slack/slack_web_openapi_v2.json', import.meta.url));
type Json = Record<string, unknown>;
const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as {
  paths: Record<string, { get: { responses: Record<string, { schema: Json }> } }>;
  definitions: Json;
};
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);

function validator(method: string, status: '200' | 'default'): ValidateFunction {
  const schema = spec.paths[`/${method}`]?.get.responses[status]?.schema;
  expect(schema, `no ${status} schema for ${method}`).toBeDefined();
  return ajv.compile({ ...schema, definitions: spec.definitions });
}

let sandbox: SlackSandbox;
const T0 = Date.parse('2026-11-30T09:00:30Z');
beforeAll(async () => {
  sandbox = await startSlackSandbox(slackDemoWorld(), { clock: () => T0 });
});
afterAll(async () => {
  await sandbox.close();
});

async function call(
  method: string,
  args: Record<string, string> = {},
  token: string = SLACK_SANDBOX_CREDENTIALS.user.token,
) {
  const response = await fetch(`${sandbox.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

function withoutStaleFields(method: string, body: Json): Json {
  const copy = structuredClone(body);
  delete copy.response_metadata;
  const messages = Array.isArray(copy.messages) ? (copy.messages as Json[]) : [];
  if (copy.message) messages.push(copy.message as Json);
  for (const message of messages) {
    delete message.edited;
    delete message.hidden;
    if (method === 'conversations.replies') delete message.reactions;
  }
  return copy;
}

function expectValid(validate: ValidateFunction, body: Json) {
  const ok = validate(body);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
}

const requests = DEMO_SLACK.channels.requests;

describe('Slack sandbox success bodies match the OpenAPI response schemas', () => {
  it('auth.test', async () => {
    const { status, body } = await call('auth.test');
    expect(status).toBe(200);
    expectValid(validator('auth.test', '200'), body);
    expect(body.url).toBe('https://support-hero-demo.slack.com/');
  });

  it.each([
    ['whole channel', { channel: requests }],
    ['a page of 3 with a cursor', { channel: requests, limit: '3' }],
    ['an old channel', { channel: DEMO_SLACK.channels.escalations, oldest: '1000000000.000000' }],
  ])('conversations.history, %s', async (_name, args) => {
    const { body } = await call('conversations.history', args);
    expect((body.messages as unknown[]).length).toBeGreaterThan(0);
    expectValid(validator('conversations.history', '200'), withoutStaleFields('conversations.history', body));
  });

  it('the validators do reject what the spec forbids (so a pass means something)', () => {
    const validate = validator('conversations.history', '200');
    const good = { ok: true, messages: [{ type: 'message', text: 'x', ts: '1700000000.000100' }], has_more: false };
    const base = { ...good, pin_count: 0, channel_actions_ts: null, channel_actions_count: 0 };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, messages: [{ type: 'message', text: 'x', ts: 1700000000.0001 }] })).toBe(false);
    expect(validate({ ...base, response_metadata: { next_cursor: '' } })).toBe(false);
  });

  it('conversations.history pages with next_cursor until it is empty', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const { body } = await call('conversations.history', { channel: requests, limit: '4', cursor });
      seen.push(...(body.messages as { ts: string }[]).map((message) => message.ts));
      cursor = (body.response_metadata as { next_cursor: string }).next_cursor;
      expect(body.has_more).toBe(cursor !== '');
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(4);
  });

  it('conversations.replies, parent first', async () => {
    const history = await call('conversations.history', { channel: requests });
    const parent = (history.body.messages as { ts: string; reply_count?: number }[]).find(
      (message) => (message.reply_count ?? 0) > 0,
    )!;
    const { body } = await call('conversations.replies', { channel: requests, ts: parent.ts });
    expect((body.messages as { ts: string }[])[0]?.ts).toBe(parent.ts);
    expectValid(validator('conversations.replies', '200'), withoutStaleFields('conversations.replies', body));
  });

  it.each([
    ['usergroups.list', { include_users: 'true' }],
    ['usergroups.users.list', { usergroup: DEMO_SLACK.csGroup }],
    ['users.info', { user: DEMO_SLACK.alice }],
  ])('%s', async (method, args) => {
    const { body } = await call(method, args);
    expectValid(validator(method, '200'), body);
  });

  it('chat.getPermalink and reactions.get', async () => {
    const history = await call('conversations.history', { channel: requests });
    const ts = (history.body.messages as { ts: string; user?: string }[]).find((message) => message.user)!.ts;
    const permalink = await call('chat.getPermalink', { channel: requests, message_ts: ts });
    expectValid(validator('chat.getPermalink', '200'), permalink.body);
    const reactions = await call('reactions.get', { channel: requests, timestamp: ts });
    expectValid(validator('reactions.get', '200'), withoutStaleFields('reactions.get', reactions.body));
  });

  it('conversations.info (not in the 2020 file) carries what the source reads', async () => {
    const { body } = await call('conversations.info', { channel: requests });
    expect(body).toMatchObject({ ok: true, channel: { id: requests, name: 'cs-requests', is_private: false } });
  });
});

describe('conversations.list and the token from another workspace', () => {
  const channelSchema = () => {
    const tuple = (spec.definitions.objs_conversation as { items: Json[] }).items;
    return ajv.compile({ ...tuple[0], definitions: spec.definitions });
  };

  it('lists public and private channels the token sees, each a conversation object', async () => {
    const { status, body } = await call('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
    });
    expect(status).toBe(200);
    expectValid(validator('conversations.list', '200'), body);
    const validateChannel = channelSchema();
    for (const channel of body.channels as Json[]) expectValid(validateChannel, channel);
    expect(validateChannel({ id: 'C0123ABCD', name: 'x' })).toBe(false);
    const ids = (body.channels as { id: string }[]).map((channel) => channel.id);
    expect(ids).toEqual(
      expect.arrayContaining([...Object.values(DEMO_SLACK.channels), DEMO_SLACK.pickerOnly.privateMine]),
    );
    // Archived left out on request; a private channel the user is not in is never listed.
    expect(ids).not.toContain(DEMO_SLACK.pickerOnly.archived);
    expect(ids).not.toContain(DEMO_SLACK.pickerOnly.privateOther);
  });

  it('lists only public channels by default, archived ones included unless excluded', async () => {
    const { body } = await call('conversations.list');
    const listed = body.channels as { id: string; is_private: boolean; is_archived: boolean }[];
    expect(listed.every((channel) => !channel.is_private)).toBe(true);
    expect(listed.find((channel) => channel.id === DEMO_SLACK.pickerOnly.archived)?.is_archived).toBe(true);
  });

  it('pages with limit and next_cursor until it is empty', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const { body } = await call('conversations.list', {
        types: 'public_channel,private_channel',
        limit: '2',
        cursor,
      });
      expectValid(validator('conversations.list', '200'), body);
      seen.push(...(body.channels as { id: string }[]).map((channel) => channel.id));
      cursor = (body.response_metadata as { next_cursor: string }).next_cursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen).toHaveLength(5);
  });

  it('asks for groups:read to list private channels (missing_scope names it)', async () => {
    sandbox.handler.setWorld({
      ...slackDemoWorld(),
      tokens: [{ token: 'xoxp-public-only', userId: DEMO_SLACK.me, kind: 'user', scopes: ['channels:read'] }],
    });
    try {
      const { status, body } = await call(
        'conversations.list',
        { types: 'public_channel,private_channel' },
        'xoxp-public-only',
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        ok: false,
        error: 'missing_scope',
        needed: 'groups:read',
        provided: 'channels:read',
      });
      expectValid(validator('conversations.list', 'default'), body);
    } finally {
      sandbox.handler.setWorld({ ...slackDemoWorld(), anchorMs: T0 });
    }
  });

  it('the other workspace token: auth.test names its own team, and it sees none of this one', async () => {
    const token = SLACK_SANDBOX_CREDENTIALS.otherWorkspace.token;
    const auth = await call('auth.test', {}, token);
    expectValid(validator('auth.test', '200'), auth.body);
    expect(auth.body).toMatchObject({
      team_id: OTHER_SLACK_TEAM.id,
      team: OTHER_SLACK_TEAM.name,
      url: `https://${OTHER_SLACK_TEAM.domain}.slack.com/`,
    });
    expect((await call('conversations.list', {}, token)).body.channels).toEqual([]);
    expect((await call('usergroups.list', {}, token)).body.usergroups).toEqual([]);
    expect((await call('conversations.history', { channel: requests }, token)).body.error).toBe('channel_not_found');
  });
});

describe('Slack sandbox errors match the error schemas', () => {
  it.each([
    ['auth.test', {}, 'xoxp-unknown', 'invalid_auth'],
    ['conversations.history', { channel: 'C0NOSUCH001' }, SLACK_SANDBOX_CREDENTIALS.user.token, 'channel_not_found'],
    ['conversations.history', { channel: requests }, SLACK_SANDBOX_CREDENTIALS.noHistory.token, 'missing_scope'],
    [
      'conversations.replies',
      { channel: requests, ts: '1.000001' },
      SLACK_SANDBOX_CREDENTIALS.user.token,
      'thread_not_found',
    ],
    ['users.info', { user: 'U0NOBODY01' }, SLACK_SANDBOX_CREDENTIALS.user.token, 'user_not_found'],
    ['conversations.list', {}, 'xoxp-unknown', 'invalid_auth'],
    ['usergroups.list', {}, 'xoxp-unknown', 'invalid_auth'],
    [
      'chat.getPermalink',
      { channel: requests, message_ts: '1.000001' },
      SLACK_SANDBOX_CREDENTIALS.user.token,
      'message_not_found',
    ],
  ])('%s answers %s as ok:false in HTTP 200', async (method, args, token, error) => {
    const { status, body } = await call(method, args, token);
    expect(status).toBe(200);
    expect(body.error).toBe(error);
    expectValid(validator(method, 'default'), body);
  });

  it('ratelimited is HTTP 429 with Retry-After', async () => {
    sandbox.handler.faults.inject({ kind: 'ratelimited', retryAfterSeconds: 12, times: 1 });
    const response = await fetch(`${sandbox.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SLACK_SANDBOX_CREDENTIALS.user.token}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });
});
