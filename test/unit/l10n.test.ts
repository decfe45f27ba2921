// Every runtime string goes through l10n and has a Japanese translation.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;

describe('runtime localization', function () {
  // The export parses every source with TypeScript: 8 s on a quiet 2-core machine, past 30 s when
  // both cores are busy with other work (CI 40). A limit, not a budget.
  this.timeout(180_000);

  it('l10n/bundle.l10n.json is what the sources say (run `npm run l10n` after changing strings)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-l10n-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'l10n-export.mjs'), out], { stdio: 'pipe' });
      assert.deepStrictEqual(
        readJson(path.join(out, 'bundle.l10n.json')),
        readJson(path.join(root, 'l10n', 'bundle.l10n.json')),
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('has a Japanese translation for every string, with the same placeholders', () => {
    const en = readJson(path.join(root, 'l10n', 'bundle.l10n.json'));
    const ja = readJson(path.join(root, 'l10n', 'bundle.l10n.ja.json'));
    assert.deepStrictEqual(Object.keys(ja).sort(), Object.keys(en).sort());
    const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
    for (const [key, value] of Object.entries(ja)) {
      assert.ok(value.trim(), `empty translation for ${key}`);
      assert.strictEqual(placeholders(value), placeholders(key), `placeholders of "${key}"`);
    }
  });
});
