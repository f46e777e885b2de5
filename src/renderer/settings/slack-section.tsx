/**
 * The Slack part of the settings form: the token (write-only, like the others) and its connection test, the
 * dedicated channels picked from the account, who counts as Customer Success and your team's user group picked
 * from the account, whether `@here` counts, and the app's rate tier. Ids can still be typed: a bot token lists
 * only some channels, and user groups need a paid plan and the `usergroups:read` scope.
 */
import { useState } from 'react';
import { SETTINGS_FIELDS as FIELDS, splitList } from '../../shared/settings-rules';
import { type ConnectionTests, TestResult } from './connection';
import { Check, Field, inputProps, TokenField } from './fields';
import { Picker, PickerStatus, type Pickers, pickerOptions, withSelected } from './pickers';
import type { SettingsForm } from './useSettingsForm';

/** A text input for an optional id (`S…`): empty means none. */
function IdField(props: {
  form: SettingsForm;
  path: string;
  label: string;
  value: string | null;
  hint: string;
  set(value: string | null): void;
}) {
  const error = props.form.errorFor(props.path);
  return (
    <Field path={props.path} label={props.label} error={error} hint={props.hint}>
      <input
        {...inputProps(props.path, error, true)}
        value={props.value ?? ''}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => props.set(event.target.value.trim() === '' ? null : event.target.value.trim())}
      />
    </Field>
  );
}

/** A choice among the user groups loaded from the account; `none` names what an empty choice means. */
function GroupPicker(props: {
  id: string;
  label: string;
  none: string;
  value: string | null;
  pickers: Pickers;
  set(value: string | null): void;
}) {
  const options = withSelected(pickerOptions(props.pickers.state.slackUsergroups), props.value ?? '');
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value ?? ''} onChange={(event) => props.set(event.target.value || null)}>
        <option value="">{props.none}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.detail ? `${option.label} (${option.detail})` : option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Saved for support-hero.slack.com": the workspace main bound the stored token to, when it knows one. */
function boundWorkspace(form: SettingsForm): string | null {
  const url = form.view.settings.slack.workspaceUrl;
  if (!url || !form.view.secrets.slackToken?.present) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

export function SlackSection({
  form,
  tests,
  pickers,
}: {
  form: SettingsForm;
  tests: ConnectionTests;
  pickers: Pickers;
}) {
  const { draft } = form;
  const [channels, setChannels] = useState(draft.slack.channelIds.join(', '));
  const channelPath = FIELDS.slackChannelIds.path;
  const channelError = form.errorFor(channelPath);
  const tierPath = FIELDS.slackRateTier.path;
  const workspace = boundWorkspace(form);
  const setChannelIds = (ids: string[]) => {
    setChannels(ids.join(', '));
    form.update((next) => {
      next.slack.channelIds = ids;
    });
  };
  return (
    <fieldset>
      <legend>Slack</legend>
      <TokenField form={form} name="slackToken" />
      {workspace ? (
        <p className="field-hint">
          The stored token is bound to <bdi>{workspace}</bdi>: a token for another workspace must be saved again.
        </p>
      ) : null}
      <TestResult service="slack" tests={tests} />
      <Picker
        label="Dedicated channels"
        kind="slackChannels"
        pickers={pickers}
        selected={draft.slack.channelIds}
        error={undefined}
        onChange={setChannelIds}
      />
      <Field
        path={channelPath}
        label={FIELDS.slackChannelIds.label}
        error={channelError}
        hint="Picked above, or typed: the channels where Customer Success tags you, e.g. C0123ABCD (comma separated)"
      >
        <input
          {...inputProps(channelPath, channelError, true)}
          value={channels}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            setChannels(event.target.value);
            const ids = splitList(event.target.value);
            form.update((next) => {
              next.slack.channelIds = ids;
            });
          }}
        />
      </Field>
      <fieldset className="inner">
        <legend>User groups</legend>
        <div className="picker-load">
          <button type="button" onClick={() => pickers.load('slackUsergroups')}>
            Load user groups
          </button>
          <PickerStatus state={pickers.state.slackUsergroups} />
        </div>
        <GroupPicker
          id="p-slack-cs-group"
          label="Who counts as Customer Success"
          none="Anyone in the channels"
          value={draft.slack.csUserGroupId}
          pickers={pickers}
          set={(value) =>
            form.update((next) => {
              next.slack.csUserGroupId = value;
            })
          }
        />
        <GroupPicker
          id="p-slack-my-group"
          label="Your team's user group"
          none="None: only mentions of you"
          value={draft.slack.myGroupId}
          pickers={pickers}
          set={(value) =>
            form.update((next) => {
              next.slack.myGroupId = value;
            })
          }
        />
        <IdField
          form={form}
          path={FIELDS.slackCsUserGroupId.path}
          label={FIELDS.slackCsUserGroupId.label}
          value={draft.slack.csUserGroupId}
          hint="Picked above, or typed: a user group id such as S0123ABCD; empty: anyone in the channels"
          set={(value) =>
            form.update((next) => {
              next.slack.csUserGroupId = value;
            })
          }
        />
        <IdField
          form={form}
          path={FIELDS.slackMyGroupId.path}
          label={FIELDS.slackMyGroupId.label}
          value={draft.slack.myGroupId}
          hint="A mention of this group tags you too; empty: only mentions of you"
          set={(value) =>
            form.update((next) => {
              next.slack.myGroupId = value;
            })
          }
        />
      </fieldset>
      <Check
        label="Count @here and @channel as tagging me"
        checked={draft.slack.includeBroadcasts}
        onChange={(checked) =>
          form.update((next) => {
            next.slack.includeBroadcasts = checked;
          })
        }
      />
      <Field path={tierPath} label={FIELDS.slackRateTier.label} error={form.errorFor(tierPath)}>
        <select
          {...inputProps(tierPath, form.errorFor(tierPath))}
          value={draft.slack.rateTier}
          onChange={(event) =>
            form.update((next) => {
              next.slack.rateTier = event.target.value === 'limited' ? 'limited' : 'internal';
            })
          }
        >
          <option value="internal">Made in our workspace (polled every 30 s)</option>
          <option value="limited">Installed from outside the Marketplace (1 call a minute)</option>
        </select>
      </Field>
    </fieldset>
  );
}
