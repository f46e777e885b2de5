/** The end-of-rotation handover: main writes the Markdown, this shows it and copies it. */
import { useEffect, useRef, useState } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store';

/** A panel with the handover Markdown and a copy button. */
export function Handover({ onClose }: { onClose(): void }) {
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const announce = useAppStore((s) => s.announce);
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

  const copy = async () => {
    if (markdown === null) return;
    try {
      await navigator.clipboard.writeText(markdown);
      announce('Handover copied as Markdown');
    } catch {
      // Without clipboard permission, leave the text selected so Ctrl+C works.
      textRef.current?.select();
      announce('Press Ctrl+C to copy the selected handover');
    }
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
