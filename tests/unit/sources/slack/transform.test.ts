import { describe, expect, it } from 'vitest';
import { buildPermalink, isWorkspaceUrl } from '../../../../src/main/sources/slack';
import {
  compareTs,
  detectMentions,
  humanMessage,
  implausibleTs,
  msToTs,
  renderPreview,
  tsToMs,
} from '../../../../src/main/sources/slack/transform';

const names = {
  users: new Map([['U1', 'alice']]),
  channels: new Map([['C1', 'general']]),
  usergroups: new Map([['S9', 'cs-team']]),
};
const targets = { meUserId: 'UME', myGroupId: 'STEAM' };

describe('renderPreview', () => {
  it('renders Slack markup as plain text', () => {
    expect(renderPreview('<@U1> and <@U2|bob> in <#C1> and <#C2|random>', names)).toBe(
      '@alice and @bob in #general and #random',
    );
    expect(renderPreview('<!subteam^S1|@team> <!subteam^S9> <!here> <!channel|channel>', names)).toBe(
      '@team @cs-team @here @channel',
    );
    expect(renderPreview('see <https://x.example/a?b=1|the doc> or <https://y.example/>', names)).toBe(
      'see the doc or https://y.example/',
    );
    expect(renderPreview('a &amp;lt; b &lt;c&gt; &amp; d')).toBe('a &lt; b <c> & d');
  });

  it('keeps hostile text inert: no markup survives, controls, bidi and zero-width characters are removed', () => {
    const hostile = 'pay\u202eevil\u202c \u200bnow\u0000\u0007 &lt;script&gt;alert(1)&lt;/script&gt;\nline\u2066two';
    const out = renderPreview(hostile);
    expect(out).toBe('payevil now <script>alert(1)</script> linetwo');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(out).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069\u200b]/);
    // A label cannot smuggle in a control character or a bidi override either.
    expect(renderPreview('<https://evil.example|click\u202eme>')).toBe('clickme');
    expect(renderPreview('<@U3|\u202ereversed>')).toBe('@reversed');
  });

  it('caps the length without splitting a surrogate pair', () => {
    const long = '😀'.repeat(400);
    const out = renderPreview(long, {}, 10);
    expect(Array.from(out)).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(renderPreview('x'.repeat(1_000_000)).length).toBe(280);
  });
});

describe('detectMentions', () => {
  it('finds me, my group and broadcasts in text and in rich-text blocks', () => {
    expect(detectMentions('<@UME> hi', null, targets)).toEqual({ me: true, myGroup: false, broadcast: false });
    expect(detectMentions('<@UME|me> hi', null, targets).me).toBe(true);
    expect(detectMentions('<!subteam^STEAM|@team> hi', null, targets).myGroup).toBe(true);
    expect(detectMentions('<!subteam^SOTHER> hi', null, targets).myGroup).toBe(false);
    expect(detectMentions('<!here>', null, targets).broadcast).toBe(true);
    const blocks = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'user', user_id: 'UME' },
              { type: 'usergroup', usergroup_id: 'STEAM' },
              { type: 'broadcast', range: 'channel' },
            ],
          },
        ],
      },
    ];
    expect(detectMentions('plain', blocks, targets)).toEqual({ me: true, myGroup: true, broadcast: true });
  });

  it('does not take someone else, a plain @name or a lookalike id for me', () => {
    expect(detectMentions('<@UOTHER> and @UME and <@UMEX>', null, targets).me).toBe(false);
    expect(detectMentions('<!subteam^STEAM>', null, { meUserId: 'UME', myGroupId: null }).myGroup).toBe(false);
  });

  it('survives deeply nested hostile blocks', () => {
    let node: unknown = { type: 'user', user_id: 'UME' };
    for (let depth = 0; depth < 10_000; depth++) node = { type: 'x', elements: [node] };
    expect(detectMentions('', [node], targets).me).toBe(false);
  });
});

