// Command lines people paste into their own shell, quoted for that shell: whatever a name, label
// or option holds, the line gives `docker` exactly the intended arguments and runs nothing else.
// Pure, no `vscode`.
//
// - posix (sh, bash, zsh, dash, ksh): single quotes; a ' closes, escapes, reopens.
// - fish: single quotes, in which fish reads \' and \\ as escapes.
// - pwsh (PowerShell 7.3+): single-quoted literal strings (the four single-quote characters
//   PowerShell knows are doubled); PowerShell itself quotes each argument for docker.exe.
// - powershell (Windows PowerShell 5.1): the same literal strings, but 5.1 passes arguments to a
//   program as they are, adding "…" only around whitespace: each argument is first written the way
//   the Microsoft C runtime reads it back (\" for ", backslashes before a quote doubled).
// - cmd (cmd.exe): every argument written for the C runtime and in "…", then every character
//   cmd.exe gives meaning to (" & | < > ^ ( ) % !) escaped with ^, so cmd never sees a quote
//   and no %VAR% is expanded.
import { l10n } from '../util/text';

export type ShellFlavor = 'posix' | 'fish' | 'pwsh' | 'powershell' | 'cmd';

export const SHELL_FLAVORS: readonly ShellFlavor[] = ['posix', 'fish', 'pwsh', 'powershell', 'cmd'];

/** The flavor of the shell at `path` (VS Code's `env.shell`); on Windows PowerShell, elsewhere POSIX. */
export function flavorOf(shellPath: string | undefined, platform: NodeJS.Platform = process.platform): ShellFlavor {
  const name =
    (shellPath ?? '')
      .split(/[\\/]/)
      .pop()
      ?.toLowerCase()
      .replace(/\.exe$/, '') ?? '';
  if (name === 'fish') return 'fish';
  if (name === 'pwsh' || name === 'pwsh-preview') return 'pwsh';
  if (name === 'powershell') return 'powershell';
  if (name === 'cmd') return 'cmd';
  if (['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'busybox'].includes(name)) return 'posix';
  return platform === 'win32' ? 'pwsh' : 'posix';
}

/** Words POSIX shells and fish take as they are (zsh expands a leading =, so that is quoted). */
const SAFE = /^[A-Za-z0-9_./:@+,-][A-Za-z0-9_./:=@+,-]*$/;
/** Words PowerShell takes as they are: no comma (an array), no @ (splatting), no leading dash. */
const PS_SAFE = /^[A-Za-z0-9_./:+][A-Za-z0-9_./:=+-]*$/;

/** `value` escaped for the Microsoft C runtime: each " as \", the backslashes before it doubled. */
function crtEscape(value: string): { body: string; trailing: number } {
  let body = '';
  let backslashes = 0;
  for (const c of value) {
    if (c === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes are literal unless a quote follows them; then each must be doubled.
    body += '\\'.repeat(c === '"' ? backslashes * 2 + 1 : backslashes) + c;
    backslashes = 0;
  }
  return { body, trailing: backslashes };
}

/** An argument the C runtime of Windows (and Go's os.Args there) reads back as exactly `value`. */
export function crtQuote(value: string, always = false): string {
  if (!always && value !== '' && !/[\s"]/.test(value)) return value;
  const { body, trailing } = crtEscape(value);
  // The closing quote follows: trailing backslashes are doubled too.
  return `"${body}${'\\'.repeat(trailing * 2)}"`;
}

/** What Windows PowerShell 5.1 adds around an argument before the program gets it (its rule, simulated). */
function legacyNeedsQuotes(value: string): boolean {
  let afterBackslash = false;
  let quotes = 0;
  for (const c of value) {
    if (c === '"' && !afterBackslash) quotes++;
    else if (/\s/.test(c) && quotes % 2 === 0) return true;
    afterBackslash = c === '\\';
  }
  return false;
}

const psLiteral = (value: string) => `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;

/**
 * What quoting cannot protect in a line that is pasted: the terminal and the shell's line editor
 * act on control characters before the shell reads any quote (an escape sequence can end a
 * bracketed paste, ^U erases what came before, a carriage return runs the line), and bidi controls
 * make the line read on screen as another. A line break stays: inside quotes it is the value's own.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ACTED_ON = /[\u0001-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why `value` cannot be one argument in this shell; undefined when it can. */
export function unquotable(flavor: ShellFlavor, value: string): string | undefined {
  if (flavor === 'cmd' && (value.includes('\n') || value.includes('\r')))
    return l10n.t('cmd.exe cannot take a line break in an argument');
  if ((flavor === 'powershell' || flavor === 'cmd') && value === '')
    return l10n.t('{0} drops an empty argument', flavor === 'cmd' ? 'cmd.exe' : 'Windows PowerShell');
  if (value.includes('\u0000')) return l10n.t('no shell can pass a NUL character');
  return undefined;
}

/** Why `value` cannot be in a line pasted into a terminal (see ACTED_ON); undefined when it can. */
export function unpastable(value: string): string | undefined {
  const acted = ACTED_ON.exec(value)?.[0];
  if (!acted) return undefined;
  return l10n.t(
    'a value holds {0}, which a terminal acts on when the line is pasted, or which makes the line read as another',
    `U+${acted.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** One argument for `flavor`. */
export function quoteArg(flavor: ShellFlavor, value: string): string {
  switch (flavor) {
    case 'posix':
      return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
    case 'fish':
      return SAFE.test(value) ? value : `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
    case 'pwsh':
      return PS_SAFE.test(value) ? value : psLiteral(value);
    case 'powershell': {
      // What the C runtime must read. 5.1 then puts "…" around an argument with unquoted
      // whitespace, and only then: the trailing backslashes are doubled for that closing quote.
      const { body, trailing } = crtEscape(value);
      const arg = body + '\\'.repeat(legacyNeedsQuotes(body) ? trailing * 2 : trailing);
      return PS_SAFE.test(arg) ? arg : psLiteral(arg);
    }
    case 'cmd':
      return crtQuote(value, !PS_SAFE.test(value)).replace(/[\^"&|<>()%!]/g, (c) => `^${c}`);
  }
}

/**
 * The command line of `argv` for `flavor`. Throws when an argument cannot be written for that
 * shell (a line break for cmd.exe), naming the shell and the reason. `pasted` (the default): the
 * line is for a person to paste into a terminal, so no argument may hold what a terminal acts on;
 * false for a script a shell reads itself.
 */
export function commandLine(flavor: ShellFlavor, argv: readonly string[], { pasted = true } = {}): string {
  for (const arg of argv) {
    const why = unquotable(flavor, arg);
    if (why)
      throw new Error(
        l10n.t(
          'This command cannot be written for {0}: {1}. Choose another shell in dockerNetworks.shell.',
          flavor,
          why,
        ),
      );
    const hazard = pasted ? unpastable(arg) : undefined;
    if (hazard) throw new Error(l10n.t('This command cannot be copied safely: {0}.', hazard));
  }
  const words = argv.map((a) => quoteArg(flavor, a));
  // PowerShell runs a quoted first word only with the call operator.
  return (flavor === 'pwsh' || flavor === 'powershell') && words[0]?.startsWith("'")
    ? `& ${words.join(' ')}`
    : words.join(' ');
}
