/**
 * The settings form's state: the draft, the typed text, tokens, and errors from the shared rules (as the user
 * types) and from main (on save). Main validates everything again on save and has the last word.
 */
import { useMemo, useState } from 'react';
import type { FieldError, PickerListRequest, SettingsView } from '../../shared/ipc';
import type { SecretName, Settings } from '../../shared/settings';
import {
  FIELD_PATHS,
  type FieldTexts,
  SETTINGS_FIELDS,
  type TextFieldKey,
  validateFieldTexts,
} from '../../shared/settings-rules';
import { bridge } from '../bridge';
import { composeSettings, fieldFor, textOf } from './draft';

const NO_TOKENS: Record<SecretName, string> = { zendeskToken: '', pagerdutyToken: '', slackToken: '' };

export interface SettingsForm {
  view: SettingsView;
  draft: Settings;
  text: FieldTexts;
  tokens: Record<SecretName, string>;
  allowPlain: boolean;
  saving: boolean;
  /** The message to show next to the field at `path`, if any. */
  errorFor(path: string): string | undefined;
  /** Errors that belong to no field of the form, shown above it. */
  unplaced: string[];
  edit(field: TextFieldKey, value: string): void;
  /** Changes the picked and ticked part of the draft. */
  update(change: (draft: Settings) => void): void;
  setToken(name: SecretName, value: string): void;
  setAllowPlain(allow: boolean): void;
  /** What a connection test or a picker sends: the settings as typed, and the token if one was typed. */
  oneOffRequest(token: SecretName): PickerListRequest;
  save(): Promise<void>;
}

/** State and actions of the form for `view`; `onSaved` gets main's view of what was stored. */
export function useSettingsForm(view: SettingsView, onSaved: (view: SettingsView) => void): SettingsForm {
  const [draft, setDraft] = useState<Settings>(() => structuredClone(view.settings));
  const [text, setText] = useState(() => textOf(view.settings));
  const [tokens, setTokens] = useState(NO_TOKENS);
  const [allowPlain, setAllowPlain] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);

  const local = useMemo(() => validateFieldTexts(text), [text]);
  const errors = useMemo(() => {
    const byField: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const error of [...(touched ? local : []), ...serverErrors]) {
      const field = fieldFor(error.path, FIELD_PATHS);
      if (field) byField[field] ??= error.message;
      else unplaced.push(error.path ? `${error.path}: ${error.message}` : error.message);
    }
    return { byField, unplaced };
  }, [local, serverErrors, touched]);

  const composed = () => composeSettings(draft, text);

  const save = async () => {
    setTouched(true);
    if (local.length > 0) return;
    setSaving(true);
    const secrets: Partial<Record<SecretName, string>> = {};
    for (const name of ['zendeskToken', 'pagerdutyToken', 'slackToken'] as const) {
      if (tokens[name]) secrets[name] = tokens[name];
    }
    try {
      const response = await bridge().saveSettings({
        settings: composed(),
        secrets,
        allowPlainTextSecrets: !view.encryptionAvailable && allowPlain,
      });
      if (response.ok) {
        setServerErrors([]);
        setTokens(NO_TOKENS);
        onSaved(response.view);
      } else {
        setServerErrors(response.errors);
      }
    } catch {
      setServerErrors([{ path: '', message: 'Could not save the settings' }]);
    } finally {
      setSaving(false);
    }
  };

  return {
    view,
    draft,
    text,
    tokens,
    allowPlain,
    saving,
    errorFor: (path) => errors.byField[path],
    unplaced: errors.unplaced,
    edit: (field, value) => {
      setText((previous) => ({ ...previous, [field]: value }));
      setTouched(true);
      // Main's word on this field no longer applies to what is now typed.
      const path = SETTINGS_FIELDS[field].path;
      setServerErrors((previous) => previous.filter((error) => fieldFor(error.path, FIELD_PATHS) !== path));
    },
    update: (change) =>
      setDraft((previous) => {
        const next = structuredClone(previous);
        change(next);
        return next;
      }),
    setToken: (name, value) => setTokens((previous) => ({ ...previous, [name]: value })),
    setAllowPlain,
    oneOffRequest: (token) => ({ settings: composed(), ...(tokens[token] ? { token: tokens[token] } : {}) }),
    save,
  };
}
