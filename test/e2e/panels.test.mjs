// A person's view of the panels in the real UI: open the view from the activity bar, see networks
// and containers with their addresses, inspect a network, and find the panel again after the
// window reloads. Screenshots go to test-results/e2e.
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const tag = `${process.pid}`;

describe('panels in the real UI', function () {
  let wb;
  const net = `e2e-shop-${tag}`;
  const container = `e2e-web-${tag}`;
  before(async () => {
    if (!process.env.DOCKER_HOST?.includes(process.env.DN_ENGINE_DIR ?? '\0'))
      throw new Error('run with the private engine (scripts/test.sh)');
    docker('network', 'create', '--subnet', '10.250.120.0/24', net);
    docker('run', '-d', '--name', container, '--network', net, '--ip', '10.250.120.10', 'tiny:latest', 'sleep', '3600');
    wb = await openWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    try {
      docker('rm', '-f', container);
    } catch {
      /* gone */
    }
    try {
      docker('network', 'rm', net);
    } catch {
      /* gone */
    }
  });

  it('shows the networks and, expanded, their containers with addresses', async () => {
    await wb.openView();
    const row = wb.row(net);
    await row.waitFor();
    assert.match(await row.getAttribute('aria-label'), /bridge · local · 10\.250\.120\.0\/24/);
    await wb.setExpanded(row);
    const child = wb.row(container);
    await child.waitFor();
    assert.match(await child.innerText(), /10\.250\.120\.10/);
    await wb.shot(join(shots, '01-view.png'));
  });

  it('inspects the network in a panel that comes back after a reload', async () => {
    await wb.contextMenu(net, 'Inspect Network');
    await wb.page.locator('.tabs-container .tab', { hasText: `Network: ${net}` }).waitFor({ timeout: 20_000 });
    let frame = await wb.webview('h1', 30_000);
    assert.strictEqual(await frame.locator('h1').innerText(), net);
    await frame.locator('td', { hasText: container }).first().waitFor();
    await wb.iconsShown(frame);
    await wb.shot(join(shots, '02-inspect.png'));

    // Developer: Reload Window, which saves the window's state first, as a person would reload.
    const reloaded = wb.page.waitForEvent('load', { timeout: 60_000 });
    await wb.command('Developer: Reload Window');
    await reloaded;
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    frame = await wb.webview('h1', 45_000);
    assert.strictEqual(await frame.locator('h1').innerText(), net, 'the panel is restored with its network');
    await frame.locator('td', { hasText: container }).first().waitFor();
    await wb.shot(join(shots, '03-restored.png'));
  });
});
