// Control characters and bidi overrides made visible: text that holds them would otherwise read on
// screen as something else (an override reverses what follows it; a control character may be a
// line break, a bell, or nothing at all). No imports: the pages in the webviews use it too.

/** Bidirectional formatting characters: they reorder what follows them on screen. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** C0 and C1 control characters (tab, newline and the rest), DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function visible(c: string): string {
  const code = c.codePointAt(0)!;
  // C0 controls have pictures (␀…␟, ␡); the others are written as their code point.
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Control characters and bidi overrides replaced by visible marks; nothing else changed. */
export function visibleControls(text: string): string {
  return text.replace(CONTROL, visible).replace(BIDI, visible);
}
