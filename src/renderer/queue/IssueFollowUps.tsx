/**
 * After GitHub's issue form was opened: the handbook's follow-up steps. Setting the ticket to Pending goes through
 * the status dialog (its own confirmation); the team-channel message for a bug is built and copied by main from
 * the issue link pasted here, and never posted by the app.
 */
import { useState } from 'react';
import { bridge } from '../bridge';
import { useCopy } from './PlaybookGuide';

export function IssueFollowUps(props: {
  kind: 'bug_report' | 'feature_request';
  message: string;
  followUps: string[];
  onSetPending(): void;
  onClose(): void;
}) {
  const [issueUrl, setIssueUrl] = useState('');
  const { copied, copy } = useCopy();
  return (
    <div className="action-result">
      <p role="status" className="action-ok">
        {props.message}
      </p>
      <p>Then:</p>
      <ol className="action-steps">
        {props.followUps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {props.kind === 'bug_report' ? (
        <form
          className="action-form"
          onSubmit={(event) => {
            event.preventDefault();
            copy(() => bridge().copyTeamMessage(issueUrl.trim()), 'Team message');
          }}
        >
          <label className="action-note">
            Link of the new issue (github.com/PostHog/posthog/issues/…)
            <input
              type="url"
              value={issueUrl}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setIssueUrl(event.target.value)}
            />
          </label>
          <button type="submit" disabled={issueUrl.trim() === ''}>
            Copy team message
          </button>
        </form>
      ) : null}
      <p role="status" className="action-copied">
        {copied ?? ''}
      </p>
      <div className="action-buttons">
        <button type="button" data-autofocus onClick={props.onSetPending}>
          Set Pending…
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
