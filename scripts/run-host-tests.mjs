// Runs test/host inside the extension host of a real VS Code, once per scenario.
//
// - A desktop VS Code (VSCODE_EXECUTABLE_PATH, or DN_HOST_RUNNER=electron to let
//   @vscode/test-electron download one where the machine can): the standard runner.
// - Otherwise code-server 4.99.4 (VS Code 1.99.3, a real Node extension host), installed into a cache
//   outside the repository, its workbench opened in Debian's Chromium by playwright-core with the
//   test payload; the suite's result comes back through window.codeAutomationExit.
//
// Prints mocha's totals per scenario and exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const testsIndex = join(root, 'out', 'test', 'host', 'index.js');
const timeoutMs = Number(process.env.DN_HOST_TIMEOUT_MS ?? 15 * 60_000);

/**
 * Each scenario starts VS Code with its own environment. `faults` gets an engine of its own (its
 * tests stop and restart it), an untrusted workspace, and workspace settings that try to point the
 * extension elsewhere (machine-scoped settings must ignore them).
 */
const scenarios = [
  { name: 'engine', env: {} },
  { name: 'unreachable', env: { DOCKER_HOST: 'unix:///nonexistent/dn-test/docker.sock' } },
  {
    name: 'faults',
    env: {},
    ownEngine: true,
    untrusted: true,
    workspaceSettings: {
      'dockerNetworks.engines': [{ name: 'elsewhere', host: 'tcp://192.0.2.1:2375' }],
      'dockerNetworks.includeDefaultEngine': false,
      'dockerNetworks.requestTimeoutSeconds': 1,
      'dockerNetworks.diagnostics.image': 'attacker/helper:latest',
    },
  },
  // Three engines of one swarm, each in its own network namespace (scripts/swarm-world.sh).
  { name: 'nodes', env: {}, nodesWorld: true },
].filter((s) => !process.env.DN_HOST_SCENARIOS || process.env.DN_HOST_SCENARIOS.split(',').includes(s.name));

function fail(message) {
  console.error(`[host] ${message}`);
  process.exit(1);
}

for (const file of [join(root, 'dist', 'extension.js'), testsIndex]) {
  if (!existsSync(file)) fail(`${file} is missing: run \`npm run build:dev && npm run compile-tests\` first`);
}
if (!process.env.DOCKER_HOST || !process.env.DN_ENGINE_DIR) {
  fail('DOCKER_HOST and DN_ENGINE_DIR must name the private engine (scripts/test.sh starts it)');
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url, deadline) {
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Stops a process group we started, by its pid. */
async function stopGroup(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function printResult(scenario, resultsFile) {
  if (!existsSync(resultsFile)) {
    console.log(`[host] ${scenario}: the suite wrote no results`);
    return false;
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(
    `[host] ${scenario}: ${r.passes} passing, ${r.failures} failing, ${r.pending} pending` +
      ` in VS Code ${r.vscodeVersion} (${r.appName})` +
      (r.activationMs !== undefined ? `; activate() ${r.activationMs.toFixed(2)} ms` : ''),
  );
  return r.failures === 0 && r.pending === 0 && r.passes > 0;
}

/** Applies console format directives (%s %d %i %f %o %O %c) the way DevTools does. */
function formatConsole(parts) {
  if (!parts.length) return '';
  const [first, ...rest] = parts;
  if (typeof first !== 'string') return parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  const out = first.replace(/%[sdifoOc%]/g, (directive) => {
    if (directive === '%%') return '%';
    if (!rest.length) return directive;
    const value = rest.shift();
    if (directive === '%c') return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  return [out, ...rest.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))].join(' ');
}

function writeWorkspaceSettings(scenario, workspace) {
  if (!scenario.workspaceSettings) return;
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(scenario.workspaceSettings, null, 2));
}

async function runInElectron(scenario, work) {
  const { runTests } = await import('@vscode/test-electron');
  const resultsFile = join(work, 'results.json');
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeWorkspaceSettings(scenario, workspace);
  Object.assign(process.env, scenario.env, { DN_HOST_SCENARIO: scenario.name, DN_HOST_RESULTS: resultsFile });
  try {
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
      extensionDevelopmentPath: root,
      extensionTestsPath: testsIndex,
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(work, 'ud'), '--skip-welcome'],
    });
  } catch (e) {
    console.error(`[host] ${scenario.name}: ${e instanceof Error ? e.message : e}`);
  }
  return printResult(scenario.name, resultsFile);
}

