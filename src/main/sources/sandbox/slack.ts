/**
 * A local emulation of the Slack Web API methods the Slack source uses, in the shapes of
 * specs/slack/slack_web_openapi_v2.json: `auth.test`, `conversations.history`, `conversations.replies`,
 * `conversations.info`, `conversations.list`, `usergroups.list`, `usergroups.users.list`, `users.info`, `chat.getPermalink`,
 * `reactions.get`. Methods answer GET queries and POST form bodies (the WebClient posts), under a path prefix
 * (`/slack/api/<method>` by default, clear of Zendesk's `/api/v2`).
 *
 * As Slack does, errors are HTTP 200 with `{ ok: false, error }`, and rate limits are HTTP 429 with
 * `Retry-After`. Message times are minutes relative to the world's anchor, like the other scenarios, and only
 * messages already posted at the clock's reading are served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A message in a channel; a reply when `threadOf` names its parent's key. */
export interface SlackSeedMessage {
  /** Stable name for tests and replies (`threadOf`). */
  key: string;
  /** Minutes before the anchor it was posted (negative: posted after the anchor, served once the clock gets there). */
  minutesAgo: number;
  text: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  hidden?: boolean;
  threadOf?: string;
  /** Also sent to the channel (a `thread_broadcast` reply shows in history). */
  broadcast?: boolean;
  reactions?: { name: string; users: string[] }[];
  /** Minutes before the anchor it was edited. */
  editedMinutesAgo?: number;
  blocks?: unknown[];
}

export interface SlackWorldChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Archived: still readable, left out of `conversations.list` when `exclude_archived` is set. */
  isArchived?: boolean;
  /** Members; a bot token reads only channels its bot user is in. */
  members: string[];
  messages: SlackSeedMessage[];
}

export interface SlackWorldUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  isBot?: boolean;
}

export interface SlackWorldUsergroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface SlackWorldToken {
  token: string;
  userId: string;
  kind: 'user' | 'bot';
  /** Granted scopes; a method needing another answers `missing_scope` with `needed` and `provided`. */
  scopes: string[];
  /**
   * The workspace this token was issued in, when not the world's: `auth.test` reports it, and the world's channels,
   * people and groups are out of its sight (channel methods answer `channel_not_found`, lists come back empty).
   */
  team?: { id: string; name: string; domain: string };
}

export interface SlackWorld {
  /** Epoch ms the minute offsets are relative to; filled in when the handler is created. */
  anchorMs?: number;
  team: { id: string; name: string; domain: string };
  tokens: SlackWorldToken[];
  users: SlackWorldUser[];
  usergroups: SlackWorldUsergroup[];
  channels: SlackWorldChannel[];
}

export type SlackFaultKind =
  | 'invalid_auth'
  | 'token_revoked'
  | 'token_expired'
  | 'account_inactive'
  | 'missing_scope'
  | 'not_in_channel'
  | 'channel_not_found'
  | 'ratelimited'
  | 'server_error'
  | 'slow'
  | 'malformed_json'
  | 'html_error';

export interface SlackFaultSpec {
  kind: SlackFaultKind;
  /** Only calls of this method (`conversations.history`); default: every method. */
  method?: string;
  /** Only calls about this channel id. */
  channel?: string;
  /** For `ratelimited`; omit to send no Retry-After. */
  retryAfterSeconds?: number;
  /** For `slow`: how long to wait before answering normally (default 60 s). */
  delayMs?: number;
  /** For `missing_scope`: the scope named in `needed` (default `channels:history`). */
  needed?: string;
  /** Let this many matching calls through first. */
  skip?: number;
  /** How many calls fail; default: until cleared. */
  times?: number;
}

/** The injectable faults of one Slack emulation. */
export interface SlackFaults {
  inject(spec: SlackFaultSpec): void;
  clear(): void;
  /** The fault that applies to this call, consuming one of its uses; null when none does. */
  take(method: string, channel: string | null): SlackFaultSpec | null;
}

