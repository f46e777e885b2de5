/** The end-of-rotation handover: main writes the Markdown, this shows it and asks main to copy it. */
import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../shared/domain';
import { formatDateTime } from '../../shared/format';
import { bridge } from '../bridge';
import { useAppStore } from '../store';

/** Who takes over when the turn ends, in the words the Markdown uses; the reasons it may be unknown are there. */
function nextHeroText(snapshot: Snapshot | null): string {
  const hero = snapshot?.turn.nextHero;
  if (!snapshot || !hero) return 'Next Support Hero: unknown (the handover below says why)';
  return `Hand over to ${hero.userName} (from ${formatDateTime(Date.parse(hero.start), snapshot.timeZone)})`;
}

/** A panel with the next Support Hero, the handover Markdown and a copy button. */
export function Handover({ onClose }: { onClose(): void }) {
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const announce = useAppStore((s) => s.announce);
  const snapshot = useAppStore((s) => s.snapshot);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    bridge()
      .handoverMarkdown()
      .then((text) => live && setMarkdown(text))
      .catch(() => live && setError('Could not build the handover'));
    return () => {
      live = false;
    };
  }, []);

  // Main writes the clipboard (the page's own clipboard permission is denied) and builds the text itself: the
  // page only names the handover.
  const copy = async () => {
    if (markdown === null) return;
    const answer = await bridge()
      .copyHandover()
      .catch(() => null);
    if (answer?.ok) {
      // Main builds the copy from the latest snapshot: show what was copied, so the page and the paste agree.
      setMarkdown(answer.copied);
      announce('Handover copied as Markdown');
      return;
    }
    // When main cannot write it, leave the text selected so Ctrl+C works.
    textRef.current?.select();
    announce('Press Ctrl+C to copy the selected handover');
  };

  return (
    <section className="handover" aria-labelledby="handover-title">
      <div className="handover-head">
        <h2 id="handover-title">Handover</h2>
        <button type="button" onClick={copy} disabled={markdown === null}>
          Copy Markdown
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="handover-next">{nextHeroText(snapshot)}</p>
      {error ? <p className="field-error">{error}</p> : null}
      <textarea
        ref={textRef}
        className="handover-text"
        readOnly
        aria-label="Handover Markdown"
        value={markdown ?? 'Preparing…'}
      />
    </section>
  );
}
