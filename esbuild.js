// Bundles the extension (Node, CommonJS, `vscode` external) and the webview scripts (browser, IIFE).
// `--production` minifies without sourcemaps; `--watch` rebuilds on change.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * dockerode pulls in gRPC and protobuf for BuildKit sessions (image builds), which this extension
 * never uses; they are a large share of the bundle. dockerode requires them when it loads, so each
 * is replaced by an object that fails loudly only if something ever uses it.
 */
const omitBuildKit = {
  name: 'omit-buildkit',
  setup(build) {
    build.onResolve({ filter: /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/ }, (args) => ({
      path: args.path,
      namespace: 'omitted',
    }));
    build.onLoad({ filter: /.*/, namespace: 'omitted' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get(_, key) {
        if (typeof key === 'symbol' || key === '__esModule') return undefined;
        throw new Error(${JSON.stringify(args.path + ' is not bundled: BuildKit sessions are not supported')});
      } });`,
      loader: 'js',
    }));
  },
};

/** Reports errors in the format the problem matcher of `npm run watch` understands. */
const reportProblems = {
  name: 'report-problems',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  if (!fs.existsSync(from)) return;
  const to = path.join(__dirname, 'dist', 'webview', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

async function main() {
  // A production build starts from an empty dist/, so no stale sourcemap reaches the package.
  if (production) fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  const common = {
    bundle: true,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [reportProblems],
  };
  const extension = await esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // ssh2's optional native helpers: it falls back to pure JavaScript when they are absent.
    external: ['vscode', 'cpu-features', '*.node'],
    plugins: [omitBuildKit, reportProblems],
    metafile: true,
  });
  const webview = await esbuild.context({
    ...common,
    entryPoints: { panel: 'src/webview/pages/panel.ts', topology: 'src/webview/pages/topology.ts' },
    outdir: 'dist/webview',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  });
  if (watch) {
    await Promise.all([extension.watch(), webview.watch()]);
    return;
  }
  const [result] = await Promise.all([extension.rebuild(), webview.rebuild()]);
  copyCodicons();
  if (process.argv.includes('--analyze')) console.log(await esbuild.analyzeMetafile(result.metafile));
  await Promise.all([extension.dispose(), webview.dispose()]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