/** Creates an empty fault list. */
export function createSlackFaults(): SlackFaults {
  let faults: { spec: SlackFaultSpec; skipLeft: number; timesLeft: number }[] = [];
  return {
    inject(spec) {
      faults.push({ spec: { ...spec }, skipLeft: spec.skip ?? 0, timesLeft: spec.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      faults = [];
    },
    take(method, channel) {
      for (const fault of faults) {
        if (fault.spec.method !== undefined && fault.spec.method !== method) continue;
        if (fault.spec.channel !== undefined && fault.spec.channel !== channel) continue;
        if (fault.timesLeft <= 0) continue;
        if (fault.skipLeft > 0) {
          fault.skipLeft--;
          continue;
        }
        fault.timesLeft--;
        return fault.spec;
      }
      return null;
    },
  };
}

export interface SlackCallRecord {
  method: string;
  /** The arguments (query and form body merged), without the token. */
  args: Record<string, string>;
  /** `0` when no status was sent (slow and then abandoned). */
  status: number;
  at: number;
}

export interface SlackHandlerOptions {
  clock?: () => number;
  /** Default `/slack/api/`. */
  pathPrefix?: string;
  /** Calls per method per clock minute before a 429 (e.g. `{ 'conversations.history': 1 }` for the 2025 limit). */
  perMethodPerMinute?: Partial<Record<string, number>>;
}

export interface SlackHandler {
  /** Answers one request whose path starts with the prefix; returns false (untouched) for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Every call served, in order (the most recent 100,000). */
  calls: SlackCallRecord[];
  count(filter?: { method?: string; channel?: string }): number;
  resetCounts(): void;
  readonly faults: SlackFaults;
  /** The world served (live: tests may change it; times stay relative to its anchor). */
  world(): SlackWorld;
  setWorld(world: SlackWorld): void;
  /** Cancels pending slow answers (for server shutdown). */
  close(): void;
}

/** The scope each method needs, by token kind's usual grant (public channels: `channels:*`, private: `groups:*`). */
const METHOD_SCOPES: Record<string, (channel: SlackWorldChannel | null) => string | null> = {
  'auth.test': () => null,
  'conversations.history': (channel) => (channel?.isPrivate ? 'groups:history' : 'channels:history'),
  'conversations.replies': (channel) => (channel?.isPrivate ? 'groups:history' : 'channels:history'),
  'conversations.info': (channel) => (channel?.isPrivate ? 'groups:read' : 'channels:read'),
  // Checked per requested type in conversationsList (`types` may ask for public, private or both).
  'conversations.list': () => null,
  'usergroups.list': () => 'usergroups:read',
  'usergroups.users.list': () => 'usergroups:read',
  'users.info': () => 'users:read',
  'chat.getPermalink': () => null,
  'reactions.get': () => 'reactions:read',
};

const MAX_RECORDS = 100_000;
const MAX_FORM_BYTES = 64 * 1024;

/** The bearer token's entry in the world, or null (Slack's `not_authed`/`invalid_auth`). */
export function authenticateSlack(
  world: SlackWorld,
  authorization: string | undefined,
  formToken?: string,
): { token: SlackWorldToken } | { error: 'not_authed' | 'invalid_auth' } {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? formToken;
  if (!token) return { error: 'not_authed' as const };
  const entry = world.tokens.find((candidate) => candidate.token === token);
  return entry ? { token: entry } : { error: 'invalid_auth' as const };
}

/** Creates the Slack request handler over a world, with its faults. */
export function createSlackHandler(
  initialWorld: SlackWorld,
  faults: SlackFaults = createSlackFaults(),
  options: SlackHandlerOptions = {},
): SlackHandler {
  const clock = options.clock ?? Date.now;
  const prefix = options.pathPrefix ?? '/slack/api/';
  let world: SlackWorld = anchored(structuredClone(initialWorld), clock());
  const calls: SlackCallRecord[] = [];
  const windows = new Map<string, { minute: number; used: number }>();
  const timers = new Set<NodeJS.Timeout>();

  const handle = (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    if (!url.pathname.startsWith(prefix)) return false;
    const method = url.pathname.slice(prefix.length);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const args = new URLSearchParams(url.searchParams);
      const type = String(request.headers['content-type'] ?? '');
      if (request.method === 'POST' && type.includes('application/x-www-form-urlencoded')) {
        for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) args.set(key, value);
      }
      const formToken = args.get('token') ?? undefined;
      args.delete('token');
      const nowMs = clock();
      const record: SlackCallRecord = { method, args: Object.fromEntries(args), status: 0, at: nowMs };
      calls.push(record);
      if (calls.length > MAX_RECORDS) calls.splice(0, calls.length - MAX_RECORDS);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        sendJson(response, status, body, headers);
      };
      const answer = () => {
        const limit = options.perMethodPerMinute?.[method];
        if (limit !== undefined && !withinLimit(windows, method, nowMs, limit)) {
          const retry = Math.max(1, Math.ceil(((Math.floor(nowMs / 60_000) + 1) * 60_000 - nowMs) / 1000));
          send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retry) });
          return;
        }
        const reply = route(world, method, args, request.headers.authorization, formToken, clock());
        send(200, reply);
      };
      const fault = faults.take(method, args.get('channel'));
      if (!fault) {
        answer();
        return;
      }
      switch (fault.kind) {
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!response.destroyed && !response.writableEnded) answer();
          }, fault.delayMs ?? 60_000);
          timers.add(timer);
          return;
        }
        case 'ratelimited':
          send(
            429,
            { ok: false, error: 'ratelimited' },
            fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
          );
          return;
        case 'server_error':
          record.status = 500;
          sendRaw(response, 500, 'text/html', '<html><body><h1>500 Internal Server Error</h1></body></html>');
          return;
        case 'html_error':
          record.status = 200;
          sendRaw(response, 200, 'text/html', '<!DOCTYPE html><html><body>Slack is down</body></html>');
          return;
        case 'malformed_json':
          record.status = 200;
          sendRaw(response, 200, 'application/json; charset=utf-8', '{"ok": true, "messages": [{"ts": "17');
          return;
        case 'missing_scope': {
          const needed = fault.needed ?? 'channels:history';
          send(200, { ok: false, error: 'missing_scope', needed, provided: 'users:read' });
          return;
        }
        default:
          send(200, { ok: false, error: fault.kind });
      }
    });
    return true;
  };

  return {
    handle,
    calls,
    count: (filter = {}) =>
      calls.filter(
        (call) =>
          (filter.method === undefined || call.method === filter.method) &&
          (filter.channel === undefined || call.args.channel === filter.channel),
      ).length,
    resetCounts: () => {
      calls.length = 0;
    },
    faults,
    world: () => world,
    setWorld: (next) => {
      world = anchored(structuredClone(next), clock());
    },
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export interface SlackSandbox {
  /** `http://127.0.0.1:PORT/slack/api/`: the WebClient's `slackApiUrl`. */
  apiUrl: string;
  handler: SlackHandler;
  close(): Promise<void>;
}

/** Serves a Slack handler alone on a local port (tests, benchmarks; the demo sandbox will mount the handler). */
export async function startSlackSandbox(
  world: SlackWorld,
  options: SlackHandlerOptions & { faults?: SlackFaults } = {},
): Promise<SlackSandbox> {
  const handler = createSlackHandler(world, options.faults ?? createSlackFaults(), options);
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    try {
      if (!handler.handle(request, response)) sendJson(response, 404, { ok: false, error: 'unknown_method' });
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'sandbox_bug', detail: String(error) });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}${options.pathPrefix ?? '/slack/api/'}`,
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

// ------------------------------------------------------------------------------------------------
// Methods
// ------------------------------------------------------------------------------------------------

type Body = Record<string, unknown>;

function route(
  world: SlackWorld,
  method: string,
  args: URLSearchParams,
  authorization: string | undefined,
  formToken: string | undefined,
  nowMs: number,
): Body {
  const auth = authenticateSlack(world, authorization, formToken);
  if ('error' in auth) return fail(auth.error);
  const token = auth.token;
  const scopeOf = METHOD_SCOPES[method];
  if (!scopeOf) return fail('unknown_method');
  const channelId = args.get('channel');
  const channel = channelId ? (world.channels.find((candidate) => candidate.id === channelId) ?? null) : null;
  const needed = scopeOf(channel);
  if (needed && !token.scopes.includes(needed)) {
    return { ok: false, error: 'missing_scope', needed, provided: token.scopes.join(',') };
  }
  const anchorMs = world.anchorMs ?? nowMs;
  const context: MethodContext = { world, token, args, anchorMs, nowMs };
  const foreign = token.team !== undefined && token.team.id !== world.team.id;
  switch (method) {
    case 'auth.test': {
      const team = token.team ?? world.team;
      return {
        ok: true,
        url: `https://${team.domain}.slack.com/`,
        team: team.name,
        user: world.users.find((user) => user.id === token.userId)?.name ?? token.userId,
        team_id: team.id,
        user_id: token.userId,
        is_enterprise_install: false,
      };
    }
    case 'conversations.list':
      return foreign ? { ok: true, channels: [], response_metadata: { next_cursor: '' } } : conversationsList(context);
    case 'usergroups.list':
      if (foreign) return { ok: true, usergroups: [] };
      return {
        ok: true,
        usergroups: world.usergroups.map((group) => renderUsergroup(world, group, args)),
      };
    case 'usergroups.users.list': {
      const group = foreign ? undefined : world.usergroups.find((candidate) => candidate.id === args.get('usergroup'));
      return group ? { ok: true, users: group.users } : fail('no_such_subteam');
    }
    case 'users.info': {
      const user = foreign ? undefined : world.users.find((candidate) => candidate.id === args.get('user'));
      return user ? { ok: true, user: renderUser(world, user) } : fail('user_not_found');
    }
  }
  if (!channel || foreign || (channel.isPrivate && !channel.members.includes(token.userId))) {
    return fail('channel_not_found');
  }
  if (method === 'conversations.info') return { ok: true, channel: renderChannel(channel, token, anchorMs) };
  if (token.kind === 'bot' && !channel.members.includes(token.userId)) return fail('not_in_channel');
  switch (method) {
    case 'conversations.history':
      return history(context, channel);
    case 'conversations.replies':
      return replies(context, channel);
    case 'chat.getPermalink': {
      const message = findByTs(context, channel, args.get('message_ts'));
      if (!message) return fail('message_not_found');
      return { ok: true, channel: channel.id, permalink: permalinkOf(context, channel, message) };
    }
    case 'reactions.get': {
      const message = findByTs(context, channel, args.get('timestamp'));
      if (!message) return fail('message_not_found');
      return {
        ok: true,
        type: 'message',
        channel: channel.id,
        message: {
          ...renderMessage(context, channel, message, 'history'),
          permalink: permalinkOf(context, channel, message),
        },
      };
    }
  }
  return fail('unknown_method');
}

