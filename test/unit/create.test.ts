import * as assert from 'assert';
import {
  apiAtLeast,
  buildCreateBody,
  CreateNetworkArgs,
  lacksIpv6Pool,
  needsIpv6Subnet,
} from '../../src/model/createSpec';
import { buildSnapshot } from '../../src/model/snapshot';

const { networks } = buildSnapshot(
  [
    { Id: 'b', Name: 'bridge', Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] } },
    { Id: 'a', Name: 'app', Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '10.1.0.0/24' }] } },
    {
      Id: 'c',
      Name: 'lan-config',
      Driver: 'null',
      Scope: 'local',
      ConfigOnly: true,
      IPAM: { Config: [{ Subnet: '192.168.50.0/24' }] },
      Options: { parent: 'eth0' },
    },
  ],
  [],
);
const ctx = { networks, drivers: ['bridge', 'host', 'ipvlan', 'macvlan', 'null'], swarmActive: false };
const body = (args: CreateNetworkArgs) => {
  const r = buildCreateBody(args, ctx);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  return r.body;
};
const errors = (args: CreateNetworkArgs, c = ctx) => {
  const r = buildCreateBody(args, c);
  assert.ok(!r.ok, 'refused');
  return r.errors.join('\n');
};

describe('create network: arguments to the Engine API body', () => {
  it('takes the seed example: my_network --attachable --subnet 172.21.0.0/16', () => {
    assert.deepStrictEqual(body({ name: 'my_network', attachable: true, subnet: '172.21.0.0/16' }), {
      Name: 'my_network',
      CheckDuplicate: true,
      Driver: 'bridge',
      Attachable: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: '172.21.0.0/16' }] },
    });
  });

  it('maps every option docker network create has', () => {
    assert.deepStrictEqual(
      body({
        name: 'full',
        driver: 'bridge',
        subnet: '172.22.0.0/16',
        gateway: '172.22.0.1',
        ipRange: '172.22.5.0/24',
        auxAddresses: { router: '172.22.0.2' },
        ipv6: true,
        ipv6Subnet: 'fd00:22::/64',
        ipv6Gateway: 'fd00:22::1',
        internal: true,
        scope: 'local',
        labels: { team: 'net' },
        options: { 'com.docker.network.driver.mtu': '1400' },
        ipamDriver: 'default',
        ipamOptions: { x: 'y' },
      }),
      {
        Name: 'full',
        CheckDuplicate: true,
        Driver: 'bridge',
        Scope: 'local',
        Internal: true,
        EnableIPv6: true,
        IPAM: {
          Driver: 'default',
          Config: [
            {
              Subnet: '172.22.0.0/16',
              Gateway: '172.22.0.1',
              IPRange: '172.22.5.0/24',
              AuxiliaryAddresses: { router: '172.22.0.2' },
            },
            { Subnet: 'fd00:22::/64', Gateway: 'fd00:22::1' },
          ],
          Options: { x: 'y' },
        },
        Options: { 'com.docker.network.driver.mtu': '1400' },
        Labels: { team: 'net' },
      },
    );
  });

  it('builds a config-only network and one that uses it', () => {
    assert.strictEqual(
      body({ name: 'cfg2', configOnly: true, subnet: '192.168.60.0/24', options: { parent: 'eth0' } }).ConfigOnly,
      true,
    );
    assert.deepStrictEqual(
      body({ name: 'lan', driver: 'macvlan', configFrom: 'lan-config', scope: 'swarm' }).ConfigFrom,
      { Network: 'lan-config' },
    );
  });

  const refused: Array<[string, CreateNetworkArgs, RegExp]> = [
    ['a taken name', { name: 'app' }, /already exists/],
    [
      'an overlapping subnet, naming the network',
      { name: 'x', subnet: '10.1.0.0/16' },
      /overlaps the subnet 10\.1\.0\.0\/24 of the network "app"/,
    ],
    ['a gateway outside the subnet', { name: 'x', subnet: '172.30.0.0/24', gateway: '172.31.0.1' }, /not inside/],
    ['a gateway without a subnet', { name: 'x', gateway: '172.31.0.1' }, /gateway needs a subnet/],
    ['an IP range outside the subnet', { name: 'x', subnet: '172.30.0.0/24', ipRange: '172.30.1.0/24' }, /not inside/],
    ['an IPv6 subnet without ipv6', { name: 'x', ipv6Subnet: 'fd00:9::/64' }, /needs ipv6: true/],
    ['an IPv4 subnet given as IPv6', { name: 'x', ipv6: true, ipv6Subnet: '10.9.0.0/24' }, /not an IPv6 subnet/],
    ['an unknown driver', { name: 'x', driver: 'weave' }, /no network driver "weave"/],
    ['overlay without swarm', { name: 'x', driver: 'overlay' }, /need swarm mode/],
    ['a bad scope', { name: 'x', scope: 'planet' }, /local, swarm or global/],
    ['ingress on a bridge', { name: 'x', ingress: true }, /Only an overlay network can be the ingress/],
    ['config-from a network that is not config-only', { name: 'x', configFrom: 'app' }, /not a config-only network/],
    [
      'config-from with its own subnet',
      { name: 'x', configFrom: 'lan-config', subnet: '10.5.0.0/24' },
      /leave out subnet/,
    ],
    ['a label without a key', { name: 'x', labels: { '': 'v' } }, /must not be empty/],
    ['an option key with a space', { name: 'x', options: { 'a b': 'v' } }, /must not contain spaces/],
    ['a subnet with host bits', { name: 'x', subnet: '10.60.0.5/24' }, /host bits set; the subnet is 10\.60\.0\.0\/24/],
  ];
  for (const [what, args, pattern] of refused) it(`refuses ${what}`, () => assert.match(errors(args), pattern));

  it('reports every problem at once', () => {
    const all = errors({ name: '', subnet: 'nope', ipv6Subnet: 'fd00::/64' });
    assert.match(all, /must not be empty/);
    assert.match(all, /not a subnet/);
    assert.match(all, /needs ipv6: true/);
  });

  it('checks the values of the driver options the engine parses, before it is asked', () => {
    const opt = (driver: string, options: Record<string, string>) => ({ name: 'n', driver, options });
    assert.match(errors(opt('bridge', { 'com.docker.network.driver.mtu': 'big' })), /MTU in bytes.*"big"/);
    assert.match(errors(opt('bridge', { 'com.docker.network.driver.mtu': '20' })), /from 68 to 65535/);
    assert.match(errors(opt('bridge', { 'com.docker.network.bridge.enable_icc': 'yes' })), /true or false, not "yes"/);
    assert.match(errors(opt('bridge', { 'com.docker.network.bridge.name': 'a-bridge-name-too-long' })), /at most 15/);
    assert.match(errors(opt('bridge', { 'com.docker.network.bridge.name': 'br/0' })), /interface name/);
    assert.match(errors(opt('bridge', { 'com.docker.network.bridge.host_binding_ipv4': 'localhost' })), /IP address/);
    assert.match(errors(opt('macvlan', { parent: 'eth0', macvlan_mode: 'bridged' })), /one of bridge, vepa/);
    // What the engine takes passes, as Go reads a boolean; keys it does not parse are left to it.
    body(
      opt('bridge', {
        'com.docker.network.driver.mtu': '1400',
        'com.docker.network.bridge.enable_icc': 'False',
        'com.docker.network.bridge.enable_ip_masquerade': '1',
        'com.docker.network.bridge.name': 'br-shop',
        'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
        'com.example.anything': 'at all',
      }),
    );
    body(opt('macvlan', { parent: 'eth0', macvlan_mode: 'private' }));
  });

  it('allows overlay networks on a swarm engine, overlapping local subnets', () => {
    const swarm = { ...ctx, drivers: [...ctx.drivers, 'overlay'], swarmActive: true };
    const r = buildCreateBody(
      { name: 'mesh', driver: 'overlay', attachable: true, subnet: '10.1.0.0/24', options: { encrypted: 'true' } },
      swarm,
    );
    assert.ok(r.ok);
  });

  it('refuses a second ingress network, naming the one there is', () => {
    const swarm = { ...ctx, drivers: [...ctx.drivers, 'overlay'], swarmActive: true };
    const withIngress = {
      ...swarm,
      networks: [
        ...swarm.networks,
        {
          ...swarm.networks[0],
          id: 'ing',
          name: 'ingress',
          driver: 'overlay',
          scope: 'swarm',
          ingress: true,
          ipam: { driver: 'default', options: {}, configs: [] },
        },
      ],
    };
    const r = buildCreateBody({ name: 'mesh', driver: 'overlay', ingress: true }, withIngress);
    assert.ok(!r.ok && /already has an ingress network \(ingress\); remove it first/.test(r.errors.join(' ')));
    assert.ok(
      buildCreateBody({ name: 'mesh', driver: 'overlay', ingress: true, subnet: '10.204.0.0/24' }, swarm).ok,
      'once it is removed',
    );
  });
});

