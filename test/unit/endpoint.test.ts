import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { EngineClient } from '../../src/engine/client';
import { SshTransport } from '../../src/engine/ssh';
import { dockerodeOptions } from '../../src/engine/transport';
import {
  contextDirName,
  DEFAULT_SOCKET,
  nodeEnvironment,
  resolveDefaultEndpoint,
  ResolveEnvironment,
} from '../../src/engine/endpoint';
import { EngineError } from '../../src/engine/errors';

describe('engine resolution (like the docker CLI)', () => {
  let home: string;
  const env = (vars: NodeJS.ProcessEnv): ResolveEnvironment => ({ ...nodeEnvironment(), env: vars, homeDir: home });

  function writeContext(name: string, host: string, opts: { tls?: boolean; skipVerify?: boolean } = {}) {
    const dir = contextDirName(name);
    const meta = path.join(home, '.docker', 'contexts', 'meta', dir);
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(
      path.join(meta, 'meta.json'),
      JSON.stringify({
        Name: name,
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: !!opts.skipVerify } },
      }),
    );
    if (opts.tls) {
      const tls = path.join(home, '.docker', 'contexts', 'tls', dir, 'docker');
      fs.mkdirSync(tls, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(tls, f), 'x');
    }
  }

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('uses the default socket when nothing is configured', () => {
    const e = resolveDefaultEndpoint(env({}));
    assert.deepStrictEqual(e, { name: 'default', host: DEFAULT_SOCKET, source: 'default' });
  });

  it('takes DOCKER_HOST first, even when a context is current', () => {
    writeContext('remote', 'tcp://10.0.0.1:2375');
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const e = resolveDefaultEndpoint(env({ DOCKER_HOST: 'unix:///run/user/1000/podman/podman.sock' }));
    assert.strictEqual(e.host, 'unix:///run/user/1000/podman/podman.sock');
    assert.strictEqual(e.source, 'env');
    assert.strictEqual(e.tls, undefined);
  });

  it('reads TLS material from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const certs = path.join(home, 'certs');
    fs.mkdirSync(certs, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), 'x');
    const e = resolveDefaultEndpoint(
      env({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }),
    );
    assert.deepStrictEqual(e.tls, {
      caFile: path.join(certs, 'ca.pem'),
      certFile: path.join(certs, 'cert.pem'),
      keyFile: path.join(certs, 'key.pem'),
      verify: true,
    });
    assert.strictEqual(e.name, 'default', 'the CLI shows DOCKER_HOST as the default context');
  });

  it('uses TLS for DOCKER_TLS or DOCKER_TLS_VERIFY, not for port 2376 alone, as the CLI does', () => {
    assert.strictEqual(resolveDefaultEndpoint(env({ DOCKER_HOST: 'tcp://docker.example:2376' })).tls, undefined);
    const certs = path.join(home, 'only-client');
    fs.mkdirSync(certs, { recursive: true });
    for (const f of ['cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), 'x');
    // Not verifying: no CA is read (none is there), the client's certificate is.
    assert.deepStrictEqual(
      resolveDefaultEndpoint(
        env({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs }),
      ).tls,
      { certFile: path.join(certs, 'cert.pem'), keyFile: path.join(certs, 'key.pem'), verify: false },
    );
  });

  it('as the CLI, goes without a client certificate whose files are not there; verifying needs the CA', () => {
    const empty = path.join(home, 'no-certs');
    fs.mkdirSync(empty, { recursive: true });
    const verifying = resolveDefaultEndpoint(
      env({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: empty }),
    );
    assert.deepStrictEqual(verifying.tls, { caFile: path.join(empty, 'ca.pem'), verify: true });
    // The CA that is not there is said when the engine is asked (the file named), as the CLI does.
    assert.throws(
      () => dockerodeOptions(verifying),
      (e: EngineError) => e.kind === 'tls' && e.message.includes(path.join(empty, 'ca.pem')),
    );
    const plain = resolveDefaultEndpoint(
      env({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: empty }),
    );
    assert.deepStrictEqual(plain.tls, { verify: false });
    assert.doesNotThrow(() => dockerodeOptions(plain));
  });

  it('refuses a password in the address, as the CLI does, and keeps it out of what is shown', () => {
    const fromEnv = resolveDefaultEndpoint(env({ DOCKER_HOST: 'ssh://me:s3cr3t@build.example:2222' }));
    assert.strictEqual(fromEnv.host, 'ssh://me@build.example:2222');
    assert.match(fromEnv.problem!.message, /holds a password/);
    assert.ok(!JSON.stringify({ ...fromEnv, problem: fromEnv.problem!.message }).includes('s3cr3t'));
    writeContext('remote', 'ssh://me:s3cr3t@build.example');
    const fromContext = resolveDefaultEndpoint(env({ DOCKER_CONTEXT: 'remote' }));
    assert.strictEqual(fromContext.host, 'ssh://me@build.example');
    assert.ok(!fromContext.problem!.message.includes('s3cr3t'));
  });

  it('treats a bare host:port in DOCKER_HOST as tcp', () => {
    assert.strictEqual(resolveDefaultEndpoint(env({ DOCKER_HOST: 'localhost:2375' })).host, 'tcp://localhost:2375');
  });

  it('keeps ssh:// hosts for the SSH transport, whose agent carries every request', () => {
    const e = resolveDefaultEndpoint(env({ DOCKER_HOST: 'ssh://me@build-box' }));
    assert.strictEqual(e.host, 'ssh://me@build-box');
    const ssh = new SshTransport(e);
    try {
      const opts = dockerodeOptions(e, ssh) as Record<string, unknown>;
      assert.strictEqual(
        typeof opts.socketPath,
        'function',
        'the socket that bridges to ssh sessions, made on first use',
      );
      assert.strictEqual(opts.agent, ssh.httpAgent);
      assert.strictEqual(inspect(opts.agent, { showHidden: true, depth: null }), '[Agent]');
      assert.strictEqual(opts.host, undefined);
      assert.throws(() => dockerodeOptions(e), /needs an SSH connection/);
    } finally {
      ssh.dispose();
    }
  });

  it('uses the current context of config.json with its TLS files', () => {
    writeContext('prod', 'tcp://prod.example:2376', { tls: true });
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'prod' }));
    const e = resolveDefaultEndpoint(env({}));
    assert.strictEqual(e.name, 'prod');
    assert.strictEqual(e.host, 'tcp://prod.example:2376');
    assert.strictEqual(e.source, 'context');
    const tlsDir = path.join(home, '.docker', 'contexts', 'tls', contextDirName('prod'), 'docker');
    assert.deepStrictEqual(e.tls, {
      caFile: path.join(tlsDir, 'ca.pem'),
      certFile: path.join(tlsDir, 'cert.pem'),
      keyFile: path.join(tlsDir, 'key.pem'),
      verify: true,
    });
    // docker-modem formats each request's options in full (debug log or not): the agent, which
    // holds the kept-alive TLS sockets, formats as its name.
    const opts = dockerodeOptions(e) as Record<string, unknown>;
    assert.strictEqual(opts.protocol, 'https');
    assert.strictEqual(inspect(opts.agent, { showHidden: true, depth: null }), '[Agent]');
  });

  it('lets DOCKER_CONTEXT override config.json and honours DOCKER_CONFIG', () => {
    const config = path.join(home, 'elsewhere');
    fs.mkdirSync(config);
    const r = env({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'lab' });
    const dir = path.join(config, 'contexts', 'meta', contextDirName('lab'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'meta.json'),
      JSON.stringify({ Name: 'lab', Endpoints: { docker: { Host: 'unix:///lab.sock' } } }),
    );
    assert.strictEqual(resolveDefaultEndpoint(r).host, 'unix:///lab.sock');
  });

  it('treats the context named "default" as the default socket', () => {
    assert.strictEqual(resolveDefaultEndpoint(env({ DOCKER_CONTEXT: 'default' })).host, DEFAULT_SOCKET);
  });

  it('reports a missing context as a problem of the engine instead of throwing', async () => {
    const e = resolveDefaultEndpoint(env({ DOCKER_CONTEXT: 'gone' }));
    assert.ok(e.problem instanceof EngineError);
    assert.match(e.problem.message, /"gone" does not exist/);
    await assert.rejects(new EngineClient(e).listNetworks(), (err: EngineError) => err === e.problem);
  });

  it('names a missing TLS file precisely', async () => {
    const client = new EngineClient({
      name: 'x',
      host: 'tcp://127.0.0.1:2376',
      source: 'settings',
      tls: { caFile: path.join(home, 'nope', 'ca.pem'), verify: true },
    });
    await assert.rejects(
      client.ping(),
      (err: EngineError) => err.kind === 'tls' && err.message.includes(path.join(home, 'nope', 'ca.pem')),
    );
  });

  it('refuses an address that is not an engine address', async () => {
    const client = new EngineClient({ name: 'x', host: 'ftp://example', source: 'settings' });
    await assert.rejects(client.ping(), (err: EngineError) => err.kind === 'invalidArgument');
  });
});
