/**
 * One Slack request in the queue: who asked, in which channel, how long ago, and the message as plain text.
 * Everything from Slack is untrusted: it is only ever rendered as React text inside <bdi> (never HTML or
 * markdown), and nothing the message names is loaded. Main looks the thread's link up by request id.
 */
import { memo } from 'react';
import type { SlackRequestEntry, SlackRequestMentions } from '../../shared/domain';
import { formatDuration, instant } from '../format';
import { SlackRequestIcon } from '../icons';
import { RowAction } from './TicketRow';

/** "12m ago"; nothing when the instant is unreadable. */
export function ago(postedAt: string, now: number): string {
  const posted = instant(postedAt);
  return posted === null ? '' : `${formatDuration(Math.max(0, now - posted))} ago`;
}

/** Whom the message tagged, for screen readers: the visible row leaves it to the tier heading. */
function mentionText(mentions: SlackRequestMentions | undefined): string {
  if (mentions?.me) return ' It mentions you.';
  if (mentions?.myGroup) return ' It mentions your team.';
  if (mentions?.broadcast) return ' It mentions everyone in the channel.';
  return '';
}

/** Id of a request's row element, for aria-activedescendant: only letters, digits and dashes. */
export function slackRowId(requestId: string): string {
  return `slack-${requestId.replace(/[^A-Za-z0-9]/g, '-')}`;
}

export interface SlackRowProps {
  entry: SlackRequestEntry;
  now: number;
  active: boolean;
  /** Position among all options, for screen readers when only some rows are in the DOM. */
  position: number;
  setSize: number;
  top: number;
  height: number;
  onOpen(entry: SlackRequestEntry): void;
  onDismiss(entry: SlackRequestEntry): void;
  onPointerActivate(entry: SlackRequestEntry): void;
}

function SlackRowImpl(props: SlackRowProps) {
  const { entry, now, active } = props;
  const { request } = entry;
  const id = slackRowId(request.id);
  const describedBy = `${id}-why`;
  const when = ago(request.postedAt, now);
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: aria-activedescendant pattern: the listbox holds focus
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles Enter, D and the arrows for every row
    <div
      role="option"
      id={id}
      aria-selected={active}
      aria-posinset={props.position}
      aria-setsize={props.setSize}
      aria-describedby={describedBy}
      title={entry.reason}
      className={active ? 'row row-slack row-active' : 'row row-slack'}
      data-request-id={request.id}
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
      onMouseDown={() => props.onPointerActivate(entry)}
      onClick={() => props.onOpen(entry)}
    >
      <div className="row-line row-title">
        <SlackRequestIcon className="source-icon" />
        <span className="sr-only">Slack request from </span>
        <bdi className="slack-author">{request.author?.name || 'Someone'}</bdi>
        {request.channelName ? (
          <span className="slack-channel">
            <span className="sr-only"> in </span>#<bdi>{request.channelName}</bdi>
          </span>
        ) : null}
        {when ? <span className="slack-ago">{when}</span> : null}
        <span className="row-actions">
          <RowAction label="Dismiss" onActivate={() => props.onDismiss(entry)} />
        </span>
      </div>
      <div className="slack-preview">
        <bdi>{request.preview || '(no text)'}</bdi>
      </div>
      <span id={describedBy} className="sr-only">
        {`Why here: ${entry.reason}.`}
        {mentionText(request.mentions)}
        {request.permalink ? ' Press Enter to open the thread in Slack.' : ' No link to the thread.'}
        {' Press D to dismiss.'}
      </span>
    </div>
  );
}

export const SlackRow = memo(SlackRowImpl);
