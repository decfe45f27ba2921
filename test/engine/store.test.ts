// The store against the real engine: it follows the event stream, coalesces bursts, and recovers
// from a dropped stream and from an engine that goes away and comes back.
import * as assert from 'assert';
import { EngineClient } from '../../src/engine/client';
import { EngineState, NetworkStore } from '../../src/store';
import { Cleanup, docker, privateEngine, uniqueName, waitFor } from '../support/docker';
import { SocketProxy } from '../support/proxy';

const engineSocket = () => privateEngine().host.slice('unix://'.length);

describe('NetworkStore on a real engine', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  let store: NetworkStore | undefined;
  let proxy: SocketProxy | undefined;
  afterEach(async () => {
    store?.dispose();
    store = undefined;
    await proxy?.dispose();
    proxy = undefined;
    await cleanup.run();
  });

  const networkNamed = (s: NetworkStore, name: string) => s.engines[0].snapshot?.networks.find((n) => n.name === name);

  it('keeps an engine whose settings did not change, and connects again when its ssh identity file did', () => {
    const remote = (identityFile: string, configFile = '/dev/null') =>
      new EngineClient(
        { name: 'remote', host: 'ssh://nobody@127.0.0.1:1', source: 'settings', ssh: { identityFile } },
        { ssh: { configFile } },
      );
    store = new NetworkStore([remote('/keys/a')]);
    const first = store.client('remote');
    store.setClients([remote('/keys/a')]);
    assert.strictEqual(store.client('remote'), first, 'the same settings: the same session and connection');
    store.setClients([remote('/keys/b')]);
    assert.notStrictEqual(store.client('remote'), first);
    assert.strictEqual(store.client('remote')?.endpoint.ssh?.identityFile, '/keys/b');
    const second = store.client('remote');
    store.setClients([remote('/keys/b', '/etc/ssh/other_config')]);
    assert.notStrictEqual(store.client('remote'), second, 'another ssh config file');
  });

  it('calls the engine only once started, then holds a snapshot', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })]);
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(proxy.connections, 0, 'no engine call before start');
    assert.strictEqual(store.engines[0].status, 'idle');
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const state = store.engines[0];
    assert.ok(state.snapshot!.networks.some((n) => n.name === 'bridge' && n.builtIn));
    assert.match(state.version!.apiVersion, /^1\.\d+$/);
  });

  /** Holds the engine's container lists back until the returned release is called. */
  const holdContainerLists = (p: SocketProxy) => p.hold(/^GET \/containers\/json/);

  it("lists a first read's networks while its containers are read, then the snapshot; later reads keep it", async () => {
    const network = cleanup.network(uniqueName('dn-listed'));
    await docker('network', 'create', network);
    const c = cleanup.container(uniqueName('dn-listed-c'));
    await docker('create', '--name', c, '--network', network, 'tiny:latest', 'sleep', '3600');
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    let release = holdContainerLists(proxy);
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })]);
    const seen: EngineState[] = [];
    store.onDidChange(() => seen.push(store!.engines[0]));
    store.start();

    const listing = await waitFor('the networks listed', () => store!.engines[0].listing);
    assert.strictEqual(store.engines[0].status, 'loading');
    assert.strictEqual(store.engines[0].snapshot, undefined, 'no snapshot before the containers are read');
    const listed = listing.networks.find((n) => n.name === network);
    assert.ok(listed, 'the network is listed');
    assert.deepStrictEqual([listed.endpointCount, listing.containers], [0, []], 'no container is known yet');
    release();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    assert.strictEqual(store.engines[0].listing, undefined, 'the snapshot replaces the listing');
    assert.deepStrictEqual(
      networkNamed(store, network)!.endpoints.map((e) => e.containerName),
      [c],
    );
    assert.ok(!seen.some((s) => s.listing && s.snapshot), 'never a listing beside a snapshot');

    // A later full read (Refresh) keeps showing the snapshot it has while it reads.
    release = holdContainerLists(proxy);
    const lists = proxy.requests.filter((r) => r.startsWith('GET /containers/json')).length;
    const refreshed = store.refresh();
    await waitFor('the refresh reading the containers', () =>
      proxy!.requests.filter((r) => r.startsWith('GET /containers/json')).length > lists ? true : undefined,
    );
    const during = store.engines[0];
    release();
    await refreshed;
    assert.strictEqual(during.listing, undefined);
    assert.ok(during.snapshot, 'the snapshot stays while a refresh reads');
  });

  it('drops the listing when the first read fails', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    const release = holdContainerLists(proxy);
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], { minBackoffMs: 60_000 });
    store.start();
    try {
      await waitFor('the networks listed', () => store!.engines[0].listing);
      await proxy.close();
      const down = await waitFor('the error state', () => store!.engines[0].status === 'error' && store!.engines[0]);
      assert.strictEqual(down.listing, undefined);
      assert.strictEqual(down.snapshot, undefined);
    } finally {
      release();
    }
  });

  it('shows create, connect, stop, disconnect and remove from the events alone', async () => {
    store = new NetworkStore([new EngineClient(privateEngine())]);
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');

    const network = cleanup.network(uniqueName('dn-live'));
    await docker('network', 'create', '--subnet', '10.250.20.0/24', network);
    await waitFor('the new network', () => networkNamed(store!, network));

    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '3600');
    await docker('network', 'connect', '--ip', '10.250.20.9', network, c);
    const endpoint = await waitFor('the connected container', () =>
      networkNamed(store!, network)?.endpoints.find((e) => e.containerName === c),
    );
    assert.strictEqual(endpoint.ipv4, '10.250.20.9');

    await docker('stop', '-t', '0', c);
    await waitFor('the container stopped', () =>
      networkNamed(store!, network)?.endpoints.find((e) => e.containerName === c && e.state === 'exited'),
    );

    await docker('network', 'disconnect', network, c);
    await waitFor('the container gone from the network', () => networkNamed(store!, network)?.endpoints.length === 0);

    await docker('network', 'rm', network);
    await waitFor('the network gone', () => !networkNamed(store!, network));
  });

  it('turns a burst of events into a few refreshes', async () => {
    store = new NetworkStore([new EngineClient(privateEngine())], { debounceMs: 100 });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const before = store.engines[0];
    const names = Array.from({ length: 20 }, () => cleanup.network(uniqueName('dn-burst')));
    await Promise.all(names.map((n) => docker('network', 'create', n)));
    await waitFor('all 20 networks', () => names.every((n) => networkNamed(store!, n)));
    const after = store.engines[0];
    assert.strictEqual(after.refreshes - before.refreshes, 0, 'no full read: events only name what changed');
    // Each update reads only the networks its window's events named: never more than one per event.
    assert.ok(after.updates - before.updates <= 20, `20 creates cost ${after.updates - before.updates} updates`);
  });

  it('reads only what events name, never both lists, and lands where a full read would', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], { debounceMs: 50 });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const seen = proxy.requests.length;
    const network = cleanup.network(uniqueName('dn-part'));
    await docker('network', 'create', network);
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, '--network', network, 'tiny:latest', 'sleep', '3600');
    await waitFor('the running container', () =>
      networkNamed(store!, network)?.endpoints.some((e) => e.containerName === c && e.state === 'running'),
    );
    await docker('rm', '-f', c);
    await docker('network', 'rm', network);
    await waitFor('both gone', () => !networkNamed(store!, network));
    const reads = proxy.requests.slice(seen);
    assert.ok(!reads.some((r) => r === 'GET /networks' || r === 'GET /containers/json?all=1'), reads.join(', '));
    assert.ok(
      reads.some((r) => r.startsWith('GET /networks/')) &&
        reads.some((r) => r.startsWith('GET /containers/json?all=1&filters=')),
      reads.join(', '),
    );
    // The patched model equals a fresh full read (but for status texts like "Up 3 seconds").
    const model = () =>
      JSON.stringify(store!.engines[0].snapshot!.networks, (k, v: unknown) => (k === 'status' ? undefined : v));
    const patched = model();
    await store.refresh();
    assert.strictEqual(model(), patched);
  });

  it("answers the views' detail questions once, and again only after an event touched the object", async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], { debounceMs: 50 });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const network = cleanup.network(uniqueName('dn-det'));
    await docker('network', 'create', '--subnet', '10.250.21.0/24', network);
    const other = cleanup.network(uniqueName('dn-det2'));
    await docker('network', 'create', other);
    const c = cleanup.container(uniqueName('dn-detc'));
    await docker(
      'run',
      '-d',
      '--name',
      c,
      '--network',
      network,
      '--network-alias',
      'db',
      'tiny:latest',
      'sleep',
      '3600',
    );
    const n = await waitFor('the running container', () => {
      const found = networkNamed(store!, network);
      return found?.endpoints.some((e) => e.containerName === c && e.state === 'running') && found;
    });
    const id = n.endpoints[0].containerId;
    const inspects = () => proxy!.requests.filter((r) => r.startsWith(`GET /containers/${id}/json`)).length;

    // The snapshot carries every container, named as the tree names it.
    assert.strictEqual(store.container('test', id)?.name, c);
    assert.strictEqual(store.network('test', n.id)?.name, network);
    assert.strictEqual(store.engine('test')?.name, 'test');

    assert.strictEqual(store.knownContainerDetails('test', id), undefined);
    const first = await store.containerDetails('test', id);
    assert.ok(first.NetworkSettings?.Networks?.[network]?.Aliases?.includes('db'));
    assert.strictEqual(await store.containerDetails('test', id), first, 'kept');
    assert.strictEqual(store.knownContainerDetails('test', id), first);
    assert.strictEqual(inspects(), 1);
    const [plumbing] = await store.plumbing('test', [{ network: n }]);
    assert.ok(
      plumbing.available && plumbing.plumbing.endpoints.some((e) => e.containerId === id && e.hostPeer),
      JSON.stringify(plumbing),
    );
    assert.strictEqual(inspects(), 1, 'the process comes from the kept inspect');
    const raw = await store.networkDetails('test', n.id);
    assert.strictEqual(await store.networkDetails('test', n.id), raw);

    // An event that touches the container: its inspect, and its networks' inspects, are read again.
    const otherId = (await waitFor('the other network', () => networkNamed(store!, other))).id;
    const networkReads = () => proxy!.requests.filter((r) => r.startsWith(`GET /networks/${otherId}`)).length;
    const readBefore = networkReads();
    const updates = store.engines[0].updates;
    await docker('network', 'connect', other, c);
    await waitFor(
      'the connect applied',
      () =>
        store!.engines[0].updates > updates && networkNamed(store!, other)?.endpoints.some((e) => e.containerId === id),
    );
    assert.strictEqual(store.knownContainerDetails('test', id), undefined, 'dropped on the event');
    const second = await store.containerDetails('test', id);
    assert.notStrictEqual(second, first);
    assert.ok(second.NetworkSettings?.Networks?.[other], 'the new read has the new network');
    assert.notStrictEqual(await store.networkDetails('test', n.id), raw, 'a network the container is on is read again');
    // A connect changes the container's record, not the network's listing: the event was applied
    // without inspecting the network (hundreds of containers, on a big one); a view that asks for
    // it reads it once.
    assert.strictEqual(networkReads(), readBefore, 'the event was applied from the container alone');
    const otherRaw = await store.networkDetails('test', otherId);
    assert.ok(Object.keys(otherRaw.Containers ?? {}).includes(id), 'read after the connect');
    assert.strictEqual(await store.networkDetails('test', otherId), otherRaw);
    assert.strictEqual(networkReads(), readBefore + 1, 'read once for the view');
    await assert.rejects(store.containerDetails('test', 'no-such-container'), (e: Error) =>
      /no such container/i.test(String((e as { daemonMessage?: string }).daemonMessage ?? e.message)),
    );
  });

  it('catches up after the event stream drops', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], { minBackoffMs: 100 });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const stream = store.eventStream()!;
    await waitFor('stream connected', () => stream.isConnected);
    const connections = stream.connections;
    proxy.dropConnections();
    // Made while the stream is down: only the catch-up refresh after reconnecting can see it.
    const network = cleanup.network(uniqueName('dn-gap'));
    await docker('network', 'create', network);
    await waitFor('the network made during the gap', () => networkNamed(store!, network));
    assert.ok(stream.connections > connections, 'the stream reconnected');
  });

  it('shows an engine that went away, and recovers by itself when it is back', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], {
      minBackoffMs: 100,
      maxBackoffMs: 1_000,
    });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');

    await proxy.close();
    const down = await waitFor('the error state', () => store!.engines[0].status === 'error' && store!.engines[0]);
    assert.strictEqual(down.error!.kind, 'unreachable');
    assert.match(down.error!.message, /does not exist/);
    assert.strictEqual(down.snapshot, undefined);

    const network = cleanup.network(uniqueName('dn-back'));
    await docker('network', 'create', network);
    await proxy.listen();
    await waitFor('recovery', () => networkNamed(store!, network));
  });

  it('reports an unreachable engine from the start', async () => {
    store = new NetworkStore([
      new EngineClient({ name: 'gone', host: 'unix:///nonexistent/docker.sock', source: 'settings' }),
    ]);
    store.start();
    const state = await waitFor('the error state', () => store!.engines[0].status === 'error' && store!.engines[0]);
    assert.strictEqual(state.error!.kind, 'unreachable');
  });

  it('reads everything once per outage, not once per failed attempt, and once more when back', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], {
      minBackoffMs: 100,
      maxBackoffMs: 200,
    });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const before = { refreshes: store.engines[0].refreshes, connections: proxy.connections };
    proxy.refuse = true;
    proxy.dropConnections();
    await waitFor('the error state', () => store!.engines[0].status === 'error');
    await new Promise((r) => setTimeout(r, 3_000));
    const attempts = proxy.connections - before.connections;
    const reads = store.engines[0].refreshes - before.refreshes;
    assert.ok(attempts >= 5, `the stream kept trying (${attempts} connections in 3 s)`);
    assert.ok(reads <= 2, `${reads} full reads during the outage`);
    proxy.refuse = false;
    await waitFor('back', () => store!.engines[0].status === 'ready');
    assert.ok(store.engines[0].refreshes - before.refreshes <= reads + 2);
  });

  it('does not retry an engine that is down while nothing shows it, and retries at once when something does', async () => {
    proxy = new SocketProxy(engineSocket());
    await proxy.listen();
    store = new NetworkStore([new EngineClient({ ...privateEngine(), host: proxy.host })], {
      minBackoffMs: 100,
      maxBackoffMs: 200,
    });
    store.setShown('view', true);
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    proxy.refuse = true;
    proxy.dropConnections();
    await waitFor('the error state', () => store!.engines[0].status === 'error');
    store.setShown('view', false);
    await new Promise((r) => setTimeout(r, 500)); // an attempt under way may still land
    const hidden = proxy.connections;
    await new Promise((r) => setTimeout(r, 3_000));
    assert.strictEqual(proxy.connections, hidden, 'no attempt while nothing shows the engine');
    proxy.refuse = false;
    store.setShown('panel:x', true);
    await waitFor('back at once, without waiting for a backoff', () => store!.engines[0].status === 'ready');
    assert.ok(proxy.connections > hidden);
  });
});
