/**
 * Pure functions from raw Slack messages to app data: which messages are human posts, who they mention, and
 * their text rendered as plain text that is safe to show (nothing in it is loaded or followed).
 */
import type { IsoInstant } from '../../../shared/domain';
import type { RawMessage, RawReaction, SlackMentions } from './types';

/** Longest preview shown; Slack messages can run to 40,000 characters. */
export const PREVIEW_MAX_CHARS = 280;

/**
 * Subtypes that are a person's own post. Everything else (joins, leaves, topic changes, bot posts, the hidden
 * `message_changed`/`message_deleted` records, ...) only looks like a message: a join's text is `<@U…> has
 * joined the channel`, a false mention. An allow-list, so subtypes Slack adds later are ignored, not misread.
 */
const HUMAN_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

const TS_PATTERN = /^\d{1,12}\.\d{1,9}$/;

/** Names the renderer may use for ids found in markup; missing ids fall back to the label or the id. */
export interface SlackNames {
  users?: ReadonlyMap<string, string>;
  usergroups?: ReadonlyMap<string, string>;
  channels?: ReadonlyMap<string, string>;
}

/** What counts as being tagged. */
export interface MentionTargets {
  meUserId: string;
  /** The user's team user group (`S…`), or null when none is configured. */
  myGroupId: string | null;
}

/** A message that a person wrote, with the fields the source needs, checked. */
export interface HumanMessage {
  ts: string;
  /** Equal to `ts` for a thread parent, the parent's ts for a reply, null for a message without a thread. */
  threadTs: string | null;
  user: string;
  text: string;
  blocks: unknown;
  replyCount: number;
  replyUsers: string[];
  latestReply: string | null;
  reactions: { name: string; users: string[] }[];
}

/** True when `value` is a Slack timestamp string (`"1358546515.000008"`). */
export function isSlackTs(value: unknown): value is string {
  return typeof value === 'string' && TS_PATTERN.test(value);
}

/** 2013-01-01: Slack began later that year, so no real message has an earlier ts. */
export const SLACK_EPOCH_MS = Date.UTC(2013, 0, 1);

/**
 * How far past this machine's clock a message's ts may be. Clocks drift, and people set them back by hours (the
 * time suites do); a message a day or more ahead is not skew but a broken or hostile record.
 */
export const TS_FUTURE_ALLOWANCE_MS = 24 * 60 * 60_000;

/**
 * Why a well-formed ts cannot be a real message's, or null when it can: before Slack existed, or far past `nowMs`.
 * Such a ts must never become a request nor move a read position (one far in the future would hide every real
 * message after it).
 */
export function implausibleTs(ts: string, nowMs: number): string | null {
  const ms = tsToMs(ts);
  if (ms < SLACK_EPOCH_MS) return 'before Slack existed';
  if (ms > nowMs + TS_FUTURE_ALLOWANCE_MS) return 'more than a day in the future';
  return null;
}

/** Orders two ts strings numerically (they are not always the same length, so string order is wrong). */
export function compareTs(a: string, b: string): number {
  const [aSeconds = '0', aMicros = '0'] = a.split('.');
  const [bSeconds = '0', bMicros = '0'] = b.split('.');
  const seconds = Number(aSeconds) - Number(bSeconds);
  if (seconds !== 0) return Math.sign(seconds);
  return Math.sign(Number(aMicros.padEnd(6, '0')) - Number(bMicros.padEnd(6, '0')));
}

/** A ts as epoch milliseconds. */
export function tsToMs(ts: string): number {
  const [seconds = '0', fraction = '0'] = ts.split('.');
  return Number(seconds) * 1000 + Math.floor(Number(fraction.padEnd(6, '0').slice(0, 6)) / 1000);
}

/** Epoch milliseconds as a ts (for `oldest`), rounded down to the millisecond. */
export function msToTs(ms: number): string {
  const whole = Math.max(0, Math.floor(ms));
  return `${Math.floor(whole / 1000)}.${String((whole % 1000) * 1000).padStart(6, '0')}`;
}

/** A ts as an ISO instant. */
export function tsToIso(ts: string): IsoInstant {
  return new Date(tsToMs(ts)).toISOString();
}

/**
 * The message as a person's post, or null for everything that is not one: system subtypes, hidden records,
 * posts by bots and apps (modern apps carry `bot_id` without a subtype), and malformed records.
 */
export function humanMessage(raw: unknown): HumanMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const message = raw as RawMessage;
  if (message.subtype !== undefined && !(typeof message.subtype === 'string' && HUMAN_SUBTYPES.has(message.subtype))) {
    return null;
  }
  if (message.hidden === true) return null;
  if (message.bot_id !== undefined && message.bot_id !== null) return null;
  if (!isSlackTs(message.ts) || typeof message.user !== 'string' || !/^[UW][A-Z0-9]+$/.test(message.user)) {
    return null;
  }
  return {
    ts: message.ts,
    threadTs: isSlackTs(message.thread_ts) ? message.thread_ts : null,
    user: message.user,
    text: typeof message.text === 'string' ? message.text : '',
    blocks: message.blocks,
    replyCount: typeof message.reply_count === 'number' && message.reply_count > 0 ? message.reply_count : 0,
    replyUsers: stringList(message.reply_users),
    latestReply: isSlackTs(message.latest_reply) ? message.latest_reply : null,
    reactions: readReactions(message.reactions),
  };
}

