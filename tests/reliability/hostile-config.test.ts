/**
 * Config files, API addresses and JSON output under hostile input (issue 10, classes 7 and 8): prototype-named
 * keys, a BOM, files that are not files, wrong types, clear-text API bases, and text that acts on a terminal.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/main/cli/args';
import { loadConfig, MAX_CONFIG_BYTES } from '../../src/main/cli/config';
import { inertJson } from '../../src/main/cli/inert-json';
import { type CliIo, runCli } from '../../src/main/cli/main';
import { checkApiBase } from '../../src/shared/api-base';
import { ticket, ZENDESK_TOKEN } from './hostile-fixtures';
import { sendJson, startHostileServer } from './hostile-server';

const directory = mkdtempSync(join(tmpdir(), 'sh-hostile-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let fileCount = 0;
function configFile(content: string | Buffer): string {
  const file = join(directory, `config-${++fileCount}.json`);
  writeFileSync(file, content);
  return file;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    untilStopped: () => new Promise(() => {}),
    realNow: () => Date.now(),
  };
  return { io: value, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

describe('config files', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf'])(
    'reports %s as an unknown field at any depth, and refuses a token under it',
    (name) => {
      for (const content of [`{"${name}": "zd-secret"}`, `{"zendesk": {"${name}": "zd-secret"}}`]) {
        const file = configFile(content);
        const result = loadConfig(file);
        expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`unknown field`) });
        expect(result.ok === false && result.message).toContain(name);
        expect(result.ok === false && result.message).toContain('never in the file');
        expect(result.ok === false && result.message).not.toContain('zd-secret');
      }
    },
  );

  it('accepts a UTF-8 byte order mark', () => {
    const file = configFile(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"zendesk":{"subdomain":"acme"}}')]),
    );
    const result = loadConfig(file);
    expect(result.ok && result.settings.zendesk.subdomain).toBe('acme');
  });

  it('reads only regular files of a sane size', () => {
    const fifo = join(directory, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const folder = join(directory, 'folder');
    mkdirSync(folder);
    const big = configFile(`{"zendesk":{"subdomain":"acme"}}${' '.repeat(MAX_CONFIG_BYTES)}`);
    expect(loadConfig('/dev/zero')).toEqual({
      ok: false,
      message: '/dev/zero: the config must be a regular file, not a device',
    });
    expect(loadConfig(folder)).toMatchObject({ ok: false, message: expect.stringContaining('not a directory') });
    expect(loadConfig(fifo)).toMatchObject({ ok: false, message: expect.stringContaining('not a named pipe') });
    expect(loadConfig(big)).toMatchObject({ ok: false, message: expect.stringContaining('larger than 1024 KiB') });
  });

  it('names wrong types as wrong types', () => {
    const cases: [string, string][] = [
      ['{"zendesk": []}', 'zendesk must be an object, got an array'],
      ['{"polling": "fast"}', 'polling must be an object, got a string'],
      ['{"pagerduty": 5}', 'pagerduty must be an object, got a number'],
      ['{"zendesk": {"orgFields": null}}', 'zendesk.orgFields must be an object, got null'],
      ['[]', 'the config must be a JSON object, got an array'],
    ];
    for (const [content, message] of cases) {
      const file = configFile(content);
      expect(loadConfig(file)).toEqual({ ok: false, message: `${file}: ${message}` });
    }
  });

  it('refuses plain http:// API bases except on loopback', () => {
    const refused = configFile('{"zendesk":{"baseUrl":"http://zendesk.example.com/api/v2"}}');
    expect(loadConfig(refused)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/zendesk\.baseUrl: plain http:\/\/ would send the API token in clear text/),
    });
    const pagerduty = configFile('{"pagerduty":{"baseUrl":"http://pd.example.com"}}');
    expect(loadConfig(pagerduty)).toMatchObject({ ok: false, message: expect.stringContaining('pagerduty.baseUrl') });
    for (const base of [
      'http://127.0.0.1:8080/api/v2',
      'http://localhost:1/x',
      'http://[::1]:9/x',
      'https://a.example',
    ]) {
      const file = configFile(JSON.stringify({ zendesk: { baseUrl: base } }));
      expect(loadConfig(file).ok).toBe(true);
    }
    expect(parseArgs(['status', '--zendesk-url', 'http://evil.example/api/v2'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^--zendesk-url: plain http:\/\//),
    });
    expect(parseArgs(['status', '--pagerduty-url', 'http://127.0.0.1:9'])).toMatchObject({ ok: true });
  });

  it('gives a clear exit 2 for a config that is not a file', async () => {
    for (const path of ['/dev/zero', directory]) {
      const run = io();
      const code = await runCli(['status', '--config', path], { SUPPORT_HERO_ZENDESK_TOKEN: 't' }, run.io);
      expect(code).toBe(2);
      expect(run.stderr()).toMatch(/the config must be a regular file/);
    }
  });
});

describe('checkApiBase', () => {
  it.each<[string, boolean]>([
    ['https://acme.zendesk.com/api/v2', true],
    ['http://127.0.0.1:3000/api/v2', true],
    ['http://127.255.0.9/', true],
    ['http://127.1/', true],
    ['http://localhost:3000', true],
    ['http://LOCALHOST:3000', true],
    ['http://[::1]:3000', true],
    ['http://acme.zendesk.com/api/v2', false],
    ['http://128.0.0.1/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['http://localhost.evil.example/', false],
    ['http://[::2]/', false],
    ['http://0.0.0.0/', false],
    ['https://user:pass@acme.zendesk.com/', false],
    ['ftp://127.0.0.1/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s -> allowed %s', (url, allowed) => {
    const refused = checkApiBase(url);
    expect(refused === null).toBe(allowed);
    if (refused !== null) expect(refused.length).toBeGreaterThan(10);
  });
});

/** What JSON.stringify leaves raw (it escapes C0 controls itself; pretty-printing adds real newlines). */
const ACTIVE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('JSON output stays inert', () => {
  it('escapes C1, bidi, zero-width and line-separator characters and round-trips every string', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const document = { value, text };
        for (const space of [undefined, 2]) {
          const json = inertJson(document, space);
          expect(json).not.toMatch(ACTIVE);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(document)));
        }
      }),
      { numRuns: 300 },
    );
    expect(inertJson('a\u009b1mb\u202ec\u200bd\u2028e\ufeff')).toBe('"a\\u009b1mb\\u202ec\\u200bd\\u2028e\\ufeff"');
  });

  it('status --json carries no active character from a hostile Zendesk', async () => {
    const hostile = 'Refund \u009b31m now \u202etxt.exe\u200b \u2028 \u2066x\u2069 \u061c \ufeff\u0085';
    const server = await startHostileServer((_request, response, url) => {
      if (url.pathname.startsWith('/api/v2/views/')) return sendJson(response, 200, { tickets: [ticket(1)] });
      sendJson(response, 200, {
        tickets: [{ ...ticket(1), subject: hostile, tags: [hostile] }],
        users: [{ id: 1001, name: hostile, email: 'u@example.com' }],
        organizations: [{ id: 2001, name: hostile, organization_fields: {} }],
      });
    });
    try {
      const file = configFile(
        JSON.stringify({
          zendesk: { subdomain: 'acme', email: 'agent@example.com', viewIds: [1], baseUrl: `${server.origin}/api/v2` },
        }),
      );
      const run = io();
      const code = await runCli(
        ['status', '--json', '--config', file],
        { SUPPORT_HERO_ZENDESK_TOKEN: ZENDESK_TOKEN },
        run.io,
      );
      expect(code).toBe(0);
      // The text is still there, escaped: a JSON reader gets back exactly what Zendesk sent.
      expect(run.stdout()).toContain('\\u009b31m');
      expect(run.stdout()).not.toMatch(ACTIVE);
      JSON.parse(run.stdout());
    } finally {
      await server.close();
    }
  });
});
