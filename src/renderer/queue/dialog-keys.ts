/** Keyboard habits the window's dialogs share. */
import type { KeyboardEvent } from 'react';

/**
 * A dialog's `onKeyDown`: Escape closes it, and stops there, so the queue underneath does not also act on the key
 * (its own Escape clears the filter).
 */
export function closeOnEscape(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}
