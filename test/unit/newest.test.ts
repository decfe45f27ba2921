// Objects shaped by the newest Engine API definition (1.55) — fields missing, null, unknown, and the
// shapes newer engines send (IPv6-only networks, DNSNames, GwPriority, 64-bit address counts,
// the firewall backend, empty strings for absent values, lists without Containers) — through the
// model, the tooltips and the panel views: no crash, and nothing shown as "undefined".
import * as assert from 'assert';
import {
  RawContainer,
  RawContainerInspect,
  RawInfo,
  RawNetwork,
  RawSwarmNode,
  RawVersion,
} from '../../src/engine/types';
import { containerTooltip, networkTooltip } from '../../src/model/markdown';
import { containerView, networkView, topologyView } from '../../src/model/panels';
import { buildSnapshot } from '../../src/model/snapshot';
import { nameNodes, swarmDetails, toSwarmNodes } from '../../src/model/swarm';
import { engineVersion } from '../../src/store/version';
import { assertShowable, generator, newerShapes } from '../support/apiShapes';

function throughEverything(networks: RawNetwork[], containers: RawContainer[], label: string): void {
  const snapshot = buildSnapshot(networks, containers);
  for (const n of snapshot.networks) {
    assertShowable(`${label}: tooltip of ${n.name}`, networkTooltip(n));
    for (const e of n.endpoints) assertShowable(`${label}: tooltip of ${e.containerName}`, containerTooltip(e, n.name));
    const raw = networks.find((r) => r.Id === n.id)!;
    const view = networkView('engine', n, raw);
    assertShowable(`${label}: panel of ${n.name}`, { ...view, json: '' });
    assertShowable(`${label}: swarm details of ${n.name}`, nameNodes(swarmDetails(raw), []));
  }
  assertShowable(`${label}: topology`, topologyView('engine', snapshot));
}

describe('objects shaped by the newest Engine API (1.55)', function () {
  this.timeout(60_000);

  it('the shapes newer engines send: IPv6-only, DNSNames, GwPriority, 64-bit counts, empty strings', () => {
    const { networks, containers } = newerShapes();
    throughEverything(networks, containers, 'newer shapes');
    const snapshot = buildSnapshot(networks, containers);
    const v6 = snapshot.networks.find((n) => n.name === 'v6only')!;
    assert.strictEqual(v6.ipv4, false);
    assert.match(networkTooltip(v6), /IPv6 only/);
    const endpoint = v6.endpoints[0];
    assert.deepStrictEqual(
      [endpoint.ipv4, endpoint.ipv6, endpoint.gwPriority, endpoint.dnsNames],
      [undefined, 'fd00:1::2', 10, ['only6', 'c6c6']],
    );
    assert.match(containerTooltip(endpoint, 'v6only'), /Gateway priority.*`10`/);
    const view = networkView('engine', v6, networks[0]);
    assert.deepStrictEqual(
      view.ipam.configs[0].engine,
      { inUse: '3', available: '18446744073709551615' },
      'the 64-bit count exactly',
    );
    const empty = snapshot.networks.find((n) => n.name === 'empty-strings')!;
    assert.deepStrictEqual(
      empty.ipam.configs[0],
      { subnet: '10.77.0.0/24', auxAddresses: {} },
      '"" is treated as absent',
    );
    assert.strictEqual(empty.endpoints[0].gwPriority, undefined, 'priority 0 is the default, not shown');
    assert.strictEqual(empty.endpoints[0].configuredIpv4, undefined);
  });

  it('the firewall backend and API version of /info and /version', () => {
    const v = engineVersion(
      { Version: '29.7.0', ApiVersion: '1.55', MinAPIVersion: '1.40', Os: 'linux', Arch: 'amd64' },
      { FirewallBackend: { Driver: 'nftables+firewalld', Info: [['ReloadedAt', 'x']] } },
    );
    assert.deepStrictEqual([v.apiVersion, v.firewallBackend], ['1.55', 'nftables+firewalld']);
  });

  for (let seed = 1; seed <= 200; seed++) {
    it(`generated objects, seed ${seed}`, () => {
      const g = generator(seed);
      const networks = Array.from(
        { length: 4 },
        (_, i) =>
          ({
            ...(g.value('NetworkInspect') as object),
            Id: `n${seed}-${i}`.padEnd(64, 'a'),
            Name: `net-${i}`,
          }) as RawNetwork,
      );
      const containers = Array.from({ length: 4 }, (_, i) => {
        const c = { ...(g.value('ContainerSummary') as object), Id: `c${seed}-${i}`.padEnd(64, 'b') } as RawContainer;
        // Some containers on the generated networks, by name and by ID, as the engine links them.
        if (g.random() < 0.7) {
          const n = g.pick(networks);
          const settings = (g.value('EndpointSettings') ?? {}) as object;
          c.NetworkSettings = { Networks: { [n.Name]: { ...settings, NetworkID: g.random() < 0.5 ? n.Id : '' } } };
        }
        return c;
      });
      throughEverything(networks, containers, `seed ${seed}`);
      const inspect = {
        ...(g.value('ContainerInspectResponse') as object),
        Id: containers[0].Id,
      } as RawContainerInspect;
      assertShowable(
        `seed ${seed}: container panel`,
        containerView('engine', inspect, buildSnapshot(networks, containers)),
      );
      const version = engineVersion(g.value('SystemVersion') as RawVersion, g.value('SystemInfo') as RawInfo);
      assertShowable(`seed ${seed}: engine version`, version);
      const nodes = toSwarmNodes([{ ...(g.value('Node') as object), ID: `node${seed}` } as RawSwarmNode]);
      assertShowable(`seed ${seed}: swarm nodes`, nodes);
    });
  }
});
