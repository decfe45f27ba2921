// The model built from the real engine's two list calls, for every driver and every container
// state, and for names the engine accepts that break naive code.
import * as assert from 'assert';
import { EngineClient } from '../../src/engine/client';
import { buildSnapshot, EngineSnapshot, NetworkModel } from '../../src/model/snapshot';
import { swarmDetails } from '../../src/model/swarm';
import { NetworkStore } from '../../src/store';
import {
  Cleanup,
  docker,
  dockerAt,
  DEFAULT_WAIT_MS,
  privateEngine,
  run,
  swarmEngine,
  uniqueName,
  waitFor,
} from '../support/docker';

const snapshotOf = async (client: EngineClient): Promise<EngineSnapshot> =>
  buildSnapshot(await client.listNetworks(), await client.listContainers());
const find = (s: EngineSnapshot, name: string): NetworkModel => {
  const n = s.networks.find((x) => x.name === name);
  assert.ok(n, `network ${name} is in the model`);
  return n;
};
const endpointOf = (n: NetworkModel, container: string) => {
  const e = n.endpoints.find((x) => x.containerName === container);
  assert.ok(e, `${container} is under ${n.name} (has ${n.endpoints.map((x) => x.containerName).join(', ')})`);
  return e;
};

describe('the model of a real engine, every driver and state', function () {
  this.timeout(90_000);
  const client = new EngineClient(privateEngine());
  const cleanup = new Cleanup();
  const name = (prefix: string) => uniqueName(prefix);
  let s: EngineSnapshot;
  const n: Record<string, string> = {};
  const c: Record<string, string> = {};

  before(async () => {
    n.app = cleanup.network(name('dn-app'));
    await docker('network', 'create', '--ipv6', '--subnet', '10.250.70.0/24', '--subnet', 'fd00:70::/64', n.app);
    const start = (key: string, ...args: string[]) =>
      docker('run', '-d', '--name', (c[key] = cleanup.container(name(`dn-${key}`))), ...args);
    await start('running', '--network', n.app, '--network-alias', 'alpha', 'tiny:latest', 'sleep', '3600');
    await start('other', '--network', n.app, '--network-alias', 'beta', 'tiny:latest', 'sleep', '3600');
    await docker(
      'create',
      '--name',
      (c.fresh = cleanup.container(name('dn-fresh'))),
      '--network',
      n.app,
      '--ip',
      '10.250.70.50',
      'tiny:latest',
      'sleep',
      '3600',
    );
    await start('stopped', '--network', n.app, 'tiny:latest', 'sleep', '3600');
    await docker('stop', '-t', '0', c.stopped);
    await start('paused', '--network', n.app, 'tiny:latest', 'sleep', '3600');
    await docker('pause', c.paused);
    await start('onhost', '--network', 'host', 'tiny:latest', 'sleep', '3600');
    await start('onnone', '--network', 'none', 'tiny:latest', 'sleep', '3600');
    await start('sidecar', '--network', `container:${c.running}`, 'tiny:latest', 'sleep', '3600');
    s = await snapshotOf(client);
  });
  after(() => cleanup.run());

  it('shows running, stopped, paused and never-started containers with their state', () => {
    const app = find(s, n.app);
    assert.strictEqual(endpointOf(app, c.running).state, 'running');
    assert.strictEqual(endpointOf(app, c.stopped).state, 'exited');
    assert.strictEqual(endpointOf(app, c.paused).state, 'paused');
    const fresh = endpointOf(app, c.fresh);
    assert.strictEqual(fresh.state, 'created');
    assert.strictEqual(fresh.ipv4, undefined);
    assert.strictEqual(fresh.configuredIpv4, '10.250.70.50', 'the address it will get');
  });

  it('gives each running container its IPv4 and IPv6 on the network', () => {
    const e = endpointOf(find(s, n.app), c.running);
    assert.match(e.ipv4 ?? '', /^10\.250\.70\.\d+$/);
    assert.match(e.ipv6 ?? '', /^fd00:70::/);
    assert.strictEqual(e.ipv4PrefixLength, 24);
    assert.match(e.mac ?? '', /^02:42:/);
    assert.ok(find(s, n.app).ipv6);
  });

  it('finds aliases in the container inspect, where the engine keeps them', async () => {
    for (const [key, alias] of [
      ['running', 'alpha'],
      ['other', 'beta'],
    ]) {
      const inspect = await client.inspectContainer(c[key]);
      assert.ok(inspect.NetworkSettings?.Networks?.[n.app]?.Aliases?.includes(alias), `${key} has alias ${alias}`);
    }
  });

  it("shows a container that shares another one's network stack as sharing it", () => {
    const sidecar = endpointOf(find(s, n.app), c.sidecar);
    assert.deepStrictEqual(sidecar.sharedFrom?.name, c.running);
    assert.strictEqual(sidecar.ipv4, endpointOf(find(s, n.app), c.running).ipv4);
  });

  it('lists containers on host and none under those networks', () => {
    endpointOf(find(s, 'host'), c.onhost);
    endpointOf(find(s, 'none'), c.onnone);
    assert.ok(find(s, 'host').builtIn && find(s, 'none').builtIn && find(s, 'bridge').builtIn);
  });

  it('reads the default bridge, with or without a Gateway in its IPAM config', async () => {
    const bridge = find(s, 'bridge');
    const raw = await client.inspectNetwork('bridge');
    assert.ok(bridge.ipam.configs[0].subnet, 'has a subnet');
    assert.strictEqual(bridge.ipam.configs[0].gateway, raw.IPAM?.Config?.[0]?.Gateway);
    // Engine 20.10 leaves the Gateway out when it made docker0 itself, and names it when docker0
    // was already there with an address (a machine where an engine ran before): either way the model
    // shows what the engine says and keeps the subnet (asserted above).
  });

  async function vethParent(letter: string): Promise<string> {
    const tag = (process.pid % 10000).toString(36);
    const parent = cleanup.link(`dnv${letter}${tag}a`);
    await run('ip', 'link', 'add', parent, 'type', 'veth', 'peer', 'name', `dnv${letter}${tag}b`);
    await run('ip', 'link', 'set', parent, 'up');
    return parent;
  }

  it('handles a macvlan network on a veth parent', async () => {
    const parent = await vethParent('m');
    const net = cleanup.network(name('dn-macvlan'));
    await docker('network', 'create', '-d', 'macvlan', '--subnet', '10.250.71.0/24', '-o', `parent=${parent}`, net);
    const container = cleanup.container(name('dn-macvlan-c'));
    await docker('run', '-d', '--name', container, '--network', net, 'tiny:latest', 'sleep', '3600');
    const model = find(await snapshotOf(client), net);
    assert.strictEqual(model.driver, 'macvlan');
    assert.strictEqual(model.options.parent, parent);
    assert.match(endpointOf(model, container).ipv4 ?? '', /^10\.250\.71\./);
  });

  it('handles an ipvlan network on a veth parent (running containers only where the kernel has ipvlan)', async () => {
    const parent = await vethParent('i');
    const net = cleanup.network(name('dn-ipvlan'));
    await docker(
      'network',
      'create',
      '-d',
      'ipvlan',
      '--subnet',
      '10.250.72.0/24',
      '-o',
      `parent=${parent}`,
      '-o',
      'ipvlan_mode=l2',
      net,
    );
    const container = cleanup.container(name('dn-ipvlan-c'));
    await docker(
      'create',
      '--name',
      container,
      '--network',
      net,
      '--ip',
      '10.250.72.9',
      'tiny:latest',
      'sleep',
      '3600',
    );
    const kernelHasIpvlan = await run(
      'ip',
      'link',
      'add',
      'link',
      parent,
      'name',
      `${parent}v`,
      'type',
      'ipvlan',
      'mode',
      'l2',
    ).then(
      () => run('ip', 'link', 'del', `${parent}v`).then(() => true),
      () => false,
    );
    const started = await docker('start', container).then(
      () => undefined,
      (e: Error) => e.message,
    );
    const model = find(await snapshotOf(client), net);
    assert.strictEqual(model.driver, 'ipvlan');
    assert.strictEqual(model.options.ipvlan_mode, 'l2');
    const endpoint = endpointOf(model, container);
    if (kernelHasIpvlan) {
      assert.strictEqual(started, undefined);
      assert.strictEqual(endpoint.ipv4, '10.250.72.9');
    } else {
      // This machine's kernel has no ipvlan link type: the engine refuses to start the container,
      // and the model still shows it configured on the network with the address it asked for.
      assert.match(started ?? '', /ipvlan port: operation not supported/);
      assert.strictEqual(endpoint.state, 'created');
      assert.strictEqual(endpoint.configuredIpv4, '10.250.72.9');
    }
  });

  it('keeps names that break naive code intact', async () => {
    const hostile = ['a b', 'x"y', '<img src=x onerror=alert(1)>', 'ネットワーク'];
    for (const [i, net] of hostile.entries()) {
      cleanup.network(net);
      await docker('network', 'create', net);
      // The CLI's --network flag parses its value as key=value fields; connect takes any name.
      const container = cleanup.container(name(`dn-h${i}`));
      await docker('create', '--name', container, '--network', 'none', 'tiny:latest', 'sleep', '3600');
      await docker('network', 'disconnect', 'none', container);
      await docker('network', 'connect', net, container);
      await docker('start', container);
    }
    const snap = await snapshotOf(client);
    for (const net of hostile) assert.strictEqual(find(snap, net).endpoints.length, 1, net);
  });
});

