/**
 * The demo Slack workspace: a dedicated channel where Customer Success tagged the demo user twice (once inside a
 * thread), one request the user already answered in its thread, one marked done with the emoji, and the noise
 * that only looks like requests (a join, a bot post, an edit record, a mention of someone else, an `@here`, a
 * mention by someone outside Customer Success). Two more channels make the three the request-count tests use; three
 * empty ones (archived, private, private without the user) are there for the settings' channel picker.
 */
import type { SlackWorld } from '../slack';

/** Tokens the demo workspace accepts. They only open the local sandbox, so they are not secrets. */
export const SLACK_SANDBOX_CREDENTIALS = {
  /** A user token acting as the demo user, with every scope the source uses. */
  user: { token: 'xoxp-demo-slack-user-token' },
  /** A bot token whose bot is a member of #cs-requests only. */
  bot: { token: 'xoxb-demo-slack-bot-token' },
  /** A user token without `channels:history`: history answers `missing_scope`. */
  noHistory: { token: 'xoxp-demo-slack-no-history' },
  /** A user token issued in another workspace (`OTHER_SLACK_TEAM`): what a token bound to the demo one must refuse. */
  otherWorkspace: { token: 'xoxp-other-workspace-token' },
} as const;

/** The workspace the `otherWorkspace` token belongs to. */
export const OTHER_SLACK_TEAM = { id: 'T0OTHER001', name: 'Globex Corp', domain: 'globex-corp' } as const;

export const DEMO_SLACK = {
  team: { id: 'T0DEMO0001', name: 'Support Hero Demo', domain: 'support-hero-demo' },
  me: 'U0DEMOME01',
  bot: 'U0DEMOBOT1',
  alice: 'U0CSALICE1',
  bob: 'U0CSBOB001',
  carl: 'U0ENGCARL1',
  /** Customer Success (Alice and Bob). */
  csGroup: 'S0CSTEAM01',
  /** The demo user's team (the user and Carl). */
  myGroup: 'S0MYTEAM01',
  channels: { requests: 'C0CSREQS01', escalations: 'C0CSESCAL1', hero: 'C0SUPHERO1' },
  /** Channels the pickers list but nothing polls: an archived one, a private one the user is in, one they are not. */
  pickerOnly: { archived: 'C0CSOLD001', privateMine: 'G0CSVIP001', privateOther: 'G0LEADS001' },
  doneEmoji: 'white_check_mark',
} as const;

const ALL_SCOPES = [
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'usergroups:read',
  'users:read',
  'reactions:read',
];

const me = `<@${DEMO_SLACK.me}>`;

