// Podman's Docker-compatible API as an engine: the same client, model and store, on a private
// Podman service (scripts/podman.sh, started by scripts/test.sh).
import * as assert from 'assert';
import { EngineClient } from '../../src/engine/client';
import { isEngineError } from '../../src/engine/errors';
import { buildSnapshot } from '../../src/model/snapshot';
import { NetworkStore } from '../../src/store';
import { Cleanup, DEFAULT_WAIT_MS, dockerAt, uniqueName, waitFor } from '../support/docker';

function podmanHost(): string {
  const host = process.env.DN_PODMAN_HOST;
  if (!host)
    throw new Error(
      'These tests need the private Podman service: run them with `bash scripts/test.sh` (it sets DN_PODMAN_HOST).',
    );
  return host;
}

describe('Podman as an engine', function () {
  this.timeout(60_000);
  const host = podmanHost();
  const client = new EngineClient({ name: 'podman', host, source: 'settings' });
  const cleanup = new Cleanup(host);
  let store: NetworkStore | undefined;
  afterEach(async () => {
    store?.dispose();
    store = undefined;
    await cleanup.run();
  });

  it('answers version and info as Podman', async () => {
    const version = await client.version();
    assert.ok(
      version.Components?.some((c) => /podman/i.test(c.Name ?? '')),
      JSON.stringify(version.Components),
    );
    const info = await client.info();
    assert.strictEqual(info.Swarm?.LocalNodeState, 'inactive');
  });

  it("reads a network's DNS servers through Podman's own API, and changes them in place where this Podman can", async () => {
    const net = cleanup.network(uniqueName('dn-pdns'));
    await dockerAt(host, 'network', 'create', net);
    assert.deepStrictEqual(await client.podmanDnsServers(net), []);
    const version = (await client.version()).Version ?? '';
    const updated = await client.updatePodmanDns(net, ['192.0.2.53'], []).then(
      () => true,
      (e: unknown) => {
        // A Podman without `podman network update` (older ones, or on CNI) has no such route: 404 or 405.
        assert.ok(isEngineError(e) && (e.statusCode === 404 || e.statusCode === 405), String(e));
        return false;
      },
    );
    assert.deepStrictEqual(await client.podmanDnsServers(net), updated ? ['192.0.2.53'] : [], `Podman ${version}`);
  });

  it('creates a network and joins containers to it, though Podman names networks where Docker gives IDs', async () => {
    const network = cleanup.network(uniqueName('dn-pod'));
    const { id } = await client.createNetwork({ Name: network, IPAM: { Config: [{ Subnet: '10.252.1.0/24' }] } });
    assert.ok(id);
    const running = cleanup.container(uniqueName('dn-podc'));
    await dockerAt(host, 'run', '-d', '--name', running, '--network', network, 'tiny:latest', 'sleep', '3600');
    const created = cleanup.container(uniqueName('dn-podn'));
    await dockerAt(host, 'create', '--name', created, '--network', network, 'tiny:latest', 'sleep', '3600');

    const containers = await client.listContainers();
    const raw = containers.find((c) => c.Names?.includes(`/${running}`));
    assert.strictEqual(
      raw?.NetworkSettings?.Networks?.[network]?.NetworkID,
      network,
      'Podman puts the name in NetworkID',
    );

    const model = buildSnapshot(await client.listNetworks(), containers).networks.find((n) => n.name === network);
    assert.ok(model);
    assert.deepStrictEqual(
      model.ipam.configs.map((c) => c.subnet),
      ['10.252.1.0/24'],
    );
    const byName = new Map(model.endpoints.map((e) => [e.containerName, e]));
    assert.match(byName.get(running)?.ipv4 ?? '', /^10\.252\.1\./);
    assert.strictEqual(byName.get(created)?.state, 'created');
  });

  it('follows networks (which Podman sends no events for) by polling, and connects from events', async () => {
    store = new NetworkStore([client], { debounceMs: 50 });
    store.start();
    const state = await waitFor('ready', () => store!.engines[0].status === 'ready' && store!.engines[0]);
    assert.match(state.version!.product, /podman/i);
    assert.strictEqual(state.pollingMs, 5_000, 'Podman engines are polled');
    const network = cleanup.network(uniqueName('dn-podlive'));
    await dockerAt(host, 'network', 'create', network);
    await waitFor(
      'the new network (by polling)',
      () => store!.engines[0].snapshot?.networks.some((n) => n.name === network),
      DEFAULT_WAIT_MS,
      50,
    );
    store.dispose();

    // Polled once an hour, so only the event stream can bring the connect in.
    store = new NetworkStore([client], { debounceMs: 50, pollMs: 3_600_000 });
    store.start();
    await waitFor(
      'ready, polling hourly',
      () => store!.engines[0].status === 'ready' && store!.engines[0].pollingMs === 3_600_000,
    );
    const refreshes = store.engines[0].refreshes;
    const container = cleanup.container(uniqueName('dn-podlc'));
    await dockerAt(host, 'run', '-d', '--name', container, 'tiny:latest', 'sleep', '3600');
    await dockerAt(host, 'network', 'connect', network, container);
    await waitFor('the connect (by events)', () =>
      store!.engines[0].snapshot?.networks
        .find((n) => n.name === network)
        ?.endpoints.some((e) => e.containerName === container),
    );
    assert.ok(store.engines[0].refreshes > refreshes, 'events made the store read again');
  });
});
