import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import type { SafeStorageLike } from '../../src/main/electron/secrets';

// electron-store is loaded by Node itself (not by Vitest), so `vi.mock` cannot reach its `import 'electron'`;
// a module hook maps it to an empty stand-in. Every store here is given `cwd`, so it needs nothing else.
register('./stand-in/electron-hooks.mjs', import.meta.url, {
  data: { standInUrl: new URL('./stand-in/empty-electron.mjs', import.meta.url).href },
});
const { SecretVault } = await import('../../src/main/electron/secrets');
const { openKeyValueStore, SettingsStore } = await import('../../src/main/electron/settings-store');

const NOW = Date.parse('2026-11-30T09:00:00.000Z');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'support-hero-store-'));
});

describe('SettingsStore', () => {
  it('starts from the defaults and persists what is saved', () => {
    const { store, loaded } = SettingsStore.open(dir, NOW);
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS, notice: null, movedAside: null });
    const changed = { ...DEFAULT_SETTINGS, zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp' } };
    store.save(changed);
    store.setWindowSize({ width: 420.4, height: 640 });
    const reopened = SettingsStore.open(dir, NOW);
    expect(reopened.loaded.settings.zendesk.subdomain).toBe('posthoghelp');
    expect(reopened.store.windowSize({ width: 400, height: 600 })).toEqual({ width: 420, height: 640 });
  });

  it('migrates a v0 file in place and says so', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: { zendeskSubdomain: 'posthoghelp', zendeskViewId: 17989255082139 } }),
    );
    const { loaded } = SettingsStore.open(dir, NOW);
    expect(loaded.settings.zendesk.subdomain).toBe('posthoghelp');
    expect(loaded.settings.zendesk.viewIds).toEqual([17989255082139]);
    expect(loaded.movedAside).toBeNull();
    expect(loaded.notice).toMatch(/upgraded/);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.version).toBe(1);
  });

  it('moves a file that is not JSON aside, keeps it, and uses the defaults', () => {
    writeFileSync(join(dir, 'settings.json'), '{"settings": {"version": 1, "zendesk": ');
    const { loaded } = SettingsStore.open(dir, NOW);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.movedAside).toBe('settings.corrupt-2026-11-30T09-00-00-000Z.json');
    expect(readFileSync(join(dir, loaded.movedAside!), 'utf8')).toBe('{"settings": {"version": 1, "zendesk": ');
    expect(loaded.notice).toContain(loaded.movedAside);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('moves a hand-broken current file aside and keeps its valid fields', () => {
    const broken = {
      ...DEFAULT_SETTINGS,
      zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp' },
      polling: { ...DEFAULT_SETTINGS.polling, zendeskSeconds: 'often' },
    };
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: broken, window: { width: 500, height: 700 } }),
    );
    const { store, loaded } = SettingsStore.open(dir, NOW);
    expect(loaded.movedAside).not.toBeNull();
    expect(readdirSync(dir)).toContain(loaded.movedAside);
    expect(loaded.settings.zendesk.subdomain).toBe('posthoghelp');
    expect(loaded.settings.polling.zendeskSeconds).toBe(DEFAULT_SETTINGS.polling.zendeskSeconds);
    expect(loaded.notice).toMatch(/kept as settings\.corrupt-.*invalid fields were reset/);
    expect(store.windowSize({ width: 1, height: 1 })).toEqual({ width: 500, height: 700 });
  });
});

describe('openKeyValueStore', () => {
  it('keeps keys with dots as keys and survives a reopen', () => {
    const ledger = openKeyValueStore(dir, 'ledger', NOW);
    ledger.set('sla:123:first_reply_time.180', { at: 1 });
    expect(openKeyValueStore(dir, 'ledger', NOW).get('sla:123:first_reply_time.180')).toEqual({ at: 1 });
    ledger.delete('sla:123:first_reply_time.180');
    expect(openKeyValueStore(dir, 'ledger', NOW).get('sla:123:first_reply_time.180')).toBeUndefined();
  });

  it('moves a corrupt ledger aside', () => {
    writeFileSync(join(dir, 'ledger.json'), 'not json');
    const moved: string[] = [];
    const ledger = openKeyValueStore(dir, 'ledger', NOW, (name) => moved.push(name));
    expect(moved).toEqual(['ledger.corrupt-2026-11-30T09-00-00-000Z.json']);
    expect(existsSync(join(dir, moved[0]!))).toBe(true);
    expect(ledger.get('anything')).toBeUndefined();
  });
});

