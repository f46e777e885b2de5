/** What a write did, as main said it: the message, the missing permission if any, and the way out. */
import type { ReactNode } from 'react';
import type { ActionRunView } from '../../shared/ipc';

/** The results that changed (or had already changed) what the user asked for. */
export const GOOD_RESULTS: ReadonlySet<string> = new Set(['applied', 'already_applied']);

/** The result panel shared by the ticket actions and the swap dialog; `children` are extra buttons after Close. */
export function ActionResult({
  result,
  onClose,
  children,
}: {
  result: Pick<ActionRunView, 'result' | 'message' | 'permission'>;
  onClose(): void;
  children?: ReactNode;
}) {
  const good = GOOD_RESULTS.has(result.result);
  return (
    <div className="action-result">
      {/* A refusal or failure is announced at once; a success politely. */}
      <p role={good ? 'status' : 'alert'} className={good ? 'action-ok' : 'action-bad'}>
        {result.message}
      </p>
      {result.permission ? <p>{`Missing permission: ${result.permission}.`}</p> : null}
      <div className="action-buttons">
        <button type="button" data-autofocus onClick={onClose}>
          Close
        </button>
        {children}
      </div>
    </div>
  );
}
