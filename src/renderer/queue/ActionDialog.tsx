/**
 * Actions on a ticket (issue 13): a menu, the few choices an action needs, then a confirmation that names the
 * change before anything is sent, and the server's answer. The page only names an action on a ticket id; main
 * plans it, builds every request and URL, and answers in sentences. Keyboard: `a` on the active row opens it,
 * Tab moves, Enter/Space activates, Escape cancels, and closing hands the keyboard back to the ticket's row.
 */
import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { QueueEntry } from '../../shared/domain';
import type {
  ActionLogView,
  ActionOffersView,
  ActionPlanView,
  ActionPrompt,
  ActionRunView,
  TicketActionName,
  TicketActionParams,
} from '../../shared/ipc';
import { PLAYBOOK_IDS, PLAYBOOK_TITLES } from '../../shared/playbooks';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { ActionResult, GOOD_RESULTS } from './ActionResult';
import { closeOnEscape } from './dialog-keys';
import { ticketKey } from './groups';
import { IssueFollowUps } from './IssueFollowUps';
import { PlaybookGuide } from './PlaybookGuide';
import { rowId } from './TicketRow';

/**
 * Which ticket's actions are open (kept apart from the app store: only the queue uses it), and the action a
 * prompt (the tray menu) asked to start at, if any.
 */
export const useActionDialog = create<{
  ticketId: number | null;
  prompt: Omit<ActionPrompt, 'ticketId'> | null;
  logOpen: boolean;
  open(ticketId: number, prompt?: Omit<ActionPrompt, 'ticketId'>): void;
  close(): void;
  toggleLog(): void;
}>((set) => ({
  ticketId: null,
  prompt: null,
  logOpen: false,
  open: (ticketId, prompt) => set({ ticketId, prompt: prompt ?? null }),
  close: () => set({ ticketId: null, prompt: null }),
  toggleLog: () => set((state) => ({ logOpen: !state.logOpen })),
}));

/**
 * Opens the dialog when main asks (a tray menu click): the queue view, that ticket, that action's form. The
 * dialog's Confirm still sends; the prompt itself sends nothing.
 */
export function useActionPrompts(): void {
  useEffect(
    () =>
      bridge().onActionPrompt(({ ticketId, action, params }) => {
        useAppStore.getState().setView('queue');
        useActionDialog.getState().open(ticketId, { action, params });
      }),
    [],
  );
}

const STATUS_WORDS = { pending: 'Pending', hold: 'On-hold', solved: 'Solved' } as const;

/** Nothing offered beyond the row's flags until main answers (and when it cannot). */
const NO_OFFERS: ActionOffersView = { assignToMe: false, playbooks: [] };

/**
 * The menu for a row: what the handbook's workflows offer on this kind of ticket. "Assign to me" only when the
 * settings turn it on (teams differ).
 */
export function actionsFor(
  entry: QueueEntry,
  offers: ActionOffersView = NO_OFFERS,
): { action: TicketActionName; label: string }[] {
  const items: { action: TicketActionName; label: string }[] = [{ action: 'status', label: 'Set status…' }];
  if (entry.flags.includes('community')) items.push({ action: 'replied_on_website', label: 'Replied on the website…' });
  if (entry.flags.includes('needs_org')) items.push({ action: 'assign_org', label: 'Assign to organization…' });
  if (offers.assignToMe) items.push({ action: 'assign_to_me', label: 'Assign to me' });
  items.push(
    { action: 'bug_report', label: 'Bug report on GitHub…' },
    { action: 'feature_request', label: 'Feature request on GitHub…' },
    { action: 'playbook', label: 'Playbook…' },
  );
  return items;
}

type FormAction = 'status' | 'replied_on_website' | 'playbook';

type Stage =
  | { kind: 'menu' }
  | { kind: 'choose'; action: FormAction }
  | { kind: 'busy'; text: string }
  | { kind: 'planned'; action: TicketActionName; params: TicketActionParams; plan: ActionPlanView }
  | { kind: 'issue_opened'; action: 'bug_report' | 'feature_request'; message: string; followUps: string[] }
  | { kind: 'done'; result: ActionRunView };

