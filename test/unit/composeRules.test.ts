// Each rule for a Compose file's networks, with the case that proves it: against a snapshot of
// an engine built from raw API objects, and on the file alone.
import * as assert from 'assert';
import { RawNetwork } from '../../src/engine/types';
import { parseCompose } from '../../src/model/compose/file';
import { checkCompose, drift, nextFreeSubnet } from '../../src/model/compose/rules';
import { readCidr } from '../../src/model/cidr';
import { buildSnapshot, EngineSnapshot } from '../../src/model/snapshot';

const net = (name: string, subnet: string, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id: `${name}-id`,
  Name: name,
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
  ...extra,
});
const owned = (project: string, key: string, labels: Record<string, string> = {}) => ({
  Labels: { 'com.docker.compose.project': project, 'com.docker.compose.network': key, ...labels },
});

const engine = buildSnapshot(
  [
    net('other_net', '10.50.0.0/16'),
    net('shop_back', '10.60.0.0/24', {
      ...owned('shop', 'back'),
      Internal: false,
      Options: { 'com.docker.network.driver.mtu': '1400' },
    }),
    net('shop_front', '10.61.0.0/24', owned('shop', 'front')),
  ],
  [],
);

/** `null`: the file alone, no engine. */
const findings = (text: string, snapshot: EngineSnapshot | null = engine) => {
  const file = parseCompose(text, 'shop', {});
  return checkCompose(file, snapshot ?? undefined).map((f) => ({ ...f, at: text.slice(f.range.start, f.range.end) }));
};

describe('compose rules', () => {
  it('external-missing: an external network the engine does not have, with a create fix', () => {
    const text = 'networks:\n  corp:\n    external: true\n  known:\n    external: true\n    name: other_net\n';
    const f = findings(text);
    assert.deepStrictEqual(
      f.map((x) => [x.rule, x.at, x.fix?.kind]),
      [['external-missing', 'corp', 'createExternal']],
    );
    assert.match(f[0].message, /declared as external, but could not be found/);
    assert.deepStrictEqual(findings(text, null), [], 'without an engine, nothing to say');
  });

  it('address-invalid: a subnet that is not one, a gateway, range, aux address or service address outside it', () => {
    const text = [
      'networks:',
      '  a:',
      '    ipam:',
      '      config:',
      '        - subnet: 10.70.0.0/33',
      '  b:',
      '    ipam:',
      '      config:',
      '        - subnet: 10.71.0.0/24',
      '          gateway: 10.72.0.1',
      '          ip_range: 10.71.1.0/25',
      '          aux_addresses: { router: 10.99.0.1 }',
      'services:',
      '  s:',
      '    networks:',
      '      b:',
      '        ipv4_address: 10.80.0.5',
      '      a:',
      '        ipv4_address: not-an-ip',
    ].join('\n');
    const f = findings(text).filter((x) => x.rule === 'address-invalid');
    assert.deepStrictEqual(
      f.map((x) => x.at),
      ['10.70.0.0/33', '10.72.0.1', '10.71.1.0/25', '{ router: 10.99.0.1 }', '10.80.0.5', 'not-an-ip'],
    );
  });

  it("subnet-overlap: another project's network, named, with the next free subnet of the same size", () => {
    const text = 'networks:\n  front:\n    ipam:\n      config:\n        - subnet: 10.50.3.0/24\n';
    const [f] = findings(text);
    assert.strictEqual(f.rule, 'subnet-overlap');
    assert.strictEqual(f.at, '10.50.3.0/24');
    assert.match(f.message, /overlaps 10\.50\.0\.0\/16 of the network other_net/);
    assert.deepStrictEqual(f.fix, { kind: 'replaceSubnet', subnet: '10.51.0.0/24' });
    // This project's own network is no overlap.
    assert.deepStrictEqual(
      findings('networks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.60.0.0/24\n'),
      [],
    );
  });

  it("drift: this project's network whose settings differ, listed, with a recreate fix", () => {
    const text = [
      'networks:',
      '  back:',
      '    internal: true',
      '    driver_opts:',
      '      com.docker.network.driver.mtu: "1450"',
      '    ipam:',
      '      config:',
      '        - subnet: 10.60.0.0/24',
      '  front: {}',
    ].join('\n');
    const f = findings(text);
    assert.deepStrictEqual(
      f.map((x) => [x.rule, x.at]),
      [['drift', 'back']],
    );
    assert.match(f[0].message, /internal: true in the file, false on the engine/);
    assert.match(f[0].message, /driver_opts com\.docker\.network\.driver\.mtu: 1450 in the file, 1400 on the engine/);
    assert.deepStrictEqual(f[0].fix, { kind: 'recreate', network: 'back', containers: [] });
    assert.deepStrictEqual(
      drift(
        parseCompose('networks:\n  front: {}\n', 'shop', {}).networks[0],
        engine.networks.find((n) => n.name === 'shop_front')!,
      ),
      [],
    );
  });

  it('ports-internal: ports published by a service whose networks are all internal', () => {
    const text =
      'networks:\n  i:\n    internal: true\n  o: {}\nservices:\n  a:\n    ports: ["80:80"]\n    networks: [i]\n  b:\n    ports: ["81:80"]\n    networks: [i, o]\n';
    assert.deepStrictEqual(
      findings(text, null).map((x) => [x.rule, x.at]),
      [['ports-internal', 'ports']],
    );
  });

  it('undeclared-network and network-mode-with-networks', () => {
    const text = 'services:\n  a:\n    networks: [ghost]\n  b:\n    network_mode: host\n    networks: [ghost]\n';
    assert.deepStrictEqual(
      findings(text, null).map((x) => [x.rule, x.at]),
      [
        ['undeclared-network', 'ghost'],
        ['network-mode-with-networks', 'host'],
        ['undeclared-network', 'ghost'],
      ],
    );
  });

  it('interpolation: a required variable without a value', () => {
    const f = findings('networks:\n  a:\n    name: ${NAME:?name the network}\n', null);
    assert.deepStrictEqual(
      f.map((x) => [x.rule, x.message]),
      [['interpolation', 'name the network']],
    );
  });

  it('finds the next free subnet of a size: after the one given, wrapping, then in the other ranges', () => {
    const used = ['10.0.0.0/16', '10.1.0.0/24', '10.1.1.0/24', '192.168.0.0/16'].map((t) => readCidr(t)!);
    assert.strictEqual(nextFreeSubnet(readCidr('10.1.0.0/24')!, used), '10.1.2.0/24');
    assert.strictEqual(nextFreeSubnet(readCidr('10.255.255.0/24')!, used), '10.1.2.0/24', 'wraps around');
    assert.strictEqual(nextFreeSubnet(readCidr('192.168.5.0/24')!, used), '10.1.2.0/24');
    assert.strictEqual(nextFreeSubnet(readCidr('10.0.0.0/8')!, used), undefined, 'no other /8 is private');
    assert.strictEqual(nextFreeSubnet(readCidr('fd00::/64')!, used), undefined, 'IPv4 only');
  });
});
