// A network's plumbing read from this host for the real private engine, checked against what the
// kernel says through `ip` and the container's own sysfs: veth peers on the default bridge, a user
// bridge and a bridge with its own name; a macvlan's parent; what host and none mean; and the
// one-line problems where nothing can be read.
import * as assert from 'assert';
import { mkdtempSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { networkInterfaces, tmpdir } from 'os';
import { join } from 'path';
import { EngineClient } from '../../src/engine/client';
import { interfaceAddresses, parseIpAddresses } from '../../src/engine/interfaces';
import {
  EndpointPlumbing,
  LinkReader,
  NetworkPlumbing,
  PlumbingResult,
  readAttribute,
  readLinks,
} from '../../src/engine/plumbing';
import { buildSnapshot, NetworkModel } from '../../src/model/snapshot';
import { DetailCache } from '../../src/store/details';
import { networkPlumbing, readPids } from '../../src/store/plumbing';
import { Cleanup, docker, privateEngine, run, runPlantedContainer, uniqueName } from '../support/docker';

describe('host plumbing of the private engine', function () {
  this.timeout(90_000);
  const client = new EngineClient(privateEngine());
  const cleanup = new Cleanup();
  after(() => cleanup.run());

  const model = async (name: string): Promise<NetworkModel> => {
    const n = buildSnapshot(await client.listNetworks(), await client.listContainers()).networks.find(
      (x) => x.name === name,
    );
    assert.ok(n, `${name} is in the model`);
    return n;
  };
  const plumbingOf = async (n: NetworkModel, c: EngineClient = client): Promise<PlumbingResult> =>
    networkPlumbing(
      c,
      n,
      await readPids(
        client,
        n.endpoints.map((e) => e.containerId),
      ),
    );
  const available = (r: PlumbingResult): NetworkPlumbing => {
    assert.ok(r.available, `readable, got ${JSON.stringify(r)}`);
    return r.plumbing;
  };
  const endpointOf = (p: NetworkPlumbing, n: NetworkModel, container: string): EndpointPlumbing => {
    const id = n.endpoints.find((e) => e.containerName === container)?.containerId;
    const e = p.endpoints.find((x) => x.containerId === id);
    assert.ok(e, `${container} has plumbing`);
    return e;
  };
  const pick = (e: EndpointPlumbing) => ({ name: e.hostPeer, master: e.master });
  /** The kernel's own answer: the host interface whose index is the container interface's iflink. */
  const kernelPeer = async (container: string, ifName: string): Promise<{ name: string; master?: string }> => {
    const iflink = await docker('exec', container, 'cat', `/sys/class/net/${ifName}/iflink`);
    const line = (await run('ip', '-o', 'link', 'show')).split('\n').find((l) => l.startsWith(`${iflink}: `));
    assert.ok(line, `host interface ${iflink} exists`);
    const name = /^\d+: ([^:@]+)/.exec(line)![1];
    const master = / master (\S+)/.exec(line)?.[1];
    return { name, ...(master ? { master } : {}) };
  };
  const start = async (name: string, ...args: string[]) => {
    await docker('run', '-d', '--name', cleanup.container(name), ...args, 'tiny:latest', 'sleep', '3600');
    return name;
  };

  it('finds the veth peer of a container on the default bridge, a port of its bridge', async () => {
    const c = await start(uniqueName('dn-plumb-default'), '--network', 'bridge');
    const n = await model('bridge');
    const p = available(await plumbingOf(n));
    assert.strictEqual(p.kind, 'bridge');
    assert.ok(p.bridge, 'the default bridge interface is there');
    assert.strictEqual(p.bridge.name, n.options['com.docker.network.bridge.name'], 'the interface the engine named');
    const gateway = n.ipam.configs[0]?.gateway;
    assert.ok(p.bridge.addresses.length > 0, 'the bridge has its address');
    if (gateway)
      assert.ok(
        p.bridge.addresses.some((a) => a.startsWith(`${gateway}/`)),
        `${p.bridge.addresses.join()} has the gateway ${gateway}`,
      );
    // Read of that one interface, as the host lists it (IPv4: the kernel may add an IPv6 link-local later).
    const ipv4 = (addresses: string[]) => addresses.filter((a) => a.includes('.')).sort();
    const listed = (networkInterfaces()[p.bridge.name] ?? []).map((a) => a.cidr ?? a.address);
    assert.deepStrictEqual(ipv4(p.bridge.addresses), ipv4(listed), 'the IPv4 addresses the host lists for it');
    // Asked of `ip` for that interface, not of the host's list of every interface.
    let listedAll = false;
    const asked = await interfaceAddresses(p.bridge.name, () => ((listedAll = true), {}));
    assert.ok(!listedAll, "the host's whole list was read");
    const fromIp = parseIpAddresses(await run('ip', '-json', 'address', 'show', 'dev', p.bridge.name), p.bridge.name);
    assert.deepStrictEqual(asked, fromIp);
    assert.deepStrictEqual(ipv4(asked), ipv4(listed));
    const e = endpointOf(p, n, c);
    assert.strictEqual(e.ifName, 'eth0');
    assert.deepStrictEqual({ name: e.hostPeer, master: e.master }, await kernelPeer(c, 'eth0'));
    assert.strictEqual(e.master, p.bridge.name);
    assert.match(e.hostPeer ?? '', /^veth/);
  });

  it('names br-<id> for a user bridge and finds eth1 for a second network', async () => {
    const first = cleanup.network(uniqueName('dn-plumb-a'));
    const second = cleanup.network(uniqueName('dn-plumb-b'));
    await docker('network', 'create', '--subnet', '10.250.150.0/24', first);
    await docker('network', 'create', '--subnet', '10.250.151.0/24', second);
    const c = await start(uniqueName('dn-plumb-two'), '--network', first);
    const stopped = cleanup.container(uniqueName('dn-plumb-stopped'));
    await docker('create', '--name', stopped, '--network', second, 'tiny:latest', 'sleep', '3600');
    await docker('network', 'connect', second, c);
    const n = await model(second);
    const p = available(await plumbingOf(n));
    assert.strictEqual(p.bridge?.name, `br-${n.id.slice(0, 12)}`);
    assert.ok(
      p.bridge.addresses.includes('10.250.151.1/24'),
      `the gateway is the bridge's address: ${p.bridge.addresses.join(', ')}`,
    );
    assert.strictEqual(p.bridge.state, 'up');
    const e = endpointOf(p, n, c);
    assert.strictEqual(e.ifName, 'eth1', 'the second network is its second interface');
    assert.deepStrictEqual({ name: e.hostPeer, master: e.master }, await kernelPeer(c, 'eth1'));
    assert.strictEqual(e.master, p.bridge.name);
    assert.strictEqual(endpointOf(p, n, stopped).problem, 'notRunning', 'a stopped container has no interface to show');
  });

  it("reads of the host only the network's bridge and its ports, and looks up no name that is not an interface's", async () => {
    const mine = cleanup.network(uniqueName('dn-plumb-own'));
    const other = cleanup.network(uniqueName('dn-plumb-other'));
    await docker('network', 'create', '--subnet', '10.250.164.0/24', mine);
    await docker('network', 'create', '--subnet', '10.250.165.0/24', other);
    const c = await start(uniqueName('dn-plumb-own-c'), '--network', mine);
    await start(uniqueName('dn-plumb-other-c'), '--network', other);
    const n = await model(mine);
    const otherBridge = `br-${(await model(other)).id.slice(0, 12)}`;
    // Every directory the reader checks before it reads there.
    const looked: string[] = [];
    const reader = new LinkReader({
      sys: '/sys',
      proc: '/proc',
      addresses: async () => [],
      isSysfs: async (dir) => (looked.push(dir), true),
    });
    const pids = await readPids(client, [n.endpoints[0].containerId]);
    const p = available(await networkPlumbing(client, n, pids, n.endpoints, reader));
    const e = endpointOf(p, n, c);
    assert.deepStrictEqual({ name: e.hostPeer, master: e.master }, await kernelPeer(c, 'eth0'));
    const host = looked.filter((dir) => dir.startsWith('/sys/class/net/'));
    assert.ok(host.includes(`/sys/class/net/br-${n.id.slice(0, 12)}`), host.join(', '));
    assert.ok(!host.includes(`/sys/class/net/${otherBridge}`), `another network's bridge was read: ${host.join(', ')}`);
    assert.ok(host.length <= 3, `the bridge and its one port, read: ${host.join(', ')}`);
    // Names from the engine (a bridge's option, a macvlan's parent) that are not interface names.
    for (const name of ['../../../etc', '..', 'a'.repeat(16), 'eth0 x', ''])
      assert.strictEqual(await reader.hostLink(name), undefined, name);
    assert.ok(!looked.some((dir) => dir.includes('etc') || dir.includes(' ')), looked.join(', '));
  });

  it("after a container connects, reads only that container's namespace and keeps the others'", async () => {
    const net = cleanup.network(uniqueName('dn-plumb-kept'));
    await docker('network', 'create', '--subnet', '10.250.166.0/24', net);
    const first: string[] = [];
    for (let i = 0; i < 3; i++) first.push(await start(uniqueName(`dn-plumb-kept-${i}`), '--network', net));
    const late = await start(uniqueName('dn-plumb-kept-late'), '--network', 'bridge');
    const looked: string[] = [];
    /** Where a look waits, when set (an event comes while it reads). */
    let hold: ((dir: string) => Promise<void> | undefined) | undefined;
    const cache = new DetailCache(client, {
      sys: '/sys',
      proc: '/proc',
      addresses: interfaceAddresses,
      isSysfs: async (dir) => {
        looked.push(dir);
        await hold?.(dir);
        return true;
      },
    });
    const namespaces = () => looked.filter((dir) => /^\/proc\/\d+\/root\/sys\/class\/net$/.test(dir));
    const pidOf = async (container: string) =>
      `/proc/${await docker('inspect', '-f', '{{.State.Pid}}', container)}/root/sys/class/net`;
    const before = await model(net);
    const [p1] = await cache.plumbingOf([{ network: before }]);
    for (const c of first)
      assert.deepStrictEqual(pick(endpointOf(available(p1), before, c)), await kernelPeer(c, 'eth0'));
    assert.deepStrictEqual(namespaces().sort(), (await Promise.all(first.map(pidOf))).sort(), 'each namespace once');

    await docker('network', 'connect', net, late);
    const after = await model(net);
    const lateId = after.endpoints.find((e) => e.containerName === late)?.containerId;
    assert.ok(lateId, 'the connected container is on the network');
    cache.touched([after.id], [lateId]); // as the store does after the connect's event
    looked.length = 0;
    const [p2] = await cache.plumbingOf([{ network: after }]);
    assert.deepStrictEqual(namespaces(), [await pidOf(late)], "only the connected container's namespace is read");
    for (const c of first)
      assert.deepStrictEqual(pick(endpointOf(available(p2), after, c)), await kernelPeer(c, 'eth0'));
    assert.deepStrictEqual(pick(endpointOf(available(p2), after, late)), await kernelPeer(late, 'eth1'));
    assert.strictEqual(endpointOf(available(p2), after, late).ifName, 'eth1');
    // And what is kept equals a read of everything afresh.
    assert.deepStrictEqual(available(p2).endpoints, available(await plumbingOf(after)).endpoints);

    // A container that restarted (a new process, a new veth pair) is read again once its events name it.
    await docker('restart', '-t', '0', first[0]);
    const restarted = await model(net);
    const restartedId = restarted.endpoints.find((e) => e.containerName === first[0])?.containerId;
    assert.ok(restartedId);
    cache.touched([restarted.id], [restartedId]);
    looked.length = 0;
    const [p3] = await cache.plumbingOf([{ network: restarted }]);
    assert.deepStrictEqual(namespaces(), [await pidOf(first[0])], "only the restarted container's namespace is read");
    assert.deepStrictEqual(pick(endpointOf(available(p3), restarted, first[0])), await kernelPeer(first[0], 'eth0'));

    // An event during a look: the look shows what it began with (never a blank row) and keeps
    // nothing it read; the next look reads again the containers the event named.
    const lateId2 = restarted.endpoints.find((e) => e.containerName === late)?.containerId;
    const secondId = restarted.endpoints.find((e) => e.containerName === first[1])?.containerId;
    assert.ok(lateId2 && secondId);
    cache.touched([restarted.id], [lateId2]);
    const lateNamespace = await pidOf(late);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    hold = (dir) => (dir === lateNamespace ? (reached(), gate) : undefined);
    const pending = cache.plumbingOf([{ network: restarted }]);
    await waiting;
    cache.touched([restarted.id], [secondId]); // first[1]'s event, while the look reads late's namespace
    hold = undefined;
    release();
    const [p4] = await pending;
    assert.deepStrictEqual(pick(endpointOf(available(p4), restarted, first[1])), await kernelPeer(first[1], 'eth0'));
    looked.length = 0;
    const [p5] = await cache.plumbingOf([{ network: restarted }]);
    assert.deepStrictEqual(
      namespaces().sort(),
      [await pidOf(first[1]), lateNamespace].sort(),
      'read again: the two named',
    );
    for (const c of [...first, late])
      assert.deepStrictEqual(
        pick(endpointOf(available(p5), restarted, c)),
        await kernelPeer(c, c === late ? 'eth1' : 'eth0'),
      );
  });

  it('follows com.docker.network.bridge.name', async () => {
    const bridge = `dnbr${(process.pid % 100000).toString(36)}`;
    const net = cleanup.network(uniqueName('dn-plumb-named'));
    await docker(
      'network',
      'create',
      '--subnet',
      '10.250.152.0/24',
      '-o',
      `com.docker.network.bridge.name=${bridge}`,
      net,
    );
    const c = await start(uniqueName('dn-plumb-named-c'), '--network', net);
    const n = await model(net);
    const p = available(await plumbingOf(n));
    assert.strictEqual(p.bridge?.name, bridge);
    const e = endpointOf(p, n, c);
    assert.strictEqual(e.master, bridge);
    assert.deepStrictEqual({ name: e.hostPeer, master: e.master }, await kernelPeer(c, 'eth0'));
  });

  it("finds a macvlan interface's parent", async () => {
    const tag = (process.pid % 10000).toString(36);
    const parent = cleanup.link(`dnpl${tag}a`);
    await run('ip', 'link', 'add', parent, 'type', 'veth', 'peer', 'name', `dnpl${tag}b`);
    await run('ip', 'link', 'set', parent, 'up');
    const net = cleanup.network(uniqueName('dn-plumb-macvlan'));
    await docker('network', 'create', '-d', 'macvlan', '--subnet', '10.250.153.0/24', '-o', `parent=${parent}`, net);
    const c = await start(uniqueName('dn-plumb-macvlan-c'), '--network', net);
    const n = await model(net);
    const p = available(await plumbingOf(n));
    assert.strictEqual(p.kind, 'macvlan');
    assert.strictEqual(p.parent, parent);
    const e = endpointOf(p, n, c);
    assert.strictEqual(e.ifName, 'eth0');
    assert.strictEqual(e.parent, parent, 'the kernel links the container interface to its parent');
    assert.strictEqual(e.hostPeer, undefined);
  });

  it('says what host and none mean without reading anything', async () => {
    const onHost = await start(uniqueName('dn-plumb-host'), '--network', 'host');
    const onNone = await start(uniqueName('dn-plumb-none'), '--network', 'none');
    const host = available(await plumbingOf(await model('host')));
    assert.strictEqual(host.kind, 'host');
    assert.ok(
      host.endpoints.some((e) => !e.problem && !e.ifName),
      onHost,
    );
    const none = available(await plumbingOf(await model('none')));
    assert.strictEqual(none.kind, 'none');
    assert.ok(none.endpoints.length >= 1, onNone);
  });

  it('says in one word why it cannot read: a remote engine, a bridge that is not in this host', async () => {
    const n = await model('bridge');
    const remote = new EngineClient({ name: 'remote', host: 'tcp://127.0.0.1:2', source: 'env' });
    assert.deepStrictEqual(await plumbingOf(n, remote), { available: false, problem: 'remote' });
    assert.deepStrictEqual(
      await networkPlumbing(
        client,
        n,
        new Map(),
        n.endpoints,
        new LinkReader({ sys: '/nonexistent', proc: '/proc', addresses: async () => [], isSysfs: async () => true }),
      ),
      { available: false, problem: 'notLinux' },
    );
    // A local socket whose engine keeps its interfaces elsewhere (Docker Desktop's VM): this host's
    // sysfs has none of them.
    const empty = mkdtempSync(join(tmpdir(), 'dn-sys-'));
    try {
      mkdirSync(join(empty, 'class/net'), { recursive: true });
      const withRunning = { ...n, endpoints: n.endpoints.filter((e) => e.state === 'running') };
      assert.ok(withRunning.endpoints.length, 'a container runs on the default bridge');
      assert.deepStrictEqual(
        await networkPlumbing(
          client,
          withRunning,
          new Map(),
          withRunning.endpoints,
          new LinkReader({ sys: empty, proc: '/proc', addresses: async () => [], isSysfs: async () => true }),
        ),
        { available: false, problem: 'vm' },
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reads nothing a container plants in its /sys (a FIFO, a link to /dev/zero, a huge file, a link to the host), and others still read', async () => {
    const net = cleanup.network(uniqueName('dn-plant'));
    await docker('network', 'create', '--subnet', '10.250.160.0/24', net);
    const planted = cleanup.container(uniqueName('dn-plant-c'));
    await runPlantedContainer(planted, net);
    const other = cleanup.container(uniqueName('dn-plant-ok'));
    await docker('run', '-d', '--name', other, '--network', net, 'tiny:latest', 'sleep', '300');
    const n = await model(net);
    const started = Date.now();
    const p = available(await plumbingOf(n));
    console.log(`      a network with a planted /sys read in ${Date.now() - started} ms`);
    assert.strictEqual(endpointOf(p, n, planted).problem, 'unreadable');
    // The other container on the same network is read as usual.
    const ok = endpointOf(p, n, other);
    assert.strictEqual(ok.ifName, 'eth0');
    assert.strictEqual(ok.hostPeer, (await kernelPeer(other, 'eth0')).name);
  });
});

describe('sysfs attributes, read as hostile files', () => {
  it('refuses a FIFO (without waiting for a writer), a symlink, a file too long for an attribute; reads a plain one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dn-attr-'));
    try {
      await run('mkfifo', join(dir, 'fifo'));
      symlinkSync('/dev/zero', join(dir, 'zero'));
      writeFileSync(join(dir, 'huge'), Buffer.alloc(8 * 1024 * 1024, 0x31));
      writeFileSync(join(dir, 'ifindex'), '42\n');
      assert.strictEqual(await readAttribute(join(dir, 'ifindex')), '42');
      await assert.rejects(readAttribute(join(dir, 'fifo')), /not a regular file/);
      await assert.rejects(readAttribute(join(dir, 'zero')), (e: NodeJS.ErrnoException) => e.code === 'ELOOP');
      await assert.rejects(readAttribute(join(dir, 'huge')), /longer than an interface attribute/);
      // An interface directory of such files yields no interface, and a directory that is not a sysfs is refused.
      mkdirSync(join(dir, 'net', 'eth0'), { recursive: true });
      for (const f of ['fifo', 'zero', 'huge'])
        renameSync(
          join(dir, f),
          join(dir, 'net', 'eth0', f === 'fifo' ? 'ifindex' : f === 'zero' ? 'iflink' : 'address'),
        );
      assert.deepStrictEqual(await readLinks(join(dir, 'net'), async () => true), []);
      await assert.rejects(readLinks(join(dir, 'net')), /is not a sysfs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
