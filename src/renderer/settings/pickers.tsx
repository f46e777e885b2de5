/**
 * Lists loaded from the account (views, organization fields, schedules, Slack channels and user groups) and the
 * checkbox picker over them.
 */
import { useState } from 'react';
import type { PickerListRequest, PickerListResponse, PickerOption } from '../../shared/ipc';
import type { SecretName } from '../../shared/settings';
import { bridge } from '../bridge';

type PickerKind = 'views' | 'orgFields' | 'schedules' | 'slackChannels' | 'slackUsergroups';
type PickerState = PickerListResponse | 'pending' | undefined;

const TOKEN_FOR: Record<PickerKind, SecretName> = {
  views: 'zendeskToken',
  orgFields: 'zendeskToken',
  schedules: 'pagerdutyToken',
  slackChannels: 'slackToken',
  slackUsergroups: 'slackToken',
};

type Loader = (request: PickerListRequest) => Promise<PickerListResponse>;

function loaderFor(kind: PickerKind): Loader {
  const api = bridge();
  switch (kind) {
    case 'views':
      return api.listZendeskViews;
    case 'orgFields':
      return api.listOrganizationFields;
    case 'schedules':
      return api.listPagerDutySchedules;
    case 'slackChannels':
      return api.listSlackChannels;
    case 'slackUsergroups':
      return api.listSlackUsergroups;
  }
}

export interface Pickers {
  state: Partial<Record<PickerKind, PickerListResponse | 'pending'>>;
  load(kind: PickerKind): Promise<void>;
}

/** Each list's state and how to load it with the settings as typed (`request`). */
export function usePickers(request: (token: SecretName) => PickerListRequest): Pickers {
  const [state, setState] = useState<Pickers['state']>({});
  const load = async (kind: PickerKind) => {
    setState((previous) => ({ ...previous, [kind]: 'pending' }));
    const body = request(TOKEN_FOR[kind]);
    try {
      const result = await loaderFor(kind)(body);
      setState((previous) => ({ ...previous, [kind]: result }));
    } catch {
      setState((previous) => ({ ...previous, [kind]: { ok: false, message: 'Could not load the list' } }));
    }
  };
  return { state, load };
}

/** The options a loaded list offers; none while loading or after a failure. */
export function pickerOptions(state: PickerState): PickerOption[] {
  return state && state !== 'pending' && state.ok ? state.options : [];
}

/** Loaded options, plus any selected id the account did not list (so a selection is never silently lost). */
export function withSelected(options: PickerOption[], ...selected: string[]): PickerOption[] {
  const known = new Set(options.map((option) => option.id));
  const missing = selected.filter((id) => id && !known.has(id)).map((id) => ({ id, label: id }));
  return [...options, ...missing];
}

export function PickerStatus({ state }: { state: PickerState }) {
  if (state === 'pending') return <span className="field-hint">Loading…</span>;
  if (state?.ok && state.note) {
    return (
      <span className="field-hint" role="status">
        <bdi>{state.note}</bdi>
      </span>
    );
  }
  if (state && !state.ok) {
    return (
      <span className="field-error" role="alert">
        <bdi>{state.message}</bdi>
      </span>
    );
  }
  return null;
}

/** A group of checkboxes over a list loaded from the account. */
export function Picker(props: {
  label: string;
  kind: PickerKind;
  pickers: Pickers;
  selected: string[];
  error: string | undefined;
  onChange(ids: string[]): void;
}) {
  const state = props.pickers.state[props.kind];
  const options = withSelected(pickerOptions(state), ...props.selected);
  return (
    <fieldset className={props.error ? 'inner field-invalid' : 'inner'}>
      <legend>{props.label}</legend>
      <div className="picker-load">
        <button type="button" onClick={() => props.pickers.load(props.kind)}>
          Load from account
        </button>
        <PickerStatus state={state} />
      </div>
      {options.length === 0 ? <p className="field-hint">None selected.</p> : null}
      <ul className="picker-options">
        {options.map((option) => (
          <li key={option.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={props.selected.includes(option.id)}
                onChange={(event) =>
                  props.onChange(
                    event.target.checked
                      ? [...props.selected, option.id]
                      : props.selected.filter((id) => id !== option.id),
                  )
                }
              />
              <bdi>{option.label}</bdi>
              {option.detail ? <span className="field-hint"> {option.detail}</span> : null}
            </label>
          </li>
        ))}
      </ul>
      {props.error ? <p className="field-error">{props.error}</p> : null}
    </fieldset>
  );
}
