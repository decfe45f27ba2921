// Runs the host suite inside the extension host of a real VS Code (desktop through
// @vscode/test-electron, or code-server). Output goes to the console, which both runners relay;
// the totals also go to the file named by DN_HOST_RESULTS, so the runner can print them reliably.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', forbidOnly: true });
  if (process.env.DN_HOST_GREP) mocha.grep(process.env.DN_HOST_GREP);
  // An unhandled rejection or uncaught error in the extension host fails the test during which it
  // happened (VS Code would only log it).
  const problems: string[] = [];
  const note = (what: string) => (reason: unknown) =>
    problems.push(`${what}: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onRejection = note('unhandled rejection');
  const onException = note('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  mocha.rootHooks({
    afterEach: async () => {
      // A rejection is reported a tick after it happens.
      await new Promise((r) => setTimeout(r, 10));
      if (problems.length) throw new Error(`the extension host saw:\n${problems.splice(0).join('\n')}`);
    },
  });
  // Each scenario is a folder of tests that needs the extension host started in its own way
  // (the runner sets DN_HOST_SCENARIO and the environment that goes with it).
  const dir = path.join(__dirname, process.env.DN_HOST_SCENARIO ?? 'engine');
  // extension.test.js first: it checks activation before anything else touches the extension.
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => Number(b === 'extension.test.js') - Number(a === 'extension.test.js') || a.localeCompare(b));
  for (const file of files) mocha.addFile(path.join(dir, file));
  console.log(
    `[host] VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost}), extension host ${process.version}`,
  );
  const started = Date.now();
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({} as Mocha.Stats)));
  });
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  const result = {
    scenario: process.env.DN_HOST_SCENARIO ?? 'engine',
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    passes: stats.passes ?? 0,
    failures: stats.failures ?? 0,
    pending: stats.pending ?? 0,
    tests: stats.tests ?? 0,
    durationMs: Date.now() - started,
    activationMs: (globalThis as { __dnActivationMs?: number }).__dnActivationMs,
  };
  if (process.env.DN_HOST_RESULTS) fs.writeFileSync(process.env.DN_HOST_RESULTS, JSON.stringify(result, null, 2));
  console.log(`[host] ${result.passes} passing, ${result.failures} failing, ${result.pending} pending`);
  if (result.failures > 0 || result.pending > 0 || result.passes === 0) {
    throw new Error(`${result.failures} host test(s) failed, ${result.pending} pending, ${result.passes} passed`);
  }
}
