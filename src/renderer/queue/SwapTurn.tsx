/**
 * "Swap a turn…" from the turn header (issue 13, workflow 6; the handbook: swap in advance with PagerDuty
 * overrides, never by changing the rotation's order). Pick a teammate on the schedule and a day or a range of
 * your turn; the confirmation names the change before anything is sent; the result is the server's. Below, your
 * upcoming overrides on that schedule, each removable (with its own confirmation) when it is one you made.
 * The page only names ids, a date or local times: main checks them against your turn and builds every request.
 * Keyboard: Tab moves, Enter/Space activates, Escape closes.
 */
import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { ActionRunView, OverridesListView, SwapOptionsView, SwapPlanView, SwapRequest } from '../../shared/ipc';
import { bridge } from '../bridge';
import { ActionResult } from './ActionResult';
import { closeOnEscape } from './dialog-keys';

/** Whether the swap dialog is open (apart from the app store: only the header uses it). */
export const useSwapDialog = create<{ open: boolean; setOpen(open: boolean): void }>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

/** The id of the header's button, where focus goes back when the dialog closes. */
export const SWAP_BUTTON_ID = 'swap-turn-button';

type Stage =
  | { kind: 'form' }
  | { kind: 'busy'; text: string }
  | { kind: 'planned'; request: SwapRequest; plan: SwapPlanView }
  | { kind: 'remove'; scheduleId: string; overrideId: string; sentence: string }
  | { kind: 'done'; result: ActionRunView };

/** The dialog; renders nothing while closed. */
export function SwapTurn() {
  const open = useSwapDialog((s) => s.open);
  const setOpen = useSwapDialog((s) => s.setOpen);
  if (!open) return null;
  const close = () => {
    setOpen(false);
    document.getElementById(SWAP_BUTTON_ID)?.focus();
  };
  return <SwapTurnDialog onClose={close} />;
}