/** The thread facts of any message, human or not (a bot's post can still carry a thread people reply in). */
export function threadInfo(raw: unknown): { ts: string; replyCount: number; latestReply: string | null } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const message = raw as RawMessage;
  if (!isSlackTs(message.ts) || message.hidden === true) return null;
  const replyCount = typeof message.reply_count === 'number' ? message.reply_count : 0;
  return { ts: message.ts, replyCount, latestReply: isSlackTs(message.latest_reply) ? message.latest_reply : null };
}

/** Who the message mentions, from its text and from its rich-text blocks (either may carry the mention). */
export function detectMentions(text: string, blocks: unknown, targets: MentionTargets): SlackMentions {
  const found = { users: new Set<string>(), groups: new Set<string>(), broadcast: false };
  for (const match of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)) found.users.add(match[1] ?? '');
  for (const match of text.matchAll(/<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/g)) found.groups.add(match[1] ?? '');
  if (/<!(?:here|channel|everyone)(?:\|[^>]*)?>/.test(text)) found.broadcast = true;
  walkBlocks(blocks, found, 0);
  return {
    me: found.users.has(targets.meUserId),
    myGroup: targets.myGroupId !== null && found.groups.has(targets.myGroupId),
    broadcast: found.broadcast,
  };
}

const MAX_BLOCK_DEPTH = 12;

function walkBlocks(
  node: unknown,
  found: { users: Set<string>; groups: Set<string>; broadcast: boolean },
  depth: number,
): void {
  // Hostile or broken blocks must not recurse without end.
  if (depth > MAX_BLOCK_DEPTH || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const child of node.slice(0, 500)) walkBlocks(child, found, depth + 1);
    return;
  }
  const element = node as Record<string, unknown>;
  if (element.type === 'user' && typeof element.user_id === 'string') found.users.add(element.user_id);
  if (element.type === 'usergroup' && typeof element.usergroup_id === 'string') {
    found.groups.add(element.usergroup_id);
  }
  if (element.type === 'broadcast' && typeof element.range === 'string') {
    if (['here', 'channel', 'everyone'].includes(element.range)) found.broadcast = true;
  }
  if (Array.isArray(element.elements)) walkBlocks(element.elements, found, depth + 1);
}

/** True when the user reacted to the message with the done emoji (name without colons). */
export function reactedDone(message: HumanMessage, meUserId: string, emoji: string): boolean {
  const wanted = emoji.replace(/^:|:$/g, '');
  return message.reactions.some((reaction) => reaction.name === wanted && reaction.users.includes(meUserId));
}

/**
 * Slack markup rendered as one line of plain text: `<@U1>` as `@name`, `<#C1|general>` as `#general`,
 * `<!subteam^S1|@team>` as `@team`, `<!here>` as `@here`, `<https://x|label>` as `label` and `<https://x>` as
 * the URL text; `&amp;`, `&lt;`, `&gt;` decoded; control, bidirectional and zero-width characters removed;
 * whitespace collapsed; capped at `maxChars` with an ellipsis.
 */
export function renderPreview(text: string, names: SlackNames = {}, maxChars = PREVIEW_MAX_CHARS): string {
  // A preview needs at most a few screens of input; bounding it first keeps hostile megabyte messages cheap.
  const bounded = text.length > maxChars * 16 ? text.slice(0, maxChars * 16) : text;
  // `<` and `>` in a message's own text arrive as `&lt;`/`&gt;`, so every literal `<…>` is markup.
  const rendered = bounded.replace(/<([^<>]*)>/g, (_whole, inner: string) => renderToken(inner, names));
  const plain = sanitize(decodeEntities(rendered));
  return truncate(plain, maxChars);
}

function renderToken(inner: string, names: SlackNames): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = names.users?.get(id) ?? label ?? id;
    return `@${name.replace(/^@/, '')}`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label || names.channels?.get(id) || id;
    return `#${name.replace(/^#/, '')}`;
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const name = label || names.usergroups?.get(id) || id;
    return `@${name.replace(/^@/, '')}`;
  }
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (['here', 'channel', 'everyone'].includes(command)) return `@${command}`;
    // `<!date^…|fallback>` and other commands: their label is the readable form.
    return label ?? '';
  }
  // A link: the label when there is one, else the address as text (never loaded, never a link here).
  return label && label.length > 0 ? label : target;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * Removes what could disguise or break the text when shown: C0/C1 controls (newlines and tabs become spaces),
 * bidirectional overrides and isolates, zero-width characters and the BOM; then collapses whitespace.
 */
export function sanitize(text: string): string {
  return (
    text
      .replace(/[\t\n\r\f\v\u2028\u2029]/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function truncate(text: string, maxChars: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxChars) return text;
  // Array.from splits by code point, so a surrogate pair is never cut in half.
  return `${characters
    .slice(0, Math.max(0, maxChars - 1))
    .join('')
    .trimEnd()}…`;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function readReactions(value: unknown): { name: string; users: string[] }[] {
  if (!Array.isArray(value)) return [];
  const reactions: { name: string; users: string[] }[] = [];
  for (const raw of value as RawReaction[]) {
    if (typeof raw !== 'object' || raw === null || typeof raw.name !== 'string') continue;
    reactions.push({ name: raw.name, users: stringList(raw.users) });
  }
  return reactions;
}
