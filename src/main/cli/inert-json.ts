/**
 * JSON text for the CLI's output that stays inert in a terminal and in whatever reads it next. JSON.stringify
 * escapes C0 controls but leaves characters that act on their own: C1 controls (U+009B is CSI in some
 * terminals), bidi overrides and isolates that reorder what people read, zero-width characters that hide text,
 * and U+2028/U+2029 that end lines in JavaScript. Each is written as `\uXXXX`, which any JSON reader turns back
 * into the same string.
 */

// None of these can occur in JSON's own syntax (whitespace is ASCII), so replacing them in the text touches
// string contents only.
const ACTIVE_CHARACTERS = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `JSON.stringify` with every active character escaped; the one way the CLI writes JSON. */
export function inertJson(value: unknown, space?: number): string {
  const text = JSON.stringify(value, null, space);
  return text.replace(ACTIVE_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
