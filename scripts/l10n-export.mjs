// `npm run l10n`: writes l10n/bundle.l10n.json from every `l10n.t(…)` of src/. The sources import
// `l10n` from src/util/text.ts (which makes every placeholder plain), and @vscode/l10n-dev finds only
// calls on an `l10n` imported from 'vscode' or '@vscode/l10n': it reads a copy whose import names
// the package instead.
//
//   node scripts/l10n-export.mjs [OUT_DIR]   (default: l10n/)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = resolve(process.argv[2] ?? join(root, 'l10n'));
const copy = mkdtempSync(join(tmpdir(), 'dn-l10n-src-'));
const files = (dir) =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
try {
  for (const file of files(join(root, 'src')).filter((f) => /\.tsx?$/.test(f))) {
    const target = join(copy, relative(join(root, 'src'), file));
    mkdirSync(dirname(target), { recursive: true });
    const text = readFileSync(file, 'utf8').replace(
      /^import \{([^}]*)\} from '((?:\.\.?\/)+(?:util\/)?text)';$/gm,
      (line, names, from) => {
        const list = names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean);
        if (!list.includes('l10n')) return line;
        const rest = list.filter((n) => n !== 'l10n');
        return `import * as l10n from '@vscode/l10n';${rest.length ? ` import { ${rest.join(', ')} } from '${from}';` : ''}`;
      },
    );
    writeFileSync(target, text);
  }
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'), 'export', '--outDir', out, copy],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
} finally {
  rmSync(copy, { recursive: true, force: true });
}
