/**
 * The Slack part of the settings form: the token (write-only, like the others), the dedicated channels, who counts
 * as Customer Success, your team's user group, whether `@here` counts, and the app's rate tier. Ids are typed for
 * now (pickers need `conversations.list`, which the source does not read yet).
 */
import { useState } from 'react';
import { SETTINGS_FIELDS as FIELDS, splitList } from '../../shared/settings-rules';
import { Check, Field, inputProps, TokenField } from './fields';
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

export function SlackSection({ form }: { form: SettingsForm }) {
  const { draft } = form;
  const [channels, setChannels] = useState(draft.slack.channelIds.join(', '));
  const channelPath = FIELDS.slackChannelIds.path;
  const channelError = form.errorFor(channelPath);
  const tierPath = FIELDS.slackRateTier.path;
  return (
    <fieldset>
      <legend>Slack</legend>
      <TokenField form={form} name="slackToken" />
      <Field
        path={channelPath}
        label={FIELDS.slackChannelIds.label}
        error={channelError}
        hint="The channels where Customer Success tags you, e.g. C0123ABCD (comma separated)"
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
      <IdField
        form={form}
        path={FIELDS.slackCsUserGroupId.path}
        label={FIELDS.slackCsUserGroupId.label}
        value={draft.slack.csUserGroupId}
        hint="A user group id such as S0123ABCD; empty: anyone in the channels"
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
