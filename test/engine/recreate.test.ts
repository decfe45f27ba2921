// Recreating a network that has containers, on the real engine: a running container with a static
// address and an alias, a running one with a dynamic address, a stopped one and one never started.
// After a recreate every one is back with its address (moved into a new subnet by its host part)
// and aliases; after a failure past the removal (a subnet taken, an address taken) everything is as
// it was; a cancel before the removal leaves it as it was too. Disconnect All and Remove puts the
// containers back when the removal is refused.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { EngineClient } from '../../src/engine/client';
import { EngineError } from '../../src/engine/errors';
import { memberships, recreateNetwork } from '../../src/engine/recreate';
import { removeWithContainers } from '../../src/engine/removeWithContainers';
import { bodyOf } from '../../src/model/recreate';
import { Cleanup, docker, freeSubnets, privateEngine, uniqueName, waitFor } from '../support/docker';
import { SocketProxy } from '../support/proxy';

interface Seen {
  ipv4?: string;
  aliases: string[];
}

describe('recreating a network with containers on a real engine', function () {
  this.timeout(180_000);
  const cleanup = new Cleanup();
  const client = new EngineClient(privateEngine());
  afterEach(() => cleanup.run());

  /** The world: a network on `${p}.0/24` and four containers on it. */
  async function world() {
    const [p, q] = await freeSubnets(2);
    const net = cleanup.network(uniqueName('dn-recreate'));
    await docker('network', 'create', '--subnet', `${p}.0/24`, '--label', 'team=net', net);
    const name = (s: string) => cleanup.container(uniqueName(`dn-recreate-${s}`));
    const [fixed, dynamic, stopped, created] = ['fixed', 'dynamic', 'stopped', 'created'].map(name);
    const sleep = ['tiny:latest', 'sleep', '600'];
    await docker('run', '-d', '--name', fixed, '--network', net, '--ip', `${p}.10`, '--network-alias', 'api', ...sleep);
    await docker('run', '-d', '--name', dynamic, '--network', net, ...sleep);
    await docker(
      'run',
      '-d',
      '--name',
      stopped,
      '--network',
      net,
      '--ip',
      `${p}.20`,
      '--network-alias',
      'db',
      ...sleep,
    );
    await docker('stop', '-t', '0', stopped);
    await docker(
      'create',
      '--name',
      created,
      '--network',
      net,
      '--ip',
      `${p}.30`,
      '--network-alias',
      'cache',
      ...sleep,
    );
    return { net, p, q, fixed, dynamic, stopped, created, all: [fixed, dynamic, stopped, created] };
  }

  /** How each container is configured on the network now (by `docker inspect`). */
  async function seen(net: string, containers: string[]): Promise<Record<string, Seen>> {
    const out: Record<string, Seen> = {};
    for (const c of containers) {
      const [info] = JSON.parse(await docker('inspect', c));
      const e = info.NetworkSettings.Networks[net];
      assert.ok(e, `${c} is on ${net}`);
      out[c] = {
        ...(e.IPAMConfig?.IPv4Address ? { ipv4: e.IPAMConfig.IPv4Address } : {}),
        aliases: (e.Aliases ?? []).filter((a: string) => a !== info.Id.slice(0, 12)).sort(),
      };
    }
    return out;
  }

  async function plan(net: string, containers: string[]) {
    const raw = await client.inspectNetwork(net);
    const ids = await Promise.all(
      containers.map(async (c) => (await docker('inspect', '--format', '{{.Id}}', c)).trim()),
    );
    return { raw, members: await memberships(client, raw, ids) };
  }

  it('moves every container to a new subnet, internal and labelled, with its address and aliases', async () => {
    const w = await world();
    const before = await seen(w.net, w.all);
    const { raw, members } = await plan(w.net, w.all);
    assert.strictEqual(members.length, 4);
    const body = {
      ...bodyOf(raw),
      Internal: true,
      Labels: { ...raw.Labels, changed: 'yes' },
      IPAM: { Driver: 'default', Config: [{ Subnet: `${w.q}.0/24` }] },
    };
    const steps: string[] = [];
    const result = await recreateNetwork(client, raw, members, body, { progress: (s) => steps.push(s) });
    assert.strictEqual(result.rolledBack, false, String(result.failure?.error));
    assert.deepStrictEqual([...new Set(steps)], ['disconnect', 'remove', 'create', 'connect']);
    const [made] = JSON.parse(await docker('network', 'inspect', w.net));
    assert.strictEqual(made.Id, result.id);
    assert.strictEqual(made.Internal, true);
    assert.deepStrictEqual(made.Labels, { team: 'net', changed: 'yes' });
    assert.strictEqual(made.IPAM.Config[0].Subnet, `${w.q}.0/24`);
    const after = await seen(w.net, w.all);
    const moved = (s: Seen) => ({ ...s, ...(s.ipv4 ? { ipv4: s.ipv4.replace(w.p, w.q) } : {}) });
    for (const c of w.all) assert.deepStrictEqual(after[c], moved(before[c]), c);
    assert.deepStrictEqual(result.reconnected.find((r) => r.name === w.fixed)?.moved, [[`${w.p}.10`, `${w.q}.10`]]);
    // The running ones reach each other on the new network, by name and alias.
    await docker('exec', w.fixed, 'ping', '-c', '1', '-W', '5', w.dynamic);
    await docker('exec', w.dynamic, 'ping', '-c', '1', '-W', '5', 'api');
    // The stopped ones start on it with their addresses.
    await docker('start', w.stopped, w.created);
    const [stoppedNow] = JSON.parse(await docker('inspect', w.stopped));
    assert.strictEqual(stoppedNow.NetworkSettings.Networks[w.net].IPAddress, `${w.q}.20`);
  });

  it('rolls back when the create fails after the removal (the subnet taken meanwhile)', async () => {
    const w = await world();
    const taker = cleanup.network(uniqueName('dn-recreate-taker'));
    await docker('network', 'create', '--subnet', `${w.q}.0/24`, taker);
    const before = await seen(w.net, w.all);
    const [rawBefore] = JSON.parse(await docker('network', 'inspect', w.net));
    const { raw, members } = await plan(w.net, w.all);
    const body = { ...bodyOf(raw), IPAM: { Driver: 'default', Config: [{ Subnet: `${w.q}.0/24` }] } };
    const result = await recreateNetwork(client, raw, members, body);
    assert.strictEqual(result.rolledBack, true);
    assert.strictEqual(result.failure?.step, 'create');
    assert.deepStrictEqual(result.failure?.rollbackErrors, []);
    const [rawAfter] = JSON.parse(await docker('network', 'inspect', w.net));
    assert.strictEqual(result.id, rawAfter.Id, 'the ID the network has again');
    assert.deepStrictEqual(rawAfter.IPAM.Config, rawBefore.IPAM.Config);
    assert.deepStrictEqual(rawAfter.Labels, rawBefore.Labels);
    assert.deepStrictEqual(await seen(w.net, w.all), before);
  });

  it('rolls back when a container cannot be connected again (its address taken)', async () => {
    const w = await world();
    const before = await seen(w.net, w.all);
    const { raw, members } = await plan(w.net, w.all);
    // The fixed container's address in the new subnet is reserved: its connect fails.
    const body = {
      ...bodyOf(raw),
      IPAM: { Driver: 'default', Config: [{ Subnet: `${w.q}.0/24`, AuxiliaryAddresses: { taken: `${w.q}.10` } }] },
    };
    const result = await recreateNetwork(client, raw, members, body);
    assert.strictEqual(result.rolledBack, true);
    assert.strictEqual(result.failure?.step, 'connect');
    assert.strictEqual(result.failure?.container, w.fixed);
    const [rawAfter] = JSON.parse(await docker('network', 'inspect', w.net));
    assert.strictEqual(rawAfter.IPAM.Config[0].Subnet, `${w.p}.0/24`);
    assert.deepStrictEqual(await seen(w.net, w.all), before);
    await docker('exec', w.fixed, 'ping', '-c', '1', '-W', '5', w.dynamic);
  });

  it('a rollback connects each container with its own address, not the one chosen for the new network', async () => {
    const w = await world();
    const before = await seen(w.net, w.all);
    const { raw, members } = await plan(w.net, w.all);
    const member = (name: string) => members.find((m) => m.name === name)!;
    member(w.dynamic).newIpv4 = `${w.q}.60`;
    member(w.stopped).newIpv4 = `${w.q}.50`;
    // The fixed container's address in the new subnet is reserved: its connect fails (a running
    // container's is where the engine takes the address; a stopped one's only records it).
    const body = {
      ...bodyOf(raw),
      IPAM: { Driver: 'default', Config: [{ Subnet: `${w.q}.0/24`, AuxiliaryAddresses: { taken: `${w.q}.10` } }] },
    };
    const result = await recreateNetwork(client, raw, members, body);
    assert.ok(result.failure, 'the connect failed');
    assert.strictEqual(result.failure.step, 'connect');
    assert.strictEqual(result.failure.container, w.fixed);
    assert.deepStrictEqual(result.failure.rollbackErrors, []);
    assert.strictEqual(result.rolledBack, true);
    assert.deepStrictEqual(await seen(w.net, w.all), before);
    await docker('exec', w.fixed, 'ping', '-c', '1', '-W', '5', w.dynamic);
  });

  it('when putting back fails too, it says so, naming each step and container that failed', async () => {
    const w = await world();
    const { raw, members } = await plan(w.net, w.all);
    const body = { ...bodyOf(raw), IPAM: { Driver: 'default', Config: [{ Subnet: `${w.q}.0/24` }] } };
    // Once the network is removed, both its new subnet and its old one are taken: neither the new
    // network nor the old one can be made.
    const takers = [uniqueName('dn-recreate-new'), uniqueName('dn-recreate-old')].map((n) => cleanup.network(n));
    const result = await recreateNetwork(client, raw, members, body, {
      progress: (step) => {
        if (step !== 'create') return;
        execFileSync('docker', ['network', 'create', '--subnet', `${w.q}.0/24`, takers[0]]);
        execFileSync('docker', ['network', 'create', '--subnet', `${w.p}.0/24`, takers[1]]);
      },
    });
    assert.strictEqual(result.rolledBack, false, 'not everything was put back');
    assert.strictEqual(result.failure?.step, 'create');
    const failed = result.failure!.rollbackErrors.map((r) => `${r.step} ${r.container ?? ''}`.trim());
    assert.deepStrictEqual(failed, ['create', ...members.map((m) => `connect ${m.name}`)]);
  });

  for (const lost of ['disconnect', 'connect'] as const)
    it(`a ${lost} whose answer was lost, done on the engine, is put back too`, async () => {
      const w = await world();
      const before = await seen(w.net, w.all);
      const { raw, members } = await plan(w.net, w.all);
      const proxy = new SocketProxy(privateEngine().host.slice('unix://'.length));
      try {
        await proxy.listen();
        const viaProxy = new EngineClient({ ...privateEngine(), host: proxy.host });
        const body = { ...bodyOf(raw), IPAM: { Driver: 'default', Config: [{ Subnet: `${w.q}.0/24` }] } };
        const pattern = new RegExp(`^POST /networks/[^/]+/${lost}$`);
        if (lost === 'disconnect') proxy.loseAnswers(pattern);
        const result = await recreateNetwork(viaProxy, raw, members, body, {
          // The first connect to the new network: its answer lost.
          progress: (step) => {
            if (lost === 'connect' && step === 'connect' && !proxy.requests.some((r) => pattern.test(r)))
              proxy.loseAnswers(pattern);
          },
        });
        assert.ok(result.failure, `the lost ${lost} failed the recreate`);
        assert.strictEqual(result.failure.step, lost);
        assert.strictEqual(result.failure.container, members[0].name);
        assert.deepStrictEqual(result.failure.rollbackErrors, []);
        assert.strictEqual(result.rolledBack, true);
        assert.deepStrictEqual(await seen(w.net, w.all), before, 'every container back, as it was');
        const [rawAfter] = JSON.parse(await docker('network', 'inspect', w.net));
        assert.strictEqual(rawAfter.IPAM.Config[0].Subnet, `${w.p}.0/24`);
        await docker('exec', w.fixed, 'ping', '-c', '1', '-W', '5', w.dynamic);
      } finally {
        await proxy.dispose();
      }
    });

  it('Disconnect All and Remove: a refused removal connects each container again as it was', async () => {
    const w = await world();
    const before = await seen(w.net, w.all);
    const proxy = new SocketProxy(privateEngine().host.slice('unix://'.length));
    try {
      await proxy.listen();
      const viaProxy = new EngineClient({ ...privateEngine(), host: proxy.host });
      const id = (await docker('network', 'inspect', '--format', '{{.Id}}', w.net)).trim();
      const running = await Promise.all(
        [w.fixed, w.dynamic].map(async (c) => (await docker('inspect', '--format', '{{.Id}}', c)).trim()),
      );
      const release = proxy.hold(/^DELETE \/networks\//);
      const removal = removeWithContainers(viaProxy, id, running);
      await waitFor('the removal on its way', () => proxy.requests.some((r) => r.startsWith('DELETE /networks/')));
      // Meanwhile another container joins the network: the engine refuses to remove it.
      const late = cleanup.container(uniqueName('dn-recreate-late'));
      await docker('run', '-d', '--name', late, '--network', w.net, 'tiny:latest', 'sleep', '600');
      release();
      const failure = await removal;
      assert.ok(failure, 'the removal was refused');
      assert.deepStrictEqual([...failure.putBack].sort(), [w.fixed, w.dynamic].sort());
      assert.deepStrictEqual(failure.notPutBack, []);
      assert.deepStrictEqual(await seen(w.net, w.all), before, 'each with its address and aliases');
      await docker('exec', w.fixed, 'ping', '-c', '1', '-W', '5', w.dynamic);
    } finally {
      await proxy.dispose();
    }
  });

  it('a cancel before the removal puts back the containers already disconnected', async () => {
    const w = await world();
    const before = await seen(w.net, w.all);
    const { raw, members } = await plan(w.net, w.all);
    const cancel = new AbortController();
    let disconnects = 0;
    await assert.rejects(
      recreateNetwork(
        client,
        raw,
        members,
        { ...bodyOf(raw), Internal: true },
        {
          signal: cancel.signal,
          progress: (step) => {
            if (step === 'disconnect' && ++disconnects === 3) cancel.abort();
          },
        },
      ),
      (e: EngineError) => e instanceof EngineError && e.kind === 'cancelled',
      'a cancel, which commands do not report as a failure',
    );
    const [rawAfter] = JSON.parse(await docker('network', 'inspect', w.net));
    assert.strictEqual(rawAfter.Id, raw.Id, 'the network was never removed');
    assert.strictEqual(rawAfter.Internal, false);
    assert.deepStrictEqual(await seen(w.net, w.all), before);
  });
});