describe('the model of a swarm engine: overlay networks', function () {
  this.timeout(90_000);
  const host = swarmEngine().host;
  const client = new EngineClient(swarmEngine());
  const cleanup = new Cleanup(host);
  after(() => cleanup.run());

  it('shows ingress and docker_gwbridge as built in', async () => {
    const s = await snapshotOf(client);
    assert.ok(find(s, 'ingress').builtIn && find(s, 'ingress').ingress);
    assert.ok(find(s, 'docker_gwbridge').builtIn);
  });

  it('lists a container on an attachable overlay, and the load balancer, services, tasks and peers', async () => {
    const net = cleanup.network(uniqueName('dn-ov'));
    await dockerAt(host, 'network', 'create', '-d', 'overlay', '--attachable', '--subnet', '10.251.1.0/24', net);
    const container = cleanup.container(uniqueName('dn-ovc'));
    await dockerAt(host, 'run', '-d', '--name', container, '--network', net, 'tiny:latest', 'sleep', '3600');
    const service = cleanup.service(uniqueName('dn-svc'));
    await dockerAt(
      host,
      'service',
      'create',
      '-d',
      '--name',
      service,
      '--replicas',
      '2',
      '--network',
      net,
      'tiny:latest',
      'sleep',
      '3600',
    );

    const model = find(await snapshotOf(client), net);
    assert.strictEqual(model.scope, 'swarm');
    assert.match(endpointOf(model, container).ipv4 ?? '', /^10\.251\.1\./);

    const id = model.id;
    const details = await waitFor(
      'both tasks in the verbose inspect',
      async () => {
        const d = swarmDetails(await client.inspectNetwork(id, { verbose: true }));
        return d.services.find((x) => x.name === service)?.tasks.length === 2 && d;
      },
      30_000,
      250,
    );
    const svc = details.services.find((x) => x.name === service)!;
    assert.match(svc.vip ?? '', /^10\.251\.1\./);
    for (const task of svc.tasks) {
      assert.match(task.ip ?? '', /^10\.251\.1\./);
      assert.ok(task.node, 'each task names its node');
    }
    assert.strictEqual(details.peers.length, 1);
    assert.strictEqual(details.peers[0].ip, (await client.info()).Swarm?.NodeAddr, 'the one peer is this node');
    assert.match(details.loadBalancer?.ipv4 ?? '', /^10\.251\.1\./);
    // The lb- endpoint is the engine's, not a container: the list-based model does not show it.
    assert.ok(!model.endpoints.some((e) => e.containerName.startsWith('lb-') || e.containerName.endsWith('-endpoint')));
  });
});

