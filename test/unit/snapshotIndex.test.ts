// The patched join against a fresh one: random engines (networks of the same name, containers on
// networks by ID, by name only as never-started ones are, on networks that are gone, sharing
// another's stack by name, ID or prefix) and random sequences of what events report (networks
// created, removed and renamed; containers created, removed, renamed, connected, disconnected,
// started and stopped). After every step the patched snapshot equals a fresh join of the same
// lists, and what the step did not touch keeps its identity.
import * as assert from 'assert';
import fc from 'fast-check';
import type { RawContainer, RawEndpointSettings, RawNetwork } from '../../src/engine/types';
import { buildSnapshot } from '../../src/model/snapshot';
import { SnapshotIndex } from '../../src/model/snapshotIndex';

const RUNS = Math.ceil(Number(process.env.DN_FUZZ_RUNS ?? 3000) / 6);
const netId = (i: number) => `n${String(i).padStart(3, '0')}`.padEnd(64, 'f');
const conId = (i: number) => `c${String(i).padStart(3, '0')}`.padEnd(64, 'e');
const NAMES = ['front', 'back', 'db', 'front', 'ネット'];

function network(i: number, name: string, flip = false): RawNetwork {
  return {
    Id: netId(i),
    Name: name,
    Driver: 'bridge',
    Scope: 'local',
    Internal: flip,
    IPAM: { Driver: 'default', Config: [{ Subnet: `10.${i}.0.0/24` }] },
    Labels: { n: String(i) },
  };
}

/** A container: on these networks (by ID, or by name with no ID), or sharing `shares`' stack. */
function container(
  i: number,
  name: string,
  on: { network: number; name: string; byName: boolean }[],
  state: string,
  shares?: string,
): RawContainer {
  const networks: Record<string, RawEndpointSettings> = {};
  for (const o of on)
    networks[o.name] = {
      NetworkID: o.byName ? '' : netId(o.network),
      IPAddress: state === 'running' ? `10.${o.network}.0.${i + 2}` : '',
      Aliases: [`a${i}`],
    };
  return {
    Id: conId(i),
    Names: [`/${name}`],
    Image: 'tiny',
    State: state,
    Status: state,
    HostConfig: { NetworkMode: shares ? `container:${shares}` : 'bridge' },
    NetworkSettings: { Networks: shares ? {} : networks },
  };
}

const arbOn = fc.array(fc.record({ network: fc.nat(5), name: fc.constantFrom(...NAMES), byName: fc.boolean() }), {
  maxLength: 3,
});
const arbState = fc.constantFrom('running', 'exited', 'created');
const arbShares = fc.option(fc.oneof(fc.constantFrom('c-0', 'c-1', 'c002', 'nobody'), fc.constant(conId(3))), {
  nil: undefined,
});
const arbContainer = fc.record({
  i: fc.nat(7),
  name: fc.constantFrom('c-0', 'c-1', 'c-2', 'c-1', 'web'),
  on: arbOn,
  state: arbState,
  shares: arbShares,
});
const arbStep = fc.oneof(
  fc.record({ kind: fc.constant('net' as const), i: fc.nat(5), name: fc.constantFrom(...NAMES), flip: fc.boolean() }),
  fc.record({ kind: fc.constant('netGone' as const), i: fc.nat(5) }),
  fc.record({ kind: fc.constant('con' as const), c: arbContainer }),
  fc.record({ kind: fc.constant('conGone' as const), i: fc.nat(7) }),
);

