/**
 * The prioritized queue as one listbox (aria-activedescendant), grouped by tier, virtualized so a queue of
 * thousands stays quick. Slack requests and Zendesk tickets are rows of the same list and the same keyboard
 * model. Rows have a fixed height: three lines each (a ticket's subject, people and tags; a request's author
 * and channel, then two lines of its text).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef } from 'react';
import type { SlackRequestEntry, Snapshot } from '../../shared/domain';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { useActionDialog } from './ActionDialog';
import {
  describeRows,
  groupQueue,
  type ListItem,
  listItems,
  OTHER_TIER,
  type QueueRow,
  slackKey,
  ticketKey,
} from './groups';
import { SlackRow, slackRowId } from './SlackRow';
import { rowId, TicketRow } from './TicketRow';

export const ROW_HEIGHT = 76;
export const HEADER_HEIGHT = 30;
const PAGE_STEP = 6;

function openTicket(ticketId: number, target: 'ticket' | 'moderation'): void {
  // Main refuses unknown ids and picks the URL itself; a failure here has nothing to show but the console.
  bridge()
    .openTicket(ticketId, target)
    .catch(() => {});
}

/** The element id of a list row, for aria-activedescendant. */
function optionId(item: Extract<ListItem, { kind: 'row' }>): string {
  return item.row.kind === 'ticket' ? rowId(item.row.entry.ticket.id) : slackRowId(item.row.entry.request.id);
}

