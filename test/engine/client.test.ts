// engine/ against the private real engine: every operation, read back through the engine.
import * as assert from 'assert';
import { DETAIL_REQUESTS, EngineClient } from '../../src/engine/client';
import { EngineError } from '../../src/engine/errors';
import { buildSnapshot } from '../../src/model/snapshot';
import { readPids } from '../../src/store/plumbing';
import { Cleanup, docker, privateEngine, uniqueName } from '../support/docker';

describe('EngineClient on a real engine', function () {
  const client = new EngineClient(privateEngine());
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('pings and reads version and info', async () => {
    await client.ping();
    const version = await client.version();
    assert.match(version.ApiVersion ?? '', /^1\.\d+$/);
    const info = await client.info();
    assert.ok(info.ServerVersion);
  });

  it('lists the built-in networks', async () => {
    const names = (await client.listNetworks()).map((n) => n.Name);
    for (const builtIn of ['bridge', 'host', 'none']) assert.ok(names.includes(builtIn), builtIn);
  });

  it('creates, inspects and removes a network with every common option', async () => {
    const name = cleanup.network(uniqueName('dn-create'));
    const created = await client.createNetwork({
      Name: name,
      CheckDuplicate: true,
      Driver: 'bridge',
      Attachable: true,
      Internal: true,
      IPAM: {
        Driver: 'default',
        Config: [
          {
            Subnet: '10.250.1.0/24',
            Gateway: '10.250.1.1',
            IPRange: '10.250.1.128/25',
            AuxiliaryAddresses: { router: '10.250.1.2' },
          },
        ],
      },
      Options: { 'com.docker.network.driver.mtu': '1400' },
      Labels: { team: 'net', '<script>': 'x"y' },
    });
    assert.match(created.id, /^[0-9a-f]{64}$/);
    const n = await client.inspectNetwork(name);
    assert.strictEqual(n.Id, created.id);
    assert.strictEqual(n.Internal, true);
    assert.strictEqual(n.Attachable, true);
    assert.deepStrictEqual(n.IPAM?.Config, [
      {
        Subnet: '10.250.1.0/24',
        Gateway: '10.250.1.1',
        IPRange: '10.250.1.128/25',
        AuxiliaryAddresses: { router: '10.250.1.2' },
      },
    ]);
    assert.strictEqual(n.Options?.['com.docker.network.driver.mtu'], '1400');
    assert.deepStrictEqual(n.Labels, { team: 'net', '<script>': 'x"y' });
    await client.removeNetwork(created.id);
    await assert.rejects(client.inspectNetwork(created.id), (e: EngineError) => e.kind === 'notFound');
  });

  it('finds networks with names that break naive code', async () => {
    for (const name of ['a b', 'x"y', '<img src=x onerror=alert(1)>', 'ネットワーク']) {
      cleanup.network(name);
      const { id } = await client.createNetwork({ Name: name, CheckDuplicate: true });
      const byName = await client.inspectNetwork(name);
      assert.strictEqual(byName.Id, id, name);
      assert.strictEqual(byName.Name, name);
    }
  });

  it('connects with a static IP and aliases, lists it, and disconnects', async () => {
    const network = cleanup.network(uniqueName('dn-conn'));
    await client.createNetwork({ Name: network, IPAM: { Config: [{ Subnet: '10.250.2.0/24' }] } });
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '3600');
    await client.connect(network, c, { ipv4: '10.250.2.77', aliases: ['api', 'backend'] });

    const snapshot = buildSnapshot(await client.listNetworks(), await client.listContainers());
    const model = snapshot.networks.find((n) => n.name === network)!;
    assert.strictEqual(model.endpoints.length, 1);
    const endpoint = model.endpoints[0];
    assert.strictEqual(endpoint.containerName, c);
    assert.strictEqual(endpoint.ipv4, '10.250.2.77');
    assert.strictEqual(endpoint.configuredIpv4, '10.250.2.77');
    assert.deepStrictEqual(endpoint.otherNetworks, ['bridge']);
    // The list call leaves Aliases null (engine 20.10); the container's own inspect has them.
    const aliases = JSON.parse(
      await docker('inspect', c, '--format', `{{json (index .NetworkSettings.Networks "${network}").Aliases}}`),
    ) as string[];
    assert.ok(aliases.includes('api') && aliases.includes('backend'), aliases.join(','));

    await client.disconnect(network, c);
    const after = buildSnapshot(await client.listNetworks(), await client.listContainers());
    assert.strictEqual(after.networks.find((n) => n.name === network)!.endpoints.length, 0);
  });

  it('prunes unused networks and reports their names', async () => {
    const unused = cleanup.network(uniqueName('dn-prune'));
    const used = cleanup.network(uniqueName('dn-keep'));
    const configured = cleanup.network(uniqueName('dn-created'));
    for (const name of [unused, used, configured]) await client.createNetwork({ Name: name });
    await docker(
      'run',
      '-d',
      '--name',
      cleanup.container(uniqueName('dn-c')),
      '--network',
      used,
      'tiny:latest',
      'sleep',
      '3600',
    );
    await docker(
      'create',
      '--name',
      cleanup.container(uniqueName('dn-c')),
      '--network',
      configured,
      'tiny:latest',
      'sleep',
      '1',
    );
    const removed = await client.pruneNetworks();
    assert.ok(removed.includes(unused), `pruned ${removed.join(', ')}`);
    assert.ok(!removed.includes(used), 'a network a running container uses stays');
    // The engine counts only active endpoints: a network that only a never-started container is
    // configured on goes too. The prune preview must say so.
    assert.ok(removed.includes(configured), 'the engine prunes networks of containers that never started');
  });

  it('lists images and runs a container on a network, as docker run --network does', async () => {
    const images = await client.listImages();
    assert.ok(images.some((i) => i.RepoTags?.includes('tiny:latest')));
    const network = cleanup.network(uniqueName('dn-run'));
    await client.createNetwork({ Name: network, IPAM: { Config: [{ Subnet: '10.250.3.0/24' }] } });
    const name = cleanup.container(uniqueName('dn-run-c'));
    const { id } = await client.runContainer({ image: 'tiny:latest', network, name, command: ['sleep', '300'] });
    const inspect = await client.inspectContainer(id);
    assert.strictEqual(inspect.State?.Status, 'running');
    assert.deepStrictEqual(Object.keys(inspect.NetworkSettings?.Networks ?? {}), [network], 'only on that network');
    assert.match(inspect.NetworkSettings?.Networks?.[network]?.IPAddress ?? '', /^10\.250\.3\./);
  });

  it('removes a container that cannot start instead of leaving it behind', async () => {
    const name = uniqueName('dn-bad');
    await assert.rejects(
      client.runContainer({ image: 'tiny:latest', network: 'bridge', name, command: ['/no/such/binary'] }),
    );
    await assert.rejects(client.inspectContainer(name), (e: EngineError) => e.kind === 'notFound');
  });

  it('honours a cancellation signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      client.listNetworks({ signal: controller.signal }),
      (e: EngineError) => e.kind === 'cancelled',
    );
  });

  it('inspects at most a few containers at a time, however many a panel asks for', async () => {
    const names = Array.from({ length: 24 }, () => cleanup.container(uniqueName('dn-many')));
    await Promise.all(names.map((n) => docker('create', '--name', n, 'tiny:latest', 'sleep', '1')));
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, client.inspects.active)), 1);
    try {
      const pids = await readPids(client, names);
      assert.strictEqual(pids.size, 0, 'created, not started: no processes');
    } finally {
      clearInterval(sampler);
    }
    assert.ok(most >= 1 && most <= DETAIL_REQUESTS, `${most} inspects at once`);
  });
});
