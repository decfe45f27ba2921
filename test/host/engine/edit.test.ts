// Edit Network through its arguments object in the real VS Code: what it refuses before anything
// is touched, and the result of an edit (the recreate itself is proven in test/engine/recreate).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../../src/commands/ids';
import { Cleanup, docker, uniqueName, waitFor } from '../../support/docker';
import type { DockerNetworksApi } from '../../../src/api';
import { readyApi } from '../helpers';

describe('Edit Network', function () {
  this.timeout(120_000);
  const cleanup = new Cleanup();
  let api: DockerNetworksApi;
  before(async () => {
    api = await readyApi();
  });
  afterEach(() => cleanup.run());

  const edit = async (args: Record<string, unknown>) => vscode.commands.executeCommand(Commands.editNetwork, args);

  it('refuses what it cannot do before anything is touched, saying why', async () => {
    const net = cleanup.network(uniqueName('dn-edit'));
    await docker('network', 'create', '--subnet', '10.244.77.0/24', net);
    const id = await docker('network', 'inspect', '--format', '{{.Id}}', net);
    await assert.rejects(edit({ network: 'bridge', changes: { internal: true }, confirm: false }), /built-in network/);
    await assert.rejects(
      edit({ network: net, changes: { colour: 'red' }, confirm: false }),
      /unknown argument "colour"/,
    );
    await assert.rejects(edit({ network: net, changes: { subnet: '10.244.77.0/33' }, confirm: false }), /prefix|33/);
    await assert.rejects(
      edit({ network: net, changes: { gateway: '192.0.2.1' }, confirm: false }),
      /The gateway 192\.0\.2\.1 is not inside 10\.244\.77\.0\/24/,
    );
    await assert.rejects(edit({ network: net, changes: { internal: false }, confirm: false }), /change nothing/);
    await assert.rejects(
      edit({ network: net, changes: { dnsServers: ['192.0.2.53'] }, confirm: false }),
      /only Podman networks have DNS servers of their own/,
    );
    await assert.rejects(
      edit({
        network: net,
        changes: { subnet: '10.244.78.0/24' },
        addressMap: { nobody: '10.244.78.5' },
        confirm: false,
      }),
      /nobody is not on/,
    );
    assert.strictEqual(await docker('network', 'inspect', '--format', '{{.Id}}', net), id, 'untouched');
  });

  it('on an engine with no IPv6 pool, refuses IPv6 with no IPv6 subnet before anything moves', async () => {
    // Docker 27 (API 1.46) and later give such a network a subnet of their own: this is an older engine's case.
    const apiVersion = await docker('version', '--format', '{{.Server.APIVersion}}');
    const [major, minor] = apiVersion.split('.').map(Number);
    assert.ok(major === 1 && minor < 46, `the test engine is older than Docker 27 (API ${apiVersion})`);
    const net = cleanup.network(uniqueName('dn-edit6'));
    await docker('network', 'create', '--subnet', '10.244.82.0/24', net);
    const web = cleanup.container(uniqueName('dn-edit6-web'));
    await docker('run', '-d', '--name', web, '--network', net, 'tiny:latest', 'sleep', '600');
    const endpointOf = async () =>
      JSON.parse(await docker('inspect', web))[0].NetworkSettings.Networks[net]?.EndpointID;
    const id = await docker('network', 'inspect', '--format', '{{.Id}}', net);
    const endpoint = await endpointOf();
    const noPool = /has no IPv6 pool \(Docker before 27, its daemon given none\): .* needs an IPv6 subnet of its own/;
    await assert.rejects(edit({ network: net, changes: { ipv6: true }, confirm: false }), (e: Error) => {
      assert.match(e.message, noPool);
      assert.match(e.message, /Give one \(ipv6Subnet\); nothing was done\./);
      return true;
    });
    assert.strictEqual(await docker('network', 'inspect', '--format', '{{.Id}}', net), id, 'not recreated');
    assert.strictEqual(await endpointOf(), endpoint, 'the container was not disconnected');

    // A copy of an IPv6 network with its IPv6 subnet left to the engine: the same, and no copy made.
    const v6 = cleanup.network(uniqueName('dn-dup6'));
    await docker('network', 'create', '--ipv6', '--subnet', 'fd00:82::/64', v6);
    const copy = cleanup.network(uniqueName('dn-dup6-copy'));
    await assert.rejects(
      async () =>
        vscode.commands.executeCommand(Commands.duplicateNetwork, {
          network: v6,
          name: copy,
          changes: { ipv6Subnet: '' },
        }),
      noPool,
    );
    await assert.rejects(docker('network', 'inspect', copy), /not found|No such network/i);

    // With a subnet given it is done, and the container is back with a dynamic IPv6 address in it.
    const result = (await edit({
      network: net,
      changes: { ipv6: true, ipv6Subnet: 'fd00:83::/64' },
      confirm: false,
    })) as { reconnected: { container: string; ipv4?: string; ipv6?: string }[]; rolledBack: boolean };
    const [info] = JSON.parse(await docker('inspect', web));
    const { IPAddress, GlobalIPv6Address } = info.NetworkSettings.Networks[net];
    assert.match(GlobalIPv6Address, /^fd00:83::/);
    // The result says where the container is: its dynamic addresses too.
    assert.deepStrictEqual(result.reconnected, [{ container: web, ipv4: IPAddress, ipv6: GlobalIPv6Address }]);
    assert.strictEqual(result.rolledBack, false);
  });

  it('returns the new network and where each container is, with an address chosen for one', async () => {
    const net = cleanup.network(uniqueName('dn-edit'));
    await docker('network', 'create', '--subnet', '10.244.79.0/24', net);
    const web = cleanup.container(uniqueName('dn-edit-web'));
    await docker('run', '-d', '--name', web, '--network', net, '--ip', '10.244.79.9', 'tiny:latest', 'sleep', '600');
    // Its panel is open: it follows the network to its new ID.
    await vscode.commands.executeCommand(Commands.inspectNetwork, { network: net });
    const panelShows = (id: string) =>
      waitFor('the panel showing the recreated network', () => {
        const shown = api.panels().find((p) => p.title === `Network: ${net}`)?.shown;
        return shown?.type === 'network' && shown.view.id === id;
      });
    await panelShows(await docker('network', 'inspect', '--format', '{{.Id}}', net));
    const result = await edit({
      network: net,
      changes: { subnet: '10.244.80.0/24', labels: { edited: 'yes' } },
      addressMap: { [web]: '10.244.80.50' },
      confirm: false,
    });
    const id = await docker('network', 'inspect', '--format', '{{.Id}}', net);
    assert.deepStrictEqual(result, {
      id,
      name: net,
      reconnected: [{ container: web, ipv4: '10.244.80.50' }],
      rolledBack: false,
    });
    const [info] = JSON.parse(await docker('inspect', web));
    assert.strictEqual(info.NetworkSettings.Networks[net].IPAddress, '10.244.80.50');
    await panelShows(id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("duplicates a network under a new name on the next free subnet, not as its Compose project's", async () => {
    const net = cleanup.network(uniqueName('dn-dup'));
    await docker(
      'network',
      'create',
      '--subnet',
      '10.244.81.0/24',
      '--label',
      'team=net',
      '--label',
      'com.docker.compose.project=shop',
      '--opt',
      'com.docker.network.driver.mtu=1400',
      net,
    );
    const copy = cleanup.network(uniqueName('dn-dup-copy'));
    const result = await vscode.commands.executeCommand<{ id: string; name: string }>(Commands.duplicateNetwork, {
      network: net,
      name: copy,
    });
    const [made] = JSON.parse(await docker('network', 'inspect', copy));
    assert.deepStrictEqual(result, { id: made.Id, name: copy });
    assert.notStrictEqual(made.IPAM.Config[0].Subnet, '10.244.81.0/24');
    assert.match(made.IPAM.Config[0].Subnet, /\/24$/);
    assert.deepStrictEqual(made.Labels, { team: 'net' });
    assert.strictEqual(made.Options['com.docker.network.driver.mtu'], '1400');
    await assert.rejects(
      async () =>
        vscode.commands.executeCommand(Commands.duplicateNetwork, { network: 'bridge', name: uniqueName('x') }),
      /built-in/,
    );
    await assert.rejects(
      async () => vscode.commands.executeCommand(Commands.duplicateNetwork, { network: net, name: copy }),
      /already exists/,
    );
  });
});