interface MethodContext {
  world: SlackWorld;
  token: SlackWorldToken;
  args: URLSearchParams;
  anchorMs: number;
  nowMs: number;
}

function fail(error: string): Body {
  return { ok: false, error };
}

/** The seed's ts: its second from the anchor, and a micro part unique within the channel (its index + 1). */
function tsOf(context: MethodContext, channel: SlackWorldChannel, message: SlackSeedMessage): string {
  const seconds = Math.floor((context.anchorMs - message.minutesAgo * 60_000) / 1000);
  const index = channel.messages.indexOf(message);
  return `${seconds}.${String(index + 1).padStart(6, '0')}`;
}

function posted(context: MethodContext, message: SlackSeedMessage): boolean {
  return context.anchorMs - message.minutesAgo * 60_000 <= context.nowMs;
}

function findByTs(context: MethodContext, channel: SlackWorldChannel, ts: string | null): SlackSeedMessage | null {
  if (!ts) return null;
  return channel.messages.find((message) => posted(context, message) && tsOf(context, channel, message) === ts) ?? null;
}

function compareTs(a: string, b: string): number {
  const [aSeconds, aMicros] = a.split('.').map(Number);
  const [bSeconds, bMicros] = b.split('.').map(Number);
  return (aSeconds ?? 0) - (bSeconds ?? 0) || (aMicros ?? 0) - (bMicros ?? 0);
}

