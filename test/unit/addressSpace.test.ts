// How the default address pools are used, without an engine: slots counted by interval arithmetic,
// networks placed and ordered, host routes that collide, and a daemon.json with room to grow.
import * as assert from 'assert';
import { RawContainer, RawNetwork } from '../../src/engine/types';
import {
  addressSpace,
  AddressPool,
  DOCKER_DEFAULT_POOLS,
  HostRoute,
  parseRouteTable,
  PODMAN_DEFAULT_POOLS,
} from '../../src/model/addressSpace';
import { overlaps, readCidr } from '../../src/model/cidr';
import { buildSnapshot, NetworkModel } from '../../src/model/snapshot';

const ID = (n: number) => n.toString(16).padStart(12, '0') + 'ffffffffffff';
const net = (id: string, name: string, subnet: string | undefined, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id: id,
  Name: name,
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Driver: 'default', Config: subnet ? [{ Subnet: subnet }] : [] },
  ...extra,
});
const on = (id: string, name: string, network: string, networkId: string, state = 'running'): RawContainer => ({
  Id: id,
  Names: [`/${name}`],
  State: state,
  NetworkSettings: { Networks: { [network]: { NetworkID: networkId, IPAddress: '' } } },
});
const models = (raw: RawNetwork[], containers: RawContainer[] = []): NetworkModel[] =>
  buildSnapshot(raw, containers).networks;

/** The n-th /16 or /20 slot of the default pools, in their order. */
function defaultSlot(i: number): string {
  if (i < 15) return `172.${17 + i}.0.0/16`;
  return `192.168.${(i - 15) * 16}.0/20`;
}
const onSlots = (count: number) =>
  models(Array.from({ length: count }, (_, i) => net(ID(i + 1), `n${i}`, defaultSlot(i))));

const pool = (view: ReturnType<typeof addressSpace>, base: string) => view.pools.find((p) => p.base === base)!;

describe('address space: the default pools', () => {
  it('uses the built-in pools when the engine reports none', () => {
    for (const pools of [undefined, []]) {
      const view = addressSpace({ networks: [], pools });
      assert.strictEqual(view.fromEngine, false);
      assert.deepStrictEqual(
        view.pools.map((p) => ({ base: p.base, size: p.size })),
        DOCKER_DEFAULT_POOLS,
      );
    }
  });

  it("uses the engine's pools when it reports them", () => {
    const pools: AddressPool[] = [{ base: '10.10.0.0/16', size: 24 }];
    const view = addressSpace({ networks: [], pools });
    assert.strictEqual(view.fromEngine, true);
    assert.deepStrictEqual(
      view.pools.map((p) => [p.base, p.size, p.total, p.used]),
      [['10.10.0.0/16', 24, 256, 0]],
    );
  });

  it('counts the slots of each pool: 31 over the built-in ones', () => {
    const view = addressSpace({ networks: [] });
    assert.strictEqual(pool(view, '172.20.0.0/14').total, 4);
    assert.strictEqual(pool(view, '192.168.0.0/16').total, 16);
    assert.strictEqual(
      view.pools.reduce((s, p) => s + p.total, 0),
      31,
    );
    assert.strictEqual(view.fitsLeft, 31);
    assert.strictEqual(view.warning, undefined);
  });

  it('warns when only a few slots are left, not before', () => {
    const full = addressSpace({ networks: onSlots(29) });
    assert.strictEqual(full.fitsLeft, 2);
    assert.strictEqual(
      full.pools.reduce((s, p) => s + p.used, 0),
      29,
    );
    assert.match(full.warning ?? '', /Only 2 more networks/);
    assert.match(full.warning ?? '', /without a subnet fails/);

    assert.strictEqual(addressSpace({ networks: onSlots(10) }).warning, undefined);
    assert.strictEqual(addressSpace({ networks: onSlots(10), warnAt: 21 }).fitsLeft, 21);
    assert.ok(addressSpace({ networks: onSlots(10), warnAt: 21 }).warning);
    assert.match(addressSpace({ networks: onSlots(30) }).warning ?? '', /Only 1 more network fits/);
    assert.match(addressSpace({ networks: onSlots(31) }).warning ?? '', /used up/);
    assert.strictEqual(addressSpace({ networks: onSlots(31) }).fitsLeft, 0);
  });

  it('places hand-chosen subnets in the pool that holds them, one slot for several', () => {
    const view = addressSpace({
      networks: models([net(ID(1), 'a', '172.20.5.0/24'), net(ID(2), 'b', '172.20.9.0/24')]),
    });
    const p = pool(view, '172.20.0.0/14');
    assert.deepStrictEqual(
      p.networks.map((n) => n.subnet),
      ['172.20.5.0/24', '172.20.9.0/24'],
    );
    assert.strictEqual(p.used, 1);
    assert.strictEqual(view.fitsLeft, 30);
    assert.deepStrictEqual(view.outside, []);
  });

  it('lists subnets inside no pool as outside, and they still block the slots they overlap', () => {
    const view = addressSpace({
      networks: models([net(ID(1), 'vpnish', '10.99.0.0/16'), net(ID(2), 'wide', '172.16.0.0/12')]),
    });
    assert.deepStrictEqual(
      view.outside.map((n) => n.name),
      ['wide', 'vpnish'],
    );
    assert.ok(view.pools.every((p) => p.networks.length === 0));
    // 172.16.0.0/12 covers every 172.x pool: only the 16 slots of 192.168.0.0/16 are left.
    assert.strictEqual(view.fitsLeft, 16);
  });

  it('leaves out networks without an IPv4 subnet, swarm networks and IPv6 configs', () => {
    const view = addressSpace({
      networks: models([
        net(ID(1), 'host', undefined, { Driver: 'host' }),
        net(ID(2), 'v6', 'fd00:1::/64', { EnableIPv6: true }),
        net(ID(3), 'dual', '172.18.0.0/16', {
          EnableIPv6: true,
          IPAM: { Config: [{ Subnet: 'fd00:2::/64' }, { Subnet: '172.18.0.0/16' }] },
        }),
        net(ID(4), 'ingress', '172.17.0.0/16', { Driver: 'overlay', Scope: 'swarm', Ingress: true }),
        net(ID(5), 'pending', undefined, { Driver: '', Scope: 'swarm' }),
      ]),
    });
    const listed = [...view.pools.flatMap((p) => p.networks), ...view.outside];
    assert.deepStrictEqual(
      listed.map((n) => [n.name, n.subnet]),
      [['dual', '172.18.0.0/16']],
    );
    assert.strictEqual(pool(view, '172.17.0.0/16').used, 0);
    assert.strictEqual(view.fitsLeft, 30);
  });
});

