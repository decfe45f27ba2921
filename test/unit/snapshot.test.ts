import * as assert from 'assert';
import { RawContainer, RawNetwork } from '../../src/engine/types';
import { buildSnapshot, containerName, isBuiltIn } from '../../src/model/snapshot';
import { Settling } from '../../src/store/settle';

const net = (id: string, name: string, extra: Partial<RawNetwork> = {}): RawNetwork => ({
  Id: id,
  Name: name,
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '10.1.0.0/24' }] },
  Containers: {},
  Options: {},
  Labels: {},
  ...extra,
});

const container = (
  id: string,
  name: string,
  state: string,
  networks: RawContainer['NetworkSettings'],
  extra: Partial<RawContainer> = {},
): RawContainer => ({
  Id: id,
  Names: [`/${name}`],
  Image: 'tiny:latest',
  State: state,
  Status: state === 'running' ? 'Up 2 minutes' : 'Exited (0) 1 minute ago',
  HostConfig: { NetworkMode: 'default' },
  NetworkSettings: networks,
  ...extra,
});

describe('snapshot: joining networks and containers', () => {
  it('puts running, stopped and never-started containers under their networks', () => {
    const snapshot = buildSnapshot(
      [net('n1', 'app'), net('n2', 'db', { IPAM: { Config: [{ Subnet: '10.2.0.0/24', Gateway: '10.2.0.1' }] } })],
      [
        container('c1', 'web', 'running', {
          Networks: {
            app: {
              NetworkID: 'n1',
              IPAddress: '10.1.0.2',
              IPPrefixLen: 24,
              MacAddress: '02:42:0a:01:00:02',
              Aliases: ['web', 'www'],
              EndpointID: 'e1',
            },
            db: { NetworkID: 'n2', IPAddress: '10.2.0.5', IPPrefixLen: 24, Gateway: '10.2.0.1' },
          },
        }),
        container('c2', 'worker', 'exited', { Networks: { app: { NetworkID: 'n1', IPAddress: '', EndpointID: '' } } }),
        // Never started: the engine leaves NetworkID empty; the name still says where it belongs.
        container('c3', 'fresh', 'created', {
          Networks: { db: { NetworkID: '', IPAMConfig: { IPv4Address: '10.2.0.50' } } },
        }),
      ],
    );
    const [app, db] = snapshot.networks;
    assert.strictEqual(app.name, 'app');
    assert.deepStrictEqual(
      app.endpoints.map((e) => [e.containerName, e.state]),
      [
        ['web', 'running'],
        ['worker', 'exited'],
      ],
    );
    const web = app.endpoints[0];
    assert.strictEqual(web.ipv4, '10.1.0.2');
    assert.strictEqual(web.ipv4PrefixLength, 24);
    assert.strictEqual(web.mac, '02:42:0a:01:00:02');
    assert.deepStrictEqual(web.aliases, ['web', 'www']);
    assert.deepStrictEqual(web.otherNetworks, ['db']);
    assert.strictEqual(app.endpoints[1].ipv4, undefined, 'a stopped container has no address');
    assert.deepStrictEqual(
      db.endpoints.map((e) => e.containerName),
      ['fresh', 'web'],
    );
    assert.strictEqual(db.endpoints[0].configuredIpv4, '10.2.0.50');
    assert.strictEqual(snapshot.containers.length, 3);
  });

  it('lists every container once, by the one naming rule, those on no network and sharing ones included', () => {
    const snapshot = buildSnapshot(
      [net('n1', 'app')],
      [
        container(
          'c1',
          'main',
          'running',
          { Networks: { app: { NetworkID: 'n1', IPAddress: '10.1.0.2' } } },
          { Names: ['/other/main-alias', '/main'] },
        ),
        container('c2', 'sidecar', 'running', { Networks: {} }, { HostConfig: { NetworkMode: 'container:main' } }),
        container('c3', 'alone', 'exited', { Networks: {} }, { HostConfig: { NetworkMode: 'none' } }),
      ],
    );
    assert.deepStrictEqual(
      snapshot.containers.map((c) => [c.name, c.state, c.networks, c.sharedFrom?.name]),
      [
        ['alone', 'exited', [], undefined],
        ['main', 'running', ['app'], undefined],
        ['sidecar', 'running', [], 'main'],
      ],
    );
    // The tree's rows and the pickers name a container alike.
    assert.strictEqual(
      snapshot.networks[0].endpoints.find((e) => e.containerId === 'c1')?.containerName,
      snapshot.containers.find((c) => c.id === 'c1')?.name,
    );
  });

  it("shows a container that shares another one's network stack wherever that one is", () => {
    const snapshot = buildSnapshot(
      [net('n1', 'app')],
      [
        container('c1', 'main', 'running', { Networks: { app: { NetworkID: 'n1', IPAddress: '10.1.0.2' } } }),
        container('c2', 'sidecar', 'running', { Networks: {} }, { HostConfig: { NetworkMode: 'container:c1' } }),
      ],
    );
    const sidecar = snapshot.networks[0].endpoints.find((e) => e.containerName === 'sidecar');
    assert.ok(sidecar);
    assert.deepStrictEqual(sidecar.sharedFrom, { id: 'c1', name: 'main' });
    assert.strictEqual(sidecar.ipv4, '10.1.0.2');
  });

  it('parses networks that leave out what others rely on (no Gateway, null IPAM config, null maps)', () => {
    const snapshot = buildSnapshot(
      [
        {
          Id: 'b',
          Name: 'bridge',
          Driver: 'bridge',
          IPAM: { Driver: 'default', Config: [{ Subnet: '172.17.0.0/16' }] },
        },
        {
          Id: 'h',
          Name: 'host',
          Driver: 'host',
          IPAM: { Driver: 'default', Config: null },
          Options: null,
          Labels: null,
        },
        { Id: 'z', Name: 'none', Driver: 'null', IPAM: null },
        { Id: 'p', Name: 'podman' },
      ],
      [{ Id: 'x', Names: null, NetworkSettings: null }],
    );
    assert.deepStrictEqual(
      snapshot.networks.map((n) => n.name),
      ['bridge', 'host', 'none', 'podman'],
    );
    assert.deepStrictEqual(snapshot.networks[0].ipam.configs, [{ subnet: '172.17.0.0/16', auxAddresses: {} }]);
    assert.deepStrictEqual(snapshot.networks[1].ipam.configs, []);
    assert.deepStrictEqual(snapshot.networks[1].labels, {});
    assert.strictEqual(snapshot.networks[3].driver, '');
  });

  it('keeps hostile names as data', () => {
    const names = ['a b', 'x"y', '<img src=x onerror=alert(1)>', 'ネットワーク', '$(touch /tmp/pwned)'];
    const snapshot = buildSnapshot(
      names.map((n, i) => net(`id${i}`, n, { Labels: { '<script>': '</script>' } })),
      [container('c', '<b>bold</b>', 'running', { Networks: { 'a b': { NetworkID: 'id0', IPAddress: '10.1.0.9' } } })],
    );
    assert.deepStrictEqual(new Set(snapshot.networks.map((n) => n.name)), new Set(names));
    const ab = snapshot.networks.find((n) => n.name === 'a b')!;
    assert.strictEqual(ab.endpoints[0].containerName, '<b>bold</b>');
    assert.deepStrictEqual(ab.labels, { '<script>': '</script>' });
  });

  it('marks the networks the engine makes itself as built in', () => {
    assert.ok(isBuiltIn({ Name: 'bridge', Driver: 'bridge' }));
    assert.ok(isBuiltIn({ Name: 'host', Driver: 'host' }));
    assert.ok(isBuiltIn({ Name: 'none', Driver: 'null' }));
    assert.ok(isBuiltIn({ Name: 'ingress', Driver: 'overlay', Ingress: true }));
    assert.ok(isBuiltIn({ Name: 'docker_gwbridge', Driver: 'bridge' }));
    assert.ok(
      !isBuiltIn({ Name: 'bridge', Driver: 'macvlan' }),
      'a user network may be called bridge on another driver',
    );
    assert.ok(!isBuiltIn({ Name: 'app', Driver: 'bridge' }));
  });

  it('names a container by its own name, not a legacy link name', () => {
    assert.strictEqual(containerName({ Id: 'abc', Names: ['/other/db', '/db'] }), 'db');
    assert.strictEqual(containerName({ Id: '0123456789abcdef', Names: [] }), '0123456789ab');
  });

  it('marks a swarm network the managers have not allocated yet as pending, never as complete', () => {
    // As a manager lists it between `docker network create` and the allocator: no driver, no IPAM.
    const stored = net('s1', 'ov', {
      Driver: '',
      Scope: 'swarm',
      IPAM: { Driver: 'default', Options: null, Config: [] },
    });
    const allocated = net('s1', 'ov', {
      Driver: 'overlay',
      Scope: 'swarm',
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.0.5.0/24', Gateway: '10.0.5.1' }] },
    });
    const overlayNoAddresses = net('s2', 'ov2', {
      Driver: 'overlay',
      Scope: 'swarm',
      IPAM: { Driver: 'default', Config: null },
    });
    assert.strictEqual(buildSnapshot([stored], []).networks[0].pending, true);
    assert.strictEqual(buildSnapshot([overlayNoAddresses], []).networks[0].pending, true);
    assert.strictEqual(buildSnapshot([allocated], []).networks[0].pending, undefined);
    // A local network without addresses (host, none) is complete as it is.
    assert.strictEqual(
      buildSnapshot([net('h', 'host', { Driver: 'host', IPAM: { Config: [] } })], []).networks[0].pending,
      undefined,
    );

    // The store reads it again until the engine has allocated it: quickly at first, then calmly.
    let now = 0;
    const settling = new Settling(
      () => undefined,
      () => now,
    );
    const lists = (n: RawNetwork) => ({ networks: new Map([['s1', n]]), containers: new Map() });
    try {
      const first = settling.afterRead([stored], undefined, lists(stored));
      assert.strictEqual(first, 250);
      let last: number | undefined = first;
      for (let i = 0; i < 25; i++) {
        now += last ?? 0;
        assert.deepStrictEqual(settling.takeDue().networks, ['s1']);
        last = settling.afterRead([stored], undefined, lists(stored));
      }
      assert.strictEqual(last, 2_000, 'after 5 s of quick reads, every 2 s');
      assert.strictEqual(settling.afterRead([allocated], undefined, lists(allocated)), undefined, 'allocated: settled');
    } finally {
      settling.dispose();
    }
  });

  it("reads a container's record alone again until it says what a connect or disconnect event said, a few times at most", () => {
    const n = net('n1', 'app');
    const before = container('c1', 'web', 'running', { Networks: {} });
    const after = container('c1', 'web', 'running', { Networks: { app: { NetworkID: 'n1', IPAddress: '10.1.0.2' } } });
    let now = 0;
    const settling = new Settling(
      () => undefined,
      () => now,
    );
    const lists = (c: RawContainer | undefined) => ({
      networks: new Map([['n1', n]]),
      containers: new Map(c ? [['c1', c]] : []),
    });
    try {
      settling.announced('n1', 'c1', true);
      // A read that did not ask for the container (it began before the event) leaves it waiting.
      assert.strictEqual(settling.afterRead([n], ['c2'], lists(before)), undefined);
      // The event's read found the record as it was: the container alone is read again soon.
      assert.strictEqual(settling.afterRead([], ['c1'], lists(before)), 5);
      now += 5;
      assert.deepStrictEqual(settling.takeDue(), { networks: [], containers: ['c1'] });
      assert.strictEqual(settling.afterRead([], ['c1'], lists(after)), undefined, 'the record caught up');

      // A disconnect: the record still has the network; a full read checks it too.
      settling.announced('n1', 'c1', false);
      assert.strictEqual(settling.afterRead([n], undefined, lists(after)), 5);
      now += 5;
      settling.takeDue();
      assert.strictEqual(settling.afterRead([], ['c1'], lists(before)), undefined, 'off the network now');

      // Stopped or gone: nothing to wait for.
      settling.announced('n1', 'c1', true);
      assert.strictEqual(settling.afterRead([], ['c1'], lists({ ...before, State: 'exited' })), undefined);
      settling.announced('n1', 'c1', true);
      assert.strictEqual(settling.afterRead([], ['c1'], lists(undefined)), undefined);

      // The latest event is what counts: a connect then a disconnect agree with a record without it.
      settling.announced('n1', 'c1', true);
      settling.announced('n1', 'c1', false);
      assert.strictEqual(settling.afterRead([], ['c1'], lists(before)), undefined);

      // Never catching up: read again less and less often, six times, then left to the events.
      settling.announced('n1', 'c1', true);
      let last = settling.afterRead([], ['c1'], lists(before));
      const delays: number[] = [];
      while (last !== undefined && delays.length < 10) {
        delays.push(last);
        now += last;
        settling.takeDue();
        last = settling.afterRead([], ['c1'], lists(before));
      }
      assert.deepStrictEqual(delays, [5, 10, 20, 40, 80, 160]);
    } finally {
      settling.dispose();
    }
  });
});

describe('snapshot: what the engine sends, read defensively', () => {
  it('keeps a label or option named __proto__ as a label, and drops values that are not text', () => {
    const labels = JSON.parse('{"__proto__":"x","n":3,"o":{"a":1},"z":null}') as Record<string, string>;
    const [n] = buildSnapshot([net('n1', 'app', { Labels: labels, Options: labels })], []).networks;
    assert.deepStrictEqual(Object.entries(n.labels), [
      ['__proto__', 'x'],
      ['n', '3'],
    ]);
    assert.strictEqual(Object.getPrototypeOf(n.labels), Object.prototype);
  });
});