describe('the store on a swarm manager: its nodes, from node events', function () {
  this.timeout(60_000);
  const host = swarmEngine().host;
  let store: NetworkStore | undefined;
  let self = '';
  afterEach(async () => {
    store?.dispose();
    store = undefined;
    if (self) await dockerAt(host, 'node', 'update', '--availability', 'active', self).catch(() => undefined);
  });

  it('lists the node with its role and state, and follows a change of availability without a refresh', async () => {
    store = new NetworkStore([new EngineClient(swarmEngine())]);
    store.start();
    const engine = () => store!.engines[0];
    const nodes = await waitFor('the node list', () => engine().swarmNodes, DEFAULT_WAIT_MS, 50);
    assert.strictEqual(nodes.length, 1);
    const [node] = nodes;
    self = node.id;
    assert.deepStrictEqual(
      [node.role, node.state, node.availability, node.leader],
      ['manager', 'ready', 'active', true],
    );
    assert.strictEqual(node.addr, engine().version?.swarm.nodeAddr);
    assert.strictEqual(node.hostname, engine().version?.swarm.nodeName);
    assert.ok(engine().version?.swarm.clusterId, 'a manager names its swarm');
    assert.deepStrictEqual(
      store.swarms().map((g) => g.engines.map((e) => [e.engine, e.role])),
      [[[engine().name, 'manager']]],
    );
    // The stream asks for node events once the engine said it is in a swarm.
    await waitFor(
      'the swarm event stream, and the read it starts with',
      () => store!.eventStream()?.isConnected && store!.eventStream()!.connections >= 2 && engine().refreshes >= 2,
      DEFAULT_WAIT_MS,
      50,
    );
    const refreshes = engine().refreshes;
    await dockerAt(host, 'node', 'update', '--availability', 'drain', self);
    await waitFor('drain shown', () => engine().swarmNodes?.[0].availability === 'drain');
    assert.strictEqual(engine().refreshes, refreshes, 'a node event reads the node list, not everything');
  });
});