async function runInCodeServer(scenario, work) {
  const install = spawnSync('bash', [join(root, 'scripts', 'install-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (install.status !== 0) fail('installing code-server failed');
  const codeServer = join(install.stdout.trim(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const { chromium } = await import('playwright-core');

  const resultsFile = join(work, 'results.json');
  const workspace = join(work, 'workspace');
  const userData = join(work, 'ud');
  const temp = join(work, 'tmp');
  mkdirSync(temp, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      ...(scenario.untrusted
        ? {
            'security.workspace.trust.enabled': true,
            'security.workspace.trust.startupPrompt': 'never',
            'security.workspace.trust.emptyWindow': false,
          }
        : { 'security.workspace.trust.enabled': false }),
    }),
  );
  writeWorkspaceSettings(scenario, workspace);
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    [
      codeServer,
      '--auth',
      'none',
      '--bind-addr',
      host,
      '--disable-telemetry',
      '--disable-update-check',
      ...(scenario.untrusted ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      userData,
      '--extensions-dir',
      join(work, 'ext'),
      workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A temporary folder of its own inside `work`, removed with it: what the extension leaves in
      // its temporary folder when code-server is stopped without deactivating goes too.
      env: {
        ...process.env,
        TMPDIR: temp,
        ...scenario.env,
        DN_HOST_SCENARIO: scenario.name,
        DN_HOST_RESULTS: resultsFile,
      },
    },
  );
  const serverLog = [];
  server.stdout.on('data', (d) => serverLog.push(String(d)));
  server.stderr.on('data', (d) => serverLog.push(String(d)));

  let browser;
  try {
    await waitForHttp(`http://${host}/healthz`, Date.now() + 60_000);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    // The extension host's console arrives as DevTools-formatted arguments ("%c INFO", css,
    // "%s", text…): rebuild the text, and relay what the suite prints once it has started.
    let suiteStarted = false;
    page.on('console', async (message) => {
      let parts;
      try {
        parts = await Promise.all(message.args().map((a) => a.jsonValue()));
      } catch {
        parts = [message.text()];
      }
      // The remote log prefix ("%c INFO", its css) comes first; the call's own arguments follow.
      if (typeof parts[0] === 'string' && /^%c\s*[A-Z]+$/.test(parts[0])) parts = parts.slice(2);
      const text = formatConsole(parts);
      if (text.includes('[host] VS Code')) suiteStarted = true;
      if (process.env.DN_HOST_DEBUG) console.log(`  <${message.type()}> ${text}`);
      else if (suiteStarted && text.trim()) console.log(`  ${text}`);
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${host}${root}`],
      ['extensionTestsPath', `vscode-remote://${host}${testsIndex}`],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`, {
      timeout: 120_000,
    });
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code === 'timeout') console.error(`[host] ${scenario.name}: no result after ${timeoutMs / 1000} s`);
    const passed = printResult(scenario.name, resultsFile) && code === 0;
    if (!passed)
      console.error(`[host] code-server log (last lines):\n${serverLog.join('').split('\n').slice(-40).join('\n')}`);
    return passed;
  } finally {
    await browser?.close().catch(() => undefined);
    await stopGroup(server);
  }
}

let allPassed = true;
const useElectron = !!process.env.VSCODE_EXECUTABLE_PATH || process.env.DN_HOST_RUNNER === 'electron';
/** Starts the three-node swarm for one scenario; returns its exports (DN_NODES_DIR, DN_NODE_HOST_n). */
function startNodes() {
  const started = Date.now();
  const r = spawnSync('bash', [join(root, 'scripts', 'swarm-world.sh'), 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const env = Object.fromEntries([...(r.stdout ?? '').matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
  if (r.status !== 0 || !env.DN_NODES_DIR) fail('could not start the three-node swarm for the scenario');
  console.log(`[host] three-node swarm up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return env;
}

/** Starts a private engine for one scenario; returns its folder. */
function startEngine() {
  const r = spawnSync('bash', [join(root, 'scripts', 'engine.sh'), 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = /DN_ENGINE_DIR=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !dir) fail('could not start a private engine for the scenario');
  return dir;
}

for (const scenario of scenarios) {
  const work = mkdtempSync(join(tmpdir(), `dn-host-${scenario.name}-`));
  let engineDir;
  let nodesDir;
  try {
    if (scenario.nodesWorld) {
      const env = startNodes();
      nodesDir = env.DN_NODES_DIR;
      scenario.env = { ...scenario.env, ...env };
    }
    if (scenario.ownEngine) {
      engineDir = startEngine();
      scenario.env = {
        ...scenario.env,
        DOCKER_HOST: `unix://${engineDir}/docker.sock`,
        DN_ENGINE_DIR: engineDir,
        DN_MAIN_DOCKER_HOST: process.env.DOCKER_HOST,
      };
    }
    const passed = useElectron ? await runInElectron(scenario, work) : await runInCodeServer(scenario, work);
    allPassed &&= passed;
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (engineDir) spawnSync('bash', [join(root, 'scripts', 'engine.sh'), 'stop', engineDir], { stdio: 'inherit' });
    if (nodesDir) spawnSync('bash', [join(root, 'scripts', 'swarm-world.sh'), 'stop', nodesDir], { stdio: 'inherit' });
  }
}
process.exit(allPassed ? 0 : 1);