function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike {
  // A reversible stand-in for the OS: the point is that what reaches disk is not the token.
  const flip = (s: string) => Buffer.from(s, 'utf8').map((b) => b ^ 0x5a);
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.concat([Buffer.from('v10'), Buffer.from(flip(text))]),
    decryptString: (data) => Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

const TOKEN = 'zd-secret-token-0123456789';

describe('SecretVault', () => {
  it('stores tokens encrypted: the file never holds the plain token, and a new run reads it back', () => {
    const vault = new SecretVault(openKeyValueStore(dir, 'secrets'), fakeSafeStorage(true), 'darwin');
    expect(vault.set('zendeskToken', TOKEN)).toBe('encrypted');
    const onDisk = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk).toContain('encrypted');
    const nextRun = new SecretVault(openKeyValueStore(dir, 'secrets'), fakeSafeStorage(true), 'darwin');
    expect(nextRun.get('zendeskToken')).toBe(TOKEN);
    expect(nextRun.status('zendeskToken')).toEqual({ present: true, storage: 'encrypted', connectedAs: null });
    expect(JSON.stringify(nextRun.statuses())).not.toContain(TOKEN);
  });

  it('without OS encryption keeps the token for this run only unless plain storage was accepted', () => {
    const vault = new SecretVault(openKeyValueStore(dir, 'secrets'), fakeSafeStorage(true, 'basic_text'), 'linux');
    expect(vault.encryptionAvailable()).toBe(false);
    expect(vault.set('pagerdutyToken', TOKEN)).toBe('session');
    expect(vault.get('pagerdutyToken')).toBe(TOKEN);
    expect(existsSync(join(dir, 'secrets.json')) ? readFileSync(join(dir, 'secrets.json'), 'utf8') : '').not.toContain(
      TOKEN,
    );
    expect(
      new SecretVault(openKeyValueStore(dir, 'secrets'), fakeSafeStorage(false), 'linux').get('pagerdutyToken'),
    ).toBe(null);
    expect(vault.set('pagerdutyToken', TOKEN, true)).toBe('plain');
    expect(vault.status('pagerdutyToken').storage).toBe('plain');
    const nextRun = new SecretVault(openKeyValueStore(dir, 'secrets'), fakeSafeStorage(false), 'linux');
    expect(nextRun.get('pagerdutyToken')).toBe(TOKEN);
  });

  it("removes a token with '' and reports none", () => {
    const vault = new SecretVault(openKeyValueStore(dir, 'secrets'), fakeSafeStorage(true), 'win32');
    vault.set('zendeskToken', TOKEN);
    vault.setConnectedAs('zendeskToken', 'Ada');
    expect(vault.status('zendeskToken').connectedAs).toBe('Ada');
    expect(vault.set('zendeskToken', '')).toBe('none');
    expect(vault.get('zendeskToken')).toBeNull();
    expect(vault.status('zendeskToken')).toEqual({ present: false, storage: 'none', connectedAs: null });
  });
});

describe('SettingsStore with a partial file', () => {
  it('fills a partial current-version file from the defaults without moving it aside', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: { version: 1, app: { startAtLogin: true } } }),
    );
    const { loaded } = SettingsStore.open(dir, NOW);
    expect(loaded.movedAside).toBeNull();
    expect(loaded.notice).toBeNull();
    expect(loaded.settings.app.startAtLogin).toBe(true);
    expect(loaded.settings.polling).toEqual(DEFAULT_SETTINGS.polling);
  });
});
