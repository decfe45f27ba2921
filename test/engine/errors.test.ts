// Every error kind, provoked for real: the daemon's refusals on the private engine, and transport
// failures on real sockets and servers.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import { EngineError, EngineErrorKind } from '../../src/engine/errors';
import { suggestIpv6Subnet } from '../../src/model/cidr';
import { Cleanup, docker, privateEngine, uniqueName } from '../support/docker';

const isKind = (kind: EngineErrorKind) => (e: unknown) => {
  assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
  assert.strictEqual(e.kind, kind, `${e.kind}: ${e.message} (${e.daemonMessage})`);
  assert.ok(e.message.length > 0);
  return true;
};

describe('engine errors, provoked for real', function () {
  const client = new EngineClient(privateEngine());
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('notFound: a network that does not exist', async () => {
    await assert.rejects(client.inspectNetwork('no-such-network-here'), isKind('notFound'));
    await assert.rejects(client.removeNetwork('no-such-network-here'), isKind('notFound'));
  });

  it('conflict: a name that is taken', async () => {
    const name = cleanup.network(uniqueName('dn-dup'));
    await client.createNetwork({ Name: name, CheckDuplicate: true });
    await assert.rejects(client.createNetwork({ Name: name, CheckDuplicate: true }), isKind('conflict'));
  });

  it('builtIn: removing the default bridge', async () => {
    await assert.rejects(client.removeNetwork('bridge'), isKind('builtIn'));
  });

  it('activeEndpoints: removing a network a running container uses', async () => {
    const network = cleanup.network(uniqueName('dn-busy'));
    await client.createNetwork({ Name: network });
    const c = cleanup.container(uniqueName('dn-c'));
    await docker('run', '-d', '--name', c, '--network', network, 'tiny:latest', 'sleep', '3600');
    await assert.rejects(client.removeNetwork(network), isKind('activeEndpoints'));
  });

  it('poolOverlap: a subnet another network has', async () => {
    const a = cleanup.network(uniqueName('dn-pool'));
    await client.createNetwork({ Name: a, IPAM: { Config: [{ Subnet: '10.250.9.0/24' }] } });
    const b = cleanup.network(uniqueName('dn-pool'));
    await assert.rejects(
      client.createNetwork({ Name: b, IPAM: { Config: [{ Subnet: '10.250.9.128/25' }] } }),
      isKind('poolOverlap'),
    );
  });

  it('noIpv6Pool: IPv6 without a subnet on an engine with no IPv6 pool, and the subnet we offer', async () => {
    const name = cleanup.network(uniqueName('dn-v6'));
    const api = (await client.version()).ApiVersion ?? '1.41';
    if (Number(api.split('.')[1]) >= 46) {
      // Docker 27 and later derive a unique local /64 themselves.
      await client.createNetwork({ Name: name, EnableIPv6: true });
      const n = await client.inspectNetwork(name);
      assert.ok(
        n.IPAM?.Config?.some((c) => /^fd/.test(c.Subnet ?? '')),
        JSON.stringify(n.IPAM),
      );
      return;
    }
    await assert.rejects(client.createNetwork({ Name: name, EnableIPv6: true }), (e: unknown) => {
      isKind('noIpv6Pool')(e);
      assert.match((e as EngineError).userMessage, /IPv6 subnet/);
      return true;
    });
    // What the command offers instead: a unique local /64, which this engine takes.
    const subnet = suggestIpv6Subnet([], (n) => randomBytes(n))!;
    await client.createNetwork({ Name: name, EnableIPv6: true, IPAM: { Config: [{ Subnet: subnet }] } });
    const n = await client.inspectNetwork(name);
    assert.ok(n.EnableIPv6 && n.IPAM?.Config?.some((c) => c.Subnet === subnet), JSON.stringify(n.IPAM));
  });

  it('invalidArgument: a subnet that is not CIDR', async () => {
    const name = cleanup.network(uniqueName('dn-bad'));
    await assert.rejects(
      client.createNetwork({ Name: name, IPAM: { Config: [{ Subnet: '10.0.0.0/99' }] } }),
      isKind('invalidArgument'),
    );
  });

  it('unreachable: a socket path that does not exist', async () => {
    const c = new EngineClient({ name: 'gone', host: 'unix:///nonexistent/dir/docker.sock', source: 'settings' });
    await assert.rejects(c.ping(), (e: EngineError) => isKind('unreachable')(e) && /does not exist/.test(e.message));
  });

  it('unreachable: a closed TCP port', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const c = new EngineClient({ name: 'closed', host: `tcp://127.0.0.1:${port}`, source: 'settings' });
    await assert.rejects(c.ping(), isKind('unreachable'));
  });

  it('timeout: a socket that accepts and never answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-slow-'));
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(path.join(dir, 's.sock'), r));
    try {
      const c = new EngineClient(
        { name: 'slow', host: `unix://${dir}/s.sock`, source: 'settings' },
        { timeoutMs: 300 },
      );
      const started = Date.now();
      await assert.rejects(c.listNetworks(), isKind('timeout'));
      // Its own limit (300 ms), not the default of 15 s; generous, so a busy machine passes too.
      assert.ok(Date.now() - started < 10_000, `gave up after ${Date.now() - started} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('permission: a socket the user may not open', async function () {
    // Root opens any socket: the socket belongs to another user, and the client runs in a child
    // process without capabilities (so without CAP_DAC_OVERRIDE), as a user in the docker group
    // would be without the group.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-perm-'));
    const server = net.createServer((s) => s.destroy());
    const socket = path.join(dir, 'docker.sock');
    await new Promise<void>((r) => server.listen(socket, r));
    fs.chownSync(socket, 65534, 65534);
    fs.chmodSync(socket, 0o600);
    const script = `
      const { EngineClient } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'engine', 'client.js'))});
      new EngineClient({ name: 'p', host: 'unix://${socket}', source: 'settings' }).ping()
        .then(() => console.log('ok'), (e) => console.log(JSON.stringify({ kind: e.kind, message: e.message })));`;
    try {
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          'setpriv',
          ['--bounding-set=-all', '--inh-caps=-all', process.execPath, '-e', script],
          (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim())),
        ),
      );
      const result = JSON.parse(out) as { kind: string; message: string };
      assert.strictEqual(result.kind, 'permission');
      assert.match(result.message, /Permission denied/);
    } finally {
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tls: a server whose certificate the CA did not sign', async function () {
    this.timeout(20_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-tls-'));
    const openssl = (...args: string[]) =>
      new Promise<void>((resolve, reject) =>
        execFile('openssl', args, { cwd: dir }, (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve())),
      );
    // Two unrelated self-signed certificates: the server uses one, the client trusts the other.
    for (const n of ['server', 'other']) {
      await openssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${n}-key.pem`,
        '-out',
        `${n}.pem`,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      );
    }
    const tls = await import('tls');
    const server = tls.createServer(
      { key: fs.readFileSync(path.join(dir, 'server-key.pem')), cert: fs.readFileSync(path.join(dir, 'server.pem')) },
      (s) => s.end(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const c = new EngineClient({
        name: 'tls',
        host: `tcp://127.0.0.1:${port}`,
        source: 'settings',
        tls: { caFile: path.join(dir, 'other.pem'), verify: true },
      });
      await assert.rejects(c.ping(), isKind('tls'));
    } finally {
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tls: a certificate file that does not exist, named in the message', async () => {
    const ping = async () =>
      new EngineClient({
        name: 'tls',
        host: 'tcp://127.0.0.1:2376',
        source: 'settings',
        tls: { caFile: '/nonexistent/dn/ca.pem', verify: true },
      }).ping();
    await assert.rejects(
      ping,
      (e: unknown) =>
        isKind('tls')(e) && /The file \/nonexistent\/dn\/ca\.pem for .* does not exist\./.test((e as Error).message),
    );
  });
});
