// Each engine is exactly its endpoint. The DOCKER_* variables of the process reach the default
// engine (resolved the way the docker CLI does) and nothing else: a settings engine on a socket is
// read, changed and pruned there whatever DOCKER_HOST says, and the reverse.
import * as assert from 'assert';
import * as net from 'net';
import { EngineClient } from '../../src/engine/client';
import { resolveDefaultEndpoint } from '../../src/engine/endpoint';
import { EngineError } from '../../src/engine/errors';
import { Cleanup, docker, privateEngine, uniqueName } from '../support/docker';

const WRONG: [string, string][] = [
  ['DOCKER_HOST', 'tcp://127.0.0.1:1'],
  ['DOCKER_HOST', 'ssh://nobody@127.0.0.1:1'],
  ['DOCKER_HOST', 'unix:///nonexistent/dn/docker.sock'],
  ['DOCKER_HOST', 'not a url at all'],
  ['DOCKER_TLS_VERIFY', '1'],
  ['DOCKER_CERT_PATH', '/nonexistent/dn-certs'],
  ['DOCKER_CLIENT_TIMEOUT', '1'],
  ['DOCKER_PATH_PREFIX', '/wrong/'],
  ['DOCKER_CONTEXT', 'no-such-context'],
  ['DOCKER_CONFIG', '/nonexistent/dn-config'],
  ['SSH_AUTH_SOCK', '/nonexistent/dn-agent.sock'],
];

describe('engines exactly as configured, whatever the environment says', function () {
  this.timeout(60_000);
  const engine = privateEngine();
  const keys = [...new Set(WRONG.map(([k]) => k)), 'DOCKER_TLS'];
  let saved: Map<string, string | undefined>;
  const cleanup = new Cleanup(engine.host);
  beforeEach(() => {
    saved = new Map(keys.map((k) => [k, process.env[k]]));
  });
  const restore = () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  afterEach(async () => {
    restore();
    await cleanup.run();
  });

  const local = () => new EngineClient({ name: 'local', host: engine.host, source: 'settings' });

  for (const [key, value] of WRONG) {
    it(`a settings engine on the private socket is read and changed there with ${key}=${value}`, async () => {
      process.env[key] = value;
      const client = local();
      await client.ping();
      assert.ok((await client.listNetworks()).some((n) => n.Name === 'bridge'));
      // The destructive path goes to the same engine: made through the client, seen by the CLI.
      const name = cleanup.network(uniqueName('dn-iso'));
      const { id } = await client.createNetwork({ Name: name });
      restore(); // the CLI below reads the environment
      assert.strictEqual(await docker('network', 'inspect', '--format', '{{.Id}}', name), id);
    });
  }

  it('every variable wrong at once changes nothing either', async () => {
    for (const [key, value] of WRONG) process.env[key] = value;
    process.env.DOCKER_TLS = '1';
    const client = local();
    assert.ok((await client.listNetworks()).some((n) => n.Name === 'bridge'));
    assert.match((await client.version()).ApiVersion ?? '', /^1\.\d+$/);
  });

  it('the reverse: engines that do not answer stay unreachable while DOCKER_HOST answers', async () => {
    // DOCKER_HOST on TCP that answers (a forwarder to the private engine): the modem would let it
    // win over the socket path of an engine configured as a local socket.
    const open = new Set<net.Socket>();
    const forwarder = net.createServer((c) => {
      const up = net.connect(engine.host.slice('unix://'.length));
      open.add(c).add(up);
      c.pipe(up).pipe(c);
      c.on('error', () => up.destroy());
      up.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => forwarder.listen(0, '127.0.0.1', r));
    try {
      const answering = `tcp://127.0.0.1:${(forwarder.address() as net.AddressInfo).port}`;
      await new EngineClient({ name: 'check', host: answering, source: 'settings' }).ping();
      for (const envHost of [engine.host, answering]) {
        process.env.DOCKER_HOST = envHost;
        for (const host of ['tcp://127.0.0.1:1', 'unix:///nonexistent/dn/docker.sock']) {
          const client = new EngineClient({ name: 'elsewhere', host, source: 'settings' }, { timeoutMs: 10_000 });
          await assert.rejects(
            client.listNetworks(),
            (e: EngineError) => e.kind === 'unreachable',
            `${host} must not be read from DOCKER_HOST=${envHost}`,
          );
        }
      }
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((r) => forwarder.close(r));
    }
  });

  it('the default engine still follows DOCKER_HOST, as the docker CLI does', async () => {
    process.env.DOCKER_HOST = engine.host;
    const endpoint = resolveDefaultEndpoint();
    assert.deepStrictEqual([endpoint.host, endpoint.source], [engine.host, 'env']);
    assert.ok((await new EngineClient(endpoint).listNetworks()).some((n) => n.Name === 'bridge'));
    // And leaves everything else of the environment where it is.
    assert.strictEqual(process.env.DOCKER_HOST, engine.host);
  });
});
