import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/main/cli/args';
import { envSecrets, ledgerPath, loadConfig } from '../../../src/main/cli/config';

describe('parseArgs', () => {
  it('reads a command with options in either --opt value or --opt=value form', () => {
    const parsed = parseArgs(['status', '--json', '--config=cfg.json', '--now', '2026-11-30T10:00:00+01:00']);
    expect(parsed).toEqual({
      ok: true,
      args: {
        command: 'status',
        json: true,
        config: 'cfg.json',
        nowMs: Date.parse('2026-11-30T09:00:00Z'),
        zendeskUrl: null,
        pagerdutyUrl: null,
      },
    });
  });

  it('reads the handover command, with --json', () => {
    expect(parseArgs(['handover'])).toMatchObject({ ok: true, args: { command: 'handover', json: false } });
    expect(parseArgs(['handover', '--json', '--now=2026-11-30T10:00:00Z'])).toMatchObject({
      ok: true,
      args: { command: 'handover', json: true, nowMs: Date.parse('2026-11-30T10:00:00Z') },
    });
    expect(parseArgs(['handover', 'status'])).toEqual({ ok: false, message: 'Unexpected argument "status"' });
  });

  it('answers --help before anything else, even with a bad command', () => {
    expect(parseArgs(['--help'])).toMatchObject({ ok: true, args: { command: 'help' } });
    expect(parseArgs(['frob', '-h'])).toMatchObject({ ok: true, args: { command: 'help' } });
  });

  it('says what is wrong with bad arguments', () => {
    expect(parseArgs([])).toEqual({ ok: false, message: 'Name a command: status, watch or handover' });
    expect(parseArgs(['stat'])).toEqual({ ok: false, message: 'Unknown command "stat"' });
    expect(parseArgs(['status', '--config'])).toEqual({ ok: false, message: '--config needs a value' });
    expect(parseArgs(['status', '--config', '--json'])).toEqual({ ok: false, message: '--config needs a value' });
    expect(parseArgs(['status', '--now', '2026-11-30'])).toMatchObject({ ok: false });
    expect(parseArgs(['status', '--zendesk-url', 'ftp://x'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('--zendesk-url needs a full http(s) address'),
    });
    expect(parseArgs(['status', 'watch'])).toEqual({ ok: false, message: 'Unexpected argument "watch"' });
  });
});

describe('CLI config', () => {
  it('fills what a config leaves out from the defaults and rejects what it cannot be', () => {
    const directory = mkdtempSync(join(tmpdir(), 'sh-config-'));
    try {
      const good = join(directory, 'good.json');
      writeFileSync(good, JSON.stringify({ zendesk: { subdomain: 'posthoghelp' }, polling: { zendeskSeconds: 120 } }));
      const loaded = loadConfig(good);
      expect(loaded.ok && loaded.settings.zendesk.subdomain).toBe('posthoghelp');
      expect(loaded.ok && loaded.settings.polling).toEqual({
        zendeskSeconds: 120,
        pagerdutySeconds: 300,
        timeoutSeconds: 15,
      });

      const typo = join(directory, 'typo.json');
      writeFileSync(typo, JSON.stringify({ zendesk: { subdomian: 'x' } }));
      expect(loadConfig(typo)).toEqual({ ok: false, message: `${typo}: unknown field zendesk.subdomian` });

      const notJson = join(directory, 'broken.json');
      writeFileSync(notJson, '{');
      expect(loadConfig(notJson)).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('takes tokens only from the environment, ignoring blank values', () => {
    const secrets = envSecrets({ SUPPORT_HERO_ZENDESK_TOKEN: ' abc ', SUPPORT_HERO_PAGERDUTY_TOKEN: '  ' });
    expect(secrets.get('zendeskToken')).toBe('abc');
    expect(secrets.get('pagerdutyToken')).toBeNull();
  });

  it('keeps the watch ledger beside the config, or under XDG_CONFIG_HOME without one', () => {
    expect(ledgerPath('/etc/sh/team.json', {})).toBe('/etc/sh/team.ledger.json');
    expect(ledgerPath(null, { XDG_CONFIG_HOME: '/home/ada/.cfg' })).toBe('/home/ada/.cfg/support-hero/ledger.json');
  });
});