describe('address space: large pools', () => {
  it('counts a /8 of /24s without walking it', () => {
    const view = addressSpace({
      networks: models([
        net(ID(1), 'a', '10.0.0.0/24'),
        net(ID(2), 'b', '10.1.2.0/24'),
        net(ID(3), 'c', '10.255.255.0/24'),
      ]),
      pools: [{ base: '10.0.0.0/8', size: 24 }],
    });
    assert.strictEqual(view.pools[0].total, 65536);
    assert.strictEqual(view.pools[0].used, 3);
    assert.strictEqual(view.fitsLeft, 65533);
  });

  it('counts a /8 of /30s, and a wide subnet as every slot it covers', () => {
    const view = addressSpace({
      networks: models([net(ID(1), 'a', '10.0.0.0/30'), net(ID(2), 'wide', '10.128.0.0/9')]),
      pools: [{ base: '10.0.0.0/8', size: 30 }],
    });
    assert.strictEqual(view.pools[0].total, 4194304);
    assert.strictEqual(view.pools[0].used, 1 + 2097152);
  });

  it('does not count a slot twice for subnets and routes that overlap each other', () => {
    const view = addressSpace({
      networks: models([net(ID(1), 'a', '10.1.0.0/16'), net(ID(2), 'b', '10.1.4.0/24')]),
      pools: [{ base: '10.0.0.0/8', size: 24 }],
      hostRoutes: [{ destination: '10.1.0.0/20', device: 'tun0' }],
    });
    assert.strictEqual(view.pools[0].used, 256);
  });
});