/** Filters by `oldest`/`latest` (exclusive unless `inclusive`), as history and replies do. */
function inRange(ts: string, args: URLSearchParams): boolean {
  const inclusive = args.get('inclusive') === 'true' || args.get('inclusive') === '1';
  const oldest = args.get('oldest');
  const latest = args.get('latest');
  if (oldest && (inclusive ? compareTs(ts, oldest) < 0 : compareTs(ts, oldest) <= 0)) return false;
  if (latest && (inclusive ? compareTs(ts, latest) > 0 : compareTs(ts, latest) >= 0)) return false;
  return true;
}

/** Cursor paging: `limit` (default 100, at most 999), `cursor` an opaque offset. */
function page<T>(items: T[], args: URLSearchParams): { items: T[]; nextCursor: string } | { error: string } {
  const limitText = args.get('limit');
  const limit = limitText === null || limitText === '' ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) return { error: 'invalid_limit' };
  const size = Math.min(limit === 0 ? 100 : limit, 999);
  const cursor = args.get('cursor');
  let offset = 0;
  if (cursor) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!match) return { error: 'invalid_cursor' };
    offset = Number(match[1]);
  }
  const slice = items.slice(offset, offset + size);
  const more = offset + size < items.length;
  return {
    items: slice,
    nextCursor: more ? Buffer.from(`offset:${offset + size}`).toString('base64') : '',
  };
}

