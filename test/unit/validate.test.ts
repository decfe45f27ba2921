import * as assert from 'assert';
import { readCidr } from '../../src/model/cidr';
import { buildSnapshot } from '../../src/model/snapshot';
import {
  checkAlias,
  checkAuxAddress,
  checkContainerName,
  checkGateway,
  checkImage,
  checkIpRange,
  checkKeyValue,
  checkLinkLocalIp,
  checkNetworkName,
  checkStaticIp,
  checkSubnet,
  usedSubnets,
} from '../../src/model/validate';

const ok = (message: string | undefined) => assert.strictEqual(message, undefined);
const bad = (message: string | undefined, pattern: RegExp) => assert.match(message ?? '(accepted)', pattern);

const { networks } = buildSnapshot(
  [
    { Id: 'b', Name: 'bridge', Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] } },
    {
      Id: 'a',
      Name: 'app',
      Driver: 'bridge',
      Scope: 'local',
      IPAM: {
        Config: [
          { Subnet: '10.1.0.0/24', Gateway: '10.1.0.1', AuxiliaryAddresses: { router: '10.1.0.2' } },
          { Subnet: 'fd00:1::/64' },
        ],
      },
    },
    { Id: 'p', Name: 'plain', Driver: 'bridge', Scope: 'local', IPAM: { Config: [] } },
    { Id: 'o', Name: 'mesh', Driver: 'overlay', Scope: 'swarm', IPAM: { Config: [{ Subnet: '10.0.9.0/24' }] } },
    {
      Id: 'c',
      Name: 'cfg',
      Driver: 'null',
      Scope: 'local',
      ConfigOnly: true,
      IPAM: { Config: [{ Subnet: '10.7.0.0/24' }] },
    },
  ],
  [
    {
      Id: 'x1',
      Names: ['/web'],
      State: 'running',
      NetworkSettings: {
        Networks: { app: { NetworkID: 'a', IPAddress: '10.1.0.10', GlobalIPv6Address: 'fd00:1::10' } },
      },
    },
    {
      Id: 'x2',
      Names: ['/db'],
      State: 'exited',
      NetworkSettings: { Networks: { app: { NetworkID: 'a', IPAMConfig: { IPv4Address: '10.1.0.20' } } } },
    },
  ],
);
const app = networks.find((n) => n.name === 'app')!;