describe('address space: the networks in a pool', () => {
  const raw = [
    net(ID(1), 'zeta', '10.0.0.0/16'),
    net(ID(2), 'alpha', '10.1.0.0/24'),
    net(ID(3), 'shop_db', '10.2.0.0/24', { Labels: { 'com.docker.compose.project': 'shop' } }),
    net(ID(4), 'shop_front', '10.3.0.0/20', { Labels: { 'com.docker.compose.project': 'shop' } }),
    net(ID(5), 'beta', '10.4.0.0/24'),
    net(ID(6), 'bridge', '10.5.0.0/24'),
  ];
  const containers = [
    on('c1', 'web', 'alpha', ID(2)),
    on('c2', 'old', 'beta', ID(5), 'exited'),
    on('c3', 'bash', 'bridge', ID(6), 'exited'),
  ];
  const view = addressSpace({ networks: models(raw, containers), pools: [{ base: '10.0.0.0/8', size: 24 }] });
  const rows = view.pools[0].networks;

  it('orders largest subnet first, then by name, a Compose project together', () => {
    assert.deepStrictEqual(
      rows.map((n) => n.name),
      ['zeta', 'shop_front', 'shop_db', 'alpha', 'beta', 'bridge'],
    );
    assert.strictEqual(rows[1].project, 'shop');
    assert.strictEqual(rows[2].project, 'shop');
    assert.ok(!('project' in rows[0]));
  });

  it('counts containers and tells which networks prune removes', () => {
    const by = (name: string) => rows.find((n) => n.name === name)!;
    assert.deepStrictEqual([by('zeta').containers, by('zeta').prunable], [0, true]);
    assert.deepStrictEqual([by('alpha').containers, by('alpha').prunable], [1, false]);
    // A stopped container does not keep a network from being pruned.
    assert.deepStrictEqual([by('beta').containers, by('beta').prunable], [1, true]);
    // The default bridge is built in: never pruned.
    assert.deepStrictEqual([by('bridge').containers, by('bridge').prunable], [1, false]);
  });
});

describe('address space: host routes', () => {
  const networks = models([
    net(ID(1), 'bridge', '172.17.0.0/16'),
    net(ID(2), 'app', '172.18.0.0/16'),
    net(ID(3), 'named', '172.20.0.0/16', { Options: { 'com.docker.network.bridge.name': 'br-named' } }),
    net(ID(4), 'lan', '192.168.1.0/24', { Driver: 'macvlan', Options: { parent: 'eth0' } }),
    net(ID(5), 'vpn', '172.19.4.0/24'),
  ]);
  const br = (n: number) => `br-${ID(n).slice(0, 12)}`;

  it('does not look at routes for a remote engine', () => {
    const view = addressSpace({ networks });
    assert.strictEqual(view.routesChecked, false);
    assert.deepStrictEqual(view.hostOverlaps, []);
  });

  it("ignores each network's own bridge and the default route", () => {
    const routes: HostRoute[] = [
      { destination: '0.0.0.0/0', device: 'eth0' },
      { destination: '172.17.0.0/16', device: 'docker0' },
      { destination: '172.18.0.0/16', device: br(2) },
      { destination: '172.20.0.0/16', device: 'br-named' },
      { destination: '172.19.4.0/24', device: br(5) },
      { destination: '192.168.1.0/24', device: 'eth0' },
    ];
    const view = addressSpace({ networks, hostRoutes: routes });
    assert.strictEqual(view.routesChecked, true);
    assert.deepStrictEqual(view.hostOverlaps, []);
    assert.strictEqual(pool(view, '172.18.0.0/16').used, 1);
    assert.strictEqual(view.fitsLeft, addressSpace({ networks }).fitsLeft);
  });

  it('reports a route on a device of the host, and counts its slot even with no network there', () => {
    const routes: HostRoute[] = [
      { destination: '172.19.0.0/16', device: 'tun0' },
      { destination: '172.24.0.0/16', device: 'wg0' },
      { destination: '10.0.0.0/8', device: 'eth0' },
      { destination: '192.168.1.0/24', device: 'eth0' },
      { destination: '192.168.1.7/32', device: 'eth1' },
      { destination: 'default', device: 'eth0' },
      { destination: 'fd00::/8', device: 'tun0' },
    ];
    const view = addressSpace({ networks, hostRoutes: routes });
    assert.deepStrictEqual(view.hostOverlaps, [
      { network: 'lan', subnet: '192.168.1.0/24', route: '192.168.1.7/32', device: 'eth1' },
      { network: 'vpn', subnet: '172.19.4.0/24', route: '172.19.0.0/16', device: 'tun0' },
    ]);
    assert.strictEqual(pool(view, '172.19.0.0/16').used, 1);
    assert.strictEqual(pool(view, '172.24.0.0/14').used, 1);
    assert.strictEqual(view.fitsLeft, addressSpace({ networks }).fitsLeft - 1);
  });
});

