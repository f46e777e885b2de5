/**
 * Settings and other durable state on disk, through electron-store. What is read back is never trusted: it is
 * migrated and validated, and a file that cannot be read is moved aside (kept for the user), not overwritten.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import ElectronStore from 'electron-store';
import type { Settings } from '../../shared/settings';
import type { KeyValueStore } from '../core/ports';
import { CURRENT_SETTINGS_VERSION, migrateSettings } from '../core/settings';

export interface WindowSize {
  width: number;
  height: number;
}

type StoreData = Record<string, unknown>;

/** `2026-11-30T09-00-00-000Z`: a timestamp that is a valid file name everywhere. */
function fileStamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/[:.]/g, '-');
}

/** Renames `{name}.json` to `{name}.corrupt-{time}.json` in `cwd`; returns the new file name. */
function moveAside(cwd: string, name: string, nowMs: number): string {
  const asideName = `${name}.corrupt-${fileStamp(nowMs)}.json`;
  renameSync(join(cwd, `${name}.json`), join(cwd, asideName));
  return asideName;
}

/** Reads `{name}.json` if it exists: the parsed object, `null` for no file, or `'corrupt'`. */
function readRaw(cwd: string, name: string): StoreData | null | 'corrupt' {
  const file = join(cwd, `${name}.json`);
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as StoreData) : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

function openStore(cwd: string, name: string): ElectronStore<StoreData> {
  // Ledger keys contain dots (alert ids); they are keys, not paths.
  return new ElectronStore<StoreData>({ cwd, name, accessPropertiesByDotNotation: false, clearInvalidConfig: false });
}

/**
 * Opens the store `{name}.json` in `cwd` as a KeyValueStore (the alert ledger uses `ledger`). A file that is
 * not a JSON object is moved aside and a fresh one started; `onMovedAside` hears the kept file's name.
 */
export function openKeyValueStore(
  cwd: string,
  name: string,
  nowMs: number = Date.now(),
  onMovedAside: (asideName: string) => void = () => {},
): KeyValueStore {
  if (readRaw(cwd, name) === 'corrupt') onMovedAside(moveAside(cwd, name, nowMs));
  const store = openStore(cwd, name);
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}

export interface LoadedSettings {
  settings: Settings;
  /** For the user (SettingsView.notice and a notification), e.g. that a broken file was moved aside. */
  notice: string | null;
  /** The name the unreadable file was kept under, if any. */
  movedAside: string | null;
}

/** The app's settings (key `settings`) and window size (key `window`) in `settings.json`. */
export class SettingsStore {
  private constructor(private readonly store: ElectronStore<StoreData>) {}

  /**
   * Opens `settings.json` in `cwd`: migrates what it holds; a file that is not JSON, or that claims the current
   * version but does not validate (edited by hand), is moved aside and its readable fields are kept.
   */
  static open(cwd: string, nowMs: number = Date.now()): { store: SettingsStore; loaded: LoadedSettings } {
    const raw = readRaw(cwd, 'settings');
    let movedAside: string | null = null;
    let stored: unknown;
    if (raw === 'corrupt') {
      movedAside = moveAside(cwd, 'settings', nowMs);
    } else if (raw !== null) {
      stored = raw.settings;
      const version = (stored as { version?: unknown } | undefined)?.version;
      const claimsCurrent = typeof version === 'number' && version >= CURRENT_SETTINGS_VERSION;
      // A current-version file that migration had to repair was edited by hand or damaged; partial is fine.
      if (stored !== undefined && claimsCurrent && migrateSettings(stored).notice !== null) {
        movedAside = moveAside(cwd, 'settings', nowMs);
      }
    }
    const migrated = migrateSettings(stored);
    const store = new SettingsStore(openStore(cwd, 'settings'));
    if (raw === 'corrupt' || movedAside !== null) {
      // Keep the size the user gave the window even when the settings part was broken.
      const window = raw !== 'corrupt' && raw !== null ? raw.window : undefined;
      if (window !== undefined) store.store.set('window', window);
    }
    store.save(migrated.settings);
    const notice =
      movedAside === null
        ? migrated.notice
        : `Your settings file could not be read, so it was kept as ${movedAside} and ${
            raw === 'corrupt' ? 'the defaults are in use' : 'its invalid fields were reset to defaults'
          }.`;
    return { store, loaded: { settings: migrated.settings, notice, movedAside } };
  }

  /** The stored settings, validated again (another process or a hand edit may have changed the file). */
  load(): Settings {
    return migrateSettings(this.store.get('settings')).settings;
  }

  save(settings: Settings): void {
    this.store.set('settings', settings);
  }

  windowSize(fallback: WindowSize): WindowSize {
    const value = this.store.get('window') as Partial<WindowSize> | undefined;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 200 && n <= 4000;
    return value && ok(value.width) && ok(value.height) ? { width: value.width, height: value.height } : fallback;
  }

  setWindowSize(size: WindowSize): void {
    this.store.set('window', { width: Math.round(size.width), height: Math.round(size.height) });
  }
}
