// The connectivity diagnosis against the real engine, with real helper containers: each case set
// up with the CLI, diagnosed, and asserted on the verdict and the check that fails. No helper is
// left behind after any case, also when a check is cancelled half-way.
import * as assert from 'assert';
import { EngineClient } from '../../src/engine/client';
import { EngineEndpoint } from '../../src/engine/endpoint';
import { HELPER_LABEL } from '../../src/engine/helper';
import { HelperSessions } from '../../src/diagnosis/helpers';
import { runDiagnosis } from '../../src/diagnosis/run';
import { CheckId, classifyTarget, DiagnosisResult } from '../../src/model/diagnosis';
import { buildSnapshot } from '../../src/model/snapshot';
import { Cleanup, docker, privateEngine, uniqueName, waitFor } from '../support/docker';

/** The helper image: scripts/engine.sh imports it (busybox with sh, ping, nslookup, nc, netstat, ip, timeout). */
const IMAGE = 'tiny:latest';
const SLEEP = ['tiny:latest', 'sleep', '600'];
const SERVE_ALL = ['tiny:latest', 'busybox', 'httpd', '-f', '-p', '8080'];
const SERVE_LOOPBACK = ['tiny:latest', 'busybox', 'httpd', '-f', '-p', '127.0.0.1:8080'];

