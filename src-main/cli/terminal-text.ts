// Text that came from outside (a bundle's manifest, a provider's names, error messages quoting them) is shown
// as characters, never executed by the terminal: an escape sequence in a manifest could otherwise clear the
// screen and print a fake "Bundle verified" while the real problems scroll away.

/**
 * C0 controls (newline and tab included: one printed line must stay one line), DEL, C1 controls (8-bit CSI
 * and friends) and the Unicode bidirectional overrides that reorder what a line appears to say.
 */
const unsafeCharacters =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escaped(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line for a terminal: every control character shown as a visible \uXXXX escape. */
export function terminalSafe(text: string): string {
  return text.replace(unsafeCharacters, escaped);
}

/**
 * JSON text for a terminal: JSON.stringify escapes C0 controls but not DEL, C1 controls or bidi overrides;
 * those are escaped too, so the output still parses to the same values.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escaped);
}
