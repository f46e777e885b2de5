/**
 * The prioritized queue as one listbox (aria-activedescendant), grouped by tier, virtualized so a queue of
 * thousands stays quick. Rows have a fixed height: one line each for subject, people, and tags.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef } from 'react';
import type { Snapshot } from '../../shared/domain';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { useActionDialog } from './ActionDialog';
import { groupQueue, type ListItem, listItems, OTHER_TIER } from './groups';
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

/** Renders the tier groups of the snapshot and handles keyboard navigation. */
export function QueueList({ snapshot }: { snapshot: Snapshot }) {
  const filter = useAppStore((s) => s.filter);
  const revealed = useAppStore((s) => s.revealed);
  const otherExpanded = useAppStore((s) => s.otherExpanded);
  const activeTicketId = useAppStore((s) => s.activeTicketId);
  const now = useAppStore((s) => s.now);
  const setActive = useAppStore((s) => s.setActive);
  const reveal = useAppStore((s) => s.reveal);
  const toggleOther = useAppStore((s) => s.toggleOther);
  const openActions = useActionDialog((s) => s.open);

  const groups = useMemo(
    () => groupQueue(snapshot, filter, revealed, otherExpanded),
    [snapshot, filter, revealed, otherExpanded],
  );
  const items = useMemo(() => listItems(groups), [groups]);
  const options = useMemo(() => items.filter((item) => item.kind === 'row'), [items]);
  const other = groups.find((group) => group.id === OTHER_TIER) ?? null;

  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === 'header' ? HEADER_HEIGHT : ROW_HEIGHT),
    overscan: 6,
  });

  const activeIndex = options.findIndex((item) => item.entry.ticket.id === activeTicketId);
  const active = activeIndex >= 0 ? options[activeIndex] : undefined;

  const moveTo = useCallback(
    (optionIndex: number) => {
      const target = options[Math.max(0, Math.min(options.length - 1, optionIndex))];
      if (!target) return;
      setActive(target.entry.ticket.id);
      const itemIndex = items.indexOf(target);
      // Keep the group heading in view when moving onto a group's first row.
      const previous = items[itemIndex - 1];
      virtualizer.scrollToIndex(previous?.kind === 'header' ? itemIndex - 1 : itemIndex, { align: 'auto' });
    },
    [options, items, setActive, virtualizer],
  );

  // A row that disappeared (solved, filtered out) hands the keyboard to the first row.
  useEffect(() => {
    if (activeTicketId !== null && activeIndex < 0 && options.length > 0) {
      if (document.activeElement === listRef.current) setActive(options[0]!.entry.ticket.id);
    }
  }, [activeTicketId, activeIndex, options, setActive]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const current = activeIndex < 0 ? -1 : activeIndex;
    const ticket = active?.entry.ticket;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(current + 1);
        break;
      case 'ArrowUp':
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
        openTicket(active.entry.ticket.id, active.entry.open.target);
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
    if (!active && options.length > 0) setActive(options[0]!.entry.ticket.id);
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
        aria-label="Ticket queue"
        aria-activedescendant={activeRendered ? rowId(activeRendered.entry.ticket.id) : undefined}
        tabIndex={0}
        className="queue-list"
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        {visibleByGroup.map(({ group, rows }) => (
          // biome-ignore lint/a11y/useSemanticElements: a listbox group must be role=group; <fieldset> is for forms
          <div
            key={group.id}
            role="group"
            aria-label={`${group.label}: ${group.entries.length} ${group.entries.length === 1 ? 'ticket' : 'tickets'}`}
          >
            {rows.map(({ item, start, size }) =>
              item.kind === 'header' ? (
                <div
                  key={`h-${group.id}`}
                  role="presentation"
                  className={group.id === OTHER_TIER ? 'group-header group-other' : 'group-header'}
                  style={{ transform: `translateY(${start}px)`, height: size }}
                >
                  <bdi className="group-label">{group.label}</bdi>
                  <span className="group-count">{group.entries.length}</span>
                </div>
              ) : (
                <TicketRow
                  key={item.entry.ticket.id}
                  entry={item.entry}
                  now={now}
                  active={item.entry.ticket.id === activeTicketId}
                  revealed={revealed[item.entry.ticket.id] === true}
                  position={item.option + 1}
                  setSize={options.length}
                  top={start}
                  height={size}
                  onOpen={openTicket}
                  onReveal={reveal}
                  onActions={openActions}
                  onPointerActivate={setActive}
                />
              ),
            )}
          </div>
        ))}
      </div>
      {other && other.entries.length > 0 && filter.trim() === '' ? (
        <button type="button" className="other-toggle" aria-expanded={!other.collapsed} onClick={toggleOther}>
          {other.collapsed
            ? `Show ${other.entries.length} other ${other.entries.length === 1 ? 'ticket' : 'tickets'}`
            : 'Hide other tickets'}
        </button>
      ) : null}
    </div>
  );
}