describe('address space: daemon.json', () => {
  const pools = (json: string) =>
    (JSON.parse(json) as { 'default-address-pools': AddressPool[] })['default-address-pools'];

  it('keeps the current pools first and adds a free /16 of /24s', () => {
    const view = addressSpace({ networks: onSlots(29) });
    const listed = pools(view.config.text);
    assert.deepStrictEqual(listed.slice(0, DOCKER_DEFAULT_POOLS.length), DOCKER_DEFAULT_POOLS);
    assert.deepStrictEqual(listed.slice(DOCKER_DEFAULT_POOLS.length), [{ base: '10.200.0.0/16', size: 24 }]);
    assert.ok(view.config.text.includes('\n  "default-address-pools": [\n    {\n      "base"'));
  });

  it('proposes a base that overlaps no network, route or pool', () => {
    const networks = models([net(ID(1), 'a', '10.200.3.0/24'), net(ID(2), 'b', '10.202.0.0/16')]);
    const hostRoutes: HostRoute[] = [{ destination: '10.201.0.0/16', device: 'tun0' }];
    const current: AddressPool[] = [{ base: '10.203.0.0/16', size: 24 }];
    const listed = pools(addressSpace({ networks, hostRoutes, pools: current }).config.text);
    assert.deepStrictEqual(listed.slice(0, 1), current);
    assert.strictEqual(listed.length, 2);
    const proposal = readCidr(listed[1].base)!;
    assert.strictEqual(listed[1].size, 24);
    assert.ok(proposal.prefix <= 16 && proposal.network.startsWith('10.'), proposal.text);
    const taken = ['10.200.3.0/24', '10.202.0.0/16', '10.201.0.0/16', '10.203.0.0/16'].map((t) => readCidr(t)!);
    assert.ok(!taken.some((t) => overlaps(t, proposal)), proposal.text);
    assert.strictEqual(proposal.text, '10.204.0.0/16');
  });
});

describe('address space: Podman and the host', () => {
  it("shows Podman's own default pools, and its containers.conf to change them", () => {
    const view = addressSpace({ networks: [], podman: true });
    assert.strictEqual(view.fromEngine, false);
    assert.deepStrictEqual(
      view.pools.map((p) => ({ base: p.base, size: p.size })),
      PODMAN_DEFAULT_POOLS,
    );
    assert.strictEqual(view.config.file, 'containers.conf');
    assert.ok(
      view.config.text.startsWith('[network]\ndefault_subnet_pools = [\n  {"base" = "10.89.0.0/16", "size" = 24},'),
    );
    // Podman's pools cover 10.200.0.0/16 (in 10.128.0.0/9): the proposal is a /16 they leave free.
    assert.ok(view.config.text.endsWith('{"base" = "10.0.0.0/16", "size" = 24},\n]'), view.config.text);
    assert.strictEqual(addressSpace({ networks: [] }).config.file, 'daemon.json');
  });

  it('reads the IPv4 routes of /proc/net/route, skipping what does not read', () => {
    const table = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
      'eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0',
      'tun0\t0000080A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'wg0\t0701A8C0\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0',
      'bad\t0000080A\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0',
      'short\tline',
      '',
    ].join('\n');
    assert.deepStrictEqual(parseRouteTable(table), [
      { destination: '0.0.0.0/0', device: 'eth0' },
      { destination: '192.168.1.0/24', device: 'eth0' },
      { destination: '10.8.0.0/16', device: 'tun0' },
      { destination: '192.168.1.7/32', device: 'wg0' },
    ]);
  });
});

describe('address space: names from the engine', () => {
  it('passes hostile names through as data', () => {
    const hostile = '[x](command:evil)\u202e$(zap)';
    const view = addressSpace({
      networks: models([
        net(ID(1), hostile, '172.18.0.0/16', { Labels: { 'com.docker.compose.project': hostile } }),
        net(ID(2), 'ok', '172.19.0.0/16'),
      ]),
      hostRoutes: [{ destination: '172.18.0.0/24', device: hostile }],
    });
    const row = pool(view, '172.18.0.0/16').networks[0];
    assert.strictEqual(row.name, hostile);
    assert.strictEqual(row.project, hostile);
    assert.deepStrictEqual(view.hostOverlaps, [
      { network: hostile, subnet: '172.18.0.0/16', route: '172.18.0.0/24', device: hostile },
    ]);
  });
});
