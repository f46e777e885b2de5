/**
 * A playbook as a short checkable guide: the handbook's warning in bold, one checkbox per step, and each template
 * (filled from the ticket by main) with a Copy button. Templates are copied, never sent: main writes the
 * clipboard, since the page's own clipboard permission is denied, and the button only names the template (ticket,
 * playbook, position): main fills it again, so the page cannot choose what lands on the clipboard.
 */
import { useState } from 'react';
import type { ClipboardResponse, PlaybookView } from '../../shared/ipc';
import { bridge } from '../bridge';

/** Copies through main and says what happened, in a live region next to the button. */
export function useCopy(): { copied: string | null; copy(run: () => Promise<ClipboardResponse>, label: string): void } {
  const [copied, setCopied] = useState<string | null>(null);
  return {
    copied,
    copy: (run, label) => {
      setCopied(null);
      run()
        .then((answer) => setCopied(answer.ok ? `${label} copied to the clipboard (not sent).` : answer.message))
        .catch(() => setCopied('Could not copy; select the text and copy it.'));
    },
  };
}

/** The guide for `playbook` on ticket `ticketId`; a Copy button names its template, main fills and copies it. */
export function PlaybookGuide({
  ticketId,
  playbook,
  onClose,
}: {
  ticketId: number;
  playbook: PlaybookView;
  onClose(): void;
}) {
  const [done, setDone] = useState<boolean[]>(() => playbook.steps.map(() => false));
  const { copied, copy } = useCopy();
  return (
    <div className="action-playbook">
      <h3>{playbook.title}</h3>
      {playbook.warning ? (
        <p className="action-warning">
          <strong>{`WARNING: ${playbook.warning}`}</strong>
        </p>
      ) : null}
      <ol className="action-steps">
        {playbook.steps.map((step, index) => (
          <li key={step.text}>
            <label className="action-step">
              <input
                type="checkbox"
                checked={done[index] ?? false}
                onChange={(event) =>
                  setDone((current) => current.map((value, at) => (at === index ? event.target.checked : value)))
                }
              />
              <span>{step.bold ? <strong>{step.text}</strong> : step.text}</span>
            </label>
            {step.link ? (
              <span className="action-step-link">
                {`${step.link.label}: `}
                <code>{step.link.url}</code>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {playbook.templates.map((template, index) => (
        <div key={template.label} className="action-template">
          <textarea className="action-guide" readOnly aria-label={template.label} value={template.text} />
          <button
            type="button"
            onClick={() => copy(() => bridge().copyTemplate(ticketId, playbook.id, index), template.label)}
          >
            {`Copy ${template.label.toLowerCase()}`}
          </button>
        </div>
      ))}
      <p role="status" className="action-copied">
        {copied ?? ''}
      </p>
      <div className="action-buttons">
        <button type="button" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
