// Engine text (names, labels, options, the daemon's own messages) put into VS Code's own UI:
// notifications render `[label](command:…)` as a link that runs the command, quick picks and the
// status bar render `$(icon)` as an icon, and any text can carry control characters or bidi
// overrides that make it read as something else. `plain` makes such text inert and visible; `l10n`
// is the one way messages are translated, with every placeholder made plain. Pure, no `vscode`.
import * as bundle from '@vscode/l10n';
import { visibleControls } from './controls';

export { visibleControls };

/** Longest engine text shown as is; longer text is cut with an ellipsis. */
export const MAX_SHOWN = 200;

const ZWSP = '\u200b';

/**
 * Engine text made safe for any UI string: no link can form (`](`, `<http…>`, a bare `command:`),
 * no icon (`$(`), control characters and bidi overrides shown as visible marks, and text longer than
 * `max` cut with an ellipsis. Idempotent; ordinary text is unchanged.
 */
export function plain(text: unknown, max = MAX_SHOWN): string {
  let s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  s = visibleControls(s);
  // A zero-width space keeps the look and breaks the syntax.
  s = s
    .replace(/\]\(/g, `]${ZWSP}(`)
    .replace(/\$\(/g, `$${ZWSP}(`)
    .replace(/<(?=[a-z][a-z0-9+.-]*:)/gi, `<${ZWSP}`)
    .replace(/\b(command|vscode|vscode-insiders|file|https?|data|javascript):/gi, `$1${ZWSP}:`);
  if (s.length > max) {
    let cut = max - 1;
    // Not in the middle of a surrogate pair.
    if (/[\ud800-\udbff]/.test(s[cut - 1] ?? '')) cut--;
    s = `${s.slice(0, cut)}…`;
  }
  return s;
}

/** A list of engine names for a message: each made plain, at most `most` of them, then "…". */
export function plainList(names: readonly string[], most = 20): string {
  const shown = names.slice(0, most).map((n) => plain(n, 80));
  return names.length > most ? `${shown.join(', ')}, … (+${names.length - most})` : shown.join(', ');
}

type Arg = string | number | boolean;

/**
 * The translations, as `@vscode/l10n` (and `vscode.l10n`) give them, with each placeholder made
 * plain: a name or a daemon message put into a message cannot become a link or an icon. Strings
 * are collected by `npm run l10n` from calls to `l10n.t` as before.
 */
export const l10n = {
  t(message: string, ...args: Arg[]): string {
    return bundle.t(message, ...args.map((a) => (typeof a === 'string' ? plain(a, 4_000) : a)));
  },
};

/** Loads VS Code's translations for this extension (its `vscode.l10n.bundle`). */
export function configureTranslations(contents: Record<string, string | { message: string; comment: string[] }>): void {
  bundle.config({ contents });
}