/** Renders the tier groups of the snapshot and handles keyboard navigation. */
export function QueueList({ snapshot }: { snapshot: Snapshot }) {
  const filter = useAppStore((s) => s.filter);
  const revealed = useAppStore((s) => s.revealed);
  const otherExpanded = useAppStore((s) => s.otherExpanded);
  const activeRow = useAppStore((s) => s.activeRow);
  const now = useAppStore((s) => s.now);
  const setActive = useAppStore((s) => s.setActive);
  const reveal = useAppStore((s) => s.reveal);
  const toggleOther = useAppStore((s) => s.toggleOther);
  const announce = useAppStore((s) => s.announce);
  const openActions = useActionDialog((s) => s.open);

  const groups = useMemo(
    () => groupQueue(snapshot, filter, revealed, otherExpanded),
    [snapshot, filter, revealed, otherExpanded],
  );
  const items = useMemo(() => listItems(groups), [groups]);
  const options = useMemo(
    () => items.filter((item): item is Extract<ListItem, { kind: 'row' }> => item.kind === 'row'),
    [items],
  );
  const other = groups.find((group) => group.id === OTHER_TIER) ?? null;

  // Stable callbacks, so the memoized rows redraw only when their own entry or state changes.
  const activateTicket = useCallback((ticketId: number) => setActive(ticketKey(ticketId)), [setActive]);
  const activateRequest = useCallback((entry: SlackRequestEntry) => setActive(slackKey(entry.request.id)), [setActive]);
  const openRequest = useCallback(
    (entry: SlackRequestEntry) => {
      // Main opens the permalink from its own snapshot, never a URL the page hands it.
      if (!entry.request.permalink) {
        announce('This request has no link to open');
        return;
      }
      bridge()
        .openSlackRequest(entry.request.id)
        .catch(() => announce('This request has no link to open'));
    },
    [announce],
  );
  // The rows as last drawn, for the dismiss handler to find a dismissed row's neighbour without redrawing rows.
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const dismissRequest = useCallback(
    (entry: SlackRequestEntry) => {
      const who = entry.request.author?.name || 'someone';
      const key = slackKey(entry.request.id);
      // The keyboard stays where it was: on the row after the dismissed one (or before it, at the end).
      const rows = optionsRef.current;
      const index = rows.findIndex((item) => item.row.key === key);
      const neighbour = index >= 0 ? (rows[index + 1] ?? rows[index - 1])?.row.key : undefined;
      const wasActive = useAppStore.getState().activeRow === key;
      // Main remembers the dismissal and pushes a snapshot without the request (possibly before this resolves,
      // in which case the list has already handed the keyboard to its first row).
      bridge()
        .dismissSlackRequest(entry.request.id)
        .then(() => {
          const current = useAppStore.getState().activeRow;
          const handedToFirst = current === optionsRef.current[0]?.row.key;
          if (wasActive && neighbour && (current === key || handedToFirst)) setActive(neighbour);
          announce(`Dismissed the Slack request from ${who}`);
        })
        .catch(() => announce('Could not dismiss the request'));
    },
    [announce, setActive],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === 'header' ? HEADER_HEIGHT : ROW_HEIGHT),
    overscan: 6,
  });

  const activeIndex = options.findIndex((item) => item.row.key === activeRow);
  const active = activeIndex >= 0 ? options[activeIndex] : undefined;

  const moveTo = useCallback(
    (optionIndex: number) => {
      const target = options[Math.max(0, Math.min(options.length - 1, optionIndex))];
      if (!target) return;
      setActive(target.row.key);
      const itemIndex = items.indexOf(target);
      // Keep the group heading in view when moving onto a group's first row.
      const previous = items[itemIndex - 1];
      virtualizer.scrollToIndex(previous?.kind === 'header' ? itemIndex - 1 : itemIndex, { align: 'auto' });
    },
    [options, items, setActive, virtualizer],
  );

  // A row that disappeared (solved, filtered out) hands the keyboard to the first row.
  useEffect(() => {
    if (activeRow !== null && activeIndex < 0 && options.length > 0) {
      if (document.activeElement === listRef.current) setActive(options[0]!.row.key);
    }
  }, [activeRow, activeIndex, options, setActive]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const current = activeIndex < 0 ? -1 : activeIndex;
    const ticket = active?.row.kind === 'ticket' ? active.row.entry.ticket : undefined;
    const request = active?.row.kind === 'slack' ? active.row.entry : undefined;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        moveTo(current + 1);
        break;
      case 'ArrowUp':
      case 'k':
        moveTo(current < 0 ? 0 : current - 1);
        break;
      case 'PageDown':
        moveTo(current + PAGE_STEP);
        break;
      case 'PageUp':
        moveTo(current - PAGE_STEP);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(options.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (!active) return;
        if (active.row.kind === 'ticket') openTicket(active.row.entry.ticket.id, active.row.entry.open.target);
        else openRequest(active.row.entry);
        break;
      case 'd':
      case 'D':
      case 'Delete':
        if (!request) return;
        dismissRequest(request);
        break;
      case 'z':
      case 'Z':
        if (!ticket) return;
        openTicket(ticket.id, 'ticket');
        break;
      case 'r':
      case 'R':
        if (!ticket) return;
        reveal(ticket.id);
        break;
      case 'a':
      case 'A':
        if (!ticket) return;
        openActions(ticket.id);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onFocus = () => {
    if (!active && options.length > 0) setActive(options[0]!.row.key);
  };

  const virtualItems = virtualizer.getVirtualItems();
  // aria-activedescendant must name an element that exists: a virtualized row scrolled out of the rendered range
  // (or a list squeezed to nothing by an open dialog) is not announced until it is drawn again.
  const activeRendered = active && virtualItems.some((virtual) => items[virtual.index] === active) ? active : undefined;
  // Visible items, kept inside their tier's role="group" so screen readers hear which tier a row is in.
  const visibleByGroup: { group: ListItem['group']; rows: { item: ListItem; start: number; size: number }[] }[] = [];
  for (const virtual of virtualItems) {
    const item = items[virtual.index];
    if (!item) continue;
    const last = visibleByGroup[visibleByGroup.length - 1];
    const entry = { item, start: virtual.start, size: virtual.size };
    if (last && last.group === item.group) last.rows.push(entry);
    else visibleByGroup.push({ group: item.group, rows: [entry] });
  }

  return (
    <div className="queue-scroll" ref={scrollRef}>
      <div
        ref={listRef}
        role="listbox"
        aria-label="Queue"
        aria-activedescendant={activeRendered ? optionId(activeRendered) : undefined}
        tabIndex={0}
        className="queue-list"
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        {visibleByGroup.map(({ group, rows }) => (
          // biome-ignore lint/a11y/useSemanticElements: a listbox group must be role=group; <fieldset> is for forms
          <div key={group.id} role="group" aria-label={`${group.label}: ${describeRows(group.rows)}`}>
            {rows.map(({ item, start, size }) =>
              item.kind === 'header' ? (
                <div
                  key={`h-${group.id}`}
                  role="presentation"
                  className={group.id === OTHER_TIER ? 'group-header group-other' : 'group-header'}
                  style={{ transform: `translateY(${start}px)`, height: size }}
                >
                  <bdi className="group-label">{group.label}</bdi>
                  <span className="group-count">{group.rows.length}</span>
                </div>
              ) : item.row.kind === 'ticket' ? (
                <TicketRow
                  key={item.row.key}
                  entry={item.row.entry}
                  now={now}
                  active={item.row.key === activeRow}
                  revealed={revealed[item.row.entry.ticket.id] === true}
                  position={item.option + 1}
                  setSize={options.length}
                  top={start}
                  height={size}
                  onOpen={openTicket}
                  onReveal={reveal}
                  onActions={openActions}
                  onPointerActivate={activateTicket}
                />
              ) : (
                <SlackRow
                  key={item.row.key}
                  entry={item.row.entry}
                  now={now}
                  active={item.row.key === activeRow}
                  position={item.option + 1}
                  setSize={options.length}
                  top={start}
                  height={size}
                  onOpen={openRequest}
                  onDismiss={dismissRequest}
                  onPointerActivate={activateRequest}
                />
              ),
            )}
          </div>
        ))}
      </div>
      {other && other.rows.length > 0 && filter.trim() === '' ? (
        <button type="button" className="other-toggle" aria-expanded={!other.collapsed} onClick={toggleOther}>
          {otherToggleText(other.rows, other.collapsed)}
        </button>
      ) : null}
    </div>
  );
}

/** "Show 2 other tickets" / "Hide other tickets"; with Slack requests in Other, what it holds. */
function otherToggleText(rows: QueueRow[], collapsed: boolean): string {
  const tickets = rows.filter((row) => row.kind === 'ticket').length;
  if (tickets === rows.length) {
    if (!collapsed) return 'Hide other tickets';
    return `Show ${tickets} other ${tickets === 1 ? 'ticket' : 'tickets'}`;
  }
  return collapsed ? `Show Other: ${describeRows(rows)}` : 'Hide Other';
}
