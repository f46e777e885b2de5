import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../../src/main/storage/json-file-store';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'sh-store-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('JsonFileStore', () => {
  it('starts empty without a file, and what is set survives reopening', () => {
    const path = join(directory, 'nested', 'ledger.json');
    const store = new JsonFileStore(path);
    expect(store.get('alertLedger')).toBeUndefined();
    store.set('alertLedger', { entries: { a: 1 } });
    store.set('other', [1, 2]);
    store.delete('other');
    const reopened = new JsonFileStore(path);
    expect(reopened.get('alertLedger')).toEqual({ entries: { a: 1 } });
    expect(reopened.get('other')).toBeUndefined();
    expect(reopened.notice).toBeNull();
    // Only the file itself remains: no temporary files left behind.
    expect(readdirSync(join(directory, 'nested'))).toEqual(['ledger.json']);
  });

  it('hands out copies, so changing a read value does not change the store', () => {
    const store = new JsonFileStore(join(directory, 's.json'));
    store.set('k', { list: [1] });
    (store.get('k') as { list: number[] }).list.push(2);
    expect(store.get('k')).toEqual({ list: [1] });
  });

  it('moves a corrupt file aside, keeps it, and says so', () => {
    const path = join(directory, 'ledger.json');
    writeFileSync(path, '{"alertLedger": {"entr');
    const store = new JsonFileStore(path, { now: () => Date.parse('2026-11-30T10:00:00Z') });
    expect(store.get('alertLedger')).toBeUndefined();
    expect(store.notice).toContain('not valid JSON');
    const aside = join(directory, 'ledger.json.corrupt-2026-11-30T10-00-00-000Z');
    expect(store.notice).toContain(aside);
    expect(readFileSync(aside, 'utf8')).toBe('{"alertLedger": {"entr');
    store.set('k', 1);
    expect(new JsonFileStore(path).get('k')).toBe(1);
  });

  it('treats a JSON value that is not an object as corrupt', () => {
    const path = join(directory, 'ledger.json');
    writeFileSync(path, '[1,2,3]');
    expect(new JsonFileStore(path).notice).toContain('does not hold a JSON object');
  });

  it('refuses a write past its size bound and keeps the previous content', () => {
    const path = join(directory, 'ledger.json');
    const store = new JsonFileStore(path, { maxBytes: 200 });
    store.set('small', 'x');
    expect(() => store.set('big', 'y'.repeat(500))).toThrow(/limit/);
    expect(store.get('big')).toBeUndefined();
    expect(new JsonFileStore(path).get('small')).toBe('x');
  });
});
