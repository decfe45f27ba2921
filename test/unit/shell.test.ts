// Copied command lines for each shell, fuzzed with hostile names, labels and options: the line
// gives the program exactly the intended arguments and runs nothing else. bash, dash, zsh and fish
// run for real; PowerShell and cmd.exe (not on this machine) by their documented rules, simulated.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commandLine, crtQuote, flavorOf, ShellFlavor } from '../../src/model/shell';

const RUNS = Number(process.env.DN_SHELL_RUNS ?? 250);
/** The quoting, read by the shell itself: every character a value may hold (a pasted line refuses some). */
const READ = { pasted: false };

/** What a network's name, labels and options may hold, at its most hostile. */
const hostile = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        "'",
        '"',
        '\\',
        '$',
        '`',
        '(',
        ')',
        ';',
        '&',
        '|',
        '<',
        '>',
        '^',
        '%',
        '!',
        '*',
        '?',
        '[',
        ']',
        '{',
        '}',
        '~',
        '#',
        '=',
        ',',
        '@',
        '-',
        '\n',
        '\t',
        '\u2018',
        '\u2019',
        'ネ',
        'PATH',
        'self',
      ),
      maxLength: 30,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.split('\u0000').join('')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "x';touch PWNED;#",
      '$(touch PWNED)',
      '`touch PWNED`',
      '(touch PWNED)',
      '%PATH%',
      '!PATH!',
      'a & touch PWNED',
      '"; touch PWNED; "',
      'a\\',
      'a\\\\"b',
      '=ls',
      '--%',
      '@args',
      'k=v,w',
      '\u2019;touch PWNED;\u2019',
    ),
  },
);
const argvs = fc.array(hostile, { minLength: 1, maxLength: 6 });

// ---- real shells --------------------------------------------------------------------------------

// Made when the suite runs (not when the file is loaded: a run that leaves the suite out by --grep
// would not remove it), and removed after it.
let work = '';
/** A program that writes its arguments, each ended by NUL. */
let printer = '';

function throughShell(shell: string, flavor: ShellFlavor, args: string[]): string[] {
  const line = commandLine(flavor, [printer, ...args], READ);
  const out = execFileSync(shell, ['-c', line], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: work, PWNED_DIR: work },
  });
  const words = out.split('\0');
  words.pop();
  return words;
}

function installed(shell: string): string {
  const found = ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => path.join(d, shell)).find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${shell} is not installed: scripts/prereqs.sh installs it (Debian's ${shell} package)`);
  return found;
}

describe('copied command lines, through each shell', function () {
  this.timeout(300_000);
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-shell-'));
    printer = path.join(work, 'argv');
    fs.writeFileSync(printer, '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done\n', { mode: 0o755 });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  for (const [shell, flavor] of [
    ['bash', 'posix'],
    ['dash', 'posix'],
    ['zsh', 'posix'],
    ['fish', 'fish'],
  ] as const) {
    it(`${shell}: every argument arrives exactly, and nothing runs`, () => {
      const binary = installed(shell);
      fc.assert(
        fc.property(argvs, (args) => {
          assert.deepStrictEqual(throughShell(binary, flavor, args), args);
          assert.ok(!fs.existsSync(path.join(work, 'PWNED')), 'nothing ran');
        }),
        { numRuns: RUNS },
      );
    });
  }
});

// ---- PowerShell and cmd.exe, by their rules -----------------------------------------------------

const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";

/** PowerShell's lexing of the line into words: bare words and single-quoted literal strings. */
function powershellWords(line: string): string[] {
  let i = line.startsWith('& ') ? 2 : 0;
  const words: string[] = [];
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let word = '';
    if (SINGLE_QUOTES.includes(line[i])) {
      i++;
      for (;;) {
        assert.ok(i < line.length, `an unterminated string in ${line}`);
        if (SINGLE_QUOTES.includes(line[i])) {
          if (i + 1 < line.length && SINGLE_QUOTES.includes(line[i + 1])) {
            word += line[i + 1];
            i += 2;
            continue;
          }
          i++;
          break;
        }
        word += line[i++];
      }
      assert.ok(i >= line.length || line[i] === ' ', `a string runs into more text in ${line}`);
    } else {
      while (i < line.length && line[i] !== ' ') word += line[i++];
      // A bare word must hold nothing PowerShell would evaluate.
      assert.match(
        word,
        /^[A-Za-z0-9_./:+][A-Za-z0-9_./:=+-]*$/,
        `a bare word PowerShell would read otherwise: ${word}`,
      );
    }
    words.push(word);
  }
  return words;
}