describe('create options of newer engines', () => {
  it('compares API versions as numbers', () => {
    assert.ok(apiAtLeast('1.48', '1.48'));
    assert.ok(apiAtLeast('1.100', '1.48'));
    assert.ok(!apiAtLeast('1.41', '1.48'));
    assert.ok(!apiAtLeast('1.9', '1.48'));
    assert.ok(apiAtLeast(undefined, '1.48'), 'unknown: let the engine decide');
  });

  it('knows an engine that takes no IPv6 subnet from a pool: Docker before 27 with no IPv6 base in its pools', () => {
    const docker = (apiVersion: string, ...bases: string[]) => ({
      product: 'Engine',
      apiVersion,
      defaultAddressPools: bases.map((base) => ({ base, size: 24 })),
    });
    assert.ok(lacksIpv6Pool(docker('1.41')));
    assert.ok(lacksIpv6Pool(docker('1.45', '10.0.0.0/8')));
    assert.ok(!lacksIpv6Pool(docker('1.45', '10.0.0.0/8', 'fd00:1::/48')), 'the daemon was given one');
    assert.ok(!lacksIpv6Pool(docker('1.46')), 'Docker 27 derives its own');
    assert.ok(!lacksIpv6Pool({ ...docker('1.41'), product: 'Podman Engine' }), 'Podman assigns its own');
    assert.ok(!lacksIpv6Pool(docker('')), 'unknown: no warning');
  });

  it('knows a network such an engine would refuse or make unusable: IPv6 on, no IPv6 subnet, the default IPAM', () => {
    const old = { product: 'Engine', apiVersion: '1.41', defaultAddressPools: [] };
    const v6 = (extra: object = {}) => ({
      Name: 'n',
      Driver: 'bridge',
      EnableIPv6: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24' }] },
      ...extra,
    });
    assert.ok(needsIpv6Subnet(v6(), old));
    assert.ok(needsIpv6Subnet(v6({ IPAM: undefined, Driver: 'macvlan' }), old), 'no IPAM at all');
    assert.ok(
      !needsIpv6Subnet(v6({ IPAM: { Config: [{ Subnet: '10.9.0.0/24' }, { Subnet: 'fd00:9::/64' }] } }), old),
      'it has one',
    );
    assert.ok(!needsIpv6Subnet(v6({ EnableIPv6: false }), old), 'no IPv6');
    assert.ok(!needsIpv6Subnet(v6(), { ...old, apiVersion: '1.46' }), 'Docker 27 has a pool');
    assert.ok(!needsIpv6Subnet(v6(), undefined), 'the engine not read: let it decide');
    assert.ok(needsIpv6Subnet(v6({ Driver: 'overlay' }), old), 'made, but no container can join it');
    assert.ok(!needsIpv6Subnet(v6({ IPAM: { Driver: 'other' } }), old), 'another IPAM driver');
    assert.ok(!needsIpv6Subnet(v6({ ConfigFrom: { Network: 'cfg' } }), old), 'its configuration network has it');
  });

  it('an IPv6-only network (ipv4: false) only where the engine has it (API 1.48), with IPv6 and no IPv4 settings', () => {
    const old = buildCreateBody({ name: 'v6', ipv4: false, ipv6: true }, { networks: [], apiVersion: '1.41' });
    assert.ok(
      !old.ok && old.errors.some((e) => /Docker 28 or later \(API 1\.48\); this engine speaks API 1\.41/.test(e)),
    );
    const ok = buildCreateBody(
      { name: 'v6', ipv4: false, ipv6: true, ipv6Subnet: 'fd00:48::/64' },
      { networks: [], apiVersion: '1.48' },
    );
    assert.ok(ok.ok);
    assert.strictEqual(ok.body.EnableIPv4, false);
    const bad = buildCreateBody(
      { name: 'v6', ipv4: false, subnet: '10.48.0.0/24' },
      { networks: [], apiVersion: '1.55' },
    );
    assert.ok(
      !bad.ok &&
        bad.errors.some((e) => /needs ipv6: true/.test(e)) &&
        bad.errors.some((e) => /leave out subnet/.test(e)),
    );
  });
});
