// Engine text in VS Code's own UI: fuzzed names through plain() and through l10n.t's placeholders.
import * as assert from 'assert';
import fc from 'fast-check';
import { l10n, MAX_SHOWN, plain, plainList } from '../../src/util/text';

const RUNS = Number(process.env.DN_FUZZ_RUNS ?? 3000);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Names as hostile as an engine may hold: link, icon and URI syntax, controls, bidi overrides. */
const hostile = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        '[',
        ']',
        '(',
        ')',
        '$',
        'command:',
        'https:',
        '<',
        '>',
        'x',
        ' ',
        '\n',
        '\u0000',
        '\u001b',
        '\u202e',
        '\u2066',
        '\u200f',
        '`',
        '*',
        'ネ',
        '\ud83d\ude00',
      ),
      maxLength: 60,
    }),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'x [Details](command:workbench.action.openSettings)',
      '$(zap) net',
      '<command:foo>',
      'a\u202Egnp.exe',
      "x';calc;#",
    ),
  },
);

function inert(s: string): void {
  assert.ok(!s.includes(']('), `a link can form: ${JSON.stringify(s)}`);
  assert.ok(!s.includes('$('), `an icon can form: ${JSON.stringify(s)}`);
  assert.ok(!/\bcommand:/i.test(s), `a command URI is left: ${JSON.stringify(s)}`);
  assert.ok(!/<[a-z][a-z0-9+.-]*:/i.test(s), `an autolink can form: ${JSON.stringify(s)}`);
  assert.ok(!CONTROL.test(s), `a control character is left: ${JSON.stringify(s)}`);
  assert.ok(!BIDI.test(s), `a bidi override is left: ${JSON.stringify(s)}`);
}

describe('engine text in the UI', () => {
  it('plain(): no link, icon, command URI, control or bidi character forms; short; idempotent', () => {
    fc.assert(
      fc.property(hostile, (name) => {
        const p = plain(name);
        inert(p);
        assert.ok(p.length <= MAX_SHOWN, `${p.length} characters`);
        assert.strictEqual(plain(p), p, 'idempotent');
      }),
      { numRuns: RUNS },
    );
  });

  it('plain() leaves ordinary text alone and makes the rest visible', () => {
    for (const ok of [
      'backend_default',
      'my-net.1',
      '10.0.0.0/24',
      'ネットワーク',
      'fd00::1',
      'a (b) [c]',
      'price: 5$',
    ])
      assert.strictEqual(plain(ok), ok);
    assert.strictEqual(
      plain('x [Details](command:workbench.action.openSettings)'),
      'x [Details]\u200b(command\u200b:workbench.action.openSettings)',
    );
    assert.strictEqual(plain('$(zap) net'), '$\u200b(zap) net');
    assert.strictEqual(plain('a\u202Egnp.exe'), 'a⟨U+202E⟩gnp.exe');
    assert.strictEqual(plain('line\nbreak\u0000'), 'line\u240abreak\u2400');
    assert.strictEqual(plain('x'.repeat(300)).length, MAX_SHOWN);
    assert.ok(plain('x'.repeat(300)).endsWith('…'));
    assert.strictEqual(plain(undefined), '');
  });

  it('l10n.t makes every string placeholder plain, and leaves numbers and the message alone', () => {
    fc.assert(
      fc.property(hostile, fc.integer(), (name, n) => {
        const m = l10n.t('Removed {0} unused networks: {1}', n, name);
        assert.ok(m.startsWith(`Removed ${n} unused networks: `));
        inert(m.slice(`Removed ${n} unused networks: `.length));
      }),
      { numRuns: RUNS },
    );
  });

  it('plainList names at most a few, each plain', () => {
    const names = Array.from({ length: 30 }, (_, i) => `[n${i}](command:x)`);
    const list = plainList(names, 5);
    inert(list);
    assert.match(list, /, … \(\+25\)$/);
  });
});