function history(context: MethodContext, channel: SlackWorldChannel): Body {
  const shown = channel.messages
    .filter((message) => posted(context, message) && (message.threadOf === undefined || message.broadcast))
    .map((message) => ({ message, ts: tsOf(context, channel, message) }))
    .filter((entry) => inRange(entry.ts, context.args))
    .sort((a, b) => compareTs(b.ts, a.ts));
  const paged = page(shown, context.args);
  if ('error' in paged) return fail(paged.error);
  return {
    ok: true,
    messages: paged.items.map((entry) => renderMessage(context, channel, entry.message, 'history')),
    has_more: paged.nextCursor !== '',
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: paged.nextCursor },
  };
}

function replies(context: MethodContext, channel: SlackWorldChannel): Body {
  const parent = findByTs(context, channel, context.args.get('ts'));
  if (!parent) return fail('thread_not_found');
  const thread = channel.messages
    .filter((message) => message.threadOf === parent.key && posted(context, message))
    .map((message) => ({ message, ts: tsOf(context, channel, message) }))
    .filter((entry) => inRange(entry.ts, context.args))
    .sort((a, b) => compareTs(a.ts, b.ts));
  // The parent always comes first, whatever the range.
  const all = [{ message: parent, ts: tsOf(context, channel, parent) }, ...thread];
  const paged = page(all, context.args);
  if ('error' in paged) return fail(paged.error);
  return {
    ok: true,
    messages: paged.items.map((entry) =>
      renderMessage(context, channel, entry.message, entry.message === parent ? 'parent' : 'reply'),
    ),
    has_more: paged.nextCursor !== '',
    response_metadata: { next_cursor: paged.nextCursor },
  };
}