describe('connectivity diagnosis on a real engine', function () {
  this.timeout(120_000);
  const cleanup = new Cleanup();
  const session = uniqueName('dn-diag-session');
  afterEach(() => cleanup.run());

  async function helpersLeft(): Promise<string[]> {
    const out = await docker('ps', '-aq', '--filter', `label=${HELPER_LABEL}=${session}`);
    return out.split('\n').filter(Boolean);
  }

  async function network(...options: string[]): Promise<string> {
    const name = cleanup.network(uniqueName('dn-diag-net'));
    await docker('network', 'create', ...options, name);
    return name;
  }

  async function container(networkName: string, run: string[]): Promise<string> {
    const name = cleanup.container(uniqueName('dn-diag-c'));
    await docker('run', '-d', '--name', name, '--network', networkName, ...run);
    return name;
  }

  async function diagnose(
    source: string,
    target: string,
    port?: number,
    endpoint: EngineEndpoint = privateEngine(),
    signal?: AbortSignal,
  ): Promise<DiagnosisResult & { byId: Map<CheckId, DiagnosisResult['checks'][number]> }> {
    const client = new EngineClient(endpoint);
    const snapshot = buildSnapshot(await client.listNetworks(), await client.listContainers());
    const from = snapshot.containers.find((c) => c.name === source);
    assert.ok(from, `${source} is in the snapshot`);
    const to = classifyTarget(target, snapshot.containers);
    assert.ok(to, `${target} is a target`);
    const started = Date.now();
    const result = await runDiagnosis({
      client,
      engine: endpoint.name,
      snapshot,
      source: from,
      target: to,
      targetText: target,
      ...(port !== undefined ? { port } : {}),
      protocol: 'tcp',
      image: IMAGE,
      session,
      ...(signal ? { signal } : {}),
    });
    console.log(`      ${source} → ${target}${port ? `:${port}` : ''}: ${result.verdict} (${Date.now() - started} ms)`);
    // The TLS endpoint is the same engine: one list covers both.
    assert.deepStrictEqual(await helpersLeft(), []);
    return { ...result, byId: new Map(result.checks.map((c) => [c.id, c])) };
  }

  const firstFailure = (r: DiagnosisResult) => r.checks.find((c) => c.status === 'fail')?.id;

  it('finds a container on the same user-defined network with a listener reachable', async () => {
    const net = await network();
    const server = await container(net, SERVE_ALL);
    const client = await container(net, SLEEP);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, true, r.verdict);
    for (const id of [
      'source-running',
      'target-running',
      'shared-network',
      'name-resolves',
      'icc',
      'ping',
      'port-open',
    ])
      assert.strictEqual(r.byId.get(id as CheckId)?.status, 'pass', `${id}: ${r.byId.get(id as CheckId)?.title}`);
    assert.strictEqual(r.byId.get('target-listening')?.status, 'pass');
    assert.strictEqual(r.byId.get('mtu')?.status, 'pass', r.byId.get('mtu')?.title);
    assert.ok(r.byId.get('name-resolves')?.evidence?.[0]?.command.startsWith('nslookup '));
    assert.strictEqual(r.checks.length, 10);
  });

  it('says when they share no network, and its fix makes the next run pass', async () => {
    const serverNet = await network();
    const clientNet = await network();
    const server = await container(serverNet, SERVE_ALL);
    const client = await container(clientNet, SLEEP);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, false);
    assert.strictEqual(firstFailure(r), 'shared-network');
    const fix = r.byId.get('shared-network')?.fix;
    assert.ok(fix, 'a fix is offered');
    assert.strictEqual(fix.command, 'dockerNetworks.connectContainer');
    const args = fix.arguments[0] as { network: string; container: string };
    assert.strictEqual((await docker('network', 'inspect', '-f', '{{.Name}}', args.network)).trim(), serverNet);
    await docker('network', 'connect', args.network, args.container);
    const again = await diagnose(client, server, 8080);
    assert.strictEqual(again.reachable, true, again.verdict);
  });

  it('on the default bridge: by name it does not resolve, by address it is reachable', async () => {
    const server = await container('bridge', SERVE_ALL);
    const client = await container('bridge', SLEEP);
    const byName = await diagnose(client, server, 8080);
    assert.strictEqual(byName.reachable, false);
    assert.strictEqual(firstFailure(byName), 'name-resolves');
    assert.match(byName.byId.get('name-resolves')!.title, /default bridge/);
    const address = (await docker('inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}}', server)).trim();
    const byAddress = await diagnose(client, address, 8080);
    assert.strictEqual(byAddress.reachable, true, byAddress.verdict);
  });

  it('says a network with enable_icc=false blocks its containers', async () => {
    const net = await network('-o', 'com.docker.network.bridge.enable_icc=false');
    const server = await container(net, SERVE_ALL);
    const client = await container(net, SLEEP);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, false);
    assert.strictEqual(firstFailure(r), 'icc');
  });

  it('says an internal network does not lead to the internet', async () => {
    const net = await network('--internal');
    const client = await container(net, SLEEP);
    const r = await diagnose(client, 'internet');
    assert.strictEqual(r.reachable, false);
    assert.strictEqual(r.byId.get('internal')?.status, 'fail');
    assert.match(r.verdict, /only on internal networks/);
  });

  it('says a listener bound to 127.0.0.1 is reachable only from inside its container', async () => {
    const net = await network();
    const server = await container(net, SERVE_LOOPBACK);
    const client = await container(net, SLEEP);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, false);
    const listening = r.byId.get('target-listening')!;
    assert.strictEqual(listening.status, 'fail');
    assert.match(listening.title, /127\.0\.0\.1/);
    assert.match(r.verdict, /only on 127\.0\.0\.1: reachable from inside it, not from other containers/);
    assert.ok(listening.evidence?.[0]?.output.includes('127.0.0.1:8080'), 'netstat shows the loopback listener');
  });

  it('says when nothing listens on the port', async () => {
    const net = await network();
    const server = await container(net, SLEEP);
    const client = await container(net, SLEEP);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, false);
    assert.strictEqual(firstFailure(r), 'port-open');
    assert.match(r.verdict, /Nothing listens on port 8080/);
    assert.strictEqual(r.byId.get('target-listening')?.status, 'fail');
    assert.match(r.byId.get('target-listening')!.title, /Nothing listens/);
  });

  it('says when the target is stopped', async () => {
    const net = await network();
    const server = await container(net, SLEEP);
    const client = await container(net, SLEEP);
    await docker('stop', '-t', '0', server);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, false);
    assert.strictEqual(firstFailure(r), 'target-running');
    assert.ok(r.checks.slice(2).every((c) => c.status === 'skip'));
  });

  it('finds an alias on an internal network reachable: an alias is not the outside', async () => {
    const net = await network('--internal');
    const server = cleanup.container(uniqueName('dn-diag-c'));
    await docker('run', '-d', '--name', server, '--network', net, '--network-alias', 'db', ...SERVE_ALL);
    const client = await container(net, SLEEP);
    const r = await diagnose(client, 'db', 8080);
    assert.strictEqual(r.reachable, true, r.verdict);
    assert.strictEqual(r.byId.get('internal')?.status, 'skip');
  });

  it('goes through the shared network that lets containers talk when another does not', async () => {
    const closed = await network('-o', 'com.docker.network.bridge.enable_icc=false');
    const open = await network();
    const server = await container(closed, SERVE_ALL);
    const client = await container(closed, SLEEP);
    await docker('network', 'connect', open, server);
    await docker('network', 'connect', open, client);
    const r = await diagnose(client, server, 8080);
    assert.strictEqual(r.reachable, true, r.verdict);
    assert.match(r.byId.get('icc')!.title, new RegExp(open));
  });

  it('leaves no helper behind when the check is cancelled half-way', async () => {
    const net = await network();
    const client = await container(net, SLEEP);
    const controller = new AbortController();
    // Nothing answers at a documentation address: the ping waits, and is cancelled meanwhile.
    setTimeout(() => controller.abort(), 1_500);
    await assert.rejects(diagnose(client, '192.0.2.10', 9, privateEngine(), controller.signal));
    assert.deepStrictEqual(await helpersLeft(), []);
  });

  it('removes helpers any window left behind', async () => {
    const net = await network();
    const client = await container(net, SLEEP);
    const stale = cleanup.container(uniqueName('dn-diag-stale'));
    await docker(
      'create',
      '--name',
      stale,
      '--label',
      `${HELPER_LABEL}=gone-window`,
      '--label',
      `${HELPER_LABEL}.started=1`,
      '--network',
      `container:${client}`,
      ...SLEEP,
    );
    const removed = await new EngineClient(privateEngine()).removeHelpers({ olderThanMs: 60_000 });
    assert.ok(removed >= 1);
    await assert.rejects(docker('inspect', stale), /No such/);
  });

  it("removes the window's helpers when it closes mid-check", async () => {
    const net = await network();
    const client = await container(net, SLEEP);
    const sessions = new HelperSessions();
    const engine = new EngineClient(privateEngine());
    await sessions.prepare('default', engine);
    const running = engine
      .runHelper({ image: IMAGE, joins: client, script: 'sleep 25', limitSeconds: 30, session: sessions.session })
      .catch((e: unknown) => e);
    const label = `label=${HELPER_LABEL}=${sessions.session}`;
    await waitFor('the helper running', async () => (await docker('ps', '-q', '--filter', label)).trim());
    await sessions.close(() => engine);
    assert.strictEqual((await docker('ps', '-aq', '--filter', label)).trim(), '');
    await running;
  });

  it('pulls the helper image from a registry with its progress, and says plainly when it is not there', async () => {
    const registry = process.env.DN_REGISTRY;
    if (!registry) throw new Error('DN_REGISTRY is not set: run through scripts/test.sh (scripts/registry.sh)');
    const image = `${registry}/dn/tiny:latest`;
    const engine = new EngineClient(privateEngine());
    await docker('rmi', image).catch(() => undefined);
    assert.strictEqual(await engine.hasImage(image), false);
    const statuses: string[] = [];
    try {
      await engine.pullImage(image, (s) => statuses.push(s));
      assert.strictEqual(await engine.hasImage(image), true);
      assert.ok(statuses.length > 0, 'progress was reported');
    } finally {
      await docker('rmi', image).catch(() => undefined);
    }
    await assert.rejects(
      engine.pullImage(`${registry}/dn/not-there:latest`, () => undefined),
      /not found|unknown|manifest/i,
    );
  });

  it('works the same over TLS', async function () {
    const host = process.env.DN_TLS_HOST;
    const dir = process.env.DN_TLS_DIR;
    if (!host || !dir) throw new Error('DN_TLS_HOST and DN_TLS_DIR are not set: run through scripts/test.sh');
    const net = await network();
    const server = await container(net, SERVE_ALL);
    const client = await container(net, SLEEP);
    const r = await diagnose(client, server, 8080, {
      name: 'tls',
      host,
      source: 'settings',
      tls: {
        caFile: `${dir}/client/ca.pem`,
        certFile: `${dir}/client/cert.pem`,
        keyFile: `${dir}/client/key.pem`,
        verify: true,
      },
    });
    assert.strictEqual(r.reachable, true, r.verdict);
  });
});
