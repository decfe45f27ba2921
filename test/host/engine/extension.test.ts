// The extension in a real VS Code, against the private engine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DockerNetworksApi } from '../../../src/api';
import { EXTENSION_ID, Views } from '../../../src/commands/ids';
import { Cleanup, docker, privateEngine, uniqueName, waitFor } from '../../support/docker';

describe('Docker Networks in VS Code', function () {
  let api: DockerNetworksApi;
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  before(async () => {
    privateEngine(); // fails clearly when the suite runs without the private engine
    const extension = vscode.extensions.getExtension<DockerNetworksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    (globalThis as { __dnActivationMs?: number }).__dnActivationMs = api.activationMs;
    console.log(`[host] activate() took ${api.activationMs.toFixed(2)} ms`);
  });

  it('activates without calling the engine before the view is shown', () => {
    // How long activate() takes is the benchmark's measure (bench/), logged above.
    const [engine] = api.snapshot().engines;
    assert.strictEqual(engine.status, 'idle', 'no engine call yet');
    assert.strictEqual(engine.host, process.env.DOCKER_HOST);
  });

  it('registers every command package.json declares, and no other', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('dockerNetworks.')).sort();
    // VS Code adds focus/reset commands for each contributed view.
    const own = registered.filter(
      (c) => !c.startsWith(`${Views.networks}.`) && !c.startsWith('dockerNetworks.inspect.'),
    );
    assert.deepStrictEqual(own, declared);
  });

  it('shows the networks once the view is opened, including one made with the docker CLI', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
    await waitFor('the engine to be read', () => api.snapshot().engines[0].status === 'ready');
    const roots = await api.treeItems();
    assert.ok(
      roots.some((i) => i.label === 'bridge' && i.description?.startsWith('bridge · local')),
      JSON.stringify(roots),
    );

    const name = cleanup.network(uniqueName('dn-host'));
    const changed = new Promise<void>((resolve) => {
      const sub = api.onDidChange(() => {
        if (api.snapshot().engines[0].networks.some((n) => n.name === name)) {
          sub.dispose();
          resolve();
        }
      });
    });
    const started = Date.now();
    await docker('network', 'create', '--subnet', '10.250.40.0/24', name);
    await changed;
    console.log(`[host] docker network create → tree change in ${Date.now() - started} ms`);
    const item = (await api.treeItems()).find((i) => i.label === name);
    assert.ok(item, 'the tree shows the new network');
    assert.strictEqual(item.description, 'bridge · local · 10.250.40.0/24');
    assert.match(item.contextValue ?? '', /^dockerNetworks:network\b.*\+custom/);
  });

  it('lists a container under its network with its address', async () => {
    const network = cleanup.network(uniqueName('dn-host'));
    await docker('network', 'create', '--subnet', '10.250.41.0/24', network);
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, '--network', network, '--ip', '10.250.41.5', 'tiny:latest', 'sleep', '3600');
    const item = await waitFor('the network with its container', async () =>
      (await api.treeItems()).find((i) => i.label === network && i.collapsible),
    );
    // `docker run` returns once the container starts; the tree may first have seen it created.
    const children = await waitFor('the running container', async () => {
      const items = await api.treeItems(item.id);
      return items.length === 1 && items[0].description === '10.250.41.5' && items;
    });
    assert.strictEqual(children[0].label, c);
    assert.match(children[0].contextValue ?? '', /^dockerNetworks:container\+running/);
  });

  it('inspects a network in a webview panel', async () => {
    const name = cleanup.network(uniqueName('dn-inspect'));
    await docker('network', 'create', name);
    await waitFor('the network', () => api.snapshot().engines[0].networks.some((n) => n.name === name));
    await vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: name });
    const tab = await waitFor('the panel', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.label === `Network: ${name}`),
    );
    assert.ok(tab.isActive);
    // A second inspect reveals the same panel instead of opening another.
    await vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: name });
    const panels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === `Network: ${name}`);
    assert.strictEqual(panels.length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses bad arguments with a message, before asking the engine', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: 42 })),
      /"network" must be of type string/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: 'x', colour: 'red' })),
      /unknown argument "colour"/,
    );
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('dockerNetworks.inspectNetwork', { network: 'no-such-network-anywhere' }),
      ),
      /There is no network "no-such-network-anywhere"/,
    );
  });
});