describe('validators', () => {
  describe('network name', () => {
    for (const name of [
      'my_network',
      'a b',
      'x"y',
      '<img src=x onerror=alert(1)>',
      'ネットワーク',
      'a/b',
      '$(touch /tmp/pwned)',
    ]) {
      it(`accepts ${JSON.stringify(name)}, as the engine does`, () => ok(checkNetworkName(name)));
    }
    const cases: Array<[string, RegExp]> = [
      ['', /must not be empty/],
      ['   ', /must not be empty/],
      [' x', /begin or end with a space/],
      ['a\nb', /control characters/],
      ['a\u0000b', /control characters/],
      ['x'.repeat(256), /at most 255/],
    ];
    for (const [name, pattern] of cases)
      it(`refuses ${JSON.stringify(name.slice(0, 20))}`, () => bad(checkNetworkName(name), pattern));
    it('refuses a name in use', () => bad(checkNetworkName('app', ['bridge', 'app']), /already exists/));
  });

  it('checks container names and images as the engine does', () => {
    ok(checkContainerName('web-1.blue_2'));
    bad(checkContainerName('-x'), /must start with a letter or digit/);
    bad(checkContainerName('a b'), /letters, digits/);
    ok(checkImage('registry.example:5000/team/app@sha256:abc'));
    bad(checkImage('a b'), /no spaces/);
    bad(checkImage(''), /Give an image/);
  });

  describe('subnet', () => {
    const local = usedSubnets(networks, false);
    it('knows which subnets are in use in each address space', () => {
      assert.deepStrictEqual(local.map((u) => `${u.network} ${u.subnet.text}`).sort(), [
        'app 10.1.0.0/24',
        'app fd00:1::/64',
        'bridge 172.17.0.0/16',
      ]);
      assert.deepStrictEqual(
        usedSubnets(networks, true).map((u) => u.network),
        ['mesh'],
      );
    });
    it('accepts a free subnet', () => ok(checkSubnet('172.21.0.0/16', 4, local)));
    it('names the network a subnet overlaps', () =>
      bad(checkSubnet('10.1.0.128/25', 4, local), /overlaps the subnet 10\.1\.0\.0\/24 of the network "app"/));
    it('catches a wider subnet that swallows one in use', () =>
      bad(checkSubnet('10.0.0.0/8', 4, local), /overlaps .* "app"/));
    it('lets a local subnet overlap a swarm one', () => ok(checkSubnet('10.0.9.0/24', 4, local)));
    it('refuses a subnet with no room', () => bad(checkSubnet('10.9.9.0/31', 4, local), /no room/));
    it('refuses IPv6 where IPv4 is asked', () => bad(checkSubnet('fd00:2::/64', 4, local), /not an IPv4 subnet/));
    it('checks IPv6 overlaps too', () => bad(checkSubnet('fd00:1::/48', 6, local), /overlaps/));
  });

  it('checks gateway, IP range and auxiliary addresses against the subnet', () => {
    const s = readCidr('172.21.0.0/16')!;
    ok(checkGateway('172.21.0.1', s));
    bad(checkGateway('172.22.0.1', s), /not inside 172\.21\.0\.0\/16/);
    bad(checkGateway('172.21.0.0', s), /network or broadcast/);
    bad(checkGateway('x', s), /not an IP address/);
    ok(checkIpRange('172.21.5.0/24', s));
    bad(checkIpRange('172.0.0.0/8', s), /not inside/);
    bad(checkIpRange('172.22.0.0/24', s), /not inside/);
    ok(checkAuxAddress('router=172.21.0.2', s));
    bad(checkAuxAddress('router', s), /name=address/);
    bad(checkAuxAddress('router=10.0.0.1', s), /not inside/);
  });

  it('checks labels, options, aliases and link-local addresses', () => {
    ok(checkKeyValue('com.example.team=payments', 'label'));
    ok(checkKeyValue('flag', 'label'));
    ok(checkKeyValue('<script>=x"y', 'label'));
    bad(checkKeyValue('=x', 'label'), /must not be empty/);
    bad(checkKeyValue('a b=x', 'option'), /must not contain spaces/);
    bad(checkKeyValue('a=x\ny', 'option'), /control characters/);
    ok(checkAlias('api.internal'));
    bad(checkAlias('a b'), /not a valid alias/);
    bad(checkAlias('-x'), /not a valid alias/);
    ok(checkLinkLocalIp('169.254.1.1'));
    ok(checkLinkLocalIp('fe80::1'));
    bad(checkLinkLocalIp('10.0.0.1'), /not a link-local/);
  });

  describe('static address on a network', () => {
    it('accepts a free address inside the subnet', () => ok(checkStaticIp('10.1.0.50', app)));
    it('accepts a free IPv6 address', () => ok(checkStaticIp('fd00:1::50', app)));
    it('refuses one outside the subnet', () =>
      bad(checkStaticIp('10.2.0.5', app), /not inside the subnet of "app" \(10\.1\.0\.0\/24/));
    it('refuses the gateway', () => bad(checkStaticIp('10.1.0.1', app), /is the gateway/));
    it('refuses the broadcast address', () => bad(checkStaticIp('10.1.0.255', app), /broadcast/));
    it('refuses an auxiliary address', () => bad(checkStaticIp('10.1.0.2', app), /auxiliary address/));
    it('refuses an address a running container has', () => bad(checkStaticIp('10.1.0.10', app), /already used by web/));
    it('refuses an address a stopped container is configured with', () =>
      bad(checkStaticIp('10.1.0.20', app), /already used by db/));
    it('refuses the same IPv6 address written differently', () =>
      bad(checkStaticIp('fd00:1:0::10', app), /already used by web/));
    it('lets a container keep its own address', () => ok(checkStaticIp('10.1.0.10', app, 'web')));
    it('refuses any on the default bridge, as the engine does', () =>
      bad(
        checkStaticIp(
          '172.17.0.50',
          networks.find((n) => n.name === 'bridge')!,
        ),
        /does not take a static address/,
      ));
    it('refuses on a network without its own subnet, as the engine does', () =>
      bad(
        checkStaticIp(
          '10.128.0.5',
          networks.find((n) => n.name === 'plain')!,
        ),
        /no IPv4 subnet of its own/,
      ));
  });
});