/** The Microsoft C runtime's reading of a command line into arguments (after the program's name). */
function crtArgs(commandLine: string): string[] {
  const args: string[] = [];
  let i = 0;
  const s = commandLine;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    let arg = '';
    let quoted = false;
    while (i < s.length) {
      const c = s[i];
      if (c === '\\') {
        let n = 0;
        while (s[i] === '\\') {
          n++;
          i++;
        }
        if (s[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(n);
      } else if (c === '"') {
        if (quoted && s[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else if ((c === ' ' || c === '\t') && !quoted) break;
      else {
        arg += c;
        i++;
      }
    }
    args.push(arg);
  }
  return args;
}

/** Windows PowerShell 5.1 hands a native program its arguments with "…" around unquoted whitespace only. */
function legacyCommandLine(words: string[]): string {
  const needs = (v: string) => {
    let afterBackslash = false;
    let quotes = 0;
    for (const c of v) {
      if (c === '"' && !afterBackslash) quotes++;
      else if (/\s/.test(c) && quotes % 2 === 0) return true;
      afterBackslash = c === '\\';
    }
    return false;
  };
  return words.map((w) => (needs(w) ? `"${w}"` : w)).join(' ');
}

/** cmd.exe's reading of a line typed at its prompt: %VAR% expanded, ^ escapes, metacharacters. */
function cmdCommandLine(line: string, env: Record<string, string>): string {
  const expanded = line.replace(/%([^%]+)%/g, (m, name: string) => env[name.toUpperCase()] ?? m);
  let out = '';
  let quoted = false;
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i];
    if (c === '^' && !quoted) {
      out += expanded[++i] ?? '';
      continue;
    }
    if (c === '"') quoted = !quoted;
    assert.ok(quoted || !'&|<>()'.includes(c), `cmd.exe would act on ${c} in ${line}`);
    out += c;
  }
  return out;
}

describe('copied command lines for PowerShell and cmd.exe (their documented rules)', () => {
  const noEmpty = argvs
    .map((a) => a.filter((x) => x !== '' && !x.includes('\n') && !x.includes('\r')))
    .filter((a) => a.length > 0);

  it('pwsh (7.3+): PowerShell reads exactly the arguments, as literal strings, and passes them on as they are', () => {
    fc.assert(
      fc.property(argvs, (args) => {
        const words = powershellWords(commandLine('pwsh', ['docker', ...args], READ));
        assert.deepStrictEqual(words, ['docker', ...args]);
      }),
      { numRuns: RUNS * 8 },
    );
  });

  it("powershell (5.1): the program reads back exactly the arguments through 5.1's own quoting", () => {
    fc.assert(
      fc.property(noEmpty, (args) => {
        const words = powershellWords(commandLine('powershell', ['docker', ...args], READ));
        assert.deepStrictEqual(crtArgs(legacyCommandLine(words.slice(1))), args);
      }),
      { numRuns: RUNS * 8 },
    );
  });

  it('cmd.exe: nothing is expanded or acted on, and the program reads back exactly the arguments', () => {
    const env = { PATH: 'C:\\Windows', SELF: 'x', USERNAME: 'me' };
    fc.assert(
      fc.property(noEmpty, (args) => {
        const line = cmdCommandLine(commandLine('cmd', ['docker', ...args], READ), env);
        assert.deepStrictEqual(crtArgs(line).slice(1), args);
      }),
      { numRuns: RUNS * 8 },
    );
  });

  it('refuses what a shell cannot take, naming the shell', () => {
    assert.throws(
      () => commandLine('cmd', ['docker', 'a\nb']),
      /cannot be written for cmd: cmd\.exe cannot take a line break/,
    );
    assert.throws(() => commandLine('powershell', ['docker', '']), /Windows PowerShell drops an empty argument/);
    assert.strictEqual(commandLine('pwsh', ['docker', '']), "docker ''");
  });

  it('refuses in a line to paste what a terminal acts on before the shell reads a quote', () => {
    for (const [value, shown] of [
      ['x=\u001b[201~\u0015touch PWNED\r', 'U+001B'],
      ['a\u0015b', 'U+0015'],
      ['a\tb', 'U+0009'],
      ['a\rb', 'U+000D'],
      ['a\u007f', 'U+007F'],
      ['a\u009bb', 'U+009B'],
      ['\u202egnp.exe', 'U+202E'],
      ['a\u2066b', 'U+2066'],
    ])
      for (const flavor of ['posix', 'fish', 'pwsh', 'powershell'] as const)
        assert.throws(
          () => commandLine(flavor, ['docker', 'network', 'create', '--label', value, 'net']),
          (e: Error) => e.message.includes('cannot be copied safely') && e.message.includes(shown),
          `${flavor}: ${JSON.stringify(value)}`,
        );
    // A line break inside quotes is the value's own; a script a shell reads itself takes anything quoted.
    assert.strictEqual(commandLine('posix', ['docker', 'a\nb']), "docker 'a\nb'");
    assert.strictEqual(commandLine('posix', ['echo', 'a\u0015b'], READ), "echo 'a\u0015b'");
  });

  it('quotes for the C runtime as it reads back', () => {
    for (const v of ['a b', 'a"b', 'a\\', 'a\\"b', 'a\\\\', '', 'plain'])
      assert.deepStrictEqual(crtArgs(`x ${crtQuote(v)}`).slice(1), [v]);
  });

  it("knows the shell from VS Code's terminal", () => {
    assert.strictEqual(flavorOf('/usr/bin/fish'), 'fish');
    assert.strictEqual(flavorOf('/bin/zsh'), 'posix');
    assert.strictEqual(flavorOf('C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'win32'), 'pwsh');
    assert.strictEqual(
      flavorOf('C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'win32'),
      'powershell',
    );
    assert.strictEqual(flavorOf('C:\\WINDOWS\\System32\\cmd.exe', 'win32'), 'cmd');
    assert.strictEqual(flavorOf(undefined, 'win32'), 'pwsh');
    assert.strictEqual(flavorOf(undefined, 'linux'), 'posix');
  });
});
