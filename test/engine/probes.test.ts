// The wider looks against the real engine with real helper containers: a network's reachability
// matrix (a user-defined network, one with enable_icc=false, the default bridge), the names a
// container resolves, and what listens on its ports. No helper is left behind.
import * as assert from 'assert';
import { EngineClient } from '../../src/engine/client';
import { HELPER_LABEL } from '../../src/engine/helper';
import { runMatrix, runNames, runPorts } from '../../src/diagnosis/probes';
import { buildSnapshot } from '../../src/model/snapshot';
import { swarmDetails } from '../../src/model/swarm';
import { Cleanup, docker, dockerAt, privateEngine, swarmEngine, uniqueName, waitFor } from '../support/docker';

const SLEEP = ['tiny:latest', 'sleep', '600'];

describe('wider looks on a real engine', function () {
  this.timeout(180_000);
  const cleanup = new Cleanup();
  const session = uniqueName('dn-probe-session');
  const client = new EngineClient(privateEngine());
  const ctx = { client, image: 'tiny:latest', session };
  afterEach(async () => {
    assert.strictEqual((await docker('ps', '-aq', '--filter', `label=${HELPER_LABEL}=${session}`)).trim(), '');
    await cleanup.run();
  });

  const snapshot = async () => buildSnapshot(await client.listNetworks(), await client.listContainers());
  async function network(...options: string[]): Promise<string> {
    const name = cleanup.network(uniqueName('dn-probe-net'));
    await docker('network', 'create', ...options, name);
    return name;
  }
  async function container(net: string, ...run: string[]): Promise<string> {
    const name = cleanup.container(uniqueName('dn-probe-c'));
    await docker('run', '-d', '--name', name, '--network', net, ...run);
    return name;
  }

  it('finds that every container on a user-defined network reaches the others by name and address', async () => {
    const net = await network();
    const names = [await container(net, ...SLEEP), await container(net, ...SLEEP), await container(net, ...SLEEP)];
    const n = (await snapshot()).networks.find((x) => x.name === net)!;
    const started = Date.now();
    const m = await runMatrix(ctx, n);
    console.log(`      3×2 cells in ${Date.now() - started} ms`);
    assert.deepStrictEqual([...m.containers].sort(), [...names].sort());
    assert.strictEqual(m.cells.length, 6);
    for (const c of m.cells) assert.deepStrictEqual([c.byName, c.byAddress], ['pass', 'pass'], c.detail);
  });

  it('finds that nothing reaches anything on a network with enable_icc=false, and says why', async () => {
    const net = await network('-o', 'com.docker.network.bridge.enable_icc=false');
    await container(net, ...SLEEP);
    await container(net, ...SLEEP);
    const m = await runMatrix(
      ctx,
      (await snapshot()).networks.find((x) => x.name === net)!,
    );
    assert.strictEqual(m.cells.length, 2);
    for (const c of m.cells) {
      assert.strictEqual(c.byAddress, 'fail');
      assert.match(c.detail, /enable_icc is false/);
    }
  });

  it('on the default bridge, by address only', async () => {
    const a = await container('bridge', ...SLEEP);
    const b = await container('bridge', ...SLEEP);
    const bridge = (await snapshot()).networks.find((x) => x.name === 'bridge')!;
    const m = await runMatrix(ctx, bridge);
    const cell = m.cells.find((c) => c.from === a && c.to === b)!;
    assert.deepStrictEqual([cell.byName, cell.byAddress], ['skip', 'pass']);
  });

  it('resolves every name on the networks of a container, aliases and all', async () => {
    const net = await network();
    const me = await container(net, ...SLEEP);
    const other = cleanup.container(uniqueName('dn-probe-c'));
    await docker(
      'run',
      '-d',
      '--name',
      other,
      '--network',
      net,
      '--network-alias',
      'db',
      '--network-alias',
      'primary.db',
      ...SLEEP,
    );
    const result = await runNames(ctx, await snapshot(), (await docker('inspect', '-f', '{{.Id}}', me)).trim());
    const on = result.find((r) => r.network === net)!;
    const byName = new Map(on.names.map((x) => [x.name, x]));
    for (const name of [me, other, 'db', 'primary.db']) {
      assert.strictEqual(byName.get(name)?.status, 'pass', `${name}: ${JSON.stringify(byName.get(name))}`);
      assert.deepStrictEqual(
        byName.get(name)!.resolved.filter((a) => byName.get(name)!.expected.includes(a)).length > 0,
        true,
      );
    }
    assert.strictEqual(byName.get('db')!.kind, 'alias');
    assert.strictEqual(byName.get('db')!.owner, other);
  });

  it('reports a published port bound to loopback inside, and one nothing listens on', async () => {
    const net = await network();
    const web = await container(
      net,
      '-p',
      '127.0.0.1::8080',
      '-p',
      '127.0.0.1::9090',
      'tiny:latest',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '127.0.0.1:8080',
    );
    const id = (await docker('inspect', '-f', '{{.Id}}', web)).trim();
    const { ports, onlyInternal } = await runPorts(ctx, await snapshot(), id);
    assert.strictEqual(onlyInternal, false);
    const p8080 = ports.find((p) => p.port === 8080)!;
    assert.strictEqual(p8080.listening.kind, 'loopback');
    assert.strictEqual(p8080.published.length, 1);
    assert.ok(p8080.warnings.some((w) => /do not reach it/.test(w)));
    const p9090 = ports.find((p) => p.port === 9090)!;
    assert.strictEqual(p9090.listening.kind, 'none');
    assert.ok(p9090.warnings.some((w) => /Nothing listens/.test(w)));
  });

  it('warns about a published port on a container only on internal networks', async () => {
    const net = await network('--internal');
    const web = await container(net, '-p', '127.0.0.1::8080', 'tiny:latest', 'busybox', 'httpd', '-f', '-p', '8080');
    const id = (await docker('inspect', '-f', '{{.Id}}', web)).trim();
    const { ports, onlyInternal } = await runPorts(ctx, await snapshot(), id);
    assert.strictEqual(onlyInternal, true);
    const p = ports.find((x) => x.port === 8080)!;
    assert.strictEqual(p.listening.kind, 'all');
    assert.ok(
      p.warnings.some((w) => /only on internal networks/.test(w)),
      JSON.stringify(p),
    );
  });

  it('on a swarm network, resolves a service to its VIP and tasks.<service> to its tasks', async () => {
    const host = swarmEngine().host;
    const swarm = new EngineClient(swarmEngine());
    const onSwarm = new Cleanup(host);
    try {
      const net = onSwarm.network(uniqueName('dn-probe-ov'));
      await dockerAt(host, 'network', 'create', '-d', 'overlay', '--attachable', '--subnet', '10.251.9.0/24', net);
      const me = onSwarm.container(uniqueName('dn-probe-ovc'));
      await dockerAt(host, 'run', '-d', '--name', me, '--network', net, ...SLEEP);
      const service = onSwarm.service(uniqueName('dn-probe-svc'));
      await dockerAt(host, 'service', 'create', '-d', '--name', service, '--network', net, ...SLEEP);
      const id = (await dockerAt(host, 'network', 'inspect', '-f', '{{.Id}}', net)).trim();
      await waitFor('the service task in the verbose inspect', async () => {
        const d = swarmDetails(await swarm.inspectNetwork(id, { verbose: true }));
        return d.services.find((x) => x.name === service)?.tasks.some((t) => t.ip);
      });
      const snap = buildSnapshot(await swarm.listNetworks(), await swarm.listContainers());
      const meId = (await dockerAt(host, 'inspect', '-f', '{{.Id}}', me)).trim();
      const result = await runNames({ client: swarm, image: 'tiny:latest', session }, snap, meId);
      const names = new Map(result.find((r) => r.network === net)!.names.map((x) => [x.name, x]));
      assert.strictEqual(names.get(service)?.kind, 'service');
      assert.strictEqual(names.get(service)?.status, 'pass', JSON.stringify(names.get(service)));
      assert.strictEqual(names.get(`tasks.${service}`)?.status, 'pass', JSON.stringify(names.get(`tasks.${service}`)));
      assert.strictEqual(
        (await dockerAt(host, 'ps', '-aq', '--filter', `label=${HELPER_LABEL}=${session}`)).trim(),
        '',
      );
    } finally {
      await onSwarm.run();
    }
  });
});