describe('the join, patched after events', function () {
  // Thousands of generated engines, and one of 10,000 containers: seconds on a busy machine.
  this.timeout(60_000);
  it('equals a fresh join of the same lists after every step, and keeps what a step did not touch; a snapshot read later is still its own', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ i: fc.nat(5), name: fc.constantFrom(...NAMES) }), { maxLength: 5 }),
        fc.array(arbContainer, { maxLength: 6 }),
        fc.array(arbStep, { minLength: 1, maxLength: 12 }),
        (nets, cons, steps) => {
          const networks = new Map<string, RawNetwork>();
          const containers = new Map<string, RawContainer>();
          for (const n of nets) networks.set(netId(n.i), network(n.i, n.name));
          for (const c of cons)
            containers.set(conId(c.i), container(c.i, c.name, c.on, c.state, c.shares ?? undefined));
          const index = new SnapshotIndex(networks, containers);
          // The same steps on a second join whose snapshots are read only at the end: what a
          // network's endpoints are made of when first read must be what they were when published.
          const shadowNetworks = new Map(networks);
          const shadowContainers = new Map(containers);
          const shadow = new SnapshotIndex(shadowNetworks, shadowContainers);
          const kept = [
            { snapshot: shadow.snapshot, fresh: new SnapshotIndex(new Map(networks), new Map(containers)).snapshot },
          ];
          assert.deepStrictEqual(index.snapshot, kept[0].fresh);
          for (const step of steps) {
            const before = index.snapshot;
            const touched = { networks: [] as string[], containers: [] as string[] };
            if (step.kind === 'net') {
              networks.set(netId(step.i), network(step.i, step.name, step.flip));
              touched.networks.push(netId(step.i));
            } else if (step.kind === 'netGone') {
              networks.delete(netId(step.i));
              touched.networks.push(netId(step.i));
            } else if (step.kind === 'con') {
              const c = step.c;
              containers.set(conId(c.i), container(c.i, c.name, c.on, c.state, c.shares ?? undefined));
              touched.containers.push(conId(c.i));
            } else {
              containers.delete(conId(step.i));
              touched.containers.push(conId(step.i));
            }
            const patched = index.apply(touched.networks, touched.containers);
            const fresh = new SnapshotIndex(new Map(networks), new Map(containers)).snapshot;
            assert.deepStrictEqual(patched, fresh, JSON.stringify(step));
            for (const [from, to] of [
              [networks, shadowNetworks],
              [containers, shadowContainers],
            ] as const)
              for (const id of [...touched.networks, ...touched.containers]) {
                const value = (from as Map<string, unknown>).get(id);
                if (value === undefined) (to as Map<string, unknown>).delete(id);
                else (to as Map<string, unknown>).set(id, value);
              }
            kept.push({ snapshot: shadow.apply(touched.networks, touched.containers), fresh });
            // A network the step did not name, none of whose containers changed, is the same object.
            const changedContainers = new Set(touched.containers);
            const sharing = [...containers.values()].some((c) =>
              String(c.HostConfig?.NetworkMode).startsWith('container:'),
            );
            for (const n of patched.networks) {
              const old = before.networks.find((x) => x.id === n.id);
              const near = [...n.endpoints, ...(old?.endpoints ?? [])].some((e) =>
                changedContainers.has(e.containerId),
              );
              if (old && !touched.networks.length && !near && !sharing)
                assert.strictEqual(n, old, `${n.name} kept its identity`);
            }
          }
          kept.forEach(({ snapshot, fresh }, i) =>
            assert.deepStrictEqual(snapshot, fresh, `the snapshot after step ${i}`),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('buildSnapshot is the same join', () => {
    const nets = [network(1, 'front'), network(2, 'back')];
    const cons = [
      container(1, 'web', [{ network: 1, name: 'front', byName: false }], 'running'),
      container(2, 'api', [{ network: 2, name: 'back', byName: true }], 'created'),
      container(3, 'side', [], 'running', 'web'),
    ];
    const snapshot = buildSnapshot(nets, cons);
    assert.deepStrictEqual(
      snapshot.networks.map((n) => [n.name, n.endpoints.map((e) => e.containerName)]),
      [
        ['back', ['api']],
        ['front', ['side', 'web']],
      ],
    );
    assert.deepStrictEqual(snapshot.containers.find((c) => c.name === 'side')?.sharedFrom, {
      id: conId(1),
      name: 'web',
    });
  });

  it('patches one event at 2,000 networks and 10,000 containers without rebuilding the rest', () => {
    const networks = new Map<string, RawNetwork>();
    const containers = new Map<string, RawContainer>();
    for (let i = 0; i < 2000; i++) {
      const n = { ...network(i % 250, `net-${i}`), Id: `x${i}-`.padEnd(64, '0') };
      networks.set(n.Id, n);
    }
    for (let i = 0; i < 10_000; i++) {
      const c = container(i % 250, `c-${i}`, [], i % 2 ? 'running' : 'exited');
      c.Id = `y${i}-`.padEnd(64, '0');
      c.NetworkSettings = { Networks: { [`net-${i % 2000}`]: { NetworkID: `x${i % 2000}-`.padEnd(64, '0') } } };
      containers.set(c.Id, c);
    }
    const index = new SnapshotIndex(networks, containers);
    const before = index.snapshot;
    const moved = containers.get('y5-'.padEnd(64, '0'))!;
    containers.set(moved.Id, {
      ...moved,
      NetworkSettings: { Networks: { 'net-7': { NetworkID: 'x7-'.padEnd(64, '0'), IPAddress: '10.0.0.9' } } },
    });
    const after = index.apply([], [moved.Id]);
    const changed = after.networks.filter((n, i) => n !== before.networks[i]).map((n) => n.name);
    assert.deepStrictEqual(changed.sort(), ['net-5', 'net-7']);
    assert.strictEqual(after.networks.find((n) => n.name === 'net-7')?.endpoints.length, 6);
    assert.deepStrictEqual(after, buildSnapshot([...networks.values()], [...containers.values()]));
  });
});
