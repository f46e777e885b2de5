/**
 * Slack requests where Customer Success tagged the user, above the ticket list (they rank first by default).
 * Everything from Slack is shown as plain text (React escapes it): names, channel and the preview are never
 * HTML or markdown, and nothing from the message is loaded. Main looks the thread's link up by request id.
 */
import type { SlackRequestEntry } from '../../shared/domain';
import { formatDuration, parseInstant } from '../../shared/format';
import { bridge } from '../bridge';
import { useAppStore } from '../store';

/** "12m ago"; nothing when the instant is unreadable. */
function ago(postedAt: string, now: number): string {
  const posted = parseInstant(postedAt);
  return posted === null ? '' : `${formatDuration(Math.max(0, now - posted))} ago`;
}

/** The open Slack requests as a list of rows with Open thread and Dismiss; renders nothing when there are none. */
export function SlackRequests({ requests }: { requests: SlackRequestEntry[] }) {
  const now = useAppStore((s) => s.now);
  const announce = useAppStore((s) => s.announce);
  if (requests.length === 0) return null;
  const open = (id: string) => {
    bridge()
      .openSlackRequest(id)
      .catch(() => announce('This request has no link to open'));
  };
  const dismiss = (id: string) => {
    bridge()
      .dismissSlackRequest(id)
      .then(() => announce('Slack request dismissed'))
      .catch(() => announce('Could not dismiss the request'));
  };
  return (
    <section className="slack-requests" aria-labelledby="slack-requests-title">
      <h2 id="slack-requests-title" className="slack-header">
        {requests[0]?.tierLabel ?? 'Slack requests'} ({requests.length})
      </h2>
      <ul>
        {requests.map((entry) => {
          const { request } = entry;
          return (
            <li key={request.id} className="slack-row" data-request-id={request.id}>
              <p className="slack-who">
                <bdi>{request.author.name}</bdi>
                {request.channelName ? (
                  <>
                    {' in #'}
                    <bdi>{request.channelName}</bdi>
                  </>
                ) : null}
                <span className="slack-ago"> · {ago(request.postedAt, now)}</span>
              </p>
              <p className="slack-preview">
                <bdi>{request.preview}</bdi>
              </p>
              <div className="slack-actions">
                {request.permalink ? (
                  <button type="button" onClick={() => open(request.id)}>
                    Open thread
                  </button>
                ) : null}
                <button type="button" onClick={() => dismiss(request.id)}>
                  Dismiss
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
