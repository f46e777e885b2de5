/**
 * Text from tickets and schedules is untrusted: it is shown in notifications, the tray menu and tooltips,
 * where control characters and bidi overrides could garble or disguise what the user reads.
 */

// C0/C1 controls, bidi embeddings/overrides/isolates, zero-width and line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Makes untrusted text safe for a single line: strips control and bidi characters, collapses whitespace,
 * and truncates to `max` characters (with an ellipsis, never splitting a surrogate pair). Non-strings give ''.
 */
export function plainText(value: unknown, max = 120): string {
  if (typeof value !== 'string') return '';
  const cleaned = value
    .replace(/[\t\n\r\f\v]+/g, ' ')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(cleaned);
  if (max <= 0) return '';
  if (chars.length <= max) return cleaned;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}
