/** The CLI's settings file and ledger location. Settings come from a JSON file; secrets only from the environment. */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { checkApiBase } from '../../shared/api-base';
import type { Settings } from '../../shared/settings';
import type { SecretStore } from '../core/ports';
import { DEFAULT_SETTINGS, validateSettings } from '../core/settings';

export const ZENDESK_TOKEN_ENV = 'SUPPORT_HERO_ZENDESK_TOKEN';
export const PAGERDUTY_TOKEN_ENV = 'SUPPORT_HERO_PAGERDUTY_TOKEN';
export const SLACK_TOKEN_ENV = 'SUPPORT_HERO_SLACK_TOKEN';

/** A settings file is a few hundred bytes; past this it is not one (or it is `/dev/zero`). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

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
  const read = readConfigText(file);
  if (!read.ok) return { ok: false, message: `${file}: ${read.message}` };
  // Editors on Windows save UTF-8 with a byte order mark; it is not part of the JSON.
  const text = read.text.startsWith('\uFEFF') ? read.text.slice(1) : read.text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `${file}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    };
  }
  if (!isPlainObject(raw))
    return { ok: false, message: `${file}: the config must be a JSON object, got ${kindOf(raw)}` };
  const unknown = unknownFields(DEFAULT_SETTINGS as unknown as PlainObject, raw, '');
  if (unknown.length > 0) {
    // Prototype member names were a way to slip a token past this check: name the rule for them too.
    const leaf = (field: string) => field.slice(field.lastIndexOf('.') + 1);
    const hint = unknown.some((field) => /token|secret|key|password/i.test(field) || leaf(field) in Object.prototype)
      ? ` (tokens go in ${ZENDESK_TOKEN_ENV} / ${PAGERDUTY_TOKEN_ENV}, never in the file)`
      : '';
    return { ok: false, message: `${file}: unknown field ${unknown.join(', ')}${hint}` };
  }
  const wrongTypes = wrongObjectTypes(DEFAULT_SETTINGS as unknown as PlainObject, raw, '');
  if (wrongTypes.length > 0) {
    return { ok: false, message: wrongTypes.map((problem) => `${file}: ${problem}`).join('\n') };
  }
  const merged = mergeOverDefaults(DEFAULT_SETTINGS, raw);
  const validation = validateSettings(merged);
  if (!validation.ok) {
    const lines = validation.errors.map((error) => `${file}: ${error.path || '(top level)'}: ${error.message}`);
    return { ok: false, message: lines.join('\n') };
  }
  const addresses = [
    ['zendesk.baseUrl', validation.settings.zendesk.baseUrl],
    ['pagerduty.baseUrl', validation.settings.pagerduty.baseUrl],
    ['slack.apiUrl', validation.settings.slack.apiUrl],
  ] as const;
  for (const [field, address] of addresses) {
    const refused = address ? checkApiBase(address) : null;
    if (refused) return { ok: false, message: `${file}: ${field}: ${refused}` };
  }
  return { ok: true, settings: validation.settings };
}

/**
 * Reads the file only if it is a regular file of at most MAX_CONFIG_BYTES: a FIFO would block the open, a device
 * (`/dev/zero`) would grow memory without end, a directory has no text. The size is checked before reading and the
 * read is bounded anyway, since a file can grow between the two.
 */
function readConfigText(file: string): { ok: true; text: string } | { ok: false; message: string } {
  const cannotRead = (error: unknown) => ({
    ok: false as const,
    message: `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
  });
  let kind: string | null;
  try {
    kind = fileKind(statSync(file));
  } catch (error) {
    return cannotRead(error);
  }
  if (kind !== null) return { ok: false, message: `the config must be a regular file, not ${kind}` };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return cannotRead(error);
  }
  try {
    const stats = fstatSync(fd);
    const openedKind = fileKind(stats);
    if (openedKind !== null) return { ok: false, message: `the config must be a regular file, not ${openedKind}` };
    const tooLarge = { ok: false as const, message: `the config file is larger than ${MAX_CONFIG_BYTES / 1024} KiB` };
    if (stats.size > MAX_CONFIG_BYTES) return tooLarge;
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      if (length > MAX_CONFIG_BYTES) return tooLarge;
    }
    return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return cannotRead(error);
  } finally {
    closeSync(fd);
  }
}

/** `null` for a regular file, else what it is, in words. */
function fileKind(stats: import('node:fs').Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/** Keys of `value` that the settings do not have, as dotted paths (only where the defaults are an object). */
function unknownFields(defaults: PlainObject, value: PlainObject, prefix: string): string[] {
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    // Own properties only: `constructor`, `toString` or `__proto__` exist on every object through its prototype,
    // and must not pass for settings (nor carry a token past this check).
    if (!Object.hasOwn(defaults, key)) found.push(path);
    else if (isPlainObject(defaults[key]) && isPlainObject(value[key])) {
      found.push(...unknownFields(defaults[key] as PlainObject, value[key] as PlainObject, path));
    }
  }
  return found;
}

/**
 * Sections that must be objects but are something else, named with what they are (`zendesk must be an object, got
 * an array`): merged over the defaults they would otherwise surface as confusing "missing" fields.
 */
function wrongObjectTypes(defaults: PlainObject, value: PlainObject, prefix: string): string[] {
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(defaults, key) || !isPlainObject(defaults[key])) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const given = value[key];
    if (isPlainObject(given)) found.push(...wrongObjectTypes(defaults[key] as PlainObject, given, path));
    else found.push(`${path} must be an object, got ${kindOf(given)}`);
  }
  return found;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a string';
}

/** Objects merge key by key; arrays and leaves from `value` replace the default whole. */
function mergeOverDefaults(defaults: unknown, value: unknown): unknown {
  if (value === undefined) return structuredClone(defaults);
  if (isPlainObject(defaults) && isPlainObject(value)) {
    // A null prototype and own-property reads: no key can reach Object.prototype, even `__proto__`.
    const out: PlainObject = Object.create(null);
    for (const key of new Set([...Object.keys(defaults), ...Object.keys(value)])) {
      out[key] = mergeOverDefaults(
        Object.hasOwn(defaults, key) ? defaults[key] : undefined,
        Object.hasOwn(value, key) ? value[key] : undefined,
      );
    }
    return out;
  }
  return value;
}

/** Tokens from the environment; empty values count as absent. */
export function envSecrets(env: NodeJS.ProcessEnv): SecretStore {
  return {
    get(name) {
      const variable = {
        zendeskToken: ZENDESK_TOKEN_ENV,
        pagerdutyToken: PAGERDUTY_TOKEN_ENV,
        slackToken: SLACK_TOKEN_ENV,
      };
      const value = env[variable[name]];
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
