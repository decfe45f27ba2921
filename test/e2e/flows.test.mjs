// A person's day with the extension, in the real UI with the packaged extension: create a network
// through the steps, connect a container with a static address, disconnect it from the inspect
// panel, remove and prune with their confirmations, look at the topology, live through the engine
// stopping and starting, and cancel a slow request from its progress notification.
// Screenshots go to test-results/e2e.
import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openWorkbench, root } from './workbench.mjs';

const require = createRequire(import.meta.url);
const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const quietly = (fn) => {
  try {
    fn();
  } catch {
    // already gone
  }
};
const exists = (network) => {
  try {
    docker('network', 'inspect', network);
    return true;
  } catch {
    return false;
  }
};
const tag = `${process.pid}`;

/** Waits until `check()` is true, polling; fails with `what`. */
async function until(what, check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function requireEngine() {
  if (!process.env.DOCKER_HOST?.includes(process.env.DN_ENGINE_DIR ?? '\0'))
    throw new Error('run with the private engine (scripts/test.sh)');
}

describe("a person's flows in the real UI", function () {
  let wb;
  const net = 'my_network';
  // Not "my_network…": rows are found by the start of their label.
  const copy = `e2e-copy-${tag}`;
  const v6 = `e2e-v6-${tag}`;
  const container = `e2e-app-${tag}`;
  const unused = [`e2e-unused-a-${tag}`, `e2e-unused-b-${tag}`];
  before(async () => {
    requireEngine();
    assert.ok(!exists(net), `the engine already has a network named ${net}`);
    docker('run', '-d', '--name', container, 'tiny:latest', 'sleep', '3600');
    wb = await openWorkbench();
    await wb.openView();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    quietly(() => docker('rm', '-f', container));
    for (const n of [net, copy, v6, ...unused]) quietly(() => docker('network', 'rm', n));
  });

  it('creates my_network --attachable --subnet 172.21.0.0/16 through the steps', async () => {
    await wb.contextMenu('bridge', 'Create Network…');
    await wb.answer(net);
    await wb.pick('bridge');
    await wb.pick('More options…');
    await wb.pick('Subnet');
    await wb.answer('172.21.0.0/16');
    await wb.pick('Attachable');
    await wb.shot(join(shots, '10-create-options.png'));
    await wb.pick('Create');
    const row = wb.row(net);
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.getAttribute('aria-label'), /bridge · local · 172\.21\.0\.0\/16/);
    const inspected = JSON.parse(docker('network', 'inspect', net))[0];
    assert.strictEqual(inspected.Attachable, true);
    assert.strictEqual(inspected.IPAM.Config[0].Subnet, '172.21.0.0/16');
  });

  it('creates an IPv6 network with no subnet: the engine has no IPv6 pool, the subnet offered instead is taken', async () => {
    await wb.contextMenu('bridge', 'Create Network…');
    await wb.answer(v6);
    await wb.pick('bridge');
    await wb.pick('More options…');
    await wb.pick('IPv6');
    // The form says it up front on this engine (20.10); the flow goes on past it.
    const subnetRow = wb.page.locator('.quick-input-list .monaco-list-row[aria-label^="IPv6 subnet"]').first();
    await subnetRow.waitFor();
    assert.match(await subnetRow.innerText(), /Docker before 27 has no IPv6 pool/);
    await wb.pick('Create');
    // Engines before 27 refuse it: asked before the engine is, the offer an IPv6 subnet, not an
    // IPv4 one that would fail the same way.
    const toast = wb.page.locator('.notification-toast', { hasText: 'has no IPv6 pool' }).first();
    await toast.waitFor({ timeout: 15_000 });
    assert.match(await toast.innerText(), /Nothing has been done yet/);
    const use = toast.locator('.monaco-button', { hasText: /^Use fd/ }).first();
    const subnet = /fd[0-9a-f:]+\/64/.exec(await use.innerText())?.[0];
    assert.ok(subnet, await toast.innerText());
    assert.throws(() => docker('network', 'inspect', v6), 'nothing asked of the engine yet');
    await wb.shot(join(shots, '10b-create-no-ipv6-pool.png'));
    await use.click();
    await wb.row(v6).waitFor({ timeout: 15_000 });
    const made = JSON.parse(docker('network', 'inspect', v6))[0];
    assert.strictEqual(made.EnableIPv6, true);
    assert.ok(
      made.IPAM.Config.some((c) => c.Subnet === subnet),
      JSON.stringify(made.IPAM.Config),
    );
    docker('network', 'rm', v6);
  });

  it('connects a container with a static address', async () => {
    await wb.contextMenu(net, 'Connect Container…');
    await wb.pickMany(container);
    await wb.answer('172.21.0.10');
    await wb.answer('');
    const child = wb.row(container);
    // The row is drawn again when the connect gives it children; a click on the old one is lost.
    await until(
      'the container under the network',
      async () => {
        if (await child.isVisible()) return true;
        if ((await wb.row(net).getAttribute('aria-expanded')) !== 'true')
          await wb
            .row(net)
            .locator('.monaco-tl-twistie')
            .click()
            .catch(() => undefined);
        return false;
      },
      15_000,
    );
    await until('the address in the tree', async () => /172\.21\.0\.10/.test(await child.innerText()));
    await wb.shot(join(shots, '11-connected.png'));
  });

  it('connects two containers, and names the one the engine refused', async () => {
    const other = `e2e-other-${tag}`;
    const gone = `e2e-gone-${tag}`;
    docker('run', '-d', '--name', other, 'tiny:latest', 'sleep', '3600');
    docker('run', '-d', '--name', gone, 'tiny:latest', 'sleep', '3600');
    try {
      // The choice lists what the extension knows when it opens: opened again until it has both.
      await until(
        'both containers in the choice',
        async () => {
          await wb.contextMenu(net, 'Connect Container…');
          const listed = async (name) =>
            (await wb.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).count()) > 0;
          await wb.page.locator('.quick-input-widget').waitFor();
          if ((await listed(gone)) && (await listed(other))) return true;
          await wb.page.keyboard.press('Escape');
          return false;
        },
        20_000,
      );
      // Removed while the choice is open: the engine refuses it, and the other is connected all the same.
      await wb.pickMany([gone, other], async () => docker('rm', '-f', gone));
      await wb.answer('');
      const refused = wb.page.locator('.notification-toast', { hasText: 'The engine refused to connect' }).first();
      await refused.waitFor({ timeout: 15_000 });
      const text = await refused.innerText();
      assert.match(text, new RegExp(`${gone}: `), text);
      assert.ok(!text.includes(`${other}:`), text);
      await wb.shot(join(shots, '11b-connect-refused.png'));
      const on = JSON.parse(docker('inspect', other))[0].NetworkSettings.Networks;
      assert.ok(on[net], `${other} is on ${net}: ${Object.keys(on).join(', ')}`);
      await wb.page
        .locator('.notification-toast', { hasText: `Connected 1 of 2 containers to ${net}` })
        .first()
        .waitFor({ timeout: 15_000 });
    } finally {
      quietly(() => docker('rm', '-f', other));
      quietly(() => docker('rm', '-f', gone));
    }
  });

  it('edits the network: a new subnet, internal; the container comes back with its address moved', async () => {
    await wb.contextMenu(net, 'Edit Network…');
    // The form opens with what the network has.
    await wb.page.locator('.quick-input-list .monaco-list-row[aria-label*="172.21.0.0/16"]').first().waitFor();
    await wb.pick('Subnet');
    await wb.answer('172.22.0.0/16');
    await wb.pick('Internal (no access to the outside)');
    // IPv6 on, its subnet left out: this engine (20.10) has no IPv6 pool to take one from.
    await wb.pick('IPv6');
    await wb.shot(join(shots, '11b-edit-form.png'));
    await wb.pick('Review Changes…');
    // Asked for before anything moves, not found out by a recreate that fails and is rolled back.
    const toast = wb.page.locator('.notification-toast', { hasText: 'has no IPv6 pool' }).first();
    await toast.waitFor({ timeout: 15_000 });
    assert.match(await toast.innerText(), /Nothing has been done yet/);
    const use = toast.locator('.monaco-button', { hasText: /^Use fd/ }).first();
    const v6subnet = /fd[0-9a-f:]+\/64/.exec(await use.innerText())?.[0];
    assert.ok(v6subnet, await toast.innerText());
    assert.strictEqual(JSON.parse(docker('network', 'inspect', net))[0].EnableIPv6, false, 'not recreated yet');
    await wb.shot(join(shots, '11b-edit-ipv6-subnet.png'));
    await use.click();
    const text = await wb.dialogText();
    assert.match(text, /IPv4 subnet: 172\.21\.0\.0\/16 → 172\.22\.0\.0\/16/);
    assert.ok(text.includes(`IPv6 subnet: — → ${v6subnet}`), text);
    assert.match(text, /internal: off → on/);
    assert.match(text, /IPv6: off → on/);
    assert.ok(text.includes(`${container}: 172.22.0.10 (was 172.21.0.10)`), text);
    await wb.shot(join(shots, '11c-edit-preview.png'));
    await wb.dialog('Recreate');
    await until(
      'the container back on the network at its moved address',
      async () =>
        /172\.22\.0\.10/.test(
          await wb
            .row(container)
            .innerText()
            .catch(() => ''),
        ),
      20_000,
    );
    const inspected = JSON.parse(docker('network', 'inspect', net))[0];
    assert.strictEqual(inspected.Internal, true);
    assert.strictEqual(inspected.Attachable, true);
    assert.strictEqual(inspected.IPAM.Config[0].Subnet, '172.22.0.0/16');
    assert.strictEqual(inspected.EnableIPv6, true);
    assert.ok(
      inspected.IPAM.Config.some((c) => c.Subnet === v6subnet),
      JSON.stringify(inspected.IPAM.Config),
    );
  });

  it('inspects the network and disconnects the container from the panel', async () => {
    await wb.contextMenu(net, 'Inspect Network');
    const frame = await wb.webview(`button[aria-label="Disconnect: ${container}"]`, 30_000);
    await wb.shot(join(shots, '12-inspect.png'));
    // The panel's Edit Network… opens the form on this network; Escape leaves it untouched.
    await frame.locator('vscode-button', { hasText: 'Edit Network…' }).click();
    await wb.page.locator('.quick-input-list .monaco-list-row[aria-label*="172.22.0.0/16"]').first().waitFor();
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    // Host plumbing: the container's interface on the network (a new one since the edit connected it
    // again) ⇄ the host end of its veth pair, a port of this network's bridge.
    const plumbing = frame.locator('section', { has: frame.locator('h2', { hasText: 'Host plumbing' }) });
    await until(
      'the host plumbing of the container',
      async () => /eth\d+ ⇄ veth\w+/.test(await plumbing.innerText()),
      15_000,
    );
    assert.match(await plumbing.innerText(), /br-[0-9a-f]{12}/);
    await plumbing.scrollIntoViewIfNeeded();
    await wb.shot(join(shots, '12b-host-plumbing.png'));
    await frame.locator(`button[aria-label="Disconnect: ${container}"]`).click();
    await wb.dialog('Disconnect');
    await frame.locator('td', { hasText: container }).first().waitFor({ state: 'detached', timeout: 10_000 });
    await wb.page
      .locator('.sidebar')
      .locator(`.monaco-list-row[aria-label^="${container}"]`)
      .waitFor({ state: 'detached', timeout: 10_000 });
    await wb.command('View: Close All Editors');
  });

  it('duplicates the network through the same form, on the next free subnet', async () => {
    await wb.contextMenu(net, 'Duplicate Network…');
    await wb.answer(copy);
    // The form: the copy's settings, its subnet the next free /16.
    const subnetRow = wb.page.locator('.quick-input-list .monaco-list-row[aria-label^="Subnet"]').first();
    await subnetRow.waitFor();
    const proposed = /(\d+\.\d+\.\d+\.\d+\/16)/.exec(await subnetRow.getAttribute('aria-label'))?.[1];
    assert.ok(proposed && proposed !== '172.22.0.0/16', `proposed ${proposed}`);
    await wb.pick('Create');
    await wb.row(copy).waitFor({ timeout: 15_000 });
    const made = JSON.parse(docker('network', 'inspect', copy))[0];
    assert.strictEqual(made.IPAM.Config[0].Subnet, proposed);
    assert.strictEqual(made.Internal, true);
    assert.strictEqual(made.Attachable, true);
    // Its IPv6 subnet: a free one proposed in the form, as this engine has no pool to take one from.
    const v6 = (n) => n.IPAM.Config.find((c) => c.Subnet.includes(':'))?.Subnet;
    assert.strictEqual(made.EnableIPv6, true);
    assert.match(v6(made) ?? '', /^fd[0-9a-f:]+\/64$/);
    assert.notStrictEqual(v6(made), v6(JSON.parse(docker('network', 'inspect', net))[0]));
  });

  it('removes the network after its confirmation', async () => {
    await wb.contextMenu(net, 'Remove Network…');
    const text = await wb.dialogText();
    assert.match(text, new RegExp(`Remove the network ${net} from \\S.*\\?`));
    await wb.shot(join(shots, '13-remove-confirm.png'));
    await wb.dialog('Remove');
    await wb.row(net).waitFor({ state: 'detached', timeout: 10_000 });
    assert.ok(!exists(net));
  });

  it('prunes unused networks after a preview that names them', async () => {
    for (const n of unused) docker('network', 'create', n);
    await wb.row(unused[1]).waitFor({ timeout: 10_000 });
    await wb.command('Docker Networks: Prune Unused Networks…');
    const text = await wb.dialogText();
    for (const n of unused) assert.ok(text.includes(n), `the preview names ${n}: ${text}`);
    await wb.shot(join(shots, '14-prune-preview.png'));
    await wb.dialog('Prune');
    for (const n of unused) await wb.row(n).waitFor({ state: 'detached', timeout: 10_000 });
    for (const n of unused) assert.ok(!exists(n));
  });

  it('shows the topology graph', async () => {
    await wb.command('Docker Networks: Show Topology');
    const frame = await wb.webview('canvas', 30_000);
    assert.ok((await frame.locator('canvas').count()) > 0);
    await wb.page.waitForTimeout(1_500);
    await wb.shot(join(shots, '15-topology.png'));
    // The container is left on the default bridge, a built-in network.
    await frame.getByLabel('Built-in networks').check();
    await frame.getByLabel('Host plumbing').check();
    await frame.getByText(/In the host — bridges: [1-9]\d*, veth pairs: [1-9]\d*/).waitFor({ timeout: 15_000 });
    await wb.page.waitForTimeout(1_000);
    await wb.shot(join(shots, '16-topology-plumbing.png'));
    await wb.command('View: Close All Editors');
  });

  it('shows the address space: the pool, its networks, the host routes looked at', async () => {
    await wb.command('Docker Networks: Show Address Space');
    const frame = await wb.webview('details.address-space[open] table', 30_000);
    const text = await frame.locator('details.address-space').innerText();
    assert.match(text, /10\.128\.0\.0\/9/);
    assert.match(text, /Overlaps with this machine's routes/);
    assert.match(text, /default-address-pools/);
    await wb.page.waitForTimeout(800);
    await wb.shot(join(shots, '16c-address-space.png'));
    await wb.command('View: Close All Editors');
  });

  it('shows the engine stopped, and recovers by itself when it starts again', async () => {
    const script = join(root, 'scripts', 'engine.sh');
    execFileSync('bash', [script, 'halt', process.env.DN_ENGINE_DIR], { stdio: 'ignore' });
    try {
      const message = wb.page.locator('.pane-body .message', { hasText: /does not exist|Nothing accepts/ }).first();
      await message.waitFor({ timeout: 10_000 });
      for (const action of ['Retry', 'Open Settings', 'Show Log']) await wb.row(action).waitFor({ timeout: 15_000 });
      await wb.shot(join(shots, '16-engine-stopped.png'));
    } finally {
      execFileSync('bash', [script, 'resume', process.env.DN_ENGINE_DIR], { stdio: 'ignore' });
    }
    await wb.row('bridge').waitFor({ timeout: 15_000 });
    await wb.shot(join(shots, '17-engine-back.png'));
  });
});

