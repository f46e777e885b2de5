/**
 * The Actions part of the settings form (issue 13): whether "Assign to me" is offered on tickets (off by default:
 * the handbook says teams differ), and when each playbook is suggested on a ticket. An empty list keeps the
 * handbook's defaults for that playbook. Main validates on save, like every other field.
 */
import { useEffect, useState } from 'react';
import { PLAYBOOK_TITLES } from '../../shared/playbooks';
import type { PlaybookKey, Settings } from '../../shared/settings';
import { PLAYBOOK_KEYS, playbookRulePath } from '../../shared/settings-rules';
import { Check, Field, inputProps } from './fields';
import type { SettingsForm } from './useSettingsForm';

type RuleList = 'tags' | 'keywords';

/** Comma separated, phrases kept whole ("two factor"), unlike the id lists elsewhere in the form. */
function commaList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** The draft with one playbook's list set (`[]` removes it, so the default applies); all empty is `null`. */
export function withPlaybookList(
  rules: Settings['actions']['playbookRules'],
  key: PlaybookKey,
  list: RuleList,
  items: string[],
): Settings['actions']['playbookRules'] {
  const next = structuredClone(rules ?? {});
  const rule = { ...(next[key] ?? {}) };
  if (items.length > 0) rule[list] = items;
  else delete rule[list];
  if (Object.keys(rule).length > 0) next[key] = rule;
  else delete next[key];
  return Object.keys(next).length > 0 ? next : null;
}

function RuleField(props: { form: SettingsForm; playbook: PlaybookKey; list: RuleList; label: string; hint: string }) {
  const { form, playbook, list } = props;
  const path = playbookRulePath(playbook, list);
  const [text, setText] = useState((form.draft.actions.playbookRules?.[playbook]?.[list] ?? []).join(', '));
  const error = form.errorFor(path);
  return (
    <Field path={path} label={props.label} error={error} hint={props.hint}>
      <input
        {...inputProps(path, error, true)}
        value={text}
        spellCheck={false}
        autoComplete="off"
        placeholder="Handbook defaults"
        onChange={(event) => {
          setText(event.target.value);
          const items = commaList(event.target.value);
          form.update((next) => {
            next.actions.playbookRules = withPlaybookList(next.actions.playbookRules, playbook, list, items);
          });
        }}
      />
    </Field>
  );
}

export function ActionsSection({ form }: { form: SettingsForm }) {
  const [rulesOpen, setRulesOpen] = useState(form.draft.actions.playbookRules !== null);
  // An error in a closed list would have nowhere to show: open the lists so it sits next to its field.
  const rulesInvalid = PLAYBOOK_KEYS.some(
    (key) => form.errorFor(playbookRulePath(key, 'tags')) || form.errorFor(playbookRulePath(key, 'keywords')),
  );
  useEffect(() => {
    if (rulesInvalid) setRulesOpen(true);
  }, [rulesInvalid]);
  return (
    <fieldset>
      <legend>Actions</legend>
      <Check
        label="Offer “Assign to me” on tickets"
        checked={form.draft.actions.assignToMe}
        onChange={(checked) =>
          form.update((next) => {
            next.actions.assignToMe = checked;
          })
        }
      />
      <p className="field-hint">
        Off by default: some teams assign tickets to themselves, others keep them with the group.
      </p>
      {/* A disclosure that renders its fields only when open: a closed one leaves nothing the keyboard cannot reach. */}
      <button
        type="button"
        aria-expanded={rulesOpen}
        aria-controls="playbook-rules"
        onClick={() => setRulesOpen((open) => !open)}
      >
        When playbooks are suggested
      </button>
      {rulesOpen ? (
        <div id="playbook-rules">
          {PLAYBOOK_KEYS.map((key) => (
            <div key={key}>
              <RuleField
                form={form}
                playbook={key}
                list="tags"
                label={`${PLAYBOOK_TITLES[key]}: tags`}
                hint="Comma separated; empty keeps the defaults"
              />
              <RuleField
                form={form}
                playbook={key}
                list="keywords"
                label={`${PLAYBOOK_TITLES[key]}: words in the ticket`}
                hint="Whole words or phrases, comma separated; empty keeps the defaults"
              />
            </div>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
