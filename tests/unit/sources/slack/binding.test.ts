/**
 * A Slack token is bound to the workspace it was saved for: the source refuses to poll with a token that acts in
 * another one, before it reads any channel, and says which workspace is which.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSlackSource, type SlackIdentity, workspaceMismatch } from '../../../../src/main/sources/slack';
import { SourceError } from '../../../../src/main/sources/source';

const DEMO: SlackIdentity = {
  userId: 'U0DEMOME01',
  userName: 'demo.hero',
  teamId: 'T0DEMO0001',
  teamName: 'Support Hero Demo',
  url: 'https://support-hero-demo.slack.com/',
  botId: null,
};
const GLOBEX: SlackIdentity = { ...DEMO, teamId: 'T0GLOBEX01', teamName: 'Globex', url: 'https://globex.slack.com/' };

describe('workspaceMismatch', () => {
  it('is null for the same workspace, or when none was recorded', () => {
    expect(workspaceMismatch(DEMO, 'T0DEMO0001', 'https://support-hero-demo.slack.com/')).toBeNull();
    expect(workspaceMismatch(GLOBEX, null, null)).toBeNull();
  });

  it('names both workspaces by host, and what to do', () => {
    expect(workspaceMismatch(GLOBEX, 'T0DEMO0001', 'https://support-hero-demo.slack.com/')).toEqual({
      kind: 'auth_rejected',
      status: 200,
      detail:
        'this token belongs to workspace Globex (globex.slack.com), saved for support-hero-demo.slack.com; save it again (wrong_workspace)',
    });
  });

  it('falls back to ids when no URL is known (a CLI config that sets only slack.teamId)', () => {
    const failure = workspaceMismatch({ ...GLOBEX, url: '', teamName: '' }, 'T0DEMO0001', null);
    expect(failure?.kind === 'auth_rejected' && failure.detail).toBe(
      'this token belongs to workspace T0GLOBEX01 (T0GLOBEX01), saved for T0DEMO0001; save it again (wrong_workspace)',
    );
  });
});

/** A stand-in Slack answering auth.test as `team`, an empty history, and counting each method. */
function fakeSlack(team: SlackIdentity) {
  const calls: string[] = [];
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', async (input: string | URL | Request) => {
    const method = String(input instanceof Request ? input.url : input)
      .split('/')
      .pop()!;
    calls.push(method);
    if (method === 'auth.test') {
      return json({
        ok: true,
        user_id: team.userId,
        user: team.userName,
        team_id: team.teamId,
        team: team.teamName,
        url: team.url,
      });
    }
    if (method === 'conversations.info') return json({ ok: true, channel: { id: 'C0CSREQS01', name: 'cs-requests' } });
    if (method === 'conversations.history') return json({ ok: true, messages: [], has_more: false });
    return json({ ok: false, error: 'unknown_method' });
  });
  return calls;
}

function source(teamId: string | null) {
  return createSlackSource(
    {
      channelIds: ['C0CSREQS01'],
      csUserGroupId: null,
      myGroupId: null,
      apiUrl: 'http://slack.invalid/api/',
      teamId,
      workspaceUrl: 'https://support-hero-demo.slack.com/',
    },
    'xoxp-test',
    { now: () => Date.parse('2026-11-30T10:00:00Z') },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the Slack source bound to a workspace', () => {
  it('refuses to poll with a token from another workspace, before reading any channel, poll after poll', async () => {
    const calls = fakeSlack(GLOBEX);
    const slack = source('T0DEMO0001');
    for (let poll = 0; poll < 2; poll++) {
      const error = await slack.fetchRequests(null).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).failure).toMatchObject({
        kind: 'auth_rejected',
        detail: expect.stringContaining('belongs to workspace Globex (globex.slack.com)'),
      });
    }
    expect(calls).toEqual(['auth.test']);
  });

  it('polls with a token of the workspace it was saved for, and with any token when none was recorded', async () => {
    const calls = fakeSlack(DEMO);
    await expect(source('T0DEMO0001').fetchRequests(null)).resolves.toMatchObject({ open: [] });
    expect(calls).toContain('conversations.history');
    fakeSlack(GLOBEX);
    await expect(source(null).fetchRequests(null)).resolves.toMatchObject({ identity: { teamId: 'T0GLOBEX01' } });
  });

  it('still answers "Test connection" with who and where, so the user can see the mismatch', async () => {
    fakeSlack(GLOBEX);
    await expect(source('T0DEMO0001').testConnection()).resolves.toMatchObject({
      teamId: 'T0GLOBEX01',
      teamName: 'Globex',
    });
  });
});

describe('a Slack source names the account it reads with', () => {
  const options = { channelIds: ['C0CSREQS01'], csUserGroupId: null, myGroupId: null };

  it('the same for the same token and server, whatever else the settings say', () => {
    const a = createSlackSource({ ...options, apiUrl: 'http://127.0.0.1:9/api' }, 'xoxp-token-a');
    const again = createSlackSource(
      { ...options, channelIds: ['C0OTHER001'], teamId: 'T0DEMO0001', apiUrl: 'http://127.0.0.1:9/api/' },
      'xoxp-token-a',
    );
    expect(again.account).toBe(a.account);
  });

  it('another for another token or another server, and never the token itself', () => {
    const a = createSlackSource(options, 'xoxp-token-a');
    expect(createSlackSource(options, 'xoxp-token-b').account).not.toBe(a.account);
    expect(createSlackSource({ ...options, apiUrl: 'http://127.0.0.1:9/api' }, 'xoxp-token-a').account).not.toBe(
      a.account,
    );
    expect(a.account).not.toContain('token-a');
  });
});