function SwapTurnDialog({ onClose }: { onClose(): void }) {
  const [options, setOptions] = useState<SwapOptionsView | null>(null);
  const [scheduleId, setScheduleId] = useState('');
  const [teammateId, setTeammateId] = useState('');
  const [spanKind, setSpanKind] = useState<'day' | 'range'>('day');
  const [date, setDate] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [overrides, setOverrides] = useState<OverridesListView | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'form' });
  const dialogRef = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the dialog opens
  useEffect(() => {
    let live = true;
    bridge()
      .swapOptions()
      .then((loaded) => {
        if (!live) return;
        setOptions(loaded);
        const first = loaded.ok ? loaded.turns[0] : undefined;
        if (first) choose(first.scheduleId, loaded);
      })
      .catch(() => live && setOptions({ ok: false, message: 'Could not read your turn.' }));
    return () => {
      live = false;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the schedule is the trigger, not an input
  useEffect(() => {
    if (scheduleId) loadOverrides(scheduleId);
  }, [scheduleId]);

  // A new stage puts the keyboard on its first control (Confirm on a confirmation).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stage is the trigger, not an input
  useEffect(() => {
    const root = dialogRef.current;
    if (!root) return;
    const preferred = root.querySelector<HTMLElement>('[data-autofocus]');
    (preferred ?? root.querySelector<HTMLElement>('select, input, button'))?.focus();
  }, [stage.kind, options === null]);

  const turns = options?.ok ? options.turns : [];
  const turn = turns.find((candidate) => candidate.scheduleId === scheduleId) ?? null;

  function choose(id: string, loaded: SwapOptionsView | null = options) {
    const next = loaded?.ok ? loaded.turns.find((candidate) => candidate.scheduleId === id) : undefined;
    setScheduleId(id);
    setTeammateId(next?.teammates[0]?.id ?? '');
    setDate(next?.days[0]?.date ?? '');
    setFrom(next?.from ?? '');
    setTo(next?.to ?? '');
  }

  function loadOverrides(id: string) {
    setOverrides(null);
    bridge()
      .listOverrides(id)
      .then(setOverrides)
      .catch(() => setOverrides({ ok: false, message: 'Could not list your overrides.' }));
  }

  const request = (): SwapRequest => ({
    scheduleId,
    teammateId,
    span: spanKind === 'day' ? { kind: 'day', date } : { kind: 'range', from, to },
  });

  const review = () => {
    const asked = request();
    setStage({ kind: 'busy', text: 'Checking…' });
    bridge()
      .planSwap(asked)
      .then((plan) => setStage({ kind: 'planned', request: asked, plan }))
      .catch(() => setStage(failed('Could not check that swap.')));
  };

  const run = (asked: SwapRequest) => {
    setStage({ kind: 'busy', text: 'Sending…' });
    bridge()
      .runSwap(asked)
      .then((result) => {
        setStage({ kind: 'done', result });
        loadOverrides(asked.scheduleId);
      })
      .catch(() => setStage(failed('Could not send that swap.')));
  };

  const remove = (target: Extract<Stage, { kind: 'remove' }>) => {
    setStage({ kind: 'busy', text: 'Removing…' });
    bridge()
      .removeOverride(target.scheduleId, target.overrideId)
      .then((result) => {
        setStage({ kind: 'done', result });
        loadOverrides(target.scheduleId);
      })
      .catch(() => setStage(failed('Could not remove that override.')));
  };

  return (
    <div
      className="action-dialog swap-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="swap-title"
      ref={dialogRef}
      onKeyDown={closeOnEscape(onClose)}
    >
      <h2 id="swap-title">Swap a turn</h2>
      {options === null ? <p role="status">Reading your turn…</p> : null}
      {options && !options.ok ? (
        <div className="action-result">
          <p role="alert" className="action-bad">
            {options.message}
          </p>
          <div className="action-buttons">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : null}
      {turn && stage.kind === 'form' ? (
        <form
          className="action-form"
          onSubmit={(event) => {
            event.preventDefault();
            review();
          }}
        >
          <p className="swap-hint">
            {`Your turn on ${turn.scheduleName}: ${turn.label} (${options?.ok ? options.timeZone : ''}). A PagerDuty override hands part of it to a teammate; the rotation's order does not change.`}
          </p>
          {turns.length > 1 ? (
            <label className="action-note">
              Schedule
              <select value={scheduleId} onChange={(event) => choose(event.target.value)}>
                {turns.map((candidate) => (
                  <option key={candidate.scheduleId} value={candidate.scheduleId}>
                    {candidate.scheduleName}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="action-note">
            Teammate who covers
            <select value={teammateId} onChange={(event) => setTeammateId(event.target.value)}>
              {turn.teammates.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </label>
          {turn.teammates.length === 0 ? (
            <p role="alert" className="action-bad">
              Nobody else is on this schedule around your turn.
            </p>
          ) : null}
          <fieldset>
            <legend>What to hand over</legend>
            <label className="action-choice">
              <input type="radio" name="swap-span" checked={spanKind === 'day'} onChange={() => setSpanKind('day')} />
              One day
            </label>
            <label className="action-choice">
              <input
                type="radio"
                name="swap-span"
                checked={spanKind === 'range'}
                onChange={() => setSpanKind('range')}
              />
              A range
            </label>
          </fieldset>
          {spanKind === 'day' ? (
            <label className="action-note">
              Day
              <select value={date} onChange={(event) => setDate(event.target.value)}>
                {turn.days.map((day) => (
                  <option key={day.date} value={day.date}>
                    {`${day.date} · ${day.label}`}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <div className="swap-range">
              <label className="action-note">
                From
                <input
                  type="datetime-local"
                  value={from}
                  min={turn.from}
                  max={turn.to}
                  required
                  onChange={(event) => setFrom(event.target.value)}
                />
              </label>
              <label className="action-note">
                To
                <input
                  type="datetime-local"
                  value={to}
                  min={turn.from}
                  max={turn.to}
                  required
                  onChange={(event) => setTo(event.target.value)}
                />
              </label>
            </div>
          )}
          <div className="action-buttons">
            <button type="submit" disabled={!teammateId || (spanKind === 'day' ? !date : !from || !to)}>
              Review
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {stage.kind === 'busy' ? <p role="status">{stage.text}</p> : null}
      {stage.kind === 'planned' ? (
        stage.plan.kind === 'refused' ? (
          <div className="action-result">
            <p role="alert" className="action-bad">
              {stage.plan.message}
            </p>
            <div className="action-buttons">
              <button type="button" data-autofocus onClick={() => setStage({ kind: 'form' })}>
                Back
              </button>
            </div>
          </div>
        ) : (
          <div className="action-confirm">
            <p className="action-sentence">{stage.plan.confirmation}</p>
            <details>
              <summary>Requests</summary>
              <ul>
                {stage.plan.requests.map((line) => (
                  <li key={line}>
                    <code>{line}</code>
                  </li>
                ))}
              </ul>
            </details>
            <div className="action-buttons">
              <ConfirmButton label="Confirm" onConfirm={() => run(stage.request)} />
              <button type="button" onClick={() => setStage({ kind: 'form' })}>
                Back
              </button>
            </div>
          </div>
        )
      ) : null}
      {stage.kind === 'remove' ? (
        <div className="action-confirm">
          <p className="action-sentence">{stage.sentence}</p>
          <div className="action-buttons">
            <ConfirmButton label="Remove" onConfirm={() => remove(stage)} />
            <button type="button" onClick={() => setStage({ kind: 'form' })}>
              Back
            </button>
          </div>
        </div>
      ) : null}
      {stage.kind === 'done' ? (
        <ActionResult result={stage.result} onClose={onClose}>
          <button type="button" onClick={() => setStage({ kind: 'form' })}>
            Another swap
          </button>
        </ActionResult>
      ) : null}
      {turn && (stage.kind === 'form' || stage.kind === 'done') ? (
        <OverridesList
          listing={overrides}
          scheduleName={turn.scheduleName}
          onRemove={(override) =>
            setStage({
              kind: 'remove',
              scheduleId: override.scheduleId,
              overrideId: override.id,
              sentence: override.sentence,
            })
          }
        />
      ) : null}
    </div>
  );
}

/** Sends once: the button disables itself on the first click, so a double click cannot send twice. */
function ConfirmButton({ label, onConfirm }: { label: string; onConfirm(): void }) {
  const [sent, setSent] = useState(false);
  return (
    <button
      type="button"
      className="primary"
      data-autofocus
      disabled={sent}
      onClick={() => {
        if (sent) return;
        setSent(true);
        onConfirm();
      }}
    >
      {label}
    </button>
  );
}

function OverridesList(props: {
  listing: OverridesListView | null;
  scheduleName: string;
  onRemove(override: Extract<OverridesListView, { ok: true }>['overrides'][number]): void;
}) {
  const { listing } = props;
  return (
    <section className="swap-overrides" aria-labelledby="swap-overrides-title">
      <h3 id="swap-overrides-title">{`Your overrides on ${props.scheduleName}`}</h3>
      {listing === null ? <p>Loading…</p> : null}
      {listing && !listing.ok ? <p className="action-bad">{listing.message}</p> : null}
      {listing?.ok && listing.overrides.length === 0 ? <p>No upcoming overrides.</p> : null}
      {listing?.ok && listing.overrides.length > 0 ? (
        <ul className="action-log">
          {listing.overrides.map((override) => {
            const what = override.coverage;
            return (
              <li key={override.id}>
                <span>{what}</span>{' '}
                {override.removable ? (
                  <button
                    type="button"
                    aria-label={`${override.inProgress ? 'End now' : 'Remove'}: ${what}`}
                    onClick={() => props.onRemove(override)}
                  >
                    {override.inProgress ? 'End now…' : 'Remove…'}
                  </button>
                ) : (
                  <span>(not made here)</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function failed(message: string): Stage {
  return { kind: 'done', result: { result: 'failed', message, permission: null } };
}