describe('a slow engine in the real UI', function () {
  let wb;
  let proxy;
  const net = `e2e-slow-${tag}`;
  before(async () => {
    requireEngine();
    const { SocketProxy } = require(join(root, 'out', 'test', 'support', 'proxy.js'));
    proxy = new SocketProxy(process.env.DOCKER_HOST.replace(/^unix:\/\//, ''));
    await proxy.listen();
    docker('network', 'create', net);
    wb = await openWorkbench({
      settings: {
        'dockerNetworks.engines': [{ name: 'slow', host: proxy.host }],
        'dockerNetworks.requestTimeoutSeconds': 60,
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb?.shot(join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await wb?.close();
    await proxy?.dispose();
    quietly(() => docker('network', 'rm', net));
  });

  it('cancels a request from its progress notification, and nothing is removed', async () => {
    await wb.page.locator('.activitybar .action-item a[aria-label^="Docker"]').first().click();
    await wb.row('slow').waitFor({ timeout: 20_000 });
    // Engines start expanded: the network shows under both (the proxy leads to the same engine);
    // collapsing "default" leaves the copy under "slow".
    const copies = wb.page.locator(`.monaco-list-row[aria-label^="${net}"]`);
    await copies.nth(1).waitFor({ timeout: 15_000 });
    await wb.setExpanded(wb.row('default'), false);
    await copies.nth(1).waitFor({ state: 'detached', timeout: 15_000 });
    // From now on a request to remove a network waits 8 s before it reaches the engine.
    proxy.slowRequests = { pattern: /^DELETE \/networks\//, ms: 8_000 };
    await wb.row(net).click({ button: 'right' });
    await wb.chooseMenuItem('Remove Network…');
    await wb.dialog('Remove');
    const toast = wb.page.locator('.notification-toast', { hasText: 'Removing networks' }).first();
    await toast.waitFor({ timeout: 10_000 });
    await wb.shot(join(shots, '18-slow-progress.png'));
    const cancelled = Date.now();
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    // Cancelling is quiet, as elsewhere in VS Code: the progress goes away and nothing is reported done.
    await toast.waitFor({ state: 'detached', timeout: 15_000 });
    const ms = Date.now() - cancelled;
    await wb.page.waitForTimeout(1_000);
    await wb.shot(join(shots, '19-slow-cancelled.png'));
    assert.strictEqual(
      await wb.page.locator('.notification-toast', { hasText: 'Removed network' }).count(),
      0,
      'no removal reported',
    );
    console.log(
      `      Cancel in the progress notification → progress gone in ${ms} ms; the request never reached the engine`,
    );
    // Past the time the held request would have reached the engine: it never did.
    await wb.page.waitForTimeout(Math.max(0, 9_000 - (Date.now() - cancelled)));
    assert.ok(exists(net), 'nothing was removed');
    assert.ok(
      proxy.requests.some((r) => r.startsWith('DELETE /networks/')),
      'the request was on its way when it was cancelled',
    );
  });
});