const FORM_ACTIONS = new Set<TicketActionName>(['status', 'replied_on_website', 'playbook']);

/** The dialog for the ticket in `useActionDialog`, over the queue. */
export function ActionDialog({ entry }: { entry: QueueEntry | null }) {
  const close = useActionDialog((s) => s.close);
  const prompt = useActionDialog((s) => s.prompt);
  const [stage, setStage] = useState<Stage>({ kind: 'menu' });
  const [status, setStatus] = useState<'pending' | 'hold' | 'solved'>('pending');
  const [note, setNote] = useState('');
  const [questionUrl, setQuestionUrl] = useState('');
  const [playbook, setPlaybook] = useState<NonNullable<TicketActionParams['playbook']>>('two_factor_removal');
  const [orgId, setOrgId] = useState<number | null>(null);
  const [offers, setOffers] = useState<ActionOffersView>(NO_OFFERS);
  const dialogRef = useRef<HTMLDivElement>(null);
  const ticketId = entry?.ticket.id ?? null;

  // A new stage puts the keyboard on its first control (Confirm on a confirmation).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stage and ticket are the triggers, not inputs
  useEffect(() => {
    const root = dialogRef.current;
    if (!root) return;
    const preferred = root.querySelector<HTMLElement>('[data-autofocus]');
    (preferred ?? root.querySelector<HTMLElement>('button, input, select, textarea'))?.focus();
  }, [stage, ticketId]);

  // Closing (Escape, Cancel, Close) hands the keyboard back to the queue with this ticket's row active, so a
  // keyboard user carries on from the row they opened it on (and a tray prompt lands on its ticket's row).
  useEffect(() => {
    if (ticketId === null) return;
    return () => returnToRow(ticketId);
  }, [ticketId]);

  // Another ticket starts over at the menu, or at the form a prompt (the tray) asked for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the ticket and the prompt are the triggers
  useEffect(() => {
    setNote('');
    setQuestionUrl('');
    setOrgId(null);
    setStatus(prompt?.params.status ?? 'pending');
    if (ticketId !== null && prompt && FORM_ACTIONS.has(prompt.action)) {
      setStage({ kind: 'choose', action: prompt.action as FormAction });
    } else if (ticketId !== null && prompt) {
      plan(prompt.action, prompt.params);
    } else {
      setStage({ kind: 'menu' });
    }
  }, [ticketId, prompt]);

  // What main offers on this ticket beyond its flags: "Assign to me" (a setting) and the playbooks that match.
  useEffect(() => {
    setOffers(NO_OFFERS);
    if (ticketId === null) return;
    let live = true;
    bridge()
      .actionOffers(ticketId)
      .then((answer) => live && setOffers(answer))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [ticketId]);

  if (!entry || ticketId === null) return null;

  function plan(action: TicketActionName, params: TicketActionParams) {
    if (ticketId === null) return;
    setStage({ kind: 'busy', text: 'Checking…' });
    bridge()
      .planAction({ ticketId, action, params })
      .then((planned) => setStage({ kind: 'planned', action, params, plan: planned }))
      .catch(() =>
        setStage({
          kind: 'done',
          result: { result: 'failed', message: 'Could not plan that action.', permission: null },
        }),
      );
  }

  const run = (action: TicketActionName, params: TicketActionParams, followUps: string[]) => {
    setStage({ kind: 'busy', text: 'Sending…' });
    bridge()
      .runAction({ ticketId, action, params })
      .then((result) => {
        if ((action === 'bug_report' || action === 'feature_request') && GOOD_RESULTS.has(result.result)) {
          setStage({ kind: 'issue_opened', action, message: result.message, followUps });
        } else {
          setStage({ kind: 'done', result });
        }
      })
      .catch(() =>
        setStage({
          kind: 'done',
          result: { result: 'failed', message: 'Could not send that action.', permission: null },
        }),
      );
  };

  const pick = (action: TicketActionName) => {
    if (FORM_ACTIONS.has(action)) {
      setStatus('pending');
      setStage({ kind: 'choose', action: action as FormAction });
      return;
    }
    plan(action, {});
  };

  const paramsFor = (action: FormAction): TicketActionParams => {
    if (action === 'status') return { status, ...(note.trim() ? { note } : {}) };
    if (action === 'replied_on_website') {
      return { status, ...(questionUrl.trim() ? { questionUrl: questionUrl.trim() } : {}) };
    }
    return { playbook };
  };

  return (
    <div
      className="action-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="action-title"
      ref={dialogRef}
      onKeyDown={closeOnEscape(close)}
    >
      <h2 id="action-title">{`Ticket #${ticketId}`}</h2>
      {stage.kind === 'menu' ? (
        <>
          {offers.playbooks.length > 0 ? (
            <div className="action-menu action-suggested">
              {offers.playbooks.map((match) => (
                <button
                  key={match.id}
                  type="button"
                  title={`Suggested: ${match.reason}`}
                  onClick={() => {
                    setPlaybook(match.id);
                    plan('playbook', { playbook: match.id });
                  }}
                >
                  {`Playbook: ${match.title}`}
                </button>
              ))}
            </div>
          ) : null}
          <div className="action-menu">
            {actionsFor(entry, offers).map((item) => (
              <button key={item.action} type="button" onClick={() => pick(item.action)}>
                {item.label}
              </button>
            ))}
          </div>
        </>
      ) : null}
      {stage.kind === 'choose' ? (
        <form
          className="action-form"
          onSubmit={(event) => {
            event.preventDefault();
            plan(stage.action, paramsFor(stage.action));
          }}
        >
          {stage.action === 'playbook' ? (
            <label>
              Playbook{' '}
              <select value={playbook} onChange={(event) => setPlaybook(event.target.value as typeof playbook)}>
                {PLAYBOOK_IDS.map((id) => (
                  <option key={id} value={id}>
                    {PLAYBOOK_TITLES[id]}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <fieldset>
              <legend>{stage.action === 'status' ? 'Status' : 'Status after your reply on posthog.com'}</legend>
              {(stage.action === 'status'
                ? (['pending', 'hold', 'solved'] as const)
                : (['pending', 'solved'] as const)
              ).map((value) => (
                <label key={value} className="action-choice">
                  <input
                    type="radio"
                    name="action-status"
                    value={value}
                    checked={status === value}
                    onChange={() => setStatus(value)}
                  />
                  {STATUS_WORDS[value]}
                </label>
              ))}
            </fieldset>
          )}
          {stage.action === 'status' && status === 'hold' ? (
            <p className="action-warning" id="action-hold-warning">
              On-hold pauses the SLA timer: use it sparingly (GitHub is better for tracking bugs and requests), and
              reply to let the customer know.
            </p>
          ) : null}
          {stage.action === 'status' ? (
            <label className="action-note">
              {status === 'hold' ? 'Internal note (required for On-hold)' : 'Internal note (optional)'}
              <textarea
                value={note}
                maxLength={10_000}
                required={status === 'hold'}
                aria-describedby={status === 'hold' ? 'action-hold-warning' : undefined}
                onChange={(event) => setNote(event.target.value)}
              />
            </label>
          ) : null}
          {stage.action === 'replied_on_website' ? (
            <label className="action-note">
              {"Question link (only if the ticket doesn't name it)"}
              <input
                type="url"
                value={questionUrl}
                spellCheck={false}
                autoComplete="off"
                placeholder="https://posthog.com/questions/…"
                onChange={(event) => setQuestionUrl(event.target.value)}
              />
            </label>
          ) : null}
          <div className="action-buttons">
            <button type="submit">Review</button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {stage.kind === 'busy' ? <p role="status">{stage.text}</p> : null}
      {stage.kind === 'planned' ? (
        <Planned
          ticketId={ticketId}
          stage={stage}
          orgId={orgId}
          setOrgId={setOrgId}
          onConfirm={() =>
            run(stage.action, stage.params, stage.plan.kind === 'issue_form' ? stage.plan.followUps : [])
          }
          onChooseOrg={(id) => plan('assign_org', { organizationId: id })}
          onCancel={close}
        />
      ) : null}
      {stage.kind === 'issue_opened' ? (
        <IssueFollowUps
          kind={stage.action}
          message={stage.message}
          followUps={stage.followUps}
          onSetPending={() => {
            setStatus('pending');
            setNote('');
            setStage({ kind: 'choose', action: 'status' });
          }}
          onClose={close}
        />
      ) : null}
      {stage.kind === 'done' ? <ActionResult result={stage.result} onClose={close} /> : null}
    </div>
  );
}

/** Makes `ticketId`'s row the active one and focuses its listbox (the queue's, if the row is scrolled away). */
function returnToRow(ticketId: number): void {
  useAppStore.getState().setActive(ticketKey(ticketId));
  const row = document.getElementById(rowId(ticketId));
  const list = row?.closest<HTMLElement>('[role="listbox"]') ?? document.querySelector<HTMLElement>('.queue-list');
  list?.focus();
}

function Planned(props: {
  ticketId: number;
  stage: Extract<Stage, { kind: 'planned' }>;
  orgId: number | null;
  setOrgId(id: number): void;
  onConfirm(): void;
  onChooseOrg(id: number): void;
  onCancel(): void;
}) {
  const { plan } = props.stage;
  if (plan.kind === 'refused') {
    return (
      <div className="action-result">
        <p role="alert" className="action-bad">
          {plan.message}
        </p>
        <div className="action-buttons">
          <button type="button" data-autofocus onClick={props.onCancel}>
            Close
          </button>
        </div>
      </div>
    );
  }
  if (plan.kind === 'guide')
    return <PlaybookGuide ticketId={props.ticketId} playbook={plan.playbook} onClose={props.onCancel} />;
  if (plan.kind === 'choose_org') {
    return (
      <form
        className="action-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (props.orgId !== null) props.onChooseOrg(props.orgId);
        }}
      >
        <fieldset>
          <legend>{plan.message}</legend>
          {plan.candidates.map((org) => (
            <label key={org.id} className="action-choice">
              <input
                type="radio"
                name="action-org"
                checked={props.orgId === org.id}
                onChange={() => props.setOrgId(org.id)}
              />
              <bdi>{org.name}</bdi>
            </label>
          ))}
        </fieldset>
        <div className="action-buttons">
          <button type="submit" disabled={props.orgId === null}>
            Review
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="action-confirm">
      <p className="action-sentence">{plan.confirmation}</p>
      {plan.kind === 'confirm' ? (
        <details>
          <summary>Requests</summary>
          <ul>
            {plan.requests.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <>
          <p>Afterwards:</p>
          <ul>
            {plan.followUps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        </>
      )}
      <div className="action-buttons">
        <button type="button" data-autofocus onClick={props.onConfirm}>
          {plan.kind === 'confirm' ? 'Confirm' : 'Open the form'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The log newest first, each entry with its place in the append-only log (two entries may match in every field). */
function newestFirst(entries: ActionLogView[]): { entry: ActionLogView; position: number }[] {
  return entries.map((entry, position) => ({ entry, position })).reverse();
}

/** The local action log: what was done, on which ticket, when, and how it ended. */
export function ActionLogPanel({ onClose }: { onClose(): void }) {
  const [entries, setEntries] = useState<ActionLogView[] | null>(null);
  useEffect(() => {
    let live = true;
    bridge()
      .actionLog()
      .then((list) => live && setEntries(list))
      .catch(() => live && setEntries([]));
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="handover" aria-labelledby="action-log-title">
      <div className="handover-head">
        <h2 id="action-log-title">Action log</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {entries === null ? <p>Loading…</p> : null}
      {entries?.length === 0 ? <p>No actions yet.</p> : null}
      <ul className="action-log">
        {newestFirst(entries ?? []).map(({ entry, position }) => (
          <li key={position}>
            {`${new Date(entry.at).toISOString().slice(0, 16).replace('T', ' ')} · ${entry.ticketId === null ? `${entry.action === 'swap' ? 'swap on' : 'override on'} ${entry.schedule ?? 'a schedule'}` : `#${entry.ticketId}`} · ${entry.summary} · ${entry.result.replace(/_/g, ' ')}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
