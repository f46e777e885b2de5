/** One ticket in the queue. Ticket text is untrusted: it is only ever rendered as React text inside <bdi>. */
import { memo } from 'react';
import {
  CONTENT_WARNING_SUBJECT,
  type QueueEntry,
  type TicketFlag,
  type TicketPriority,
  type TicketStatus,
} from '../../shared/domain';
import { formatDuration, formatMrr, instant } from '../format';
import { SOURCE_LABELS, SourceIcon } from '../icons';

export type CountdownTone = 'ok' | 'amber' | 'red' | 'muted';

/**
 * The countdown text and colour. Colour comes from the snapshot (the SLA state and whether the entry is
 * imminent); only the displayed duration is recomputed from breachAt and the current time, so it keeps ticking
 * between polls.
 */
export function countdown(
  entry: Pick<QueueEntry, 'sla' | 'imminent'>,
  now: number,
): { text: string; tone: CountdownTone } | null {
  const { sla } = entry;
  if (sla.state === 'paused') return { text: 'SLA paused', tone: 'muted' };
  if (sla.state === 'none' || sla.state === 'achieved') return null;
  const breachAt = instant(sla.breachAt);
  if (breachAt === null) return null;
  const remaining = breachAt - now;
  const tone: CountdownTone = entry.imminent ? 'red' : sla.state === 'warning' ? 'amber' : 'ok';
  if (sla.state === 'breached' || remaining <= 0) {
    return { text: `breached ${formatDuration(Math.max(0, -remaining))} ago`, tone };
  }
  return { text: `breaches in ${formatDuration(remaining)}`, tone };
}

const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
  unknown: 'Unknown status',
};

const PRIORITY_LABELS: Record<TicketPriority, string | null> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
  none: null,
  unknown: 'Unknown priority',
};

const BADGES: Partial<Record<TicketFlag, { label: string; className: string }>> = {
  cs_tagged: { label: 'CS', className: 'badge-cs' },
  escalated: { label: 'Escalated', className: 'badge-escalated' },
  needs_org: { label: 'Assign org', className: 'badge-org' },
  content_warning: { label: 'Content warning', className: 'badge-warning' },
  data_problem: { label: 'Data problem', className: 'badge-problem' },
};

export interface TicketRowProps {
  entry: QueueEntry;
  now: number;
  active: boolean;
  revealed: boolean;
  /** Position among all options, for screen readers when only some rows are in the DOM. */
  position: number;
  setSize: number;
  top: number;
  height: number;
  onOpen(ticketId: number, target: 'ticket' | 'moderation'): void;
  onReveal(ticketId: number): void;
  /** Opens the actions dialog (keyboard: A on the active row). */
  onActions?(ticketId: number): void;
  onPointerActivate(ticketId: number): void;
}

/** Id of a row's element, for aria-activedescendant. */
export function rowId(ticketId: number): string {
  return `ticket-${ticketId}`;
}

/**
 * A pointer shortcut inside a row. Not focusable at all: an option's content is presentational, so a focusable
 * control inside it would be a second, hidden tab stop (axe: nested-interactive). Keyboard users have R and Z on
 * the active row, and the row's description says so.
 */
export function RowAction({ label, onActivate }: { label: string; onActivate(): void }) {
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: see above; the listbox's R and Z keys are the keyboard path
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    // biome-ignore lint/a11y/useSemanticElements: a <button> is focusable, which an option's content must not be
    <span
      role="button"
      className="link-button"
      onClick={(event) => {
        event.stopPropagation();
        onActivate();
      }}
    >
      {label}
    </span>
  );
}

/**
 * A badge's words, and the longer text its tooltip gives: the org to assign (with PostHog's organization id where
 * the Admin line names it), or a revealed content warning's own text.
 */
function badgeText(
  flag: TicketFlag,
  label: string,
  known: { suggestedOrg: string | null; organizationId: string | null; warningText: string | null },
): { label: string; detail: string | null } {
  if (flag === 'needs_org' && known.suggestedOrg) {
    const id = known.organizationId ? ` (PostHog organization ID ${known.organizationId})` : '';
    return { label: `Assign org: ${known.suggestedOrg}`, detail: `Assign to ${known.suggestedOrg}${id}` };
  }
  if (flag === 'content_warning' && known.warningText) {
    return { label: `${label}: ${known.warningText}`, detail: known.warningText };
  }
  return { label, detail: null };
}

