// Every command invoked with an arguments object in the real VS Code, checked against the engine
// afterwards; bad arguments are refused with a message and no change request reaches the engine
// (a recording proxy sits between the extension and the engine for those).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockerNetworksApi } from '../../../src/api';
import { Cleanup, docker, dockerAt, privateEngine, uniqueName, waitFor } from '../../support/docker';
import { SocketProxy } from '../../support/proxy';
import { extensionApi, setSetting, showView } from '../helpers';

const run = <T = unknown>(command: string, args: object) =>
  Promise.resolve(vscode.commands.executeCommand<T>(`dockerNetworks.${command}`, args));
const inspect = async (what: string, format: string) =>
  JSON.parse(await docker('inspect', what, '--format', `{{json ${format}}}`)) as unknown;

describe('Commands with arguments objects', function () {
  this.timeout(120_000);
  let api: DockerNetworksApi;
  const cleanup = new Cleanup();
  before(async () => {
    api = await extensionApi();
    await showView();
    await waitFor('the engine', () => api.snapshot().engines[0].status === 'ready');
  });
  afterEach(() => cleanup.run());

  it('createNetwork: the seed example, my_network --attachable --subnet 172.21.0.0/16', async () => {
    const name = cleanup.network(uniqueName('my_network'));
    const result = await run<{ id: string; name: string }>('createNetwork', {
      name,
      attachable: true,
      subnet: '172.21.0.0/16',
    });
    assert.strictEqual(result.name, name);
    assert.match(result.id, /^[0-9a-f]{64}$/);
    assert.strictEqual(await inspect(name, '.Attachable'), true);
    assert.deepStrictEqual(await inspect(name, '.IPAM.Config'), [{ Subnet: '172.21.0.0/16' }]);
    assert.ok(
      api.snapshot().engines[0].networks.some((n) => n.name === name),
      'the tree has it without a manual refresh',
    );
  });

  it('createNetwork: every option', async () => {
    const name = cleanup.network(uniqueName('dn-all'));
    await run('createNetwork', {
      name,
      driver: 'bridge',
      subnet: '10.250.100.0/24',
      gateway: '10.250.100.1',
      ipRange: '10.250.100.128/25',
      auxAddresses: { router: '10.250.100.2' },
      ipv6: true,
      ipv6Subnet: 'fd00:100::/64',
      ipv6Gateway: 'fd00:100::1',
      internal: true,
      labels: { team: 'net' },
      options: { 'com.docker.network.driver.mtu': '1400' },
      ipamDriver: 'default',
      ipamOptions: {},
    });
    assert.deepStrictEqual(await inspect(name, '.IPAM.Config'), [
      {
        Subnet: '10.250.100.0/24',
        IPRange: '10.250.100.128/25',
        Gateway: '10.250.100.1',
        AuxiliaryAddresses: { router: '10.250.100.2' },
      },
      { Subnet: 'fd00:100::/64', Gateway: 'fd00:100::1' },
    ]);
    assert.strictEqual(await inspect(name, '.Internal'), true);
    assert.strictEqual(await inspect(name, '.EnableIPv6'), true);
    assert.deepStrictEqual(await inspect(name, '.Labels'), { team: 'net' });
    assert.deepStrictEqual(await inspect(name, '.Options'), { 'com.docker.network.driver.mtu': '1400' });
  });

  it('createNetwork: an overlay network with IPv6 and no IPv6 subnet, on a swarm before Docker 27, is refused before the engine is asked', async () => {
    // Such a swarm makes the network, but no container can join it: the node finds no IPv6 pool
    // when one does, and the start fails after a timeout.
    const host = process.env.DN_SWARM_HOST;
    assert.ok(host, 'the swarm engine is running (scripts/test.sh sets DN_SWARM_HOST)');
    const [major, minor] = (await dockerAt(host, 'version', '--format', '{{.Server.APIVersion}}'))
      .split('.')
      .map(Number);
    assert.ok(major === 1 && minor < 46, 'the swarm engine is older than Docker 27 (API 1.46)');
    const onSwarm = new Cleanup(host);
    await setSetting('engines', [{ name: 'swarm', host }]);
    try {
      await waitFor(
        'the swarm engine',
        () => api.snapshot().engines.find((e) => e.name === 'swarm')?.status === 'ready',
      );
      const name = onSwarm.network(uniqueName('dn-ov6'));
      const overlay = { engine: 'swarm', name, driver: 'overlay', attachable: true, ipv6: true };
      await assert.rejects(
        run('createNetwork', overlay),
        /swarm has no IPv6 pool \(Docker before 27, its daemon given none\): .* needs an IPv6 subnet of its own to have IPv6\. Give one \(ipv6Subnet\); nothing was done\./,
      );
      await assert.rejects(dockerAt(host, 'network', 'inspect', name), /not found|No such network/i);
      // With one given it is made, and a container joins it with an address in it.
      await run('createNetwork', { ...overlay, subnet: '10.212.0.0/24', ipv6Subnet: 'fd00:212::/64' });
      const c = onSwarm.container(uniqueName('dn-ov6-c'));
      await dockerAt(host, 'run', '-d', '--name', c, '--network', name, 'tiny:latest', 'sleep', '300');
      const [info] = JSON.parse(await dockerAt(host, 'inspect', c));
      assert.match(info.NetworkSettings.Networks[name].GlobalIPv6Address, /^fd00:212::/);
    } finally {
      await onSwarm.run();
      await setSetting('engines', undefined);
    }
  });

  it('connectContainer with a static address and aliases, then disconnectContainer', async () => {
    const network = cleanup.network(uniqueName('dn-conn'));
    await run('createNetwork', { name: network, subnet: '10.250.101.0/24' });
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '3600');
    await run('connectContainer', { network, container: c, ipv4: '10.250.101.42', aliases: ['api', 'backend'] });
    const settings = (await inspect(c, `(index .NetworkSettings.Networks "${network}")`)) as {
      IPAddress: string;
      Aliases: string[];
    };
    assert.strictEqual(settings.IPAddress, '10.250.101.42');
    assert.ok(settings.Aliases.includes('api') && settings.Aliases.includes('backend'));
    const endpoint = api
      .snapshot()
      .engines[0].networks.find((n) => n.name === network)
      ?.endpoints.find((e) => e.containerName === c);
    assert.strictEqual(endpoint?.ipv4, '10.250.101.42');

    await run('disconnectContainer', { network, container: c, confirm: false });
    assert.strictEqual(await inspect(c, `(index .NetworkSettings.Networks "${network}")`), null);
  });

  it('removeNetwork: refuses built-in networks and running containers unless told to disconnect them', async () => {
    await assert.rejects(
      run('removeNetwork', { network: 'bridge', confirm: false }),
      /built-in networks cannot be removed/,
    );
    const network = cleanup.network(uniqueName('dn-rm'));
    await run('createNetwork', { name: network });
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, '--network', network, 'tiny:latest', 'sleep', '3600');
    await waitFor('the container under the network', () =>
      api
        .snapshot()
        .engines[0].networks.find((n) => n.name === network)
        ?.endpoints.some((e) => e.state === 'running'),
    );
    await assert.rejects(
      run('removeNetwork', { network, confirm: false }),
      new RegExp(`Containers are running on ${network}: ${c}\\. Pass disconnectAll`),
    );
    const removed = await run<string[]>('removeNetwork', { network, confirm: false, disconnectAll: true });
    assert.deepStrictEqual(removed, [network]);
    await assert.rejects(docker('network', 'inspect', network), /No such network|not found/);
  });

  it('removeNetwork: several at once', async () => {
    const names = [cleanup.network(uniqueName('dn-m1')), cleanup.network(uniqueName('dn-m2'))];
    for (const name of names) await run('createNetwork', { name });
    assert.deepStrictEqual(await run('removeNetwork', { networks: names, confirm: false }), names);
  });

  it('pruneNetworks: removes unused networks and says which', async () => {
    const unused = cleanup.network(uniqueName('dn-unused'));
    await run('createNetwork', { name: unused });
    const removed = await run<string[]>('pruneNetworks', { confirm: false });
    assert.ok(removed.includes(unused), removed.join(', '));
    assert.ok(!api.snapshot().engines[0].networks.some((n) => n.name === unused));
  });

  it('runContainer: starts a container on the network', async () => {
    const network = cleanup.network(uniqueName('dn-runnet'));
    await run('createNetwork', { name: network, subnet: '10.250.102.0/24' });
    const name = cleanup.container(uniqueName('dn-runc'));
    const result = await run<{ id: string; name: string }>('runContainer', {
      network,
      image: 'tiny:latest',
      name,
      command: ['sleep', '300'],
    });
    assert.strictEqual(result.name, name);
    assert.strictEqual(await inspect(name, '.State.Status'), 'running');
    assert.deepStrictEqual(Object.keys((await inspect(name, '.NetworkSettings.Networks')) as object), [network]);
  });

  it('copy commands put the text on the clipboard and return it', async () => {
    const network = cleanup.network(uniqueName('dn-copy'));
    const { id } = await run<{ id: string }>('createNetwork', {
      name: network,
      subnet: '10.250.103.0/24',
      labels: { "it's": '$(x)' },
    });
    assert.strictEqual(await run('copyName', { network }), network);
    assert.strictEqual(await vscode.env.clipboard.readText(), network);
    assert.strictEqual(await run('copyId', { network }), id);
    const line = await run<string>('copyCreateCommand', { network });
    assert.strictEqual(line, `docker network create --subnet 10.250.103.0/24 --label 'it'\\''s=$(x)' ${network}`);
    assert.strictEqual(await vscode.env.clipboard.readText(), line);
    assert.strictEqual(
      await run('copyComposeEntry', { network }),
      `networks:\n  "${network}":\n    name: "${network}"\n    external: true\n`,
    );
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, '--network', network, '--ip', '10.250.103.9', 'tiny:latest', 'sleep', '300');
    await waitFor('the container', () =>
      api
        .snapshot()
        .engines[0].networks.find((n) => n.name === network)
        ?.endpoints.some((e) => e.ipv4 === '10.250.103.9'),
    );
    assert.strictEqual(await run('copyIpAddress', { network, container: c }), '10.250.103.9');
  });

  describe('bad arguments never reach the engine', function () {
    // Its own cleanup: the outer afterEach runs after each of these tests too.
    const guard = new Cleanup();
    let proxy: SocketProxy;
    let network: string;
    let container: string;
    let other: string;
    before(async () => {
      network = guard.network(uniqueName('dn-guard'));
      await docker('network', 'create', '--subnet', '10.250.104.0/24', '--gateway', '10.250.104.1', network);
      container = guard.container(uniqueName('dn-guard-c'));
      await docker(
        'run',
        '-d',
        '--name',
        container,
        '--network',
        network,
        '--ip',
        '10.250.104.5',
        'tiny:latest',
        'sleep',
        '3600',
      );
      other = guard.container(uniqueName('dn-guard-o'));
      await docker('run', '-d', '--name', other, 'tiny:latest', 'sleep', '3600');
      proxy = new SocketProxy(privateEngine().host.slice('unix://'.length));
      await proxy.listen();
      await setSetting('engines', [{ name: 'recorded', host: proxy.host }]);
      await waitFor(
        'the recorded engine',
        () => api.snapshot().engines.find((e) => e.name === 'recorded')?.status === 'ready',
      );
    });
    after(async () => {
      await setSetting('engines', undefined);
      await proxy.dispose();
      await guard.run();
    });

    const refused: Array<[string, () => object, RegExp]> = [
      [
        'createNetwork with an overlapping subnet',
        () => ({ name: 'x-overlap', subnet: '10.250.104.0/25' }),
        /overlaps the subnet 10\.250\.104\.0\/24 of the network/,
      ],
      [
        'createNetwork with a gateway outside the subnet',
        () => ({ name: 'x-gw', subnet: '10.250.105.0/24', gateway: '10.250.106.1' }),
        /not inside 10\.250\.105\.0\/24/,
      ],
      ['createNetwork with a taken name', () => ({ name: network }), /already exists/],
      ['createNetwork with a line break in the name', () => ({ name: 'a\nb' }), /control characters/],
      ['createNetwork with an unknown field', () => ({ name: 'x', colour: 'blue' }), /unknown argument "colour"/],
      ['createNetwork with a wrong type', () => ({ name: 'x', internal: 'yes' }), /"internal" must be of type boolean/],
      [
        'connectContainer to the gateway address',
        () => ({ network, container: other, ipv4: '10.250.104.1' }),
        /is the gateway/,
      ],
      [
        'connectContainer to an address in use',
        () => ({ network, container: other, ipv4: '10.250.104.5' }),
        /already used by/,
      ],
      [
        'connectContainer outside the subnet',
        () => ({ network, container: other, ipv4: '10.9.9.9' }),
        /not inside the subnet/,
      ],
      [
        'connectContainer with a static address on the default bridge',
        () => ({ network: 'bridge', container, ipv4: '172.17.0.99' }),
        /does not take a static address/,
      ],
      ['connectContainer when already connected', () => ({ network, container }), /already connected/],
      [
        'connectContainer with a bad alias',
        () => ({ network, container: other, aliases: ['a b'] }),
        /not a valid alias/,
      ],
      [
        'connectContainer to the host network',
        () => ({ network: 'host', container: other }),
        /No container can be connected to the host network/,
      ],
      [
        'disconnectContainer of a container not on the network',
        () => ({ network: 'host', container }),
        /is not connected to host/,
      ],
      [
        'removeNetwork of a network that does not exist',
        () => ({ network: 'no-such-network-x', confirm: false }),
        /There is no network "no-such-network-x"/,
      ],
      ['removeNetwork of the default bridge', () => ({ network: 'bridge', confirm: false }), /built-in/],
      [
        'runContainer with a bad container name',
        () => ({ network, image: 'tiny:latest', name: '-bad' }),
        /container name must start/,
      ],
      ['runContainer with an image with spaces', () => ({ network, image: 'tiny latest' }), /no spaces/],
    ];
    for (const [what, args, message] of refused) {
      it(`refuses ${what}`, async () => {
        const command = what.split(' ')[0];
        const before = proxy.requests.length;
        await assert.rejects(run(command, { ...args(), engine: 'recorded' }), message);
        const sent = proxy.requests.slice(before).filter((r) => !r.startsWith('GET '));
        assert.deepStrictEqual(sent, [], 'only reads, no change, reached the engine');
      });
    }

    it('the proxy does see what an accepted command sends (the check above is real)', async () => {
      const name = cleanup.network(uniqueName('dn-seen'));
      const before = proxy.requests.length;
      await run('createNetwork', { name, engine: 'recorded' });
      assert.ok(
        proxy.requests.slice(before).includes('POST /networks/create'),
        proxy.requests.slice(before).join(', '),
      );
    });
  });
});
