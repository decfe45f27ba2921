// Remote engines for real: the private engine over TCP with --tlsverify (certificates made by
// scripts/engine.sh --tls) and through a real OpenSSH server (scripts/sshd.sh) whose sessions reach
// it; Docker contexts made by `docker context create` for both. Every failure is a clear error,
// nothing hangs, and the server sees no more logins than the bounds allow.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import { EngineEndpoint, nodeEnvironment, resolveDefaultEndpoint, TlsMaterial } from '../../src/engine/endpoint';
import { EngineError } from '../../src/engine/errors';
import { MAX_FAILED_LOGINS, SshCodes } from '../../src/engine/ssh';
import { NetworkStore } from '../../src/store';
import { Cleanup, docker, privateEngine, run, settles, uniqueName, waitFor } from '../support/docker';

function need(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the tests with bash scripts/test.sh (it starts the TLS engine and the private sshd)`,
    );
  return value;
}

const rejectsWith = async (
  what: Promise<unknown>,
  check: (e: EngineError) => boolean | void,
  label: string,
): Promise<EngineError> => {
  const outcome = await settles(label, what);
  assert.ok(!outcome.ok, `${label}: expected a failure`);
  const error = outcome.error as EngineError;
  assert.ok(error instanceof EngineError, `${label}: ${String(error)}`);
  assert.notStrictEqual(check(error), false, `${label}: ${error.kind} ${error.code ?? ''} ${error.message}`);
  return error;
};

/** A scratch DOCKER_CONFIG for contexts, so the user's ~/.docker is never touched. */
function dockerConfigDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dn-docker-config-'));
}

function dockerWithConfig(config: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'docker',
      args,
      { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' }, timeout: 60_000 },
      (err, out, stderr) =>
        err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve(out.trim()),
    ),
  );
}

/** Case → what the user sees, how long it took, logins: printed after the suites (for the record). */
const table: string[] = [];
const note = (kind: string, what: string, sees: string, ms: number | string, logins = '—') =>
  table.push(
    `| ${kind} | ${what} | ${sees.replace(/\|/g, '\\|')} | ${typeof ms === 'number' ? `${ms} ms` : ms} | ${logins} |`,
  );
after(() => {
  console.log(
    ['', '| transport | case | what the user sees | time | logins / failed |', '|---|---|---|---|---|', ...table].join(
      '\n',
    ),
  );
});

describe('remote engines over TLS', function () {
  this.timeout(120_000);
  const host = need('DN_TLS_HOST');
  const dir = need('DN_TLS_DIR');
  const material = (name: string): TlsMaterial => ({
    caFile: `${dir}/${name}/ca.pem`,
    certFile: `${dir}/${name}/cert.pem`,
    keyFile: `${dir}/${name}/key.pem`,
    verify: true,
  });
  const endpoint = (tls?: TlsMaterial, h = host): EngineEndpoint => ({
    name: 'tls',
    host: h,
    source: 'settings',
    ...(tls ? { tls } : {}),
  });
  const cleanup = new Cleanup();
  let store: NetworkStore | undefined;
  afterEach(async () => {
    store?.dispose();
    store = undefined;
    await cleanup.run();
  });

  it('lists, creates, connects and follows events over TLS', async () => {
    const client = new EngineClient(endpoint(material('client')));
    assert.ok((await client.listNetworks()).some((n) => n.Name === 'bridge'));
    store = new NetworkStore([client]);
    store.start();
    await waitFor('ready over TLS', () => store!.engines[0].status === 'ready');
    const net = cleanup.network(uniqueName('dn-tls'));
    const { id } = await client.createNetwork({ Name: net, IPAM: { Config: [{ Subnet: '10.250.150.0/24' }] } });
    const c = cleanup.container(uniqueName('dn-tls-c'));
    await docker('run', '-d', '--name', c, 'tiny:latest', 'sleep', '300');
    await client.connect(id, c, { ipv4: '10.250.150.9' });
    // Made through TLS, seen by the store from the event stream over TLS.
    const endpointSeen = await waitFor('the connect, from the events over TLS', () =>
      store!.engines[0].snapshot?.networks.find((n) => n.id === id)?.endpoints.find((e) => e.containerName === c),
    );
    assert.strictEqual(endpointSeen.ipv4, '10.250.150.9');
    const stream = store.eventStream()!;
    assert.strictEqual(stream.connections, 1);
  });

  it('reads a TLS context made with docker context create, and DOCKER_HOST with DOCKER_TLS_VERIFY', async () => {
    const config = dockerConfigDir();
    try {
      const m = material('client');
      await dockerWithConfig(
        config,
        'context',
        'create',
        'dn-tls',
        '--docker',
        `host=${host},ca=${m.caFile},cert=${m.certFile},key=${m.keyFile}`,
      );
      const fromContext = resolveDefaultEndpoint({
        ...nodeEnvironment(),
        env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'dn-tls' },
      });
      assert.deepStrictEqual([fromContext.name, fromContext.host, fromContext.tls?.verify], ['dn-tls', host, true]);
      assert.ok((await new EngineClient(fromContext).listNetworks()).length > 0);
      const fromEnv = resolveDefaultEndpoint({
        ...nodeEnvironment(),
        env: { DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: `${dir}/client` },
      });
      assert.ok((await new EngineClient(fromEnv).listNetworks()).length > 0);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });

  const failures: [string, () => EngineEndpoint, RegExp][] = [
    [
      'a CA that did not sign the engine',
      () => endpoint(material('wrong-ca')),
      /This client refused the engine .*not signed by the CA this engine is set up with/,
    ],
    [
      'a client certificate from another CA',
      () => endpoint(material('wrong-client')),
      /refused this client's certificate: the engine does not accept it/,
    ],
    [
      'an expired client certificate',
      () => endpoint(material('expired-client')),
      /refused this client's certificate: it expired on .*2020/,
    ],
    [
      'no client certificate',
      () => endpoint({ caFile: `${dir}/ca.pem`, verify: true }),
      /requires a client certificate, and none is set/,
    ],
    [
      'a name the certificate does not list',
      () => endpoint(material('client'), host.replace('127.0.0.1', 'localhost')),
      /not for the name localhost used here \(it names 127\.0\.0\.1\)/,
    ],
    [
      'an address the certificate does not list',
      () => endpoint(material('client'), host.replace('127.0.0.1', '127.0.0.2')),
      /not for the name 127\.0\.0\.2 used here \(it names 127\.0\.0\.1\)/,
    ],
    ['no TLS on the TLS port', () => endpoint(), /speaks TLS on this port, and this engine is set up without TLS/],
  ];
  for (const [what, make, message] of failures) {
    it(`says in plain words what failed: ${what}`, async () => {
      const started = Date.now();
      const error = await rejectsWith(new EngineClient(make()).listNetworks(), (e) => e.kind === 'tls', what);
      note('TLS', what, error.message, Date.now() - started);
      assert.match(error.message, message);
      assert.ok(error.hint, 'with what to check');
      assert.ok(error.daemonMessage, "OpenSSL's own text kept for the log");
    });
  }

  it('a wrong certificate is a clear state in the store, and nothing hangs', async () => {
    store = new NetworkStore([new EngineClient(endpoint(material('wrong-client')))]);
    store.start();
    const state = await waitFor('the error state', () => store!.engines[0].status === 'error' && store!.engines[0]);
    assert.strictEqual(state.error?.kind, 'tls');
  });
});

describe('remote engines over ssh (a real OpenSSH server)', function () {
  this.timeout(180_000);
  const sshDir = need('DN_SSH_DIR');
  const port = need('DN_SSH_PORT');
  const sshd = path.join(__dirname, '..', '..', '..', 'scripts', 'sshd.sh');
  const config = path.join(sshDir, 'ssh_config');
  const knownHosts = path.join(sshDir, 'known_hosts');
  const log = () => fs.readFileSync(path.join(sshDir, 'sshd.log'), 'utf8');
  const count = (pattern: RegExp, text = log()) => text.split('\n').filter((l) => pattern.test(l)).length;
  const logins = () => count(/Accepted publickey/);
  const refusals = () => count(/Connection closed by authenticating user/);
  const sshHost = (user = 'root') => `ssh://${user ? `${user}@` : ''}127.0.0.1:${port}`;
  const client = (host = sshHost(), configFile = config, identityFile?: string) =>
    new EngineClient(
      { name: 'ssh', host, source: 'settings', ...(identityFile ? { ssh: { identityFile } } : {}) },
      { ssh: { configFile } },
    );
  const cleanup = new Cleanup(privateEngine().host);
  let store: NetworkStore | undefined;
  const opened: EngineClient[] = [];
  const track = (c: EngineClient) => (opened.push(c), c);
  let knownHostsBefore = '';
  beforeEach(() => {
    knownHostsBefore = fs.readFileSync(knownHosts, 'utf8');
  });
  afterEach(async () => {
    store?.dispose();
    store = undefined;
    for (const c of opened.splice(0)) c.dispose();
    fs.writeFileSync(knownHosts, knownHostsBefore);
    await cleanup.run();
  });
  const fingerprint = async (key: string) =>
    /(SHA256:\S+)/.exec(await run('ssh-keygen', '-lf', path.join(sshDir, `${key}.pub`)))![1];

  it('lists, creates, connects and follows events over one SSH login', async () => {
    const before = logins();
    const c = track(client());
    store = new NetworkStore([c]);
    store.start();
    await waitFor('ready over ssh', () => store!.engines[0].status === 'ready');
    const net = cleanup.network(uniqueName('dn-ssh'));
    const { id } = await c.createNetwork({ Name: net });
    const ctr = cleanup.container(uniqueName('dn-ssh-c'));
    await docker('run', '-d', '--name', ctr, 'tiny:latest', 'sleep', '300');
    await c.connect(id, ctr);
    await waitFor('the connect, from the events over ssh', () =>
      store!.engines[0].snapshot?.networks.find((n) => n.id === id)?.endpoints.some((e) => e.containerName === ctr),
    );
    for (let i = 0; i < 10; i++) await c.listNetworks();
    assert.strictEqual(
      logins() - before,
      1,
      'one login carried the lists, the create, the connect, the stream and ten more requests',
    );
  });

  it('a TMPDIR too deep for a socket: the sockets are made in /tmp, and nothing waits', async () => {
    const deep = path.join(os.tmpdir(), `dn-deep-${'d'.repeat(60)}`, 'x'.repeat(60));
    fs.mkdirSync(deep, { recursive: true });
    const was = process.env.TMPDIR;
    process.env.TMPDIR = deep;
    try {
      const c = track(client());
      assert.ok((await c.listNetworks()).length > 0);
      assert.deepStrictEqual(fs.readdirSync(deep), [], 'nothing made where no socket fits');
    } finally {
      if (was === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = was;
      fs.rmSync(path.dirname(deep), { recursive: true, force: true });
    }
  });

  it('a client closed while a command still holds it logs in no more', async () => {
    const c = client();
    await c.listNetworks();
    const dirs = () =>
      fs
        .readdirSync(os.tmpdir())
        .filter((d) => d.startsWith('dn-ssh-'))
        .sort();
    const before = { logins: logins(), dirs: dirs() };
    c.dispose();
    await assert.rejects(c.listNetworks(), (e: EngineError) => e.code === SshCodes.closed, 'closed, said so');
    await assert.rejects(c.inspectNetwork('bridge'), (e: EngineError) => e.code === SshCodes.closed);
    assert.strictEqual(logins(), before.logins, 'no login after the close');
    assert.deepStrictEqual(
      dirs().filter((d) => !before.dirs.includes(d)),
      [],
      'no socket folder made again',
    );
  });

  it('reads an ssh context made with docker context create; a URL without a user and ~/.ssh/config aliases work', async () => {
    const dockerConfig = dockerConfigDir();
    try {
      await dockerWithConfig(dockerConfig, 'context', 'create', 'dn-ssh', '--docker', `host=${sshHost()}`);
      const fromContext = resolveDefaultEndpoint({
        ...nodeEnvironment(),
        env: { DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'dn-ssh' },
      });
      assert.deepStrictEqual([fromContext.name, fromContext.host], ['dn-ssh', sshHost()]);
      assert.ok(
        (await track(new EngineClient(fromContext, { ssh: { configFile: config } })).listNetworks()).length > 0,
      );
    } finally {
      fs.rmSync(dockerConfig, { recursive: true, force: true });
    }
    // No user in the URL: the config's, else the current user (root here).
    assert.ok((await track(client(`ssh://127.0.0.1:${port}`)).listNetworks()).length > 0);
    // A Host alias of the config, with HostName, Port and User from it.
    const aliased = path.join(sshDir, 'ssh_config_alias');
    fs.writeFileSync(
      aliased,
      `Host dn-engine-alias\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n${fs.readFileSync(config, 'utf8')}`,
    );
    assert.ok((await track(client('ssh://dn-engine-alias', aliased)).listNetworks()).length > 0);
    // ProxyJump, as ssh does it: through the same server (as localhost, which ssh sees as another
    // host) to itself; known_hosts knows the key under both names.
    const jumped = path.join(sshDir, 'ssh_config_jump');
    const bothNames = path.join(sshDir, 'known_hosts_jump');
    const key = fs.readFileSync(path.join(sshDir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(bothNames, `[127.0.0.1]:${port} ${key}\n[localhost]:${port} ${key}\n`);
    const jumpConfig = fs
      .readFileSync(config, 'utf8')
      .replace(/UserKnownHostsFile .*/, `UserKnownHostsFile ${bothNames}`);
    fs.writeFileSync(
      jumped,
      `Host dn-engine-jumped\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n  ProxyJump root@localhost:${port}\n${jumpConfig}`,
    );
    assert.ok((await track(client('ssh://dn-engine-jumped', jumped)).listNetworks()).length > 0);
  });

  it("takes the key from the engine's identity file, or from an SSH agent, as ssh does", async () => {
    // A config that names no key and no agent: only what the engine or the environment gives.
    const bare = path.join(sshDir, 'ssh_config_bare');
    fs.writeFileSync(
      bare,
      fs.readFileSync(config, 'utf8').replace(/^\s*(IdentityFile|IdentityAgent|IdentitiesOnly) .*$/gm, ''),
    );
    const noAgent = { ...process.env, SSH_AUTH_SOCK: '' };
    const only = (identityFile?: string) =>
      track(
        new EngineClient(
          { name: 'key', host: sshHost(), source: 'settings', ...(identityFile ? { ssh: { identityFile } } : {}) },
          { ssh: { configFile: bare, env: noAgent } },
        ),
      );
    await assert.rejects(
      only().listNetworks(),
      (e: EngineError) => e.code === SshCodes.authentication,
      'no key at all: refused',
    );
    assert.ok((await only(path.join(sshDir, 'id_ed25519')).listNetworks()).length > 0, 'sshIdentityFile');
    // An agent of its own, holding the key; stopped by its pid.
    const agentSocket = path.join(sshDir, 'agent.sock');
    const started = await run('ssh-agent', '-a', agentSocket, '-s');
    const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(started)?.[1]);
    try {
      await new Promise<void>((resolve, reject) =>
        execFile(
          'ssh-add',
          [path.join(sshDir, 'id_ed25519')],
          { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
      const withAgent = track(
        new EngineClient(
          { name: 'agent', host: sshHost(), source: 'settings' },
          { ssh: { configFile: bare, env: { ...process.env, SSH_AUTH_SOCK: agentSocket } } },
        ),
      );
      assert.ok((await withAgent.listNetworks()).length > 0, 'the agent');
    } finally {
      if (agentPid > 0) process.kill(agentPid);
    }
  });

  it('an unknown host key: refused with a clear message, no login; trusted after the fingerprint is confirmed', async () => {
    fs.writeFileSync(knownHosts, '');
    const before = { logins: logins(), refusals: refusals() };
    const c = track(client());
    const started = Date.now();
    const error = await rejectsWith(
      c.listNetworks(),
      (e) => e.kind === 'hostKey' && e.code === SshCodes.hostKeyUnknown,
      'unknown key',
    );
    const shownMs = Date.now() - started;
    assert.match(error.message, /host key of .* is not known yet/);
    // Held: the next requests do not even connect.
    const attempts = c.ssh!.attempts;
    await rejectsWith(c.listNetworks(), (e) => e.code === SshCodes.hostKeyUnknown, 'held');
    assert.strictEqual(c.ssh!.attempts, attempts);
    const probe = await c.ssh!.probeHostKey();
    assert.ok(!probe.known);
    assert.strictEqual(probe.known ? '' : probe.fingerprint, await fingerprint('host_ed25519'));
    // A different fingerprint is never accepted.
    await rejectsWith(
      c.ssh!.trustHostKey('SHA256:' + 'A'.repeat(43)),
      (e) => e.kind === 'hostKey',
      'another fingerprint',
    );
    assert.strictEqual(fs.readFileSync(knownHosts, 'utf8'), '');
    const trusting = Date.now();
    await c.ssh!.trustHostKey(probe.known ? '' : probe.fingerprint);
    assert.match(fs.readFileSync(knownHosts, 'utf8'), new RegExp(`\\[127\\.0\\.0\\.1\\]:${port} ssh-ed25519 `));
    assert.ok((await c.listNetworks()).length > 0);
    assert.strictEqual(logins() - before.logins, 1, 'one login, after the key was trusted');
    assert.strictEqual(refusals() - before.refusals, 0, 'no failed login');
    note(
      'ssh',
      'unknown host key',
      `${error.message} + Trust Host Key…`,
      `${shownMs} ms; connected ${Date.now() - trusting} ms after trusting`,
      `${logins() - before.logins} / 0`,
    );
  });

  it('a changed host key: refused with the new fingerprint, never trusted, no login', async () => {
    const before = { logins: logins(), refusals: refusals() };
    await run('bash', sshd, 'halt', sshDir);
    await run('bash', sshd, 'resume', sshDir, 'host2_ed25519');
    try {
      const c = track(client());
      const started = Date.now();
      const error = await rejectsWith(
        c.listNetworks(),
        (e) => e.kind === 'hostKey' && e.code === SshCodes.hostKeyChanged,
        'changed key',
      );
      note('ssh', 'changed host key', error.message, Date.now() - started, '0 / 0');
      assert.ok(error.message.includes(await fingerprint('host2_ed25519')), error.message);
      assert.match(error.hint ?? '', /ssh-keygen -f .* -R /);
      assert.strictEqual(fs.readFileSync(knownHosts, 'utf8'), knownHostsBefore, 'known_hosts untouched');
      assert.strictEqual(logins() - before.logins, 0);
      assert.strictEqual(refusals() - before.refusals, 0);
    } finally {
      await run('bash', sshd, 'halt', sshDir);
      await run('bash', sshd, 'resume', sshDir, 'host_ed25519');
    }
  });

  it('a revoked host key is refused', async () => {
    const key = fs.readFileSync(path.join(sshDir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(knownHosts, `@revoked [127.0.0.1]:${port} ${key}\n${knownHostsBefore}`);
    const started = Date.now();
    const error = await rejectsWith(
      track(client()).listNetworks(),
      (e) => e.kind === 'hostKey' && e.code === SshCodes.hostKeyRevoked,
      'revoked key',
    );
    note('ssh', 'revoked host key', error.message, Date.now() - started, '0 / 0');
  });

  it(`a refused key: one failed login, no automatic retry, at most ${MAX_FAILED_LOGINS} in 10 minutes even with Retry`, async () => {
    const keys = path.join(sshDir, 'authorized_keys');
    const authorized = fs.readFileSync(keys, 'utf8');
    fs.writeFileSync(keys, '');
    try {
      const before = refusals();
      const c = track(client());
      store = new NetworkStore([c], { minBackoffMs: 200, maxBackoffMs: 400 });
      const started = Date.now();
      store.start();
      const state = await waitFor('the refused state', () => store!.engines[0].status === 'error' && store!.engines[0]);
      const shownMs = Date.now() - started;
      assert.strictEqual(state.error?.code, SshCodes.authentication);
      assert.match(state.error?.message ?? '', /refused the SSH login/);
      // The event stream keeps retrying quickly here, and never reaches the server again.
      await waitFor("the refusal in sshd's log", () => refusals() - before >= 1);
      await new Promise((r) => setTimeout(r, 5_000));
      assert.strictEqual(refusals() - before, 1, 'one failed login in 5 s of retries');
      // Retry after Retry: the bound holds.
      for (let i = 0; i < MAX_FAILED_LOGINS + 3; i++) await store.refresh();
      // sshd writes a refusal to its log as the connection ends, a moment after the client knows.
      await waitFor(`${MAX_FAILED_LOGINS} refusals in sshd's log`, () => refusals() - before >= MAX_FAILED_LOGINS);
      await new Promise((r) => setTimeout(r, 2_000));
      assert.strictEqual(refusals() - before, MAX_FAILED_LOGINS);
      assert.match(store.engines[0].error?.message ?? '', /no more attempts for \d+ min/);
      note(
        'ssh',
        'refused key (5 s of fast retries, then 7 × Retry)',
        `${state.error?.message} → ${store.engines[0].error?.message}`,
        shownMs,
        `0 / ${refusals() - before}`,
      );
    } finally {
      fs.writeFileSync(keys, authorized);
    }
  });

  it('sshd stopped and started again: a clear state, and recovery by itself', async () => {
    const c = track(client());
    store = new NetworkStore([c], { minBackoffMs: 200, maxBackoffMs: 2_000 });
    store.start();
    await waitFor('ready', () => store!.engines[0].status === 'ready');
    const before = logins();
    const halted = Date.now();
    await run('bash', sshd, 'halt', sshDir);
    let downMs = 0;
    let downMessage = '';
    try {
      const down = await waitFor(
        'the unreachable state',
        () => store!.engines[0].status === 'error' && store!.engines[0],
      );
      downMs = Date.now() - halted;
      downMessage = down.error?.message ?? '';
      assert.match(down.error?.message ?? '', /Nothing accepts SSH connections|SSH connection .* failed/);
    } finally {
      await run('bash', sshd, 'resume', sshDir);
    }
    const resumed = Date.now();
    const net = cleanup.network(uniqueName('dn-ssh-back'));
    await docker('network', 'create', net);
    await waitFor(
      'recovered by itself',
      () => store!.engines[0].snapshot?.networks.some((n) => n.name === net),
      60_000,
    );
    assert.ok(logins() - before <= 2, `logins after the restart: ${logins() - before}`);
    note(
      'ssh',
      'sshd stopped, then started again',
      downMessage,
      `shown in ${downMs} ms; back ${Date.now() - resumed} ms after sshd (backoff 0.2-2 s here)`,
      `${logins() - before} / 0`,
    );
  });
});
