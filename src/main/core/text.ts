/**
 * Text from tickets and schedules is untrusted: it is shown in notifications, the tray menu and tooltips,
 * where control characters and bidi overrides could garble or disguise what the user reads.
 */

// Controls (Cc), every format character (Cf: bidi embeddings/overrides/isolates and marks, zero-width, soft hyphen,
// invisible tag characters U+E0000.., interlinear annotations), lone surrogates (Cs) and line/paragraph separators.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
// Hangul fillers render as blank space but are letters to Unicode; they are the usual way to fake an empty label.
const INVISIBLE_LETTERS = /[\u115f\u1160\u3164\uffa0]/g;

/**
 * Makes untrusted text safe for a single line: strips control and bidi characters, collapses whitespace,
 * and truncates to `max` characters (with an ellipsis, never splitting a surrogate pair). Non-strings give ''.
 */
export function plainText(value: unknown, max = 120): string {
  if (typeof value !== 'string') return '';
  const cleaned = value
    .replace(/[\t\n\r\f\v]+/g, ' ')
    .replace(UNSAFE, '')
    .replace(INVISIBLE_LETTERS, '')
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