function renderMessage(
  context: MethodContext,
  channel: SlackWorldChannel,
  message: SlackSeedMessage,
  as: 'history' | 'parent' | 'reply',
): Body {
  const ts = tsOf(context, channel, message);
  const body: Body = { type: 'message', text: message.text, ts };
  if (message.user) body.user = message.user;
  if (message.bot_id) body.bot_id = message.bot_id;
  if (message.subtype) body.subtype = message.subtype;
  if (message.hidden) body.hidden = true;
  if (message.blocks) body.blocks = message.blocks;
  if (message.user && !message.bot_id) body.team = context.world.team.id;
  if (message.editedMinutesAgo !== undefined && message.user) {
    const seconds = Math.floor((context.anchorMs - message.editedMinutesAgo * 60_000) / 1000);
    body.edited = { user: message.user, ts: `${seconds}.000000` };
  }
  const parent = message.threadOf ? channel.messages.find((candidate) => candidate.key === message.threadOf) : null;
  if (parent) {
    body.thread_ts = tsOf(context, channel, parent);
    if (parent.user) body.parent_user_id = parent.user;
    if (message.broadcast) body.subtype = 'thread_broadcast';
  } else {
    const repliesSoFar = channel.messages.filter(
      (candidate) => candidate.threadOf === message.key && posted(context, candidate),
    );
    if (repliesSoFar.length > 0) {
      const tses = repliesSoFar.map((reply) => tsOf(context, channel, reply)).sort(compareTs);
      body.thread_ts = ts;
      body.reply_count = repliesSoFar.length;
      body.reply_users = [...new Set(repliesSoFar.map((reply) => reply.user ?? reply.bot_id ?? ''))].filter((id) =>
        /^[UW]/.test(id),
      );
      body.reply_users_count = (body.reply_users as string[]).length;
      body.latest_reply = tses.at(-1);
      body.subscribed = false;
    } else if (as === 'parent') {
      body.thread_ts = ts;
      body.reply_count = 0;
      body.subscribed = false;
    }
  }
  if (message.reactions && message.reactions.length > 0) {
    body.reactions = message.reactions.map((reaction) => ({
      name: reaction.name,
      users: reaction.users,
      count: reaction.users.length,
    }));
  }
  return body;
}

function workspaceUrl(world: SlackWorld): string {
  return `https://${world.team.domain}.slack.com/`;
}

function permalinkOf(context: MethodContext, channel: SlackWorldChannel, message: SlackSeedMessage): string {
  const ts = tsOf(context, channel, message);
  const url = new URL(`/archives/${channel.id}/p${ts.replace('.', '')}`, workspaceUrl(context.world));
  const parent = message.threadOf ? channel.messages.find((candidate) => candidate.key === message.threadOf) : null;
  if (parent) {
    url.searchParams.set('thread_ts', tsOf(context, channel, parent));
    url.searchParams.set('cid', channel.id);
  }
  return url.href;
}

function renderChannel(channel: SlackWorldChannel, token: SlackWorldToken, anchorMs: number): Body {
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_group: false,
    is_im: false,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived === true,
    is_member: channel.members.includes(token.userId),
    created: Math.floor(anchorMs / 1000) - 365 * 86_400,
    num_members: channel.members.length,
  };
}

/** A channel as `conversations.list` lists it: the spec's conversation object (required fields included). */
function renderListedChannel(world: SlackWorld, channel: SlackWorldChannel, token: SlackWorldToken, anchorMs: number) {
  const creator = channel.members[0] ?? world.users[0]?.id ?? 'U000000000';
  return {
    ...renderChannel(channel, token, anchorMs),
    creator,
    is_general: false,
    is_mpim: false,
    is_org_shared: false,
    is_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    name_normalized: channel.name,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
    unlinked: 0,
  };
}

