// Drives the real VS Code UI (code-server) in Debian's Chromium with the packaged extension
// installed, the way a person uses it: clicks, keys, the command palette. Shared by the e2e suite
// and the screenshot script.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts code-server with the .vsix installed in a fresh profile and opens it in Chromium.
 * `settings` go to the user settings; `locale` sets the display language (e.g. "ja"); `files`
 * (relative path → text) are written into the workspace folder before it opens.
 */
export async function openWorkbench({
  vsix = join(root, 'docker-networks.vsix'),
  settings = {},
  locale,
  viewport = { width: 1400, height: 860 },
  env = {},
  files = {},
} = {}) {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  const install = spawnSync('bash', [join(root, 'scripts', 'install-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (install.status !== 0) throw new Error('installing code-server failed');
  const entry = join(install.stdout.trim(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const work = mkdtempSync(join(tmpdir(), 'dn-e2e-'));
  const userData = join(work, 'ud');
  const extensions = join(work, 'ext');
  const workspace = join(work, 'workspace');
  const temp = join(work, 'tmp');
  mkdirSync(temp);
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(workspace);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, file)), { recursive: true });
    writeFileSync(join(workspace, file), text);
  }
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'window.commandCenter': true,
      ...settings,
    }),
  );
  if (locale) {
    writeFileSync(join(userData, 'User', 'argv.json'), JSON.stringify({ locale }));
    // VS Code shows a display language only when a language pack for it is installed, and the
    // marketplace's packs cannot be downloaded here. A pack with no translations of its own is
    // enough: the workbench keeps its English strings, and the extensions (this one) get `locale`
    // as vscode.env.language, so theirs are shown in that language.
    const pack = join(work, 'language-pack');
    mkdirSync(pack);
    writeFileSync(join(pack, 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
    writeFileSync(
      join(userData, 'languagepacks.json'),
      JSON.stringify({
        [locale]: {
          hash: `dn-e2e-${locale}`,
          extensions: [{ extensionIdentifier: { id: `dn-e2e.language-pack-${locale}` }, version: '1.0.0' }],
          translations: { vscode: join(pack, 'main.i18n.json') },
          label: locale,
        },
      }),
    );
  }
  const installed = spawnSync(
    process.execPath,
    [entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix],
    { encoding: 'utf8' },
  );
  if (installed.status !== 0) throw new Error(`installing the .vsix failed: ${installed.stderr}`);
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...(locale ? ['--locale', locale] : []),
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      workspace,
    ],
    // Its own temporary folder inside the profile, so what it leaves there (an ssh engine's socket
    // folder when the window is stopped without deactivating) goes with the profile.
    { detached: true, stdio: 'ignore', env: { ...process.env, TMPDIR: temp, ...env } },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await chromium.launch({
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
  const page = await browser.newPage({ viewport });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2_000);

  const wb = {
    page,
    pageErrors,
    workspace,
    /** The profile folder (settings, logs). */
    userData,
    /** Stops Chromium and code-server (by its pid) and removes the profile. */
    async close() {
      await browser.close().catch(() => undefined);
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // gone
      }
      await new Promise((r) => setTimeout(r, 500));
      rmSync(work, { recursive: true, force: true });
    },
    /** Runs a command by its palette title, as a person would with F1. */
    async command(title) {
      // The command center opens the quick input even when a webview has the keyboard focus.
      await page.locator('.command-center-center').first().click();
      const input = page.locator('.quick-input-widget .quick-input-box input.input');
      await input.waitFor();
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
    },
    /** Opens the Docker Networks view from the activity bar. */
    async openView() {
      await page.locator('.activitybar .action-item a[aria-label^="Docker"]').first().click();
      await this.row('bridge').waitFor({ timeout: 20_000 });
    },
    /** A row of the tree by its label. */
    row(label) {
      return page.locator(`.monaco-list-row[aria-label^="${label.replace(/"/g, '\\"')}"]`).first();
    },
    /**
     * Expands (or collapses) a tree row and waits until it is so. The tree re-renders as the engine
     * changes, and a row can move between finding it and the click landing: click again until the
     * row says it is expanded (collapsed).
     */
    async setExpanded(row, expanded = true, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      await row.waitFor({ timeout: timeoutMs });
      for (;;) {
        if (((await row.getAttribute('aria-expanded').catch(() => null)) === 'true') === expanded) return;
        if (Date.now() > deadline) throw new Error(`the row did not become ${expanded ? 'expanded' : 'collapsed'}`);
        await row
          .locator('.monaco-tl-twistie')
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        await page.waitForTimeout(500);
      }
    },
    /** The quick input: type into it and accept. */
    async answer(text) {
      const input = page.locator('.quick-input-widget .quick-input-box input.input');
      await input.waitFor();
      await input.fill(text);
      await page.waitForTimeout(250);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
    },
    /** Picks a quick pick item by its label. */
    async pick(label) {
      await page.locator('.quick-input-widget').waitFor();
      await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`).first().click();
      await page.waitForTimeout(400);
    },
    /**
     * Waits until a panel's page shows its icons: their styles are fetched once the page has loaded
     * (VS Code shows the frame then, and a fetch would hold it back), then their font.
     */
    async iconsShown(frame, timeoutMs = 20_000) {
      await frame.waitForFunction(
        () => {
          const link = globalThis.document.getElementById('vscode-codicon-stylesheet');
          const fonts = [...globalThis.document.fonts].filter((f) => f.family.replace(/"/g, '') === 'codicon');
          return !!link?.sheet && !link.disabled && fonts.some((f) => f.status === 'loaded');
        },
        undefined,
        { timeout: timeoutMs },
      );
    },
    /** The frame of a webview panel's page that has `selector` (panels live in nested iframes). */
    async webview(selector, timeoutMs = 15_000) {
      const deadline2 = Date.now() + timeoutMs;
      for (;;) {
        for (const f of page.frames()) {
          if (
            (await f
              .locator(`main#root ${selector}`)
              .count()
              .catch(() => 0)) > 0
          )
            return f;
        }
        if (Date.now() > deadline2) throw new Error(`no webview page shows ${selector}`);
        await page.waitForTimeout(250);
      }
    },
    /**
     * Ticks the items with these labels (one, or a list) in a multi-select quick pick, then runs
     * `beforeAccept` (what happens while the person looks at the choice) and accepts.
     */
    async pickMany(labels, beforeAccept = async () => undefined) {
      await page.locator('.quick-input-widget').waitFor();
      for (const label of [labels].flat()) {
        const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`).first();
        await row.locator('input[type=checkbox], .monaco-checkbox, .quick-input-list-checkbox').first().click();
        await page.waitForTimeout(250);
      }
      await beforeAccept();
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
    },
    /** The text of the open modal dialog (message and detail). */
    async dialogText() {
      const box = page.locator('.monaco-dialog-box');
      await box.waitFor({ timeout: 10_000 });
      return box.innerText();
    },
    /** Clicks a button of the open modal dialog. */
    async dialog(button) {
      const box = page.locator('.monaco-dialog-box');
      await box.waitFor({ timeout: 10_000 });
      await box.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
      await box.waitFor({ state: 'detached', timeout: 15_000 });
    },
    /** Chooses an item of the context menu that is open. */
    async chooseMenuItem(item) {
      const entry = page.locator('.context-view .action-label', { hasText: item }).first();
      await entry.waitFor();
      // The menu ignores a click that comes right after it opened.
      await page.waitForTimeout(400);
      await entry.hover();
      await entry.click();
      await page
        .locator('.context-view .monaco-menu')
        .waitFor({ state: 'detached', timeout: 5_000 })
        .catch(() => undefined);
    },
    /** Right-clicks a tree row and chooses a context menu item, the way a person does. */
    async contextMenu(rowLabel, item) {
      await this.row(rowLabel).click({ button: 'right' });
      await this.chooseMenuItem(item);
    },
    async shot(path) {
      await page.mouse.move(viewport.width - 5, viewport.height - 60);
      await page.waitForTimeout(200);
      await page.screenshot({ path });
    },
  };
  return wb;
}