describe('humanMessage (noise is not a request)', () => {
  const base = { type: 'message', ts: '1700000000.000100', user: 'U1', text: '<@UME> hi' };
  it('keeps a person’s post, a thread broadcast and a file share', () => {
    expect(humanMessage(base)?.user).toBe('U1');
    expect(humanMessage({ ...base, subtype: 'thread_broadcast', thread_ts: '1699999999.000001' })?.threadTs).toBe(
      '1699999999.000001',
    );
    expect(humanMessage({ ...base, subtype: 'file_share' })).not.toBeNull();
  });

  it.each([
    'channel_join',
    'channel_leave',
    'channel_topic',
    'channel_purpose',
    'bot_message',
    'message_changed',
    'message_deleted',
    'some_future_subtype',
  ])('drops subtype %s', (subtype) => {
    expect(humanMessage({ ...base, subtype })).toBeNull();
  });

  it('drops hidden records, app posts without a subtype, and malformed records', () => {
    expect(humanMessage({ ...base, hidden: true })).toBeNull();
    expect(humanMessage({ ...base, bot_id: 'B0123456789' })).toBeNull();
    expect(humanMessage({ ...base, ts: 1700000000.0001 })).toBeNull();
    expect(humanMessage({ ...base, user: undefined })).toBeNull();
    expect(humanMessage(null)).toBeNull();
    expect(humanMessage('text')).toBeNull();
  });
});

describe('timestamps and links', () => {
  it('orders ts numerically and converts them without floats', () => {
    expect(compareTs('1700000000.000100', '1700000000.000099')).toBe(1);
    expect(compareTs('999999999.999999', '1000000000.000000')).toBe(-1);
    expect(tsToMs('1700000000.123456')).toBe(1_700_000_000_123);
    expect(msToTs(1_700_000_000_123)).toBe('1700000000.123000');
  });

  it('refuses a well-formed ts no real message can have: before Slack began, or a day past the clock', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    const at = (ms: number) => msToTs(ms);
    expect(implausibleTs(at(now), now)).toBeNull();
    expect(implausibleTs(at(now - 3 * 365 * 86_400_000), now)).toBeNull();
    // A clock a few hours behind Slack's (or set back by hand) still reads new messages.
    expect(implausibleTs(at(now + 3 * 3_600_000), now)).toBeNull();
    expect(implausibleTs(at(now + 86_400_000), now)).toBeNull();
    expect(implausibleTs(at(now + 86_400_000 + 1), now)).toBe('more than a day in the future');
    expect(implausibleTs('9999999999.999999', now)).toBe('more than a day in the future');
    expect(implausibleTs('999999999999.000000', now)).toBe('more than a day in the future');
    expect(implausibleTs(at(Date.parse('2013-01-01T00:00:00Z')), now)).toBeNull();
    expect(implausibleTs(at(Date.parse('2012-12-31T23:59:59Z')), now)).toBe('before Slack existed');
    expect(implausibleTs('0.000000', now)).toBe('before Slack existed');
    expect(implausibleTs('1.1', now)).toBe('before Slack existed');
  });

  it('builds permalinks on the workspace host and recognises them', () => {
    const workspace = 'https://acme.slack.com/';
    expect(buildPermalink(workspace, 'C1H9RESGA', '1358546515.000008')).toBe(
      'https://acme.slack.com/archives/C1H9RESGA/p1358546515000008',
    );
    expect(buildPermalink(workspace, 'C1H9RESGA', '1358546517.000023', '1358546515.000008')).toBe(
      'https://acme.slack.com/archives/C1H9RESGA/p1358546517000023?thread_ts=1358546515.000008&cid=C1H9RESGA',
    );
    expect(buildPermalink('http://acme.slack.com/', 'C1H9RESGA', '1358546515.000008')).toBeNull();
    expect(isWorkspaceUrl('https://acme.slack.com/archives/C1/p1', workspace)).toBe(true);
    expect(isWorkspaceUrl('https://ACME.slack.com/x', workspace)).toBe(true);
    expect(isWorkspaceUrl('http://acme.slack.com/x', workspace)).toBe(false);
    expect(isWorkspaceUrl('https://acme.slack.com.evil.example/x', workspace)).toBe(false);
    expect(isWorkspaceUrl('https://evil.example/x', workspace)).toBe(false);
    expect(isWorkspaceUrl('https://user:pw@acme.slack.com/x', workspace)).toBe(false);
    expect(isWorkspaceUrl('not a url', workspace)).toBe(false);
  });
});