const CHANNEL_TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);

/**
 * `conversations.list`: the channels of the requested `types` (default `public_channel`) the token can see
 * (every public one; private ones it is a member of), `exclude_archived`, paged with `limit` and `cursor`.
 * Each type needs its read scope (`channels:read`, `groups:read`), as Slack checks.
 */
function conversationsList(context: MethodContext): Body {
  const { world, token, args, anchorMs } = context;
  const types = (args.get('types') || 'public_channel').split(',').map((type) => type.trim());
  if (types.some((type) => !CHANNEL_TYPES.has(type))) return fail('invalid_types');
  const needed = [
    types.includes('public_channel') ? 'channels:read' : null,
    types.includes('private_channel') ? 'groups:read' : null,
  ].filter((scope): scope is string => scope !== null && !token.scopes.includes(scope));
  if (needed.length > 0) {
    return { ok: false, error: 'missing_scope', needed: needed.join(','), provided: token.scopes.join(',') };
  }
  const excludeArchived = args.get('exclude_archived') === 'true' || args.get('exclude_archived') === '1';
  const listed = world.channels.filter((channel) => {
    if (excludeArchived && channel.isArchived) return false;
    if (channel.isPrivate) return types.includes('private_channel') && channel.members.includes(token.userId);
    return types.includes('public_channel');
  });
  const paged = page(listed, args);
  if ('error' in paged) return fail(paged.error);
  return {
    ok: true,
    channels: paged.items.map((channel) => renderListedChannel(world, channel, token, anchorMs)),
    response_metadata: { next_cursor: paged.nextCursor },
  };
}

function renderUsergroup(world: SlackWorld, group: SlackWorldUsergroup, args: URLSearchParams): Body {
  const created = Math.floor((world.anchorMs ?? 0) / 1000) - 200 * 86_400;
  const creator = world.users[0]?.id ?? 'U000000000';
  const body: Body = {
    id: group.id,
    team_id: world.team.id,
    is_usergroup: true,
    is_subteam: true,
    name: group.name,
    description: '',
    handle: group.handle,
    is_external: false,
    date_create: created,
    date_update: created,
    date_delete: 0,
    auto_type: null,
    auto_provision: false,
    enterprise_subteam_id: '',
    created_by: creator,
    updated_by: creator,
    deleted_by: null,
    prefs: { channels: [], groups: [] },
    user_count: group.users.length,
  };
  if (args.get('include_users') === 'true' || args.get('include_users') === '1') body.users = group.users;
  return body;
}

function renderUser(world: SlackWorld, user: SlackWorldUser): Body {
  return {
    id: user.id,
    team_id: world.team.id,
    name: user.name,
    real_name: user.realName,
    deleted: false,
    is_bot: user.isBot === true,
    is_app_user: false,
    updated: Math.floor((world.anchorMs ?? 0) / 1000) - 86_400,
    profile: {
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      avatar_hash: 'g0000000000',
      title: '',
      phone: '',
      skype: '',
      status_text: '',
      status_emoji: '',
      fields: null,
    },
  };
}

function withinLimit(
  windows: Map<string, { minute: number; used: number }>,
  method: string,
  nowMs: number,
  limit: number,
): boolean {
  const minute = Math.floor(nowMs / 60_000);
  const window = windows.get(method) ?? { minute, used: 0 };
  if (window.minute !== minute) {
    window.minute = minute;
    window.used = 0;
  }
  window.used++;
  windows.set(method, window);
  return window.used <= limit;
}

function anchored(world: SlackWorld, anchorMs: number): SlackWorld {
  return world.anchorMs === undefined ? { ...world, anchorMs } : world;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(text.length),
    ...headers,
  });
  response.end(text);
}

function sendRaw(response: ServerResponse, status: number, contentType: string, text: string) {
  const body = Buffer.from(text);
  response.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length) });
  response.end(body);
}
