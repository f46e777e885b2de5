/**
 * "How this queue is sorted": the rule table in force and the tags it assumed, as the snapshot says them (main
 * writes the sentences; this only renders them), with the way to Settings, where the tags are changed.
 */
import { Fragment, useEffect, useRef } from 'react';
import type { Assumptions } from '../../shared/domain';
import { formatDuration } from '../format';
import { useAppStore } from '../store';

/** Id of the panel, for the header button's aria-controls. */
export const HOW_SORTED_ID = 'how-sorted';

/** A sentence with its `tag` names set as code: they are what the user types in Settings. */
function Sentence({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, index) =>
        // Odd parts sat between backticks.
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence never reorder
          <code key={index}>{part}</code>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <>none</>;
  return (
    <>
      {tags.map((tag, index) => (
        <Fragment key={tag}>
          {index > 0 ? (index === tags.length - 1 ? ' or ' : ', ') : null}
          <code>
            <bdi>{tag}</bdi>
          </code>
        </Fragment>
      ))}
    </>
  );
}

/** The panel. Focus moves to it on open; Escape or Close hand focus back to the button that opened it. */
export function HowSorted({ assumptions, onClose }: { assumptions: Assumptions; onClose(): void }) {
  const setView = useAppStore((s) => s.setView);
  const panelRef = useRef<HTMLElement>(null);
  const { explanation } = assumptions;

  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  return (
    <section
      id={HOW_SORTED_ID}
      ref={panelRef}
      className="how-sorted"
      aria-labelledby="how-sorted-title"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // The window's own Escape would hide it: this one only closes the panel.
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
    >
      <div className="how-sorted-head">
        <h2 id="how-sorted-title">How this queue is sorted</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        {explanation.custom
          ? 'By your own rule table. A ticket goes to the first tier it matches:'
          : "By the handbook's tiers. A ticket goes to the first tier it matches:"}
      </p>
      <ol className="how-sorted-rules">
        {explanation.rules.map((rule) => (
          <li key={rule.id}>
            <strong>
              <bdi>{rule.label}</bdi>
            </strong>
            {': '}
            <bdi>
              <Sentence text={rule.sentence} />
            </bdi>
            {rule.handover ? '' : ' Not in the handover.'}
          </li>
        ))}
      </ol>
      <p>{explanation.other}</p>
      <p>{explanation.withinTier}</p>
      <h3>What was assumed</h3>
      <dl className="how-sorted-assumed">
        <dt>Escalated</dt>
        <dd>
          tagged <TagList tags={assumptions.escalationTags} />
        </dd>
        <dt>Customer Success</dt>
        <dd>
          tagged <TagList tags={assumptions.customerSuccessTags} />
        </dd>
        <dt>Nearing breach</dt>
        <dd>within {formatDuration(assumptions.nearingBreachMinutes * 60_000)} of the SLA breach</dd>
      </dl>
      <p>
        <button type="button" className="text-link" onClick={() => setView('settings')}>
          Change the tags in Settings
        </button>
      </p>
    </section>
  );
}