function TicketRowImpl(props: TicketRowProps) {
  const { entry, now, active, revealed } = props;
  const ticket = entry.ticket;
  const hidden = entry.flags.includes('content_warning') && !revealed;
  const community = entry.open.target === 'moderation';
  const timer = countdown(entry, now);
  const org = ticket.organization;
  const priority = PRIORITY_LABELS[ticket.priority] ?? null;
  const subject = hidden ? CONTENT_WARNING_SUBJECT : ticket.subject || '(no subject)';
  const suggestedOrg = ticket.orgAssignment?.suggestedOrg ?? null;
  const organizationId = ticket.orgAssignment?.organizationId ?? null;
  // The organization's own words, which the handbook points to "to understand more": shown once revealed.
  const warningText = !hidden && org?.contentWarning ? org.contentWarning : null;
  const reasonId = `reason-${ticket.id}`;
  // The row's keys, for assistive tech that lists shortcuts; the description below says them in words.
  const shortcuts = ['Enter', hidden ? 'R' : '', community ? 'Z' : '', props.onActions ? 'A' : '']
    .filter(Boolean)
    .join(' ');
  const className = ['row', active ? 'row-active' : '', timer ? `row-${timer.tone}` : ''].filter(Boolean).join(' ');

  return (
    // biome-ignore lint/a11y/useFocusableInteractive: aria-activedescendant pattern: the listbox holds focus
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles Enter and the arrows for every row
    <div
      role="option"
      id={rowId(ticket.id)}
      aria-selected={active}
      aria-posinset={props.position}
      aria-setsize={props.setSize}
      aria-describedby={reasonId}
      aria-keyshortcuts={shortcuts}
      title={entry.reason}
      className={className}
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
      onMouseDown={() => props.onPointerActivate(ticket.id)}
      onClick={() => props.onOpen(ticket.id, entry.open.target)}
    >
      <div className="row-line row-title">
        <SourceIcon source={ticket.source} />
        <span className="sr-only">{SOURCE_LABELS[ticket.source] ?? 'Other source'}: </span>
        <bdi className={hidden ? 'subject subject-hidden' : 'subject'}>{subject}</bdi>
        {timer ? <span className={`countdown countdown-${timer.tone}`}>{timer.text}</span> : null}
      </div>
      <div className="row-line row-meta">
        <bdi className="meta-item">{ticket.requester?.name || ticket.requester?.email || 'Unknown requester'}</bdi>
        {org ? <bdi className="meta-item">{hidden ? 'Organization hidden' : org.name}</bdi> : null}
        {org?.plan ? <span className="meta-item meta-fixed">{org.plan}</span> : null}
        {org?.mrr != null ? <span className="meta-item meta-fixed">{formatMrr(org.mrr)}</span> : null}
      </div>
      <div className="row-line row-tags">
        <span className={`status status-${ticket.status}`}>{STATUS_LABELS[ticket.status] ?? 'Unknown status'}</span>
        {priority ? <span className={`priority priority-${ticket.priority}`}>{priority}</span> : null}
        {entry.flags.map((flag) => {
          const badge = BADGES[flag];
          if (!badge) return null;
          const { label, detail } = badgeText(flag, badge.label, { suggestedOrg, organizationId, warningText });
          return (
            <bdi key={flag} className={`badge ${badge.className}`} title={detail ?? undefined}>
              {label}
            </bdi>
          );
        })}
        <span className="row-actions">
          {hidden ? <RowAction label="Reveal" onActivate={() => props.onReveal(ticket.id)} /> : null}
          {community ? <RowAction label="Zendesk" onActivate={() => props.onOpen(ticket.id, 'ticket')} /> : null}
          {props.onActions ? <RowAction label="Actions" onActivate={() => props.onActions?.(ticket.id)} /> : null}
        </span>
      </div>
      <span id={reasonId} className="sr-only">
        {`#${ticket.id}. Why here: ${entry.reason}.`}
        {hidden ? ' Press R to reveal.' : ''}
        {warningText ? ` Content warning: ${warningText}.` : ''}
        {suggestedOrg && organizationId ? ` Assign to ${suggestedOrg}, PostHog organization ID ${organizationId}.` : ''}
        {community ? ' Opens the community page; press Z for the Zendesk ticket.' : ''}
        {props.onActions ? ' Press A for actions.' : ''}
      </span>
    </div>
  );
}

export const TicketRow = memo(TicketRowImpl);
