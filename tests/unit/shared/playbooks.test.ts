/**
 * One home for the playbooks' ids and titles: main's matching and menu, the settings schema and form keys, and
 * the window all read src/shared/playbooks.ts, so a renamed or added playbook cannot show two names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYBOOK_TITLES as CORE_TITLES, playbookMenu } from '../../../src/main/core/actions/playbooks';
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/main/core/settings';
import { PLAYBOOK_IDS, PLAYBOOK_TITLES } from '../../../src/shared/playbooks';
import { PLAYBOOK_KEYS } from '../../../src/shared/settings-rules';

const SRC = join(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the playbook table', () => {
  it('is the one main and the settings keys use', () => {
    expect(CORE_TITLES).toBe(PLAYBOOK_TITLES);
    expect(PLAYBOOK_KEYS).toBe(PLAYBOOK_IDS);
    expect(playbookMenu()).toEqual(PLAYBOOK_IDS.map((id) => ({ id, title: PLAYBOOK_TITLES[id] })));
    expect(Object.keys(PLAYBOOK_TITLES).sort()).toEqual([...PLAYBOOK_IDS].sort());
  });

  it('keeps every playbook id in the settings schema (and drops unknown ones, as before)', () => {
    const rules = Object.fromEntries(PLAYBOOK_IDS.map((id) => [id, { tags: [`tag-${id}`] }]));
    const checked = validateSettings({
      ...DEFAULT_SETTINGS,
      actions: { ...DEFAULT_SETTINGS.actions, playbookRules: { ...rules, unknown_playbook: { tags: ['x'] } } },
    });
    expect(checked).toMatchObject({ ok: true });
    if (!('settings' in checked)) throw new Error('expected settings');
    expect(checked.settings.actions.playbookRules).toEqual(rules);
  });

  it('is not restated anywhere else in the source', () => {
    const restating = sourceFiles(SRC).filter((file) => {
      if (file.endsWith(join('shared', 'playbooks.ts'))) return false;
      const text = readFileSync(file, 'utf8');
      return Object.values(PLAYBOOK_TITLES).some((title) => text.includes(`'${title}'`) || text.includes(`"${title}"`));
    });
    expect(restating).toEqual([]);
  });
});
