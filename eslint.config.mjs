// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Set text, never HTML: everything shown may come from a hostile engine.',
        },
        { selector: "MemberExpression[property.name='outerHTML']", message: 'Set text, never HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Set text, never HTML.' },
      ],
    },
  },
  {
    // Every message goes through l10n.t of src/util/text.ts, which makes each placeholder plain: a
    // name or a daemon message in a notification never becomes a link, an icon or hidden text.
    files: ['src/**/*.ts'],
    ignores: ['src/util/text.ts', 'src/webview/pages/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@vscode/l10n',
              message: 'Import { l10n } from src/util/text.ts: it makes engine text in placeholders plain.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Set text, never HTML: everything shown may come from a hostile engine.',
        },
        { selector: "MemberExpression[property.name='outerHTML']", message: 'Set text, never HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Set text, never HTML.' },
        {
          selector: "MemberExpression[object.name='vscode'][property.name='l10n']",
          message: 'Use l10n.t from src/util/text.ts: it makes engine text in placeholders plain.',
        },
        {
          selector: 'MemberExpression[property.name=/^(showQuickPick|createQuickPick)$/]',
          message: 'Use pickOne/pickMany/pickText (src/dialogs/pick.ts) or pickStep: they show engine text plain.',
        },
        {
          selector:
            'MemberExpression[property.name=/^(show(Information|Warning|Error)Message|withProgress|createStatusBarItem|setStatusBarMessage)$/]',
          message: 'Use src/dialogs/notify.ts: it shows engine text plain and keeps what was shown for the tests.',
        },
      ],
    },
  },
  {
    // The views read the store, never the engine: no import from engine/ (the types they need
    // come through the model and the store).
    files: ['src/tree/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@vscode/l10n',
              message: 'Import { l10n } from src/util/text.ts: it makes engine text in placeholders plain.',
            },
          ],
          patterns: [
            {
              group: ['**/engine', '**/engine/**'],
              message: 'Views read the store (src/store), never the engine layer; commands write through it.',
            },
          ],
        },
      ],
    },
  },
  {
    // engine/, model/ and the store are plain Node: no `vscode`.
    files: [
      'src/engine/**/*.ts',
      'src/model/**/*.ts',
      'src/store/**/*.ts',
      'src/diagnosis/**/*.ts',
      'src/util/**/*.ts',
      'src/commands/ids.ts',
    ],
    ignores: ['src/util/text.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'engine/, model/ and the store stay plain Node.' },
            {
              name: '@vscode/l10n',
              message: 'Import { l10n } from src/util/text.ts: it makes engine text in placeholders plain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
