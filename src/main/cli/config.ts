/** The CLI's settings file and ledger location. Settings come from a JSON file; secrets only from the environment. */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Settings } from '../../shared/settings';
import type { SecretStore } from '../core/ports';
import { DEFAULT_SETTINGS, validateSettings } from '../core/settings';

export const ZENDESK_TOKEN_ENV = 'SUPPORT_HERO_ZENDESK_TOKEN';
export const PAGERDUTY_TOKEN_ENV = 'SUPPORT_HERO_PAGERDUTY_TOKEN';

export type ConfigResult = { ok: true; settings: Settings } | { ok: false; message: string };

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and validates a settings file. Fields it leaves out take their defaults; an unknown field (a typo, or a
 * token, which belongs in the environment) is an error, as is every invalid value, each named with the file.
 */
export function loadConfig(path: string): ConfigResult {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `${file}: cannot read the config file (${code ?? 'error'})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `${file}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    };
  }
  if (!isPlainObject(raw)) return { ok: false, message: `${file}: the config must be a JSON object` };
  const unknown = unknownFields(DEFAULT_SETTINGS as unknown as PlainObject, raw, '');
  if (unknown.length > 0) {
    const hint = unknown.some((field) => /token/i.test(field))
      ? ` (tokens go in ${ZENDESK_TOKEN_ENV} / ${PAGERDUTY_TOKEN_ENV}, never in the file)`
      : '';
    return { ok: false, message: `${file}: unknown field ${unknown.join(', ')}${hint}` };
  }
  const merged = mergeOverDefaults(DEFAULT_SETTINGS, raw);
  const validation = validateSettings(merged);
  if (!validation.ok) {
    const lines = validation.errors.map((error) => `${file}: ${error.path || '(top level)'}: ${error.message}`);
    return { ok: false, message: lines.join('\n') };
  }
  return { ok: true, settings: validation.settings };
}

/** Keys of `value` that the settings do not have, as dotted paths (only where the defaults are an object). */
function unknownFields(defaults: PlainObject, value: PlainObject, prefix: string): string[] {
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in defaults)) found.push(path);
    else if (isPlainObject(defaults[key]) && isPlainObject(value[key])) {
      found.push(...unknownFields(defaults[key] as PlainObject, value[key] as PlainObject, path));
    }
  }
  return found;
}

/** Objects merge key by key; arrays and leaves from `value` replace the default whole. */
function mergeOverDefaults(defaults: unknown, value: unknown): unknown {
  if (value === undefined) return structuredClone(defaults);
  if (isPlainObject(defaults) && isPlainObject(value)) {
    const out: PlainObject = {};
    for (const key of new Set([...Object.keys(defaults), ...Object.keys(value)])) {
      out[key] = mergeOverDefaults(defaults[key], value[key]);
    }
    return out;
  }
  return value;
}

/** Tokens from the environment; empty values count as absent. */
export function envSecrets(env: NodeJS.ProcessEnv): SecretStore {
  return {
    get(name) {
      const value = env[name === 'zendeskToken' ? ZENDESK_TOKEN_ENV : PAGERDUTY_TOKEN_ENV];
      return value && value.trim() !== '' ? value.trim() : null;
    },
  };
}

/** `watch`'s ledger: `<config>.ledger.json` beside the config, else `$XDG_CONFIG_HOME/support-hero/ledger.json`. */
export function ledgerPath(configPath: string | null, env: NodeJS.ProcessEnv): string {
  if (configPath !== null) {
    const file = resolve(configPath);
    const stem = basename(file, extname(file));
    return join(dirname(file), `${stem}.ledger.json`);
  }
  const configHome = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(configHome, 'support-hero', 'ledger.json');
}