/** A fresh copy of the demo workspace. */
export function slackDemoWorld(): SlackWorld {
  return {
    team: { ...DEMO_SLACK.team },
    tokens: [
      { token: SLACK_SANDBOX_CREDENTIALS.user.token, userId: DEMO_SLACK.me, kind: 'user', scopes: [...ALL_SCOPES] },
      { token: SLACK_SANDBOX_CREDENTIALS.bot.token, userId: DEMO_SLACK.bot, kind: 'bot', scopes: [...ALL_SCOPES] },
      {
        token: SLACK_SANDBOX_CREDENTIALS.noHistory.token,
        userId: DEMO_SLACK.me,
        kind: 'user',
        scopes: ALL_SCOPES.filter((scope) => !scope.endsWith(':history')),
      },
      {
        token: SLACK_SANDBOX_CREDENTIALS.otherWorkspace.token,
        userId: 'U0GLOBEX01',
        kind: 'user',
        scopes: [...ALL_SCOPES],
        team: { ...OTHER_SLACK_TEAM },
      },
    ],
    users: [
      { id: DEMO_SLACK.me, name: 'demo.hero', realName: 'Demo Hero', displayName: 'Demo Hero' },
      { id: DEMO_SLACK.alice, name: 'alice', realName: 'Alice Moreau', displayName: 'Alice (CS)' },
      { id: DEMO_SLACK.bob, name: 'bob', realName: 'Bob Okafor', displayName: 'Bob' },
      { id: DEMO_SLACK.carl, name: 'carl', realName: 'Carl Lindqvist', displayName: 'Carl' },
      { id: DEMO_SLACK.bot, name: 'support-hero-bot', realName: 'Support Hero', displayName: '', isBot: true },
    ],
    usergroups: [
      {
        id: DEMO_SLACK.csGroup,
        handle: 'cs-team',
        name: 'Customer Success',
        users: [DEMO_SLACK.alice, DEMO_SLACK.bob],
      },
      {
        id: DEMO_SLACK.myGroup,
        handle: 'team-infra',
        name: 'Team Infrastructure',
        users: [DEMO_SLACK.me, DEMO_SLACK.carl],
      },
    ],
    channels: [
      {
        id: DEMO_SLACK.channels.requests,
        name: 'cs-requests',
        isPrivate: false,
        members: [DEMO_SLACK.me, DEMO_SLACK.alice, DEMO_SLACK.bob, DEMO_SLACK.carl, DEMO_SLACK.bot],
        messages: [
          {
            key: 'join',
            minutesAgo: 600,
            subtype: 'channel_join',
            user: DEMO_SLACK.carl,
            text: `<@${DEMO_SLACK.carl}> has joined the channel`,
          },
          {
            key: 'done-emoji',
            minutesAgo: 240,
            user: DEMO_SLACK.bob,
            text: `${me} could you check why ticket 4242 shows no events? &lt;urgent&gt;`,
            reactions: [{ name: DEMO_SLACK.doneEmoji, users: [DEMO_SLACK.me] }],
          },
          {
            key: 'answered',
            minutesAgo: 200,
            user: DEMO_SLACK.alice,
            text: `<!subteam^${DEMO_SLACK.myGroup}|@team-infra> the EU export is failing for Globex`,
          },
          {
            key: 'answered-reply',
            minutesAgo: 180,
            threadOf: 'answered',
            user: DEMO_SLACK.me,
            text: 'On it: fixed within 30 minutes.',
          },
          {
            key: 'thread-parent',
            minutesAgo: 120,
            user: DEMO_SLACK.bob,
            text: 'Customer asking about feature flag payload limits',
          },
          {
            key: 'thread-mention',
            minutesAgo: 45,
            threadOf: 'thread-parent',
            user: DEMO_SLACK.bob,
            text: `${me} could you confirm the 1 MB limit? See <#${DEMO_SLACK.channels.hero}|support-hero>`,
          },
          {
            key: 'open-top',
            minutesAgo: 90,
            user: DEMO_SLACK.alice,
            text: `${me} Acme sees ingestion lag on <https://acme.example.com/dashboards/7|their dashboard> &amp; wants an ETA`,
          },
          {
            key: 'bot',
            minutesAgo: 60,
            subtype: 'bot_message',
            bot_id: 'B0DEMOBOT01',
            text: `${me} New Zendesk ticket #123`,
          },
          { key: 'edit-record', minutesAgo: 30, subtype: 'message_changed', hidden: true, text: '' },
          {
            key: 'edited-other',
            minutesAgo: 35,
            editedMinutesAgo: 30,
            user: DEMO_SLACK.alice,
            text: `<@${DEMO_SLACK.carl}> can you check Hogflix's billing?`,
          },
          { key: 'here', minutesAgo: 20, user: DEMO_SLACK.alice, text: '<!here> anyone around for a quick question?' },
          { key: 'not-cs', minutesAgo: 15, user: DEMO_SLACK.carl, text: `${me} lunch today?` },
        ],
      },
      {
        id: DEMO_SLACK.channels.escalations,
        name: 'cs-escalations',
        isPrivate: false,
        members: [DEMO_SLACK.me, DEMO_SLACK.alice, DEMO_SLACK.bob],
        messages: [
          {
            key: 'initech',
            minutesAgo: 3 * 24 * 60,
            user: DEMO_SLACK.alice,
            text: `${me} follow-up on the Initech SSO issue`,
          },
          {
            key: 'initech-reply',
            minutesAgo: 3 * 24 * 60 - 30,
            threadOf: 'initech',
            user: DEMO_SLACK.me,
            text: 'Done, see the ticket.',
          },
        ],
      },
      {
        id: DEMO_SLACK.channels.hero,
        name: 'support-hero',
        isPrivate: false,
        members: [DEMO_SLACK.me, DEMO_SLACK.carl],
        messages: [{ key: 'handover', minutesAgo: 500, user: DEMO_SLACK.carl, text: 'Handover notes are in the doc' }],
      },
      {
        id: DEMO_SLACK.pickerOnly.archived,
        name: 'cs-requests-2024',
        isPrivate: false,
        isArchived: true,
        members: [DEMO_SLACK.me, DEMO_SLACK.alice],
        messages: [],
      },
      {
        id: DEMO_SLACK.pickerOnly.privateMine,
        name: 'cs-vip',
        isPrivate: true,
        members: [DEMO_SLACK.me, DEMO_SLACK.alice, DEMO_SLACK.bob],
        messages: [],
      },
      {
        id: DEMO_SLACK.pickerOnly.privateOther,
        name: 'leadership',
        isPrivate: true,
        members: [DEMO_SLACK.alice],
        messages: [],
      },
    ],
  };
}
