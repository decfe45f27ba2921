// Remote engines in the real VS Code: the private engine over TCP with TLS and through a real
// OpenSSH server, side by side in the tree; their failures as clear states with a way forward.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DockerNetworksApi } from '../../../src/api';
import { Cleanup, run, uniqueName, waitFor } from '../../support/docker';
import { extensionApi, setSetting, showView, treeItem } from '../helpers';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with bash scripts/test.sh`);
  return value;
}

describe('Remote engines (TLS and ssh) in the tree', function () {
  this.timeout(180_000);
  let api: DockerNetworksApi;
  const cleanup = new Cleanup();
  // Read when the suite runs, not when it is loaded: a run of other tests (a grep) needs none of them.
  let tlsHost = '';
  let tlsDir = '';
  let sshDir = '';
  let sshHost = '';
  let knownHosts = '';
  const tlsEngine = (dir: string) => ({
    name: 'over-tls',
    host: tlsHost,
    tlsCaFile: `${tlsDir}/${dir}/ca.pem`,
    tlsCertFile: `${tlsDir}/${dir}/cert.pem`,
    tlsKeyFile: `${tlsDir}/${dir}/key.pem`,
  });
  let knownHostsBefore = '';

  before(async () => {
    tlsHost = need('DN_TLS_HOST');
    tlsDir = need('DN_TLS_DIR');
    sshDir = need('DN_SSH_DIR');
    sshHost = `ssh://root@127.0.0.1:${need('DN_SSH_PORT')}`;
    knownHosts = path.join(sshDir, 'known_hosts');
    api = await extensionApi();
    await showView();
    knownHostsBefore = fs.readFileSync(knownHosts, 'utf8');
    await setSetting('sshConfigFile', path.join(sshDir, 'ssh_config'));
  });
  afterEach(async () => {
    await setSetting('engines', undefined);
    fs.writeFileSync(knownHosts, knownHostsBefore);
    await cleanup.run();
  });
  after(async () => {
    await setSetting('sshConfigFile', undefined);
  });

  const engineState = (name: string) => api.snapshot().engines.find((e) => e.name === name);
  /** A wait that timed out, with what each engine is now. */
  const withEngines = (e: Error): never => {
    throw new Error(`${e.message}: ${JSON.stringify(api.snapshot().engines.map((x) => [x.name, x.status, x.error]))}`);
  };

  it('shows the same engine over TLS and over ssh, and a network made through one appears under both', async () => {
    await setSetting('engines', [tlsEngine('client'), { name: 'over-ssh', host: sshHost }]);
    await waitFor(
      'both remote engines ready',
      () => engineState('over-tls')?.status === 'ready' && engineState('over-ssh')?.status === 'ready',
    ).catch(withEngines);
    const net = cleanup.network(uniqueName('dn-remote'));
    await vscode.commands.executeCommand('dockerNetworks.createNetwork', { engine: 'over-ssh', name: net });
    for (const engine of ['over-tls', 'over-ssh']) await treeItem(api, net, (await treeItem(api, engine)).id);
  });

  it('an engine set not to verify its certificate connects where the certificate does not name it; verifying, it is refused', async () => {
    // 127.0.0.2: the same engine at an address its certificate does not name, and one VS Code's
    // proxy layer does not take for localhost (it gives such requests an agent of its own).
    const host = tlsHost.replace('//127.0.0.1:', '//127.0.0.2:');
    const client = (name: string, verify: boolean) => ({
      name,
      host,
      tlsVerify: verify,
      ...(verify ? { tlsCaFile: `${tlsDir}/client/ca.pem` } : {}),
      tlsCertFile: `${tlsDir}/client/cert.pem`,
      tlsKeyFile: `${tlsDir}/client/key.pem`,
    });
    await setSetting('engines', [client('unverified', false), client('verified', true)]);
    await waitFor(
      'the unverified engine ready, the verified one refused',
      () => engineState('unverified')?.status === 'ready' && engineState('verified')?.status === 'error',
    ).catch(withEngines);
    assert.strictEqual(engineState('verified')?.error?.kind, 'tls');
  });

  it('a refused client certificate is a clear state in the tree, with the way forward', async () => {
    await setSetting('engines', [tlsEngine('wrong-client')]);
    const row = await waitFor('the TLS engine in its error state', async () => {
      const r = await treeItem(api, 'over-tls');
      return r.icon === 'error' && r;
    });
    assert.match(row.description ?? '', /refused this client's certificate/);
    const under = await api.treeItems(row.id);
    assert.match(under[0].label, /Check that .*cert\.pem was issued by the CA the engine was started with/);
    assert.deepStrictEqual(
      under.slice(1).map((i) => i.label),
      ['Retry', 'Open Settings', 'Show Log'],
    );
  });

  it('an unknown SSH host key: "Trust Host Key…" under the engine, and trusting its fingerprint connects it', async () => {
    fs.writeFileSync(knownHosts, '');
    await setSetting('engines', [{ name: 'over-ssh', host: sshHost }]);
    const row = await waitFor('the ssh engine waiting for its host key', async () => {
      const r = await treeItem(api, 'over-ssh');
      return r.icon === 'error' && r;
    });
    assert.match(row.description ?? '', /host key of .* is not known yet/);
    const actions = (await api.treeItems(row.id)).slice(1).map((i) => i.label);
    assert.deepStrictEqual(actions, ['Trust Host Key…', 'Retry', 'Open Settings', 'Show Log']);
    const fingerprint = /(SHA256:\S+)/.exec(await run('ssh-keygen', '-lf', path.join(sshDir, 'host_ed25519.pub')))![1];
    // A wrong fingerprint is refused and trusts nothing.
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('dockerNetworks.trustHostKey', {
          engine: 'over-ssh',
          fingerprint: `SHA256:${'B'.repeat(43)}`,
          confirm: false,
        }),
      ),
      /nothing was trusted/,
    );
    assert.strictEqual(fs.readFileSync(knownHosts, 'utf8'), '');
    const trusted = await vscode.commands.executeCommand<{ fingerprint: string }>('dockerNetworks.trustHostKey', {
      engine: 'over-ssh',
      fingerprint,
      confirm: false,
    });
    assert.strictEqual(trusted?.fingerprint, fingerprint);
    await waitFor('the ssh engine connected', () => engineState('over-ssh')?.status === 'ready');
    assert.match(fs.readFileSync(knownHosts, 'utf8'), /\[127\.0\.0\.1\]:\d+ ssh-ed25519 /);
  });
});
